import { el, replaceChildren } from './dom.ts';
import { BASE_CSS, createShadowSurface } from './shadow-host.ts';

/**
 * The attachment banner: a short notice beside the webmail's attachment list, in a closed shadow
 * root. Text only (the feature hands in finished, translated strings; page-derived text never
 * becomes markup). Non-blocking: it never covers the page, and the only thing it ever holds back
 * is the Send click, when IT asked for a confirmation.
 *
 * Accessibility: the figures are in a polite live region (role=status) that exists, empty, from
 * the start, so screen readers announce its first content too; the hold on Send is an alert
 * (the user just pressed Send and nothing happened: they must hear why). Buttons are real buttons;
 * Escape hides the notice or, while sending is held, keeps editing.
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

const CSS = `${BASE_CSS}
.panel { display: flex; gap: 8px; align-items: flex-start; }
.panel:not(.shown) { display: block; border: 0; padding: 0; margin: 0; background: none; }
.panel:not(.shown) .dismiss, .panel:not(.shown) .source { display: none; }
.content { flex: 1; min-width: 0; }
p { margin: 0 0 4px; }
.headline { font-weight: 600; }
.limit { font-weight: 600; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.actions:focus { outline: none; }
.actions:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
.dismiss { border: 0; padding: 0 4px; font-size: 16px; line-height: 1; }
/* The page's own theme wins over the system's: elastic has a dark mode of its own. */
.panel.theme-light { color: #1b1f23; background: #fff8e5; border-color: #9a6700; }
.panel.theme-light.level-limit { background: #ffebe9; border-color: #cf222e; }
.panel.theme-light button.primary { background: #1b1f23; color: #ffffff; border-color: #1b1f23; }
.panel.theme-dark { color: #e6edf3; background: #2e2211; border-color: #d29922; }
.panel.theme-dark.level-limit { background: #2d1214; border-color: #f85149; }
.panel.theme-dark button.primary { background: #e6edf3; color: #0d1117; border-color: #e6edf3; }
.panel.theme-dark button:focus-visible, .panel.theme-dark .actions:focus-visible { outline-color: #58a6ff; }
`;

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

export function createAttachmentBanner(anchor: Element, labels: BannerLabels, signal: AbortSignal, onDismiss: () => void): AttachmentBanner {
  const surface = createShadowSurface('attachment', CSS, signal);
  const status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  const alert = el('div', { className: 'alert', attrs: { role: 'alert' } });
  const source = el('p', { className: 'source' });
  // Named by the question it answers (ids are scoped to our shadow root).
  const actions = el('div', { className: 'actions', attrs: { role: 'group', tabindex: '-1', 'aria-labelledby': 'sobre-mail-question' } });
  actions.hidden = true;
  let visible = false;
  let dismissed = false;
  let current: BannerView | null = null;
  let answer: { send: () => void; keep: () => void } | null = null;
  /** What the live region says now: rewriting the same words would make screen readers repeat them. */
  let spoken = '';

  const dismiss = el(
    'button',
    { className: 'dismiss', attrs: { type: 'button', 'aria-label': labels.dismiss, title: labels.dismiss }, on: { click: () => hide() } },
    '×',
  );
  const panel = el('div', { className: 'panel' }, el('div', { className: 'content' }, status, alert, actions, source), dismiss);
  panel.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key !== 'Escape') return;
    event.stopPropagation();
    if (answer) answer.keep();
    else hide();
  });
  surface.root.appendChild(panel);
  // Right after the list, inside the drop zone: where the user just looked to see the file arrive.
  anchor.after(surface.host);

  function paint(): void {
    const show = answer !== null || (current !== null && !dismissed);
    visible = show;
    panel.className = ['panel', show ? 'shown' : '', current?.level === 'near-limit' ? 'level-limit' : 'level-over', pageLooksDark(anchor) ? 'theme-dark' : 'theme-light']
      .filter(Boolean)
      .join(' ');
    const words = show && current ? JSON.stringify([current.headline, current.lines, current.warning]) : '';
    if (words !== spoken) {
      spoken = words;
      if (show && current) {
        replaceChildren(
          status,
          el('p', { className: 'headline' }, current.headline),
          ...current.lines.map((line) => el('p', {}, line)),
          current.warning !== null && el('p', { className: 'limit' }, current.warning),
        );
      } else {
        // Hidden, or held before the figures arrived (the question and the buttons are enough).
        replaceChildren(status);
      }
    }
    const cite = show && current ? current.source : '';
    if (source.textContent !== cite) source.textContent = cite;
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
    hold(question, onSend, onKeepEditing) {
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
      replaceChildren(alert, el('p', { attrs: { id: 'sobre-mail-question' } }, question));
      replaceChildren(
        actions,
        el('button', { className: 'primary', attrs: { type: 'button' }, on: { click: () => answer?.send() } }, labels.sendAnyway),
        el('button', { attrs: { type: 'button' }, on: { click: () => answer?.keep() } }, labels.keepEditing),
      );
      actions.hidden = false;
      paint();
      // Focus the choice, not the "Send anyway" button: a second Enter must not send by reflex.
      actions.focus();
      actions.scrollIntoView?.({ block: 'nearest' });
    },
    release() {
      answer = null;
      replaceChildren(alert);
      replaceChildren(actions);
      actions.hidden = true;
      paint();
    },
    get visible() {
      return visible;
    },
  };
  return api;
}
