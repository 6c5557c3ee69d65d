import { warnsClearText } from '../../model/clear-connection.ts';
import { lazyTrigger } from './types.ts';

/**
 * Always loaded: the webmail over http (its http twin included, which is not a look-alike) asks for
 * the clear-text warning, since the password would travel in clear. Always on: a password in clear
 * is never a matter of taste.
 */
export const clearTextTrigger = lazyTrigger({
  id: 'clearTextWarning',
  alwaysOn: true,
  pages: 'all',
  watch(_page, inject, _signal, { settings }) {
    if (warnsClearText(location.href, settings.webmailOrigins)) inject();
  },
});
