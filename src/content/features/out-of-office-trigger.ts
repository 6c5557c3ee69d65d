import { lazyTrigger } from './types.ts';
import { whenPresent } from './when-present.ts';

/**
 * Always loaded on webmail pages, so it imports nothing of the nudge (its patterns are built when
 * its module loads): asks for the nudge only on the out-of-office form, a page of its own in
 * Roundcube, a Preferences tab that SOGo draws after load (see out-of-office.ts).
 */
export const outOfOfficeTrigger = lazyTrigger({
  id: 'outOfOfficeNudge',
  watch(page, inject, signal) {
    whenPresent(page, () => page.outOfOfficeForm() !== null, inject, signal);
  },
});
