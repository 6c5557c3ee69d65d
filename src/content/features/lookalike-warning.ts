import { t } from '../../shared/i18n.ts';
import { trustOf } from '../../model/trust.ts';
import { el, replaceChildren } from '../ui/dom.ts';
import { createGuardedBanner } from '../ui/guarded-banner.ts';
import type { Feature } from './types.ts';

/** Trusted addresses named in the warning; a policy may list 200, a warning names a few. */
export const NAMED_ORIGINS = 3;

/**
 * A webmail sign-in page at an address that is not the organisation's (DESIGN §2b): before anything
 * is typed, a warning that names the trusted address, with a link there. The page is recognised by
 * its adapter's sign-in locators; what makes it a look-alike is only its address.
 */
export const lookalikeWarning: Feature = {
  id: 'lookalikeWarning',
  appliesTo: (page) => page.signIn() !== null,
  start({ settings, signal }) {
    if (trustOf(location.origin, settings.webmailOrigins) !== 'untrusted') return;
    const banner = createGuardedBanner('lookalike', signal);
    const named = settings.webmailOrigins.slice(0, NAMED_ORIGINS);
    const links = named.map((origin) =>
      // Addresses from the organisation's settings, never from the page; `_top` leaves a framing page too.
      el('li', {}, el('a', { attrs: { href: `${origin}/`, target: '_top', rel: 'noreferrer' } }, origin)),
    );
    replaceChildren(
      banner.root,
      banner.root.querySelector('style'),
      el(
        'div',
        { className: 'panel danger', attrs: { role: 'alert' } },
        el('p', { className: 'title' }, t('lookalikeTitle')),
        el('p', {}, t('lookalikeBody', [location.host, named.join(', ')])),
        el('ul', {}, ...links),
        el('p', {}, t('lookalikeAdvice')),
      ),
    );
  },
};
