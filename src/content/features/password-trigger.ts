import { lazyTrigger } from './types.ts';
import { ext } from '../../shared/ext.ts';
import { openEarlyFrame } from '../ui/early-frame.ts';
import { whenPasswordInputAdded } from './when-present.ts';

/**
 * Always loaded on webmail pages: asks for the password nudge only once a new-password field exists,
 * now or later (single-page webmails add forms without a page load). The nudge loads its dictionaries
 * itself, once its panel is on screen: downloaded from here, they held up the panel (password-checker.ts).
 */
export const passwordTrigger = lazyTrigger({
  id: 'passwordNudge',
  prefetch(page, signal) {
    // The panel's frame loads while the nudge is injected; the nudge adopts it under the same form.
    for (const form of page.passwordForms()) openEarlyFrame(form.anchor, signal);
    // Chromium loads the extension's message catalogue into the page's process on the first
    // getMessage, with a synchronous request to the browser: 11–25 ms measured at the nudge's
    // start, before its first view. Asked here, it loads while the nudge is being injected
    // (bench/password-frame.ts, A/B on 21 loads each: first render 162 → 152 ms median).
    try {
      ext.i18n.getMessage('passwordPanelHeading');
    } catch {
      // The extension went away: the nudge will not come either.
    }
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
