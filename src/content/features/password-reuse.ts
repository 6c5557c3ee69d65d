import { sendToBackground } from '../orphan-guard.ts';
import { ext } from '../../shared/ext.ts';
import { t } from '../../shared/i18n.ts';
import { fingerprint } from '../../shared/fingerprint.ts';
import type { Settings } from '../../shared/settings.ts';
import {
  candidatesFor,
  MAX_PASSWORD_LENGTH,
  parseReuseStore,
  PASSWORD_REUSE_KEY,
  type ReuseEntry,
  type ReuseStore,
} from '../../model/password-reuse.ts';
import { isPasswordHome, trustOf } from '../../model/trust.ts';
import type { WebmailPage } from '../adapters/types.ts';
import type { CandidatePurpose } from '../../shared/messages.ts';
import { openNudgeFrame, type NudgeFrame } from '../ui/frame-host.ts';

/**
 * Password reuse (DESIGN §2b), injected only once a password field is used:
 * - on the trusted webmail's sign-in form, the fingerprint of the password submitted goes to the
 *   background, which keeps it only once the webmail shows the signed-in account in that tab;
 * - anywhere else, a typed value whose length matches a kept one is fingerprinted and compared; the
 *   mail password gets a warning naming this address, before the form is sent.
 * The password stays in the page's field and in local variables; it is never stored, sent or logged.
 */

export interface ReuseContext {
  page: WebmailPage | null;
  settings: Settings;
  signal: AbortSignal;
  /** The field the always-loaded watch saw first (its keystroke happened before this script arrived). */
  firstField?: HTMLInputElement | null;
  /**
   * Which input events count. In a browser, only the user's own (`isTrusted`): a page setting values
   * and dispatching events itself must not turn the check into an oracle for guesses. DOM tests,
   * whose events are all synthetic, pass their own.
   */
  accept?: (event: Event) => boolean;
}

/** Fingerprints one page may cost (one per checked value whose length matches): about 5 s of CPU at most. */
export const MAX_CHECKS_PER_PAGE = 100;

async function readStore(): Promise<ReuseStore | null> {
  try {
    return parseReuseStore((await ext.storage.local.get(PASSWORD_REUSE_KEY))[PASSWORD_REUSE_KEY]);
  } catch {
    return null;
  }
}

export function startPasswordReuse(ctx: ReuseContext): void {
  const { page, settings, signal } = ctx;
  if (!settings.passwordReuseAlert) return;
  const trust = trustOf(location.origin, settings.webmailOrigins);
  if (trust === 'trusted') {
    if (!page) return;
    // The page the webmail shows after saving a new password: the fingerprint taken at Save is the new reference.
    if (page.passwordChangeSaved()) void sendToBackground({ type: 'password-changed' }).catch(() => undefined);
    const signIn = page.signIn();
    if (signIn) captureOnSubmit(page, signIn.password, 'sign-in', signal, (release) => watchSubmit(signIn.form, release, signal));
    const change = page.passwordForms()[0];
    // Roundcube's Save is a `type=button` calling form.submit(): no submit event, so its click is the moment.
    if (change) captureOnSubmit(page, change.newPassword, 'change', signal, (release) => watchClicks(change.saveButtons, release, signal));
    return;
  }
  if (isPasswordHome(location.origin, settings.webmailOrigins, settings.passwordReuseAllowedOrigins)) return;
  watchForReuse(ctx);
}

// ---------------------------------------------------------------- on the trusted webmail

/** Pause after the last keystroke before the fingerprint is taken (one PBKDF2, ~50 ms, per pause). */
const CAPTURE_PAUSE_MS = 300;

/**
 * Called for each submission: `hold()` returns true when the submission must wait for a fingerprint
 * (the event is then stopped), and `resume` later replays it.
 */
type Gate = (hold: (resume: () => void) => boolean) => void;

/** The sign-in form's submit event (Roundcube's login button is a real submit button). */
function watchSubmit(form: HTMLFormElement | null, hold: (resume: () => void) => boolean, signal: AbortSignal): void {
  if (!form) return;
  addEventListener(
    'submit',
    (event) => {
      if (event.target !== form) return;
      const submitter = (event as SubmitEvent).submitter;
      const resume = () => form.requestSubmit(submitter && form.contains(submitter) ? submitter : null);
      if (hold(resume)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    { capture: true, signal },
  );
}

/** Clicks on the buttons that save a form (before the page's own handlers: window, capture phase). */
function watchClicks(buttons: HTMLElement[], hold: (resume: () => void) => boolean, signal: AbortSignal): void {
  if (buttons.length === 0) return;
  addEventListener(
    'click',
    (event) => {
      const target = event.target as Node | null;
      const button = buttons.find((b) => target !== null && (b === target || b.contains(target)));
      if (!button) return;
      if (hold(() => button.click())) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    { capture: true, signal },
  );
}

/**
 * Takes the fingerprint of what `field` holds when the user pauses typing, and before the form goes:
 * a submission made before the pause ended waits for one fingerprint (~50 ms), then goes on as the
 * user asked; it is never stopped for good. The background keeps it only once the webmail confirms
 * (the signed-in page after a sign-in, the "saved" page after a password change).
 */
function captureOnSubmit(page: WebmailPage, field: HTMLInputElement, purpose: CandidatePurpose, signal: AbortSignal, gate: Gate): void {
  // True once the fingerprint of what the field holds now has reached the background.
  let sent = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let releasing = false;
  let holding = false;

  const send = async (): Promise<void> => {
    const store = await readStore();
    const value = field.value;
    if (!store || value.length === 0 || value.length > MAX_PASSWORD_LENGTH) return;
    const print = await fingerprint(value, store.salt, store.iterations);
    const changeUrl = page.passwordChangeUrl() ?? `${location.origin}/`;
    await sendToBackground({ type: 'password-candidate', purpose, fingerprint: print, length: value.length, changeUrl });
    if (field.value === value) sent = true;
  };

  field.addEventListener(
    'input',
    () => {
      sent = false;
      clearTimeout(timer);
      timer = setTimeout(() => void send().catch(() => undefined), CAPTURE_PAUSE_MS);
    },
    { signal },
  );
  gate((resume) => {
    if (sent || releasing || field.value.length === 0) return false;
    // A second click while the fingerprint is being taken: the one submission already waiting will go.
    if (holding) return true;
    holding = true;
    clearTimeout(timer);
    void send()
      .catch(() => undefined)
      .finally(() => {
        holding = false;
        releasing = true;
        try {
          resume();
        } finally {
          releasing = false;
        }
      });
    return true;
  });
}

// ---------------------------------------------------------------- anywhere else

type Verdict = 'pending' | 'match' | 'clear';

/** Same-origin frames watched besides the page itself. */
export const MAX_FRAMES = 20;

/**
 * A password field, from this page, an open shadow root or a same-origin frame: `instanceof` would
 * miss a frame's fields (another realm's HTMLInputElement), so the element is recognised by its shape.
 */
function passwordField(target: EventTarget | undefined): HTMLInputElement | null {
  const element = target as Partial<HTMLInputElement> | undefined;
  return element && element.localName === 'input' && element.type === 'password' && typeof element.value === 'string'
    ? (element as HTMLInputElement)
    : null;
}

function watchForReuse({ settings, signal, firstField, accept = (event) => event.isTrusted }: ReuseContext): void {
  let checks = 0;
  let store: ReuseStore | null = null;
  const loaded = readStore().then((s) => (store = s));
  const verdicts = new WeakMap<HTMLInputElement, { verdict: Verdict; entry?: ReuseEntry; warnedSubmit?: boolean }>();
  // One fingerprint at a time, for the latest value of each field waiting: a burst of keystrokes, or
  // hundreds of fields, costs at most one PBKDF2 per field whose length matches.
  const queue = new Set<HTMLInputElement>();
  let running = false;
  const waiters: Array<() => void> = [];
  let banner: NudgeFrame | null = null;
  let reported = false;

  const check = async (field: HTMLInputElement): Promise<void> => {
    await loaded;
    const value = field.value;
    const candidates = store ? candidatesFor(store, value.length) : [];
    if (candidates.length === 0) {
      verdicts.set(field, { verdict: 'clear' });
      return;
    }
    if (++checks > MAX_CHECKS_PER_PAGE) {
      verdicts.set(field, { verdict: 'clear' });
      return;
    }
    verdicts.set(field, { verdict: 'pending' });
    const print = await fingerprint(value, store!.salt, store!.iterations);
    // Typed on meanwhile: the newer value is already queued.
    if (field.value !== value) return;
    const entry = candidates.find((c) => c.fingerprint === print);
    verdicts.set(field, entry ? { verdict: 'match', entry } : { verdict: 'clear' });
    // Stopped meanwhile (settings changed, page left): no warning from a check nobody waits for.
    if (entry && !signal.aborted) warn(entry);
  };

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      while (queue.size > 0 && !signal.aborted) {
        const field = queue.values().next().value!;
        queue.delete(field);
        await check(field).catch(() => verdicts.set(field, { verdict: 'clear' }));
      }
    } finally {
      running = false;
      for (const wake of waiters.splice(0)) wake();
    }
  };

  const schedule = (field: HTMLInputElement) => {
    // A 100,000-character paste: one length test, no fingerprint.
    if (field.value.length > MAX_PASSWORD_LENGTH || field.value.length === 0) {
      verdicts.set(field, { verdict: 'clear' });
      return;
    }
    verdicts.set(field, { verdict: 'pending' });
    queue.add(field);
    void pump();
  };
  const settled = () => (running || queue.size > 0 ? new Promise<void>((r) => waiters.push(r)) : Promise.resolve());

  const warn = (entry: ReuseEntry) => {
    // At the top of the window, in our frame: the page cannot read that its visitor typed their
    // mail password (the warning's words never reach it), nor remove or cover the warning.
    banner ??= openNudgeFrame({ placement: 'top', title: t('reuseTitle'), signal });
    banner.show({
      kind: 'notice',
      title: t('reuseTitle'),
      paragraphs: [t('reuseBody', [location.host, entry.account]), t(settings.passwordReuseHoldSubmit ? 'reuseHeld' : 'reuseSubmitAgain')],
      links: [{ href: entry.changeUrl, text: t('reuseChange', new URL(entry.changeUrl).host), newTab: true }],
      after: [],
      hideLabel: null,
    });
    if (!reported) {
      reported = true;
      void sendToBackground({ type: 'password-reuse-seen', account: entry.account }).catch(() => undefined);
    }
  };

  const onInput = (event: Event) => {
    if (!accept(event)) return;
    const field = passwordField(event.composedPath()[0]);
    if (field) schedule(field);
  };
  // This window and the same-origin frames present now (a sign-in form in an iframe): their events
  // do not reach this window. At most MAX_FRAMES; a cross-origin frame throws on access and is skipped.
  const watched: Window[] = [window];
  for (const frame of [...document.querySelectorAll('iframe, frame')].slice(0, MAX_FRAMES)) {
    try {
      const inner = (frame as HTMLIFrameElement).contentWindow;
      if (inner && inner.document) watched.push(inner);
    } catch {
      // Another origin: not ours to watch from here.
    }
  }
  for (const target of watched) target.addEventListener('input', onInput, { capture: true, signal });
  if (firstField?.isConnected) schedule(firstField);

  // Before the form is sent: a form holding the mail password (or one still being checked) waits.
  // Without IT's hold, the first submission after the warning is stopped so it can be read, and the
  // next one goes; with the hold, it never goes while the field holds the mail password.
  const fieldsOf = (form: HTMLFormElement) => [...form.querySelectorAll<HTMLInputElement>('input[type="password"]')].slice(0, 100);
  const decide = (form: HTMLFormElement): 'go' | 'stop' | 'wait' => {
    let wait = false;
    for (const field of fieldsOf(form)) {
      const state = verdicts.get(field);
      if (!state) continue;
      if (state.verdict === 'pending') wait = true;
      if (state.verdict === 'match') {
        if (settings.passwordReuseHoldSubmit) return 'stop';
        if (!state.warnedSubmit) {
          state.warnedSubmit = true;
          return 'stop';
        }
      }
    }
    return wait ? 'wait' : 'go';
  };
  let releasing = false;
  const onSubmit = (event: Event): void => {
    const form = event.target as HTMLFormElement | null;
    if (releasing || form?.localName !== 'form') return;
    const decision = decide(form);
    if (decision === 'go') return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (decision === 'wait') {
      const submitter = (event as SubmitEvent).submitter;
      void settled().then(() => {
        if (decide(form) !== 'go' || !form.isConnected) return;
        releasing = true;
        try {
          form.requestSubmit(submitter && form.contains(submitter) ? submitter : null);
        } finally {
          releasing = false;
        }
      });
    }
  };
  for (const target of watched) target.addEventListener('submit', onSubmit, { capture: true, signal });
}
