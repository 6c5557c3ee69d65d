import { el, replaceChildren } from './dom.ts';
import { BASE_CSS, createShadowSurface } from './shadow-host.ts';

export interface AdvicePanelLabels {
  heading: string;
  /** Before the list, when there is advice. */
  intro: string;
  /** When there is none. */
  allGood: string;
  /** Screen-reader word before each item (the mark is decorative). */
  item: string;
}

export interface AdvicePanel {
  host: HTMLElement;
  /** Advice lines, already in the user's language; none means all good. */
  show(items: string[]): void;
}

const CSS = `${BASE_CSS}
ul { list-style: none; margin: 4px 0 0; padding: 0; }
li { display: flex; gap: 6px; align-items: baseline; }
.mark { font-weight: 700; width: 1.2em; flex: none; color: #9a6700; }
@media (prefers-color-scheme: dark) { .mark { color: #d29922; } }
.summary { font-weight: 600; margin: 0; }
.voice { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/**
 * Advice under a form field, in a closed shadow root: a polite live region, read when the user
 * pauses. Advice only: nothing here holds the form back.
 */
export function createAdvicePanel(name: string, anchor: Element, labels: AdvicePanelLabels, signal: AbortSignal): AdvicePanel {
  const surface = createShadowSurface(name, CSS, signal);
  const summary = el('p', { className: 'summary' });
  const list = el('ul');
  const panel = el(
    'section',
    { className: 'panel', attrs: { 'aria-label': labels.heading } },
    el('div', { attrs: { role: 'status', 'aria-live': 'polite' } }, summary, list),
  );
  surface.root.appendChild(panel);
  anchor.after(surface.host);
  return {
    host: surface.host,
    show(items) {
      panel.className = `panel${items.length > 0 ? ' warning' : ''}`;
      summary.textContent = items.length > 0 ? labels.intro : labels.allGood;
      replaceChildren(
        list,
        ...items.map((text) =>
          el(
            'li',
            {},
            el('span', { className: 'mark', attrs: { 'aria-hidden': 'true' } }, '!'),
            el('span', {}, el('span', { className: 'voice' }, `${labels.item} `), text),
          ),
        ),
      );
    },
  };
}
