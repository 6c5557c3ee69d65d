import { sendToBackground } from '../orphan-guard.ts';
import { parseRoundcubeQuotaData, type RoundcubeQuotaData } from '../../model/quota-data.ts';
import type { QuotaFacts } from '../../shared/messages.ts';
import type { QuotaWidget, WebmailPage } from '../adapters/types.ts';
import type { Feature } from './types.ts';
import type { PageSettings } from '../../shared/page-settings.ts';

/**
 * What the page shows now. The boot script's exact figures are used while the widget still shows the
 * title printed with them; once Roundcube updates the widget (AJAX), the widget's text is the truth.
 */
function currentFacts(widget: QuotaWidget | null, boot: RoundcubeQuotaData | null): QuotaFacts {
  if (!widget) return { kind: 'absent' };
  if (boot && boot.title !== '' && boot.title === widget.title) {
    return { kind: 'exact', usedBytes: boot.usedBytes, totalBytes: boot.totalBytes, percent: boot.percent };
  }
  return { kind: 'widget', text: widget.text.trim().slice(0, 200), title: widget.title.trim().slice(0, 500) };
}

/** How long a burst of widget rewrites may last before we read the widget (a badge a quarter of a second late is still on time). */
const QUOTA_SETTLE_MS = 250;

/** Runs `task` once the page has loaded and the browser is idle (or 2 s later at most). */
function afterPageLoad(task: () => void, signal: AbortSignal): void {
  const whenIdle = () => requestIdleCallback(task, { timeout: 2000 });
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true, signal });
}

/**
 * Reads the quota the webmail shows and hands it to the background, which parses it, keeps it per
 * account and sets the toolbar badge. Roundcube refreshes its widget only on page loads and folder
 * actions (no polling of its own), so we follow its changes instead of polling either.
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
  // The boot script is the page's initial inline script: it does not change, read it once
  // (Roundcube's inline scripts are large; re-reading them per widget update was most of the
  // cost on a page that rewrites the widget often).
  const boot = parseRoundcubeQuotaData(page.quotaBootScript() ?? '');
  let lastShown: string | null = null;
  let lastSent = '';
  const report = () => {
    const widget = page.quotaWidget();
    // Roundcube rewrites the widget on every folder action, mostly with the same text: nothing to do.
    const shown = widget ? `${widget.text}\u0000${widget.title}` : '';
    if (shown === lastShown) return;
    lastShown = shown;
    const account = page.account();
    if (!account) return;
    const facts = currentFacts(widget, boot);
    const key = JSON.stringify(facts);
    if (key === lastSent) return;
    lastSent = key;
    void sendToBackground({ type: 'quota-facts', webmail: page.id, account, facts }).catch(() => undefined);
  };
  // The first reading wakes the background (a service worker start on Chromium), which should not
  // compete with the webmail's own load: it comes after it, like everything here.
  report();

  const element = page.quotaWidget()?.element;
  if (!element) return;
  // rcmail.set_quota() rewrites this element's text and title on every folder action, and a busy
  // page may do it in bursts: on the first change, stop watching, look once a moment later, then
  // watch again. A burst costs one look instead of one per rewrite (bench: busy page).
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
