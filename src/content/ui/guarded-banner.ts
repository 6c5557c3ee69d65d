import { BASE_CSS, createShadowSurface, type ShadowSurface } from './shadow-host.ts';

/**
 * A warning a hostile page should not be able to hide: a closed shadow root (the page cannot read or
 * restyle its content) in the browser's top layer (`popover`, so no z-index of the page covers it),
 * put back when the page removes it, re-styles it or closes it, and raised again when the page puts
 * something over it. (Moving it into an extension-page iframe is the hostile-pages issue.)
 *
 * Caps, so a page fighting it cannot freeze itself or us: at most REPAIRS_PER_SECOND repairs a
 * second, then one repair a second; the cover check runs once a second.
 */
export const REPAIRS_PER_SECOND = 20;
const COVER_CHECK_MS = 1000;

/** Our own inline style: fixed at the top of the viewport, above everything, whatever the page's CSS says. */
const HOST_STYLE =
  'display:block !important;position:fixed !important;inset:0 0 auto 0 !important;margin:0 !important;padding:0 !important;' +
  'border:0 !important;width:100% !important;max-width:none !important;height:auto !important;background:transparent !important;' +
  'z-index:2147483647 !important;visibility:visible !important;opacity:1 !important;transform:none !important;clip-path:none !important;';

export const BANNER_CSS = `${BASE_CSS}
.panel { margin: 8px auto; max-width: 46rem; box-shadow: 0 2px 10px rgba(0,0,0,.35); font-size: 14px; }
.title { font-weight: 700; margin: 0 0 4px; }
p { margin: 4px 0; }
a { color: inherit; font-weight: 600; }
ul { margin: 4px 0; padding-left: 20px; }
`;

export interface GuardedBanner extends ShadowSurface {
  /** How many times the page took it away and it came back (tests, and to see a page fighting). */
  repairs(): number;
}

const canPopover = (host: HTMLElement) => typeof host.showPopover === 'function';

export function createGuardedBanner(name: string, signal: AbortSignal, doc: Document = document): GuardedBanner {
  const surface = createShadowSurface(name, BANNER_CSS, signal);
  const { host } = surface;
  let repairs = 0;
  let windowStart = 0;
  let inWindow = 0;
  let backoff: ReturnType<typeof setTimeout> | undefined;

  const place = () => {
    if (host.getAttribute('style') !== HOST_STYLE) host.setAttribute('style', HOST_STYLE);
    if (host.getAttribute('popover') !== 'manual') host.setAttribute('popover', 'manual');
    for (const attribute of ['hidden', 'inert', 'class', 'id', 'aria-hidden']) if (host.hasAttribute(attribute)) host.removeAttribute(attribute);
    // Last child of <html>, outside <body>: a page re-rendering its body does not take it along.
    if (host.parentNode !== doc.documentElement || host.nextSibling) doc.documentElement.append(host);
    if (canPopover(host) && !host.matches(':popover-open')) {
      try {
        host.showPopover();
      } catch {
        // Not connected or not supported: the fixed style above still shows it.
      }
    }
  };

  const intact = () =>
    host.parentNode === doc.documentElement &&
    !host.nextSibling &&
    host.getAttribute('style') === HOST_STYLE &&
    host.getAttribute('popover') === 'manual' &&
    !host.hasAttribute('hidden') &&
    !host.hasAttribute('inert') &&
    (!canPopover(host) || host.matches(':popover-open'));

  const repair = () => {
    if (signal.aborted || intact()) return;
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      inWindow = 0;
    }
    if (++inWindow > REPAIRS_PER_SECOND) {
      // A page removing it in a loop: come back once a second instead of fighting at its pace.
      backoff ??= setTimeout(() => {
        backoff = undefined;
        windowStart = Date.now();
        inWindow = 0;
        repair();
      }, 1000);
      return;
    }
    repairs++;
    place();
  };

  place();
  const observer = new MutationObserver(repair);
  observer.observe(doc.documentElement, { childList: true });
  observer.observe(host, { attributes: true });
  host.addEventListener('toggle', repair);
  // Covered by something the page put in the top layer after us (its own popover or modal dialog):
  // showing ours again puts it back on top.
  const coverCheck = setInterval(() => {
    if (signal.aborted || !canPopover(host) || doc.visibilityState === 'hidden') return;
    const rect = host.getBoundingClientRect();
    if (rect.height === 0) return repair();
    const top = doc.elementFromPoint(rect.left + rect.width / 2, rect.top + Math.min(rect.height / 2, 20));
    if (top !== null && top !== host) {
      host.hidePopover();
      place();
    }
  }, COVER_CHECK_MS);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      clearInterval(coverCheck);
      clearTimeout(backoff);
      host.remove();
    },
    { once: true },
  );
  return { ...surface, repairs: () => repairs };
}
