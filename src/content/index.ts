/**
 * Always loaded on every http(s) page, so it stays tiny: recognise a webmail, then start the nudges
 * that apply. On any other page it adds one capture-phase `input` listener (the password-reuse watch)
 * and nothing else: no observer, no timer, no message. Heavy nudges are injected only where needed.
 */
import { guardedSignal, sendToBackground } from './orphan-guard.ts';
import type { Runtime } from 'webextension-polyfill';
import { ext } from '../shared/ext.ts';
import type { WebmailPage } from './adapters/types.ts';
import { EAGER_FEATURES, LAZY_TRIGGERS } from './features/index.ts';
import type { TriggerPages } from './features/types.ts';
import { recognise } from './recognise.ts';
import { readPageSettings, onPageSettingsChanged, type PageSettings } from '../shared/page-settings.ts';
import { isPageStatusRequest, type LazyFeatureId, type PageStatus } from '../shared/messages.ts';
import { isPasswordHome, trustOf, type Trust } from '../model/trust.ts';
import { watchPasswordFields } from './password-watch.ts';
import { afterPageLoad } from './features/when-present.ts';

function pageStatus(page: WebmailPage, settings: PageSettings): PageStatus {
  const trust = trustOf(location.origin, settings.webmailOrigins);
  // What a look-alike shows (its account) is never repeated as if it were true.
  return {
    webmail: page.id,
    skin: page.skin,
    account: trust === 'untrusted' ? null : page.account(),
    trust,
    trustedOrigins: settings.webmailOrigins,
  };
}

const injected = new Set<LazyFeatureId>();

function requestInjection(feature: LazyFeatureId): void {
  if (injected.has(feature)) return;
  injected.add(feature);
  void sendToBackground({ type: 'inject-feature', feature }).catch(() => injected.delete(feature));
}

function start(page: WebmailPage, settings: PageSettings, settingsSignal: AbortSignal): void {
  // Everything started here stops if the extension is updated or removed under this page.
  const signal = guardedSignal(settingsSignal);
  const trust: Trust = trustOf(location.origin, settings.webmailOrigins);
  const watchTriggers = (pages: TriggerPages) => {
    for (const trigger of LAZY_TRIGGERS) {
      if ((trigger.pages ?? 'organisation') !== pages && trigger.pages !== 'all') continue;
      // Once injected, a lazy nudge follows settings changes itself.
      if (!(trigger.alwaysOn || settings[trigger.id]) || injected.has(trigger.id)) continue;
      const inject = () => {
        if (injected.has(trigger.id)) return;
        // The request first: the prefetch opens our frame, and the browser then handled that
        // navigation before the request (measured in Chromium 156: the worker got it after 30 ms, not 5).
        requestInjection(trigger.id);
        trigger.prefetch?.(page, signal);
      };
      trigger.watch(page, inject, signal, { settings, trust });
    }
  };
  if (trust === 'untrusted') {
    // A webmail page at an address that is not the organisation's: a look-alike. No nudge reads it
    // (quota, account, savings); only the nudges made for look-alikes, and the reuse check on its password fields.
    watchTriggers('lookalike');
    if (settings.passwordReuseAlert && !isPasswordHome(location.origin, [], settings.passwordReuseAllowedOrigins))
      watchPasswordFields(signal);
    return;
  }
  // Tells the background who is signed in here: it keeps a fingerprint taken at this sign-in, or
  // (nothing listed yet) proposes to trust this address. Never from a look-alike (returned above).
  // Nobody waits for it (a fingerprint is kept for minutes, a proposal shows in the popup): it waits
  // for the page's load and an idle moment, so the background's work stays off the load's path.
  if (trust === 'unlisted' || settings.passwordReuseAlert) {
    afterPageLoad(() => {
      const account = page.account();
      if (account) void sendToBackground({ type: 'signed-in', webmail: page.id, account }).catch(() => undefined);
    }, signal);
  }
  for (const feature of EAGER_FEATURES) {
    if (!(feature.alwaysOn || settings[feature.id]) || !feature.appliesTo(page)) continue;
    try {
      feature.start({ page, settings, signal });
    } catch (error) {
      // One broken nudge must not take the others down with it.
      console.error(`[sobre-mail] ${feature.id} failed to start`, error);
    }
  }
  watchTriggers('organisation');
}

async function main(): Promise<void> {
  const found = await recognise(document, location, readPageSettings);
  const { page } = found;
  let controller = new AbortController();
  if (!page) {
    // Any other site: only the reuse watch, and not where the same password is expected.
    const { settings } = found;
    if (settings.passwordReuseAlert && !isPasswordHome(location.origin, settings.webmailOrigins, settings.passwordReuseAllowedOrigins)) {
      watchPasswordFields(controller.signal);
    }
    return;
  }

  // Answered synchronously through sendResponse: Chrome ignores a promise returned by a listener, and
  // returning nothing closes the channel at once for messages that are not ours to answer.
  let current = found.settings;
  const answer = (raw: unknown, sender: Runtime.MessageSender, sendResponse: (answer: unknown) => void): void => {
    // Only our own popup asks; a message from elsewhere gets no answer.
    if (sender.id === ext.runtime.id && isPageStatusRequest(raw)) sendResponse(pageStatus(page, current));
  };
  ext.runtime.onMessage.addListener(answer as unknown as Runtime.OnMessageListener);

  start(page, found.settings, controller.signal);
  // A policy pushed by IT (Chrome, Edge) or a change in the options page reaches open tabs without reload.
  onPageSettingsChanged(async () => {
    controller.abort();
    const own = (controller = new AbortController());
    const settings = await readPageSettings();
    // Only the latest of several changes in flight starts the nudges, or they would start twice.
    if (!own.signal.aborted) {
      current = settings;
      start(page, settings, own.signal);
    }
  });
}

// Once per world and extension instance: after an update the background injects this script into
// open tabs, and Firefox does too on its own; the flag holds the runtime that ran it, so the new
// extension's copy still starts where an orphaned one left its flag.
const world = globalThis as unknown as Record<string, unknown>;
if (world.__sobreMailContent !== ext.runtime) {
  world.__sobreMailContent = ext.runtime;
  void main();
}
