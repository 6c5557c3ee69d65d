import type { AttachmentFrameView } from '../../shared/frame-messages.ts';
import { openNudgeFrame } from './frame-host.ts';

/**
 * The attachment banner: a short notice beside the webmail's attachment list, shown in our extension
 * frame (frame-host.ts: the page can neither read its figures nor press "Send anyway"). Text only:
 * the feature hands in finished, translated strings. Non-blocking: it never covers the page, and the
 * only thing it ever holds back is the Send click, when IT asked for a confirmation.
 *
 * Accessibility (in the frame, src/frame/main.ts): the figures are a polite live region that exists,
 * empty, from the start; the hold on Send is an alert; Escape hides the notice or keeps editing.
 */

export interface BannerView {
  level: 'over' | 'near-limit';
  headline: string;
  /** Figures, one sentence each: impact, better option. */
  lines: string[];
  /** The hard warning near the webmail's own limit, when there is one. */
  warning: string | null;
  /** Where the figures come from; shown, but not re-announced on every update. */
  source: string;
}

export interface BannerLabels {
  /** The frame's accessible name. */
  title: string;
  dismiss: string;
  sendAnyway: string;
  keepEditing: string;
}

export interface AttachmentBanner {
  /** Shows these figures, or hides the notice (null). A notice the user hid stays hidden until `reopen`. */
  render(view: BannerView | null): void;
  reopen(): void;
  readonly dismissed: boolean;
  /** Sending is held: ask, and call back with the user's answer. */
  hold(question: string, onSend: () => void, onKeepEditing: () => void): void;
  release(): void;
  readonly visible: boolean;
}

/** Relative luminance (WCAG) of an `rgb()`/`rgba()` colour, or null when it is mostly transparent. */
function luminance(color: string): number | null {
  const parts = color.match(/[\d.]+/g)?.map(Number);
  if (!parts || parts.length < 3) return null;
  if (parts.length >= 4 && parts[3]! < 0.5) return null;
  const [r, g, b] = parts.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Dark when the first opaque background behind the anchor is dark; the system's choice otherwise. */
export function pageLooksDark(anchor: Element): boolean {
  for (let node: Element | null = anchor; node; node = node.parentElement) {
    const l = luminance(getComputedStyle(node).backgroundColor);
    if (l !== null) return l < 0.4;
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

export function createAttachmentBanner(
  anchor: Element,
  labels: BannerLabels,
  signal: AbortSignal,
  onDismiss: () => void,
): AttachmentBanner {
  let visible = false;
  let dismissed = false;
  let current: BannerView | null = null;
  let question: string | null = null;
  let answer: { send: () => void; keep: () => void } | null = null;

  // Right after the list, inside the drop zone: where the user just looked to see the file arrive.
  const frame = openNudgeFrame({
    placement: { after: anchor },
    title: labels.title,
    signal,
    onAction(action) {
      if (action === 'send') answer?.send();
      else if (action === 'keep') answer?.keep();
      else if (action === 'dismiss') hide();
    },
  });

  function paint(): void {
    const show = answer !== null || (current !== null && !dismissed);
    visible = show;
    const view: AttachmentFrameView = {
      kind: 'attachment',
      shown: show && current !== null,
      level: current?.level ?? 'over',
      theme: pageLooksDark(anchor) ? 'dark' : 'light',
      headline: current?.headline ?? '',
      lines: current?.lines ?? [],
      warning: current?.warning ?? null,
      source: current?.source ?? '',
      question,
      labels: { dismiss: labels.dismiss, sendAnyway: labels.sendAnyway, keepEditing: labels.keepEditing },
    };
    frame.show(view);
  }

  function hide(): void {
    dismissed = true;
    if (answer) answer.keep();
    paint();
    onDismiss();
  }

  const api: AttachmentBanner = {
    render(view) {
      current = view;
      paint();
    },
    reopen() {
      dismissed = false;
      paint();
    },
    get dismissed() {
      return dismissed;
    },
    hold(text, onSend, onKeepEditing) {
      answer = {
        send: () => {
          api.release();
          onSend();
        },
        keep: () => {
          api.release();
          onKeepEditing();
        },
      };
      dismissed = false;
      question = text;
      paint();
      // Focus the choice, not the "Send anyway" button: a second Enter must not send by reflex.
      frame.focus();
      frame.host.scrollIntoView?.({ block: 'nearest' });
    },
    release() {
      answer = null;
      question = null;
      paint();
    },
    get visible() {
      return visible;
    },
  };
  // The live region must be in the frame before it has anything to say.
  paint();
  return api;
}
