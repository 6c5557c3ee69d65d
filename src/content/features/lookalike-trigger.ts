import { warnsClearText } from '../../model/clear-connection.ts';
import { lazyTrigger } from './types.ts';

/**
 * Always loaded: a webmail sign-in page at an address that is not the organisation's asks for the
 * look-alike warning, unless it is the webmail's own http twin (that one gets the clear-text warning).
 */
export const lookalikeTrigger = lazyTrigger({
  id: 'lookalikeWarning',
  pages: 'lookalike',
  watch(page, inject, _signal, { settings }) {
    if (!warnsClearText(location.href, settings.webmailOrigins) && page.signIn()) inject();
  },
});
