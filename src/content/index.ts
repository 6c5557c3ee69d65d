/**
 * Always loaded on every http(s) page, so it stays tiny: recognise a webmail, then start the nudges
 * that apply. On any other page it returns without listeners, observers or timers, and sends nothing.
 * Heavy nudges (the password estimator and its dictionaries) are injected only where needed.
 */
import type { Runtime } from 'webextension-polyfill';
import { ext } from '../shared/ext.ts';
import type { WebmailPage } from './adapters/types.ts';
import { EAGER_FEATURES, LAZY_TRIGGERS } from './features/index.ts';
import { recognise } from './recognise.ts';
import { readPublishedSettings, onPublishedSettingsChanged } from '../shared/settings-store.ts';
import { parseMessage, type LazyFeatureId, type PageStatus } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';

function pageStatus(page: WebmailPage): PageStatus {
  return { webmail: page.id, skin: page.skin, account: page.account() };
}

const injected = new Set<LazyFeatureId>();

function start(page: WebmailPage, settings: Settings, signal: AbortSignal): void {
  for (const feature of EAGER_FEATURES) {
    if (!settings[feature.id] || !feature.appliesTo(page)) continue;
    try {
      feature.start({ page, settings, signal });
    } catch (error) {
      // One broken nudge must not take the others down with it.
      console.error(`[sobre-mail] ${feature.id} failed to start`, error);
    }
  }
  for (const trigger of LAZY_TRIGGERS) {
    // Once injected, a lazy nudge follows settings changes itself.
    if (!settings[trigger.id] || injected.has(trigger.id)) continue;
    trigger.watch(
      page,
      () => {
        if (injected.has(trigger.id)) return;
        injected.add(trigger.id);
        trigger.prefetch?.(settings);
        void ext.runtime.sendMessage({ type: 'inject-feature', feature: trigger.id }).catch(() => injected.delete(trigger.id));
      },
      signal,
    );
  }
}

async function main(): Promise<void> {
  const found = await recognise(document, location);
  if (!found) return;
  const { page } = found;

  // Answered synchronously through sendResponse: Chrome ignores a promise returned by a listener, and
  // returning nothing closes the channel at once for messages that are not ours to answer.
  const answer = (raw: unknown, sender: Runtime.MessageSender, sendResponse: (answer: unknown) => void): void => {
    // Only our own popup asks; a message from elsewhere gets no answer.
    if (sender.id === ext.runtime.id && parseMessage(raw)?.type === 'get-page-status') sendResponse(pageStatus(page));
  };
  ext.runtime.onMessage.addListener(answer as unknown as Runtime.OnMessageListener);

  let controller = new AbortController();
  start(page, found.settings, controller.signal);
  // A policy pushed by IT (Chrome, Edge) or a change in the options page reaches open tabs without reload.
  onPublishedSettingsChanged(async () => {
    controller.abort();
    const own = (controller = new AbortController());
    const settings = await readPublishedSettings();
    // Only the latest of several changes in flight starts the nudges, or they would start twice.
    if (!own.signal.aborted) start(page, settings, own.signal);
  });
}

void main();
