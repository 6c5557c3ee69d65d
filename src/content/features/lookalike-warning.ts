import { t } from '../../shared/i18n.ts';
import { trustOf } from '../../model/trust.ts';
import { openNudgeFrame } from '../ui/frame-host.ts';
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
    const named = settings.webmailOrigins.slice(0, NAMED_ORIGINS);
    // At the top of the window, in the browser's top layer, put back when the page removes or covers it.
    const frame = openNudgeFrame({ placement: 'top', title: t('lookalikeTitle'), signal });
    frame.show({
      kind: 'notice',
      title: t('lookalikeTitle'),
      paragraphs: [t('lookalikeBody', [location.host, named.join(', ')])],
      // Addresses from the organisation's settings, never from the page; they open in the top window.
      links: named.map((origin) => ({ href: `${origin}/`, text: origin, newTab: false })),
      after: [t('lookalikeAdvice')],
      hideLabel: null,
    });
  },
};
