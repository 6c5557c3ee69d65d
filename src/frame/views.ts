import { el, replaceChildren } from '../content/ui/dom.ts';
import type {
  AdviceFrameView,
  AttachmentFrameView,
  FrameAction,
  FrameToContent,
  FrameView,
  NoticeFrameView,
  PasswordFrameView,
} from '../shared/frame-messages.ts';

/**
 * The views of our frame (src/frame/main.ts), text only: every string arrives finished from the
 * nudge and goes through textContent. Kept apart from the port so the DOM tests render exactly
 * these views from what the content script sends.
 */
export interface FrameRenderer {
  render(view: FrameView): void;
  focus(): void;
  clear(): void;
}

/**
 * `post` carries heights and actions back; `trusted` says whether an event is the user's own (in
 * the frame: `event.isTrusted`; nothing else can reach its document anyway, but a script of ours
 * that ever dispatched one must not answer for the user).
 */
export function createFrameRenderer(
  root: HTMLElement,
  post: (message: FrameToContent) => void,
  trusted: (event: Event) => boolean,
  /** The frame's document title (its name for screen readers); the DOM tests pass none. */
  setTitle: (title: string) => void = () => undefined,
): FrameRenderer {
  const doc = root.ownerDocument;
  const act = (action: FrameAction) => (event: Event) => {
    if (trusted(event)) post({ type: 'action', action });
  };
  let current: { kind: FrameView['kind']; update(view: FrameView): void; focus(): void } | null = null;

  function render(view: FrameView): void {
    if (current?.kind !== view.kind) {
      replaceChildren(root);
      root.className = view.kind;
      current =
        view.kind === 'password'
          ? passwordView()
          : view.kind === 'attachment'
            ? attachmentView()
            : view.kind === 'advice'
              ? adviceView()
              : noticeView();
    }
    current.update(view);
  }

  function focusView(): void {
    current?.focus();
  }

  /** The verdict under a new-password field: a polite live region per keystroke, an assertive alert when Save is stopped. */
  function passwordView() {
    const summary = el('p', { className: 'summary' });
    const list = el('ul', { className: 'rules' });
    const status = el('div', { attrs: { role: 'status', 'aria-live': 'polite' } }, summary, list);
    const alertBox = el('div', { className: 'alert', attrs: { role: 'alert' } });
    const passphrase = el('div', { className: 'passphrase' });
    const suggest = el('button', { attrs: { type: 'button' }, on: { click: act('suggest') } });
    const panel = el('section', { className: 'panel' }, status, alertBox, passphrase, el('div', { className: 'actions' }, suggest));
    root.append(panel);
    let shownPhrase: string | null = null;
    const marks = { ok: '✓', fail: '✗', unchecked: '•' } as const;
    return {
      kind: 'password' as const,
      update(raw: FrameView) {
        const view = raw as PasswordFrameView;
        setTitle(view.heading);
        panel.setAttribute('aria-label', view.heading);
        suggest.textContent = view.labels.suggest;
        const failed = view.lines.some((l) => l.state === 'fail');
        panel.className = `panel${view.alert !== null ? ' danger' : failed ? ' warning' : ''}`;
        if (summary.textContent !== view.summary) summary.textContent = view.summary;
        const voices = { ok: view.labels.passed, fail: view.labels.failed, unchecked: view.labels.unchecked };
        replaceChildren(
          list,
          ...view.lines.map((line) =>
            el(
              'li',
              { className: line.state },
              // The mark is decorative; the words say it for screen readers.
              el('span', { className: 'mark', attrs: { 'aria-hidden': 'true' } }, marks[line.state]),
              el('span', {}, el('span', { className: 'voice' }, `${voices[line.state]} `), line.text),
            ),
          ),
        );
        if ((alertBox.textContent || null) !== view.alert) alertBox.textContent = view.alert ?? '';
        if (view.passphrase !== shownPhrase) {
          shownPhrase = view.passphrase;
          if (view.passphrase === null) replaceChildren(passphrase);
          else
            replaceChildren(
              passphrase,
              el('p', {}, view.labels.passphraseIntro, ' ', el('span', { className: 'phrase' }, view.passphrase)),
              el(
                'div',
                { className: 'actions' },
                el('button', { attrs: { type: 'button' }, on: { click: act('use') } }, view.labels.use),
                el('button', { attrs: { type: 'button' }, on: { click: act('another') } }, view.labels.another),
              ),
            );
        }
      },
      focus() {
        suggest.focus();
      },
    };
  }

  /**
   * The attachment banner. The figures are a polite live region that exists, empty, from the start
   * (screen readers announce changes to a region they know); the hold on Send is an alert; Escape
   * hides the notice or, while sending is held, keeps editing.
   */
  function attachmentView() {
    const status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
    const alertBox = el('div', { className: 'alert', attrs: { role: 'alert' } });
    const source = el('p', { className: 'source' });
    const actions = el('div', { className: 'actions', attrs: { role: 'group', tabindex: '-1', 'aria-labelledby': 'question' } });
    actions.hidden = true;
    const dismiss = el('button', { className: 'dismiss', attrs: { type: 'button' }, on: { click: act('dismiss') } }, '×');
    const panel = el('div', { className: 'panel banner' }, el('div', { className: 'content' }, status, alertBox, actions, source), dismiss);
    root.append(panel);
    let spoken = '';
    let asked: string | null = null;
    let view: AttachmentFrameView | null = null;
    doc.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !trusted(event) || !view) return;
      post({ type: 'action', action: view.question !== null ? 'keep' : 'dismiss' });
    });
    return {
      kind: 'attachment' as const,
      update(raw: FrameView) {
        view = raw as AttachmentFrameView;
        setTitle(view.headline || view.labels.dismiss);
        dismiss.setAttribute('aria-label', view.labels.dismiss);
        dismiss.title = view.labels.dismiss;
        const show = view.shown || view.question !== null;
        panel.className = [
          'panel',
          'banner',
          show ? 'shown' : '',
          view.level === 'near-limit' ? 'level-limit' : 'level-over',
          view.theme ? `theme-${view.theme}` : '',
        ]
          .filter(Boolean)
          .join(' ');
        const words = view.shown ? JSON.stringify([view.headline, view.lines, view.warning]) : '';
        if (words !== spoken) {
          spoken = words;
          if (view.shown)
            replaceChildren(
              status,
              el('p', { className: 'headline' }, view.headline),
              ...view.lines.map((line) => el('p', {}, line)),
              view.warning !== null && el('p', { className: 'limit' }, view.warning),
            );
          else replaceChildren(status);
        }
        const cite = view.shown ? view.source : '';
        if (source.textContent !== cite) source.textContent = cite;
        if (view.question !== asked) {
          asked = view.question;
          if (view.question === null) {
            replaceChildren(alertBox);
            replaceChildren(actions);
            actions.hidden = true;
          } else {
            replaceChildren(alertBox, el('p', { attrs: { id: 'question' } }, view.question));
            replaceChildren(
              actions,
              el('button', { className: 'primary', attrs: { type: 'button' }, on: { click: act('send') } }, view.labels.sendAnyway),
              el('button', { attrs: { type: 'button' }, on: { click: act('keep') } }, view.labels.keepEditing),
            );
            actions.hidden = false;
          }
        }
      },
      focus() {
        // The choice, not the "Send anyway" button: a second Enter must not send by reflex.
        if (!actions.hidden) actions.focus();
      },
    };
  }

  /**
   * Advice under a form the user is writing (the out-of-office reply): a polite live region, read
   * when the user pauses; a review that finds the same again changes nothing, so nothing is said
   * again. Advice only: no buttons, nothing here holds the form back.
   */
  function adviceView() {
    const summary = el('p', { className: 'summary' });
    const list = el('ul', { className: 'rules' });
    const panel = el('section', { className: 'panel' }, el('div', { attrs: { role: 'status', 'aria-live': 'polite' } }, summary, list));
    root.append(panel);
    let shown = '';
    return {
      kind: 'advice' as const,
      update(raw: FrameView) {
        const view = raw as AdviceFrameView;
        const words = JSON.stringify(view);
        if (words === shown) return;
        shown = words;
        setTitle(view.heading);
        panel.setAttribute('aria-label', view.heading);
        panel.className = `panel${view.items.length > 0 ? ' warning' : ''}`;
        summary.textContent = view.summary;
        replaceChildren(
          list,
          ...view.items.map((text) =>
            el(
              'li',
              {},
              // The mark is decorative; the label says it for screen readers.
              el('span', { className: 'mark', attrs: { 'aria-hidden': 'true' } }, '!'),
              el('span', {}, el('span', { className: 'voice' }, `${view.labels.item} `), text),
            ),
          ),
        );
      },
      focus() {
        // Nothing to press: the advice is read where it is.
      },
    };
  }

  /** A warning at the top of the window: title, text, the organisation's addresses as links. */
  function noticeView() {
    const panel = el('div', { className: 'panel danger notice', attrs: { role: 'alert' } });
    root.append(panel);
    let shown = '';
    return {
      kind: 'notice' as const,
      update(raw: FrameView) {
        const view = raw as NoticeFrameView;
        const words = JSON.stringify(view);
        if (words === shown) return;
        shown = words;
        setTitle(view.title);
        replaceChildren(
          panel,
          el('p', { className: 'title' }, view.title),
          ...view.paragraphs.map((text) => el('p', {}, text)),
          view.links.length > 0 &&
            el(
              'ul',
              {},
              ...view.links.map((link) =>
                el(
                  'li',
                  {},
                  el('a', { attrs: { href: link.href, target: link.newTab ? '_blank' : '_top', rel: 'noreferrer' } }, link.text),
                ),
              ),
            ),
          ...view.after.map((text) => el('p', {}, text)),
          view.hideLabel !== null && el('button', { attrs: { type: 'button' }, on: { click: act('dismiss') } }, view.hideLabel),
        );
      },
      focus() {
        panel.querySelector('a')?.focus();
      },
    };
  }

  return {
    render,
    focus: focusView,
    clear() {
      current = null;
      replaceChildren(root);
    },
  };
}
