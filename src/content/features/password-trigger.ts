import { lazyTrigger } from './types.ts';
import { strengthWordsDownload } from './strength-words-download.ts';
import { openEarlyFrame } from '../ui/early-frame.ts';
import { whenPasswordInputAdded } from './when-present.ts';

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
    for (const form of page.passwordForms()) openEarlyFrame(form.anchor, signal);
  },
  watch(page, inject, signal) {
    if (page.passwordForms().length > 0) {
      inject();
      return;
    }
    if (!page.viewsAppearLater) return;
    whenPasswordInputAdded(() => {
      if (page.passwordForms().length === 0) return false;
      inject();
      return true;
    }, signal);
  },
});
