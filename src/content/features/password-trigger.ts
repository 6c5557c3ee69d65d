import { lazyTrigger } from './types.ts';
import { strengthWordsDownload } from './strength-words-download.ts';
import { openEarlyNudgeFrame } from '../ui/frame-host.ts';

/**
 * Always loaded on webmail pages: asks for the password nudge (and its dictionaries) only once a
 * new-password field exists, now or later (single-page webmails add forms without a page load).
 */
export const passwordTrigger = lazyTrigger({
  id: 'passwordNudge',
  prefetch(settings, page, signal) {
    // The word lists are only for the estimator's rules (see password-checker.ts).
    if (settings.passwordWordLists) {
      strengthWordsDownload().columns.catch(() => {
        // The nudge reports it when it waits for them.
      });
    }
    // The panel's frame loads while the nudge is injected; the nudge adopts it under the same form.
    for (const form of page.passwordForms()) openEarlyNudgeFrame(form.anchor, signal);
  },
  watch(page, inject, signal) {
    if (page.passwordForms().length > 0) {
      inject();
      return;
    }
    if (!page.viewsAppearLater) return;
    // Cheap test first: only a mutation batch that brought a password input is worth asking the adapter about.
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof Element && (node.matches('input[type="password"]') || node.querySelector('input[type="password"]'))) {
            if (page.passwordForms().length > 0) {
              observer.disconnect();
              inject();
            }
            return;
          }
        }
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  },
});
