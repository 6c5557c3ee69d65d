import { t, type MessageKey } from '../../shared/i18n.ts';
import type { Settings } from '../../shared/settings.ts';
import { secureWebmailAddress, warnsClearText } from '../../model/clear-connection.ts';
import { openNudgeFrame } from '../ui/frame-host.ts';

/**
 * The webmail loaded over http (model/clear-connection.ts): before the password is typed, a warning
 * that it would cross the network in clear, with a link to the https address IT named. In our frame
 * at the top of the window, as for look-alikes: a page served in clear can be rewritten on the way,
 * so the warning must resist the page. "Hide" stops it for this page load only; the next load warns again.
 */
/** Resolved when the warning starts: after an update the orphaned script can no longer ask. */
export const CLEAR_TEXT_MESSAGES: readonly MessageKey[] = [
  'clearTextTitle',
  'clearTextBody',
  'clearTextUseSecure',
  'clearTextAskIt',
  'clearTextHide',
];

export function startClearTextWarning(settings: Settings, signal: AbortSignal): void {
  if (!warnsClearText(location.href, settings.webmailOrigins)) return;
  const hidden = new AbortController();
  signal.addEventListener('abort', () => hidden.abort(), { once: true });
  // From the organisation's settings, never from the page.
  const secure = secureWebmailAddress(location.href, settings.webmailOrigins, settings.webmailSecureUrl);
  const frame = openNudgeFrame({
    placement: 'top',
    title: t('clearTextTitle'),
    signal: hidden.signal,
    onAction: (action) => {
      if (action === 'dismiss') hidden.abort();
    },
  });
  frame.show({
    kind: 'notice',
    title: t('clearTextTitle'),
    paragraphs: [t('clearTextBody', location.host), secure ? t('clearTextUseSecure') : t('clearTextAskIt')],
    links: secure ? [{ href: secure, text: secure, newTab: false }] : [],
    after: [],
    hideLabel: t('clearTextHide'),
  });
}
