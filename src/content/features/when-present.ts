import type { WebmailPage } from '../adapters/types.ts';

/**
 * Runs `task` once the page has loaded and the browser is idle (or 2 s later at most): for what
 * neither the user nor the page waits for (a report to the background), so that it stays off the
 * page load's critical path (bench: Roundcube "mail: loadEventEnd").
 */
export function afterPageLoad(task: () => void, signal: AbortSignal): void {
  const whenIdle = () => requestIdleCallback(() => signal.aborted || task(), { timeout: 2000 });
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true, signal });
}

/**
 * How long a burst of DOM changes may go on before we look again: single-page webmails rewrite their
 * DOM in bursts (SOGo's Angular digest), and one look per burst is enough for a view that opens.
 */
const LOOK_AGAIN_MS = 150;

/**
 * Calls `look` after each burst of DOM changes, until it returns true or `signal` aborts: the one
 * observer both watches below share.
 */
function lookAfterBursts(look: () => boolean, signal: AbortSignal): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const observer = new MutationObserver(() => {
    timer ??= setTimeout(() => {
      timer = null;
      if (!signal.aborted && look()) stop();
    }, LOOK_AGAIN_MS);
  });
  const stop = () => {
    observer.disconnect();
    if (timer !== null) clearTimeout(timer);
  };
  observer.observe(document.body, { childList: true, subtree: true });
  signal.addEventListener('abort', stop, { once: true });
}

/**
 * Calls `then` once `present()` holds: now, or, on a webmail that draws its views after load
 * (`page.viewsAppearLater`), when a later DOM change makes it hold. Nothing is watched on a webmail
 * whose views are page loads of their own: a busy mail view pays nothing for a view it never shows.
 */
export function whenPresent(page: WebmailPage, present: () => boolean, then: () => void, signal: AbortSignal): void {
  if (present()) {
    then();
    return;
  }
  if (!page.viewsAppearLater || signal.aborted) return;
  lookAfterBursts(() => {
    if (!present()) return false;
    then();
    return true;
  }, signal);
}

/**
 * Runs `run` each time a view is shown: on a page load of its own, once if it is there; on a
 * webmail that draws its views after load, each time `present()` starts to hold, with a signal
 * aborted when it stops holding (SOGo closes its compose dialog and opens a new one for the next
 * message: each is a view of its own, with its own attachments).
 */
export function whileShown(page: WebmailPage, present: () => boolean, run: (viewSignal: AbortSignal) => void, signal: AbortSignal): void {
  if (!page.viewsAppearLater) {
    if (present()) run(signal);
    return;
  }
  let view: AbortController | null = null;
  const look = () => {
    if (signal.aborted) return;
    const shown = present();
    if (shown && !view) {
      view = new AbortController();
      const own = view;
      signal.addEventListener('abort', () => own.abort(), { once: true, signal: own.signal });
      run(own.signal);
    } else if (!shown && view) {
      view.abort();
      view = null;
    }
  };
  lookAfterBursts(() => {
    look();
    return false;
  }, signal);
  look();
}

/**
 * Calls `look` after each DOM change that added a password input, until it returns true or `signal`
 * aborts. The filter is cheap (added nodes only), so a form drawn late is seen in the same task,
 * with no wait for the burst to end: the password panel's first render is on the user's path.
 */
export function whenPasswordInputAdded(look: () => boolean, signal: AbortSignal): void {
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && (node.matches('input[type="password"]') || node.querySelector('input[type="password"]') !== null)) {
          if (look()) observer.disconnect();
          return;
        }
      }
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
