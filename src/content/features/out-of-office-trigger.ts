import { lazyTrigger } from './types.ts';

/**
 * Always loaded on webmail pages, so it imports nothing of the nudge (its patterns are built when
 * its module loads): asks for the nudge only on the out-of-office form, a page of its own in
 * Roundcube (see out-of-office.ts).
 */
export const outOfOfficeTrigger = lazyTrigger({
  id: 'outOfOfficeNudge',
  watch(page, inject) {
    if (page.outOfOfficeForm()) inject();
  },
});
