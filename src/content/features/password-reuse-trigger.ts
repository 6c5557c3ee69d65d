import { lazyTrigger } from './types.ts';

/**
 * Always loaded: the trusted webmail's sign-in and password-change forms are where the password's
 * fingerprint is taken. Elsewhere (any site, a look-alike) the always-loaded watch asks for the check
 * itself once a password field is used (content/password-watch.ts), handing it the field.
 */
export const passwordReuseTrigger = lazyTrigger({
  id: 'passwordReuseAlert',
  watch(page, inject, _signal, { trust }) {
    if (trust === 'trusted' && (page.signIn() || page.passwordForms().length > 0)) inject();
  },
});
