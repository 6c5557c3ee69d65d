import type { Feature, InjectedNudge } from '../features/types.ts';
import { recognise } from '../recognise.ts';
import { readPublishedSettings, onPublishedSettingsChanged } from '../../shared/settings-store.ts';
import { ext } from '../../shared/ext.ts';
import { guardedSignal } from '../orphan-guard.ts';
import { resolveMessages } from '../../shared/i18n.ts';

/**
 * Entry of an injected nudge: it runs in the same isolated world as the content script, recognises
 * the page again (cheap) and starts its nudge, restarting it when settings change.
 */
export async function runInjectedFeature(feature: Feature): Promise<void> {
  // A second injection into the same page (double trigger) must not double the UI. The flag holds
  // the runtime that injected it: after an update the background injects again, and the new
  // extension's nudge must start even where the orphaned one left its flag in a shared world.
  const flag = `__sobreMail_${feature.id}`;
  const world = globalThis as unknown as Record<string, unknown>;
  if (world[flag] === ext.runtime) return;
  world[flag] = ext.runtime;

  const found = await recognise(document, location, readPublishedSettings);
  const { page } = found;
  if (!page || !feature.appliesTo(page)) return;
  resolveMessages(feature.messages ?? []);
  let controller = new AbortController();
  const start = (settings: typeof found.settings, signal: AbortSignal) => {
    // The guard takes the nudge down (UI, listeners, any hold on Save) if the extension goes away.
    if (feature.alwaysOn || settings[feature.id]) feature.start({ page, settings, signal: guardedSignal(signal) });
  };
  start(found.settings, controller.signal);
  onPublishedSettingsChanged(async () => {
    controller.abort();
    const own = (controller = new AbortController());
    const settings = await readPublishedSettings();
    // Two changes close together (seen in Chromium: two publications 6 ms apart) would otherwise
    // both start the nudge on the newest signal after their awaits: two banners, two holds on Send.
    // Only the latest change starts it.
    if (own.signal.aborted) return;
    start(settings, own.signal);
  });
}

/** What the build's entry for each file of src/content/nudges/ runs (scripts/vite-plugin-lazy-nudges.ts). */
export function runInjectedNudge(nudge: InjectedNudge): Promise<void> {
  return 'feature' in nudge ? runInjectedFeature(nudge.feature) : nudge.runInjected();
}
