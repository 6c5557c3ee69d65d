import { ext } from '../../shared/ext.ts';
import { FRAME_PAGE } from '../../shared/frame-messages.ts';

/**
 * The elements of a nudge's frame (src/content/ui/frame-host.ts), made here so that the always-
 * loaded script can start the frame's document early, without the frame host's wiring (ports,
 * repairs), which comes with the injected nudge.
 *
 * Opening the frame is the slow part of a nudge's first render: the frame's document starts in the
 * extension's process, then pairs with the nudge through the background. The password trigger opens
 * it as soon as it sees the form, while the nudge is still being injected; the nudge takes it over
 * when it asks for a frame under the same element (`takeEarlyFrame`). The waiting frames are kept in
 * this isolated world's global, under a symbol: the page cannot see that world; the nudge, injected
 * into the same world from another bundle, can. An early frame is the very same element as one made
 * late (empty div, closed root, our frame), so the page learns nothing more, only sooner. Until the
 * nudge takes it over it is not repaired; the nudge repairs whatever the page did to it meanwhile.
 */
export interface FrameElements {
  /** The random id the frame's URL carries: the background pairs the frame and the nudge by it. */
  id: string;
  url: string;
  host: HTMLDivElement;
  frame: HTMLIFrameElement;
}

export const INLINE_STYLE =
  'display:block !important;position:static !important;visibility:visible !important;opacity:1 !important;transform:none !important;' +
  'clip-path:none !important;margin:6px 0 !important;padding:0 !important;border:0 !important;width:auto !important;max-width:none !important;' +
  'height:auto !important;background:transparent !important;';
const FRAME_STYLE = 'display:block;border:0;margin:0;padding:0;width:100%;height:0;background:transparent;';

const randomId = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The host (with its closed root holding only the frame) and the frame, not yet in the page nor loading. */
export function makeFrameElements(title: string): FrameElements {
  const id = randomId();
  const host = document.createElement('div');
  const shadow = host.attachShadow({ mode: 'closed' });
  const frame = document.createElement('iframe');
  frame.setAttribute('style', FRAME_STYLE);
  frame.title = title;
  shadow.append(frame);
  return { id, url: `${ext.runtime.getURL(FRAME_PAGE)}#${id}`, host, frame };
}

const EARLY_FRAMES = Symbol.for('sobre-mail.early-frames');
/** An early frame nobody took over (the injection failed, the form went): removed after this. */
const UNCLAIMED_MS = 10_000;

interface EarlyFrame {
  /** The extension instance that made it: a frame an orphaned script made pairs with nothing. */
  runtime: unknown;
  elements: FrameElements;
  release(): void;
}

function earlyFrames(): WeakMap<Element, EarlyFrame> {
  const world = globalThis as unknown as Record<symbol, WeakMap<Element, EarlyFrame> | undefined>;
  return (world[EARLY_FRAMES] ??= new WeakMap());
}

/** Puts under `after` the frame a nudge will show there, already loading; gone after UNCLAIMED_MS or when `signal` aborts unless taken over. */
export function openEarlyFrame(after: Element, signal: AbortSignal): void {
  const frames = earlyFrames();
  if (signal.aborted || frames.get(after)?.runtime === ext.runtime) return;
  // Named when taken over; until then it shows nothing.
  const elements = makeFrameElements('');
  const unclaimed = () => {
    if (frames.get(after) !== entry) return;
    frames.delete(after);
    elements.host.remove();
  };
  const timer = setTimeout(unclaimed, UNCLAIMED_MS);
  signal.addEventListener('abort', unclaimed, { once: true });
  const entry: EarlyFrame = {
    runtime: ext.runtime,
    elements,
    release() {
      clearTimeout(timer);
      signal.removeEventListener('abort', unclaimed);
      frames.delete(after);
    },
  };
  frames.set(after, entry);
  elements.host.setAttribute('style', INLINE_STYLE);
  after.after(elements.host);
  elements.frame.setAttribute('src', elements.url);
}

/** The early frame under `after`, if this extension instance opened one and nobody took it yet. */
export function takeEarlyFrame(after: Element, title: string): FrameElements | null {
  const early = earlyFrames().get(after);
  if (!early || early.runtime !== ext.runtime) return null;
  early.release();
  early.elements.frame.title = title;
  return early.elements;
}
