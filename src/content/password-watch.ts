import { sendToBackground } from './orphan-guard.ts';
import { ext } from '../shared/ext.ts';
import { PASSWORD_REUSE_KEY } from '../model/password-reuse.ts';

/** Where the watch hands the field it saw to the injected reuse check (same isolated world). */
export const HANDED_FIELD = '__sobreMailPasswordField';

/**
 * The only thing an ordinary page carries for the password-reuse alert: one capture-phase `input`
 * listener. No observer, no timer, no message and no storage read until someone types in a password
 * field; then one read says whether a fingerprint exists at all, and only then is the check injected
 * (it takes over and this listener goes).
 */
export function watchPasswordFields(signal: AbortSignal, accept: (event: Event) => boolean = (event) => event.isTrusted): void {
  const onInput = (event: Event): void => {
    // Only the user's own typing: a page's synthetic events ask for nothing.
    if (!accept(event)) return;
    // composedPath()[0]: the field itself, also inside an open shadow root (the event is retargeted to its host).
    const field = event.composedPath()[0];
    if (!(field instanceof HTMLInputElement) || field.type !== 'password') return;
    removeEventListener('input', onInput, true);
    void ext.storage.local
      .get(PASSWORD_REUSE_KEY)
      .then((stored) => {
        const entries = (stored[PASSWORD_REUSE_KEY] as { entries?: unknown } | undefined)?.entries;
        if (signal.aborted || !Array.isArray(entries) || entries.length === 0) return;
        (globalThis as Record<string, unknown>)[HANDED_FIELD] = field;
        return sendToBackground({ type: 'inject-feature', feature: 'passwordReuseAlert' });
      })
      .catch(() => undefined);
  };
  addEventListener('input', onInput, { capture: true, signal });
}
