import { startPasswordReuse } from '../features/password-reuse.ts';
import { HANDED_FIELD } from '../password-watch.ts';
import { recognise } from '../recognise.ts';
import { readPublishedSettings } from '../../shared/settings-store.ts';

// Injected by the background into a page where a password field was used and a fingerprint exists
// (or into the trusted webmail's sign-in page). It runs in the content scripts' isolated world.
void (async () => {
  const world = globalThis as unknown as Record<string, unknown>;
  if (world.__sobreMail_passwordReuseAlert) return;
  world.__sobreMail_passwordReuseAlert = true;
  const { page, settings } = await recognise(document, location, readPublishedSettings);
  const firstField = world[HANDED_FIELD] instanceof HTMLInputElement ? (world[HANDED_FIELD] as HTMLInputElement) : null;
  delete world[HANDED_FIELD];
  startPasswordReuse({ page, settings, signal: new AbortController().signal, firstField });
})();
