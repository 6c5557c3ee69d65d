/**
 * Background: event-driven only (no alarms; one short timer while a nudge waits for its frame,
 * frame-relay.ts), so the service worker can sleep.
 * Each message type has one handler; every message is parsed and its sender checked first.
 */
import browser from 'webextension-polyfill';
import { parseMessage, isOwnContentScript, isOwnExtensionPage, type Message } from '../shared/messages.ts';
import { onSettingSourcesChanged, publishSettings, readPublishedEffectiveSettings } from '../shared/settings-store.ts';
import { reinjectOpenTabs } from './inject.ts';
import { HANDLERS } from './handlers.ts';
import { refreshBadge } from './badge.ts';
import { ensureReuseStore } from './password-reuse.ts';
import { startFrameRelay } from './frame-relay.ts';

const OWN_ORIGIN = browser.runtime.getURL('');

startFrameRelay();

browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
  const message = parseMessage(raw);
  if (!message) return undefined;
  const handler = HANDLERS[message.type] as
    { from: 'content' | 'extension'; handle: (m: Message, s: browser.Runtime.MessageSender) => Promise<unknown> } | undefined;
  if (!handler) return undefined;
  const allowed =
    handler.from === 'content'
      ? isOwnContentScript(sender, browser.runtime.id)
      : isOwnExtensionPage(sender, browser.runtime.id, OWN_ORIGIN);
  if (!allowed) return undefined;
  return handler.handle(message, sender);
});

// Content scripts read the merged settings from local storage; keep that copy true. On every start of the
// background (install, browser start, service-worker wake-up) and whenever IT or the user changes a value.
// The badge is not kept by the browser across restarts: set it again from the stored readings,
// so it is back before any webmail tab is opened.
const publishAndRefresh = async () => {
  // The per-install salt exists before any sign-in page asks for it.
  await ensureReuseStore().catch(() => undefined);
  await refreshBadge((await publishSettings()).values);
};
void publishAndRefresh();
onSettingSourcesChanged(() => void publishAndRefresh());
// A listener on onStartup is what makes Chrome start the service worker with the browser, so the
// top-level refresh above runs before any webmail tab is opened.
browser.runtime.onStartup.addListener(() => void publishAndRefresh());
browser.runtime.onInstalled.addListener(({ reason }) => {
  void publishAndRefresh().then(async () => {
    // Chromium's reload of an unpacked extension is an "update" too.
    if (reason === 'install' || reason === 'update')
      await reinjectOpenTabs((await readPublishedEffectiveSettings()).effective?.values.webmailOrigins ?? []);
  });
});
