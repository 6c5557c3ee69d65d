import { ext } from '../../shared/ext.ts';
import { stillAlive } from '../orphan-guard.ts';
import { INLINE_STYLE, makeFrameElements, takeEarlyFrame } from './early-frame.ts';
import {
  FRAME_PORT_PREFIX,
  parseFrameToContent,
  type ContentToFrame,
  type FrameAction,
  type FrameView,
} from '../../shared/frame-messages.ts';

/**
 * The one way a nudge shows something in a page: an extension page (src/frame/) in an iframe, fed
 * the finished words over a runtime port. What the page can and cannot do about it:
 *
 * - It sees a plain, empty `<div>` (no custom element name it could have defined first, so no
 *   `attachInternals()` handle on anything of ours) with a closed shadow root holding only the
 *   iframe. There is no text on the page's side, so `window.find` and selections find nothing and
 *   lead to no root; the iframe's address (Chromium: a per-session random one, `use_dynamic_url`;
 *   Firefox: the per-install one) stays in that closed root, so the page cannot read it to tell
 *   installations apart. It can see the div's size and position, and that something was added.
 * - The frame is a document of the extension's origin: the page cannot read its text or click its
 *   buttons; the frame answers trusted clicks and keys only.
 * - The channel: the content script and the frame each open a runtime port to our background,
 *   named with a random id the content script drew and put in the frame's URL; the background pairs
 *   one content script and one frame page of ours, in the same tab, under that id, and relays their
 *   checked messages (src/background/frame-relay.ts). A page cannot open a runtime port to us (no
 *   `externally_connectable`) nor see our ports; window messages, which a page can send to any
 *   frame, are never listened to.
 * - It can remove, move, hide or restyle the div, or navigate the frame elsewhere: each is noticed
 *   (MutationObserver, the frame's load events) and undone, at most REPAIRS_PER_SECOND times a
 *   second, then once a second, so a page fighting it cannot freeze itself or us. Top-of-window
 *   notices sit in the browser's top layer and are raised again when the page covers them.
 *
 * Why runtime ports and not a MessageChannel posted to the frame: a channel has to be handed over
 * with a window message, and any script of the page can post window messages to our frame too (it
 * can reach it through `window.frames`), so the frame would need a secret to tell ours apart and
 * must win a race; a runtime port is unforgeable by construction.
 */
export const REPAIRS_PER_SECOND = 20;
const COVER_CHECK_MS = 1000;
/**
 * How long a nudge waits, after its port disconnected, before it loads its frame again and
 * reconnects. At an update or reload Chromium disconnects the old content script's ports first and
 * invalidates its context a moment later (seen in Chromium 156: `runtime.id` still set in
 * `onDisconnect`, gone some hundred milliseconds after): reconnecting at once loaded the old
 * extension's frame into the page while the new one was being installed. After this wait an orphan
 * sees its context gone and takes itself down instead; a frame the page navigated away comes back
 * after FRAME_WAIT_MS (background) plus this, which is still prompt.
 */
export const RECONNECT_DELAY_MS = 1000;

export interface NudgeFrameOptions {
  /** Under an element of the page's form, in its flow; or `top`: fixed at the top of the window, above everything. */
  placement: { after: Element } | 'top';
  /** The frame's accessible name (screen readers announce it when entering the frame). */
  title: string;
  signal: AbortSignal;
  /** A button the user pressed in the frame. */
  onAction?(action: FrameAction): void;
}

export interface NudgeFrame {
  /** The empty light-DOM element the page sees. */
  host: HTMLElement;
  /** Shows this view (the latest wins; the relay hands it to the frame when it connects, again if it reloads). */
  show(view: FrameView): void;
  /** Moves keyboard focus into the frame (its view decides where). */
  focus(): void;
  /** How many times the page took it away and it came back. */
  repairs(): number;
  /** Settles once the frame first has a height (its first view is on screen), or the nudge stopped. */
  shown: Promise<void>;
}

const TOP_STYLE =
  'display:block !important;position:fixed !important;inset:0 0 auto 0 !important;margin:0 !important;padding:0 !important;' +
  'border:0 !important;width:100% !important;max-width:none !important;height:auto !important;background:transparent !important;' +
  'z-index:2147483647 !important;visibility:visible !important;opacity:1 !important;transform:none !important;clip-path:none !important;overflow:visible !important;';
/** Attributes a page could set on our host to hide it or make it inert. */
const FOREIGN_ATTRIBUTES = ['hidden', 'inert', 'class', 'id', 'aria-hidden', 'dir', 'lang'];

const canPopover = (host: HTMLElement) => typeof host.showPopover === 'function';

export function openNudgeFrame({ placement, title, signal, onAction }: NudgeFrameOptions): NudgeFrame {
  const doc = document;
  const top = placement === 'top';
  const style = top ? TOP_STYLE : INLINE_STYLE;
  // The password trigger may have started this frame already, under the same element (early-frame.ts).
  const { id, url, host, frame } = (!top && takeEarlyFrame(placement.after, title)) || makeFrameElements(title);

  let latest: FrameView | null = null;
  let markShown!: () => void;
  const shown = new Promise<void>((resolve) => (markShown = resolve));
  let port: ReturnType<typeof ext.runtime.connect> | null = null;
  let ready = false;
  let repairs = 0;
  let windowStart = 0;
  let inWindow = 0;
  let backoff: ReturnType<typeof setTimeout> | undefined;
  let reconnect: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const observer = new MutationObserver(() => repair());
  let coverCheck: ReturnType<typeof setInterval> | undefined = undefined;

  /** Everything stops and the host leaves the page: the nudge is over, or the extension is gone. */
  const stop = () => {
    if (stopped) return;
    stopped = true;
    markShown();
    observer.disconnect();
    clearInterval(coverCheck);
    clearTimeout(backoff);
    clearTimeout(reconnect);
    const last = port;
    port = null;
    try {
      last?.disconnect();
    } catch {
      // An orphan's port: already gone with its context.
    }
    host.remove();
  };
  /**
   * An orphan (the extension updated, reloaded or removed under this page) must stop repairing at
   * once: the re-injected script puts its own host right after the same field, and two repair loops
   * each putting their host back there moved both frames (so reloaded them) once a second for as long
   * as the page stayed open (seen in Chromium 156: their loads aborted over and over, the old one's
   * at an address of the extension being replaced). The guard's events come too late for that: the
   * re-injected script's first DOM change reaches the orphan's observer before the user types.
   */
  const over = () => {
    if (stopped || signal.aborted) return true;
    if (stillAlive()) return false;
    stop();
    return true;
  };

  // Views go to the relay even before our frame is there: it keeps the latest and hands it to the
  // frame the moment the frame connects, without a round trip back to us (src/background/frame-relay.ts).
  const send = (message: ContentToFrame) => {
    if (!port || (!ready && message.type !== 'view')) return;
    try {
      port.postMessage(message);
    } catch {
      // The frame went away between two checks: its next load reconnects.
    }
  };

  const connect = () => {
    if (over()) return;
    ready = false;
    let own: ReturnType<typeof ext.runtime.connect>;
    try {
      own = ext.runtime.connect({ name: FRAME_PORT_PREFIX + id });
    } catch {
      // Extension context gone ("Extension context invalidated"): nothing of ours can load any more.
      stop();
      return;
    }
    port = own;
    own.onMessage.addListener((raw: unknown) => {
      if (port !== own) return;
      const message = parseFrameToContent(raw);
      if (!message) return;
      if (message.type === 'hello') {
        // A frame of ours is there, new or reloaded; the relay gave it our latest view already.
        ready = true;
      } else if (message.type === 'height') {
        frame.style.height = `${message.px}px`;
        if (message.px > 0) markShown();
      } else if (ready) {
        onAction?.(message.action);
      }
    });
    own.onDisconnect.addListener(() => {
      if (port !== own) return;
      port = null;
      ready = false;
      frame.style.height = '0px';
      if (over()) return;
      // No frame of ours came (the page navigated it elsewhere) or the background restarted: load
      // ours again and pair anew, once an update in progress (see RECONNECT_DELAY_MS) had time to
      // show itself.
      clearTimeout(reconnect);
      reconnect = setTimeout(() => {
        if (over()) return;
        repair(true);
        connect();
      }, RECONNECT_DELAY_MS);
    });
    if (latest) send({ type: 'view', view: latest });
  };

  const place = (reload: boolean) => {
    if (host.getAttribute('style') !== style) host.setAttribute('style', style);
    for (const attribute of FOREIGN_ATTRIBUTES) if (host.hasAttribute(attribute)) host.removeAttribute(attribute);
    if (top) {
      if (host.getAttribute('popover') !== 'manual') host.setAttribute('popover', 'manual');
      // Last child of <html>, outside <body>: a page re-rendering its body does not take it along.
      if (host.parentNode !== doc.documentElement || host.nextSibling) doc.documentElement.append(host);
      if (canPopover(host) && !host.matches(':popover-open')) {
        try {
          host.showPopover();
        } catch {
          // Not connected or not supported: the fixed style above still shows it.
        }
      }
    } else if (placement.after.isConnected && host.previousSibling !== placement.after) {
      placement.after.after(host);
    }
    if (reload || frame.getAttribute('src') !== url) frame.setAttribute('src', url);
  };

  const intact = () => {
    if (host.getAttribute('style') !== style || FOREIGN_ATTRIBUTES.some((a) => host.hasAttribute(a))) return false;
    if (!top) return !placement.after.isConnected || host.previousSibling === placement.after;
    return (
      host.parentNode === doc.documentElement &&
      !host.nextSibling &&
      host.getAttribute('popover') === 'manual' &&
      (!canPopover(host) || host.matches(':popover-open'))
    );
  };

  function repair(reload = false): void {
    if (over() || (!reload && intact())) return;
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      inWindow = 0;
    }
    if (++inWindow > REPAIRS_PER_SECOND) {
      // A page fighting in a loop: come back once a second instead of at its pace.
      backoff ??= setTimeout(() => {
        backoff = undefined;
        windowStart = Date.now();
        inWindow = 0;
        repair(reload);
      }, 1000);
      return;
    }
    repairs++;
    place(reload);
  }

  place(false);
  connect();
  const watchParent = () => {
    observer.disconnect();
    // The first connect found the extension already gone: nothing to watch.
    if (stopped) return;
    observer.observe(host, { attributes: true });
    const parent = top ? doc.documentElement : placement.after.parentNode;
    if (parent) observer.observe(parent, { childList: true });
    // Removed with a whole part of the page: the body's subtree sees that.
    if (!top && doc.body) observer.observe(doc.body, { childList: true, subtree: true });
  };
  watchParent();
  if (top) host.addEventListener('toggle', () => repair());
  // Covered by something the page put in the top layer after us (its own popover or modal dialog):
  // showing ours again puts it back on top.
  coverCheck =
    top && !stopped
      ? setInterval(() => {
          if (over() || !canPopover(host) || doc.visibilityState === 'hidden') return;
          const rect = host.getBoundingClientRect();
          if (rect.height === 0) return;
          const above = doc.elementFromPoint(rect.left + rect.width / 2, rect.top + Math.min(rect.height / 2, 20));
          if (above !== null && above !== host) {
            host.hidePopover();
            repair();
          }
        }, COVER_CHECK_MS)
      : undefined;

  signal.addEventListener('abort', stop, { once: true });

  return {
    host,
    show(view) {
      latest = view;
      send({ type: 'view', view });
    },
    focus() {
      frame.focus();
      send({ type: 'focus' });
    },
    repairs: () => repairs,
    shown,
  };
}
