import { startPasswordReuse } from '../features/password-reuse.ts';
import { HANDED_FIELD } from '../password-watch.ts';
import { recognise } from '../recognise.ts';
import { readPublishedSettings } from '../../shared/settings-store.ts';

/**
 * Injected where a password field was used and a fingerprint exists, or into the trusted webmail's
 * sign-in page. Not a page feature (runInjectedFeature): it also runs on pages that are no webmail,
 * and it follows no settings change (a new page load does). It runs in the content scripts' isolated world.
 */
export async function runInjected(): Promise<void> {
  const world = globalThis as unknown as Record<string, unknown>;
  if (world.__sobreMail_passwordReuseAlert) return;
  world.__sobreMail_passwordReuseAlert = true;
  const { page, settings } = await recognise(document, location, readPublishedSettings);
  const firstField = world[HANDED_FIELD] instanceof HTMLInputElement ? (world[HANDED_FIELD] as HTMLInputElement) : null;
  delete world[HANDED_FIELD];
  startPasswordReuse({ page, settings, signal: new AbortController().signal, firstField });
}
