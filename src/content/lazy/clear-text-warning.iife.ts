import { startClearTextWarning } from '../features/clear-text-warning.ts';
import { recognise } from '../recognise.ts';
import { onPublishedSettingsChanged, readPublishedSettings } from '../../shared/settings-store.ts';

// Injected by the background only into a webmail page loaded over http (not loopback). Not
// runInjectedFeature: that one waits for an on/off setting, and this warning has none (a password
// in clear is never a matter of taste).
void (async () => {
  const world = globalThis as unknown as Record<string, unknown>;
  if (world.__sobreMail_clearTextWarning) return;
  world.__sobreMail_clearTextWarning = true;
  const { page, settings } = await recognise(document, location);
  if (!page) return;
  let controller = new AbortController();
  startClearTextWarning(settings, controller.signal);
  // IT naming the https address (or listing this one) reaches an open tab without reload.
  onPublishedSettingsChanged(async () => {
    controller.abort();
    const own = (controller = new AbortController());
    const next = await readPublishedSettings();
    if (!own.signal.aborted) startClearTextWarning(next, own.signal);
  });
})();
