import { sendToBackground } from '../orphan-guard.ts';
import type { WebmailPage } from '../adapters/types.ts';
import type { Feature } from './types.ts';
import type { PageSettings } from '../../shared/page-settings.ts';
import { afterPageLoad, whenPresent } from './when-present.ts';

/** How long a burst of display rewrites may last before we read it (a badge a quarter of a second late is still on time). */
const QUOTA_SETTLE_MS = 250;

/**
 * Reads the quota the webmail shows and hands its facts to the background, which parses them, keeps
 * the reading per account and sets the toolbar badge. Roundcube refreshes its widget only on page
 * loads and folder actions, Horde by its own polling, SOGo after its folder actions: we follow their
 * changes instead of polling.
 */
export const quotaReport: Feature<PageSettings> = {
  id: 'quotaNudge',
  appliesTo: (page) => page.isQuotaView(),
  start({ page, signal }) {
    // Nothing of this is needed before the page has loaded: the badge a moment later is still on
    // time. So all of it, the boot script's scan (≈ 11 KB of inline script on Roundcube's mail view)
    // and the observer included, waits for the load event and an idle moment, off the load's
    // critical path (bench: Roundcube "mail: loadEventEnd", and --quota-off for the with/without).
    afterPageLoad(() => {
      if (!signal.aborted) watchQuota(page, signal);
    }, signal);
  },
};

function watchQuota(page: WebmailPage, signal: AbortSignal): void {
  let lastSent = '';
  const report = () => {
    // Null while the page cannot tell (SOGo not drawn yet, Horde not filled yet): nothing is sent,
    // never a "no quota" that is only a view still loading.
    const facts = page.quotaFacts();
    if (!facts) return;
    // Roundcube rewrites the widget on every folder action, mostly with the same text: nothing to do.
    const key = JSON.stringify(facts);
    if (key === lastSent) return;
    // Horde's mailbox names nobody: null, and the background ties the reading to the account last
    // seen signed in at this address (background/quota.ts).
    const account = page.account();
    lastSent = key;
    void sendToBackground({ type: 'quota-facts', webmail: page.id, account, baseUrl: page.webmailBaseUrl(), facts }).catch(() => undefined);
  };
  // The first reading wakes the background (a service worker start on Chromium), which should not
  // compete with the webmail's own load: it comes after it, like everything here. Roundcube's
  // "absent" (a server without QUOTA) is known at once.
  report();
  // SOGo draws its quota block after load: wait for it (on webmails whose views are page loads,
  // whenPresent looks once and watches nothing).
  whenPresent(
    page,
    () => page.quotaElement() !== null,
    () => watchElement(page, report, signal),
    signal,
  );
}

function watchElement(page: WebmailPage, report: () => void, signal: AbortSignal): void {
  const element = page.quotaElement();
  if (!element || signal.aborted) return;
  report();
  // The webmail rewrites this element's text (and Roundcube its title) on updates, and a busy page may
  // do it in bursts: on the first change, stop watching, look once a moment later, then watch
  // again. A burst costs one look instead of one per rewrite (bench: busy page).
  const watch = () =>
    observer.observe(element, { characterData: true, childList: true, subtree: true, attributes: true, attributeFilter: ['title'] });
  const observer = new MutationObserver(() => {
    observer.disconnect();
    setTimeout(() => {
      if (signal.aborted) return;
      report();
      watch();
    }, QUOTA_SETTLE_MS);
  });
  watch();
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
