import { el, replaceChildren } from './dom.ts';
import { BASE_CSS, createShadowSurface } from './shadow-host.ts';

/** One line of the verdict, already in the user's language. */
export interface RuleLine {
  ok: boolean;
  /** Neither met nor failed here: a rule only the webmail's server checks, shown with a neutral mark. */
  unchecked?: boolean;
  text: string;
}

export interface PanelLabels {
  heading: string;
  allPassed: string;
  suggest: string;
  use: string;
  another: string;
  passphraseIntro: string;
  passed: string;
  failed: string;
  unchecked: string;
}

export interface PasswordPanel {
  /** The light-DOM host, so the field can point at it with aria-describedby. */
  host: HTMLElement;
  show(lines: RuleLine[], summary: string): void;
  /** Says why the save was stopped, assertively, and keeps it on screen until the next verdict. */
  alert(text: string): void;
  showPassphrase(phrase: string): void;
}

const CSS = `${BASE_CSS}
ul { list-style: none; margin: 4px 0; padding: 0; }
li { display: flex; gap: 6px; align-items: baseline; }
.mark { font-weight: 700; width: 1.2em; flex: none; }
.ok .mark { color: #1a7f37; }
.fail .mark { color: #cf222e; }
.unchecked .mark { color: inherit; opacity: 0.7; }
@media (prefers-color-scheme: dark) { .ok .mark { color: #3fb950; } .fail .mark { color: #f85149; } }
.summary { font-weight: 600; margin: 0 0 4px; }
.voice { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.alert:empty, .passphrase:empty { display: none; }
.alert { font-weight: 600; margin-top: 6px; }
.passphrase { margin-top: 6px; }
.phrase { font-family: ui-monospace, "DejaVu Sans Mono", monospace; user-select: all; }
.actions { display: flex; gap: 6px; margin-top: 6px; flex-wrap: wrap; }
`;

let counter = 0;

/**
 * The verdict under a new-password field, in a closed shadow root. The rule list is a polite live
 * region (updated per keystroke, read when the user pauses); a blocked save speaks assertively.
 */
export function createPasswordPanel(
  anchor: Element,
  labels: PanelLabels,
  actions: { onSuggest(): void; onUse(): void },
  signal: AbortSignal,
): PasswordPanel {
  const surface = createShadowSurface('password', CSS, signal);
  surface.host.id = `sobre-mail-password-verdict-${++counter}`;
  const summary = el('p', { className: 'summary' });
  const list = el('ul');
  const status = el('div', { attrs: { role: 'status', 'aria-live': 'polite' } }, summary, list);
  const alertBox = el('div', { className: 'alert', attrs: { role: 'alert' } });
  const phraseText = el('span', { className: 'phrase' });
  const useButton = el('button', { attrs: { type: 'button' }, on: { click: () => actions.onUse() } }, labels.use);
  const anotherButton = el('button', { attrs: { type: 'button' }, on: { click: () => actions.onSuggest() } }, labels.another);
  const passphrase = el('div', { className: 'passphrase' });
  const suggestButton = el('button', { attrs: { type: 'button' }, on: { click: () => actions.onSuggest() } }, labels.suggest);
  const panel = el(
    'section',
    { className: 'panel', attrs: { 'aria-label': labels.heading } },
    status,
    alertBox,
    passphrase,
    el('div', { className: 'actions' }, suggestButton),
  );
  surface.root.appendChild(panel);
  anchor.after(surface.host);

  return {
    host: surface.host,
    show(lines, summaryText) {
      replaceChildren(alertBox);
      summary.textContent = summaryText;
      const failed = lines.some((l) => !l.ok && !l.unchecked);
      panel.className = `panel${failed ? ' warning' : ''}`;
      const state = (line: RuleLine) => (line.ok ? 'ok' : line.unchecked ? 'unchecked' : 'fail');
      const marks = { ok: '✓', fail: '✗', unchecked: '•' };
      const voices = { ok: labels.passed, fail: labels.failed, unchecked: labels.unchecked };
      replaceChildren(
        list,
        ...lines.map((line) =>
          el(
            'li',
            { className: state(line) },
            // The mark is decorative; the words say it for screen readers.
            el('span', { className: 'mark', attrs: { 'aria-hidden': 'true' } }, marks[state(line)]),
            el('span', {}, el('span', { className: 'voice' }, `${voices[state(line)]} `), line.text),
          ),
        ),
      );
    },
    alert(text) {
      panel.className = 'panel danger';
      alertBox.textContent = text;
    },
    showPassphrase(phrase) {
      phraseText.textContent = phrase;
      replaceChildren(passphrase, el('p', {}, labels.passphraseIntro, ' ', phraseText), el('div', { className: 'actions' }, useButton, anotherButton));
    },
  };
}
