import { t } from '../../shared/i18n.ts';
import type { Settings } from '../../shared/settings.ts';
import { secureWebmailAddress, warnsClearText } from '../../model/clear-connection.ts';
import { el, replaceChildren } from '../ui/dom.ts';
import { createGuardedBanner } from '../ui/guarded-banner.ts';

/**
 * The webmail loaded over http (model/clear-connection.ts): before the password is typed, a warning
 * that it would cross the network in clear, with a link to the https address IT named. A guarded
 * banner, as for look-alikes: a page served in clear can be rewritten on the way, so the warning must
 * resist the page. "Hide" stops it for this page load only; the next load warns again.
 */
export function startClearTextWarning(settings: Settings, signal: AbortSignal): void {
  if (!warnsClearText(location.href, settings.webmailOrigins)) return;
  const hidden = new AbortController();
  signal.addEventListener('abort', () => hidden.abort(), { once: true });
  const banner = createGuardedBanner('clear-text', hidden.signal);
  // From the organisation's settings, never from the page.
  const secure = secureWebmailAddress(location.href, settings.webmailOrigins, settings.webmailSecureUrl);
  replaceChildren(
    banner.root,
    banner.root.querySelector('style'),
    el(
      'div',
      { className: 'panel danger', attrs: { role: 'alert' } },
      el('p', { className: 'title' }, t('clearTextTitle')),
      el('p', {}, t('clearTextBody', location.host)),
      secure
        ? el('p', {}, t('clearTextUseSecure'), ' ', el('a', { attrs: { href: secure, target: '_top', rel: 'noreferrer' } }, secure))
        : el('p', {}, t('clearTextAskIt')),
      el('button', { attrs: { type: 'button' }, on: { click: () => hidden.abort() } }, t('clearTextHide')),
    ),
  );
}
