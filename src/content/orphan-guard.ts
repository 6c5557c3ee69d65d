import { ext } from '../shared/ext.ts';

/**
 * After the extension is updated, reloaded or removed, a content script already in a page keeps
 * running but has lost its extension context: every extension call throws "Extension context
 * invalidated" (Chromium). A nudge must then behave as if the extension had never been there: its UI
 * gone, and above all nothing held (block mode must not keep stopping Save with nobody to explain).
 */
export function extensionAlive(): boolean {
  try {
    // Chromium clears `runtime.id` in an orphaned content script; reading it never throws there.
    return typeof ext.runtime?.id === 'string' && ext.runtime.id !== '';
  } catch {
    return false;
  }
}

/** Events a nudge acts on: each one first asks whether the extension is still there. */
const WATCHED = ['input', 'keydown', 'click', 'submit', 'change', 'drop', 'paste', 'focusin'] as const;

let lost: AbortController | null = null;

/** Aborts once the extension context is found lost; the check is installed once per script. */
function lostSignal(): AbortSignal {
  if (lost) return lost.signal;
  const controller = (lost = new AbortController());
  const check = () => {
    if (!extensionAlive()) controller.abort();
  };
  for (const type of WATCHED) addEventListener(type, check, { capture: true, signal: controller.signal });
  return controller.signal;
}

/**
 * A signal for a nudge's life that also aborts once the extension context is lost, so everything
 * the nudge tied to it (listeners, observers, its UI) goes with it.
 *
 * The check runs in the window's capture phase, so it sees each event before the nudge's listeners
 * (on the document, a form or a field); aborting removes those, and the DOM does not call a listener
 * removed during the dispatch: the Save click that would have been held reaches the page untouched.
 * No timer and no port: the check costs a property read per event, and only where a nudge runs.
 */
export function guardedSignal(parent: AbortSignal): AbortSignal {
  return AbortSignal.any([parent, lostSignal()]);
}

/**
 * For code that learns of a loss some other way than an event (a port that disconnected, a DOM
 * change to repair): true while the extension is there; otherwise every guarded nudge is stopped at
 * once, as the next event would have done, and false.
 */
export function stillAlive(): boolean {
  if (extensionAlive()) return true;
  lost?.abort();
  return false;
}

/** For tests: forget the lost state (a new page). */
export function resetGuard(): void {
  lost?.abort();
  lost = null;
}

/**
 * `runtime.sendMessage` that never throws into the page: an orphaned content script's call throws at
 * once (not through the promise), and that was what filled the page's console after an update.
 * A message that cannot go marks the context lost, so the nudges stop too.
 */
export function sendToBackground(message: unknown): Promise<unknown> {
  try {
    if (!extensionAlive()) throw new Error('extension context lost');
    return ext.runtime.sendMessage(message);
  } catch (error) {
    if (!extensionAlive()) lost?.abort();
    return Promise.reject(error);
  }
}
