import { CLEAR_TEXT_MESSAGES, startClearTextWarning } from '../features/clear-text-warning.ts';
import { recognise } from '../recognise.ts';
import { guardedSignal } from '../orphan-guard.ts';
import { ext } from '../../shared/ext.ts';
import { resolveMessages } from '../../shared/i18n.ts';
import { onPublishedSettingsChanged, readPublishedSettings } from '../../shared/settings-store.ts';

// Injected by the background only into a webmail page loaded over http (not loopback). Not
// runInjectedFeature: that one waits for an on/off setting, and this warning has none (a password
// in clear is never a matter of taste).
void (async () => {
  // As runInjectedFeature: once per page and extension runtime, so an update's re-injection starts it again.
  const world = globalThis as unknown as Record<string, unknown>;
  if (world.__sobreMail_clearTextWarning === ext.runtime) return;
  world.__sobreMail_clearTextWarning = ext.runtime;
  const { page, settings } = await recognise(document, location, readPublishedSettings);
  if (!page) return;
  resolveMessages(CLEAR_TEXT_MESSAGES);
  let controller = new AbortController();
  startClearTextWarning(settings, guardedSignal(controller.signal));
  // IT naming the https address (or listing this one) reaches an open tab without reload.
  onPublishedSettingsChanged(async () => {
    controller.abort();
    const own = (controller = new AbortController());
    const next = await readPublishedSettings();
    if (!own.signal.aborted) startClearTextWarning(next, guardedSignal(own.signal));
  });
})();
