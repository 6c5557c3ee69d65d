// @vitest-environment happy-dom
/**
 * The password-reuse alert in a page: the always-loaded watch (one listener, nothing read before a
 * password field is used), the check on other sites (a warning naming the site, the submission held),
 * the capture on the trusted sign-in form, and bad input: a 100,000-character paste, hundreds of
 * password fields, a field in a shadow root. The real browsers and Roundcube: test/e2e/phishing.e2e.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { pbkdf2Sync } from 'node:crypto';
import { loadFixture } from './load-fixture.ts';
import { captureFrames, useEnglish } from './fake-extension.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { PASSWORD_REUSE_KEY, type ReuseStore } from '../../src/model/password-reuse.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const PASSWORD = 'Correct-Horse-9';
const SALT = Buffer.alloc(16, 7).toString('base64');
// The lowest count the store accepts keeps these tests quick; the real count is tested in unit tests.
const ITERATIONS = 100_000;
const print = (password: string) =>
  pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(SALT, 'base64'), ITERATIONS, 32, 'sha256').toString('base64');
const STORE: ReuseStore = {
  salt: SALT,
  iterations: ITERATIONS,
  entries: [
    {
      account: 'alice@example.org',
      origin: 'https://webmail.example.org',
      changeUrl: 'https://webmail.example.org/?_task=settings&_action=plugin.password',
      length: PASSWORD.length,
      fingerprint: print(PASSWORD),
      savedAt: 1,
    },
  ],
};

let frames: Awaited<ReturnType<typeof captureFrames>>;
const running: AbortController[] = [];
let sent: unknown[];
let derivations: number;

beforeEach(async () => {
  fakeBrowser.reset();
  useEnglish();
  frames = await captureFrames();
  sent = [];
  fakeBrowser.runtime.sendMessage = (async (m: unknown) => {
    sent.push(m);
    return {};
  }) as typeof fakeBrowser.runtime.sendMessage;
  derivations = 0;
  const real = crypto.subtle.deriveBits.bind(crypto.subtle);
  vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation((...args: Parameters<typeof real>) => {
    derivations++;
    return real(...args);
  });
  await fakeBrowser.storage.local.set({ [PASSWORD_REUSE_KEY]: STORE });
});
afterEach(() => {
  for (const c of running.splice(0)) c.abort();
  frames.release();
  vi.restoreAllMocks();
  vi.resetModules();
});

const settings = (changes: Partial<Settings> = {}) =>
  ({ ...structuredClone(DEFAULT_SETTINGS), webmailOrigins: ['https://webmail.example.org'], ...changes }) as Settings;
/** What our frame shows (src/frame/views.ts), as the nudge sent it. */
const warningText = () => frames.text();

function page(html: string, url = 'https://forum.example.net/login') {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  document.body.innerHTML = html;
}

function type(field: HTMLInputElement, value: string) {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

async function startCheck(changes: Partial<Settings> = {}) {
  const { startPasswordReuse } = await import('../../src/content/features/password-reuse.ts');
  const controller = new AbortController();
  running.push(controller);
  // happy-dom's events are all synthetic (isTrusted false): these tests stand for the user's own typing.
  startPasswordReuse({ page: null, settings: settings(changes), signal: controller.signal, accept: () => true });
}

const FORM = '<form id="f" action="/login"><input name="user"><input type="password" id="pw"><button id="go">Log in</button></form>';
const field = (id = 'pw') => document.getElementById(id) as HTMLInputElement;

describe('the always-loaded watch', () => {
  it('one capture-phase listener; no storage read and no message until a password field is used', async () => {
    page(FORM + '<input id="q" type="search">');
    const adds = vi.spyOn(window, 'addEventListener');
    const reads = vi.spyOn(fakeBrowser.storage.local, 'get');
    const { watchPasswordFields } = await import('../../src/content/password-watch.ts');
    const controller = new AbortController();
    running.push(controller);
    watchPasswordFields(controller.signal, () => true);
    expect(adds.mock.calls.map((c) => [c[0], (c[2] as AddEventListenerOptions).capture])).toEqual([['input', true]]);
    type(document.getElementById('q') as HTMLInputElement, 'opening hours');
    await new Promise((r) => setTimeout(r, 20));
    expect(reads).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
    type(field(), 'x');
    await vi.waitFor(() => expect(sent).toEqual([{ type: 'inject-feature', feature: 'passwordReuseAlert' }]));
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('with no fingerprint kept, a password typed asks for nothing', async () => {
    await fakeBrowser.storage.local.set({ [PASSWORD_REUSE_KEY]: { ...STORE, entries: [] } });
    page(FORM);
    const { watchPasswordFields } = await import('../../src/content/password-watch.ts');
    const controller = new AbortController();
    running.push(controller);
    watchPasswordFields(controller.signal, () => true);
    type(field(), 'x');
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual([]);
  });

  it('a page’s own synthetic events ask for nothing (only the user’s typing counts)', async () => {
    page(FORM);
    const reads = vi.spyOn(fakeBrowser.storage.local, 'get');
    const { watchPasswordFields } = await import('../../src/content/password-watch.ts');
    const controller = new AbortController();
    running.push(controller);
    watchPasswordFields(controller.signal);
    type(field(), PASSWORD);
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
  });
});

describe('the check on another site', () => {
  it('another password shows nothing; the mail password warns, naming the site and the account', async () => {
    page(FORM);
    await startCheck();
    type(field(), 'Correct-Horse-8');
    await new Promise((r) => setTimeout(r, 400));
    expect(derivations).toBe(1);
    expect(warningText()).toBe('');
    type(field(), PASSWORD);
    await vi.waitFor(() => expect(warningText()).toContain('typing your mail password on another site'), { timeout: 3000 });
    expect(warningText()).toContain('forum.example.net');
    expect(warningText()).toContain('alice@example.org');
    expect(frames.views()[0]!.querySelector('a')!.getAttribute('href')).toBe(STORE.entries[0]!.changeUrl);
    expect(sent).toEqual([{ type: 'password-reuse-seen', account: 'alice@example.org' }]);
    expect(JSON.stringify(sent)).not.toContain(PASSWORD);
  });

  it('advise: the first submission after the warning is stopped, the next goes; hold: none goes', async () => {
    for (const hold of [false, true]) {
      page(FORM);
      await startCheck({ passwordReuseHoldSubmit: hold });
      type(field(), PASSWORD);
      await vi.waitFor(() => expect(warningText()).toContain('mail password'), { timeout: 3000 });
      const form = document.getElementById('f') as HTMLFormElement;
      const outcomes: boolean[] = [];
      for (let i = 0; i < 2; i++) {
        const event = new Event('submit', { bubbles: true, cancelable: true });
        form.dispatchEvent(event);
        outcomes.push(event.defaultPrevented);
      }
      expect(outcomes, `hold ${hold}`).toEqual(hold ? [true, true] : [true, false]);
      for (const c of running.splice(0)) c.abort();
    }
  });

  it('a page guessing values itself gets no answer; and one page costs at most MAX_CHECKS_PER_PAGE fingerprints', async () => {
    const { startPasswordReuse, MAX_CHECKS_PER_PAGE } = await import('../../src/content/features/password-reuse.ts');
    page(FORM);
    const controller = new AbortController();
    running.push(controller);
    // The browser's own rule: a page's synthetic events are not the user's.
    startPasswordReuse({ page: null, settings: settings(), signal: controller.signal });
    type(field(), PASSWORD);
    await new Promise((r) => setTimeout(r, 300));
    expect(derivations).toBe(0);
    expect(warningText()).toBe('');
    controller.abort();

    page(FORM);
    await startCheck();
    for (let i = 0; i < MAX_CHECKS_PER_PAGE + 20; i++) {
      type(field(), `guess-${String(i).padStart(9, '0')}`);
      await vi.waitFor(() => expect(derivations).toBe(Math.min(i + 1, MAX_CHECKS_PER_PAGE)), { timeout: 3000 });
    }
    type(field(), PASSWORD);
    await new Promise((r) => setTimeout(r, 200));
    expect(derivations).toBe(MAX_CHECKS_PER_PAGE);
  }, 60_000);

  it('a 100,000-character paste: no fingerprint, no warning, no throw', async () => {
    page(FORM);
    await startCheck();
    type(field(), 'a'.repeat(100_000));
    await new Promise((r) => setTimeout(r, 100));
    expect(derivations).toBe(0);
    expect(warningText()).toBe('');
  });

  it('hundreds of password fields: a fingerprint only where the length matches, one at a time', async () => {
    page(`<form id="f">${Array.from({ length: 300 }, (_, i) => `<input type="password" id="p${i}">`).join('')}</form>`);
    await startCheck();
    const started = performance.now();
    for (let i = 0; i < 300; i++) type(field(`p${i}`), i % 100 === 0 ? 'x'.repeat(PASSWORD.length) : `short${i}`);
    // Dispatching 300 inputs is immediate: no fingerprint runs inside the page's event.
    expect(performance.now() - started).toBeLessThan(1000);
    await vi.waitFor(() => expect(derivations).toBe(3), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(derivations).toBe(3);
    expect(warningText()).toBe('');
  });

  it('a field inside an open shadow root is checked too', async () => {
    page('<div id="widget"></div>');
    const shadow = document.getElementById('widget')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<input type="password" id="inner">';
    await startCheck();
    type(shadow.getElementById('inner') as HTMLInputElement, PASSWORD);
    await vi.waitFor(() => expect(warningText()).toContain('mail password'), { timeout: 3000 });
  });

  it('nothing at the addresses where the password is expected', async () => {
    page(FORM, 'https://sso.example.org/login');
    await startCheck({ passwordReuseAllowedOrigins: ['https://sso.example.org'] });
    type(field(), PASSWORD);
    await new Promise((r) => setTimeout(r, 300));
    expect(derivations).toBe(0);
    expect(warningText()).toBe('');
  });
});

describe('the capture on the trusted sign-in form', () => {
  it('a quick submission waits for one fingerprint, sends it (never the password), then goes on', async () => {
    const doc = loadFixture('roundcube/elastic-login.en.html', 'https://webmail.example.org/?_task=login');
    const rcPage = roundcubeAdapter.detect(doc, location, [])!;
    const { startPasswordReuse } = await import('../../src/content/features/password-reuse.ts');
    const controller = new AbortController();
    running.push(controller);
    startPasswordReuse({ page: rcPage, settings: settings(), signal: controller.signal });
    const form = document.getElementById('login-form') as HTMLFormElement;
    const submits: boolean[] = [];
    form.addEventListener('submit', (e) => {
      submits.push(true);
      e.preventDefault();
    });
    // Both fields are `required` in Roundcube's form: a real submission only happens once they are filled.
    type(document.getElementById('rcmloginuser') as HTMLInputElement, 'alice@example.org');
    const pw = document.getElementById('rcmloginpwd') as HTMLInputElement;
    type(pw, PASSWORD);
    const first = new Event('submit', { bubbles: true, cancelable: true });
    form.dispatchEvent(first);
    // Held for the fingerprint: the page's own handler has not run yet.
    expect(first.defaultPrevented).toBe(true);
    expect(submits).toEqual([]);
    await vi.waitFor(() => expect(submits).toEqual([true]), { timeout: 3000 });
    expect(sent).toContainEqual({
      type: 'password-candidate',
      purpose: 'sign-in',
      fingerprint: print(PASSWORD),
      length: PASSWORD.length,
      changeUrl: 'https://webmail.example.org/?_task=settings&_action=plugin.password',
    });
    expect(JSON.stringify(sent)).not.toContain(PASSWORD);
  });
});

describe('the capture on the trusted password page', () => {
  it('Save waits for the new password’s fingerprint, then clicks through; the saved page says so', async () => {
    const doc = loadFixture('roundcube/elastic-password.html', 'https://webmail.example.org/?_task=settings&_action=plugin.password');
    const rcPage = roundcubeAdapter.detect(doc, location, [])!;
    expect(rcPage.passwordChangeSaved()).toBe(false);
    const { startPasswordReuse } = await import('../../src/content/features/password-reuse.ts');
    const controller = new AbortController();
    running.push(controller);
    startPasswordReuse({ page: rcPage, settings: settings(), signal: controller.signal });
    const save = document.getElementById('rcmbtn115')!;
    const clicks: boolean[] = [];
    save.addEventListener('click', () => clicks.push(true));
    type(document.getElementById('newpasswd') as HTMLInputElement, 'New-Horse-2025!');
    save.click();
    // Held for the fingerprint, then clicked again for the page's own handler.
    expect(clicks).toEqual([]);
    await vi.waitFor(() => expect(clicks).toEqual([true]), { timeout: 3000 });
    expect(sent).toContainEqual(
      expect.objectContaining({ type: 'password-candidate', purpose: 'change', fingerprint: print('New-Horse-2025!'), length: 15 }),
    );
    expect(JSON.stringify(sent)).not.toContain('New-Horse-2025!');
  });

  it('Roundcube’s "saved" page is recognised from its confirmation, not from an error', async () => {
    const doc = loadFixture('roundcube/elastic-password.html', 'https://webmail.example.org/?_task=settings&_action=plugin.password-save');
    const script = doc.createElement('script');
    // As rcmail_output_html::get_js_commands prints plugins/password/password.php's success (1.6.5).
    script.textContent = 'rcmail.display_message("Successfully saved.","confirmation");';
    doc.head.append(script);
    expect(roundcubeAdapter.detect(doc, location, [])!.passwordChangeSaved()).toBe(true);
    script.textContent = 'rcmail.display_message("Current password incorrect.","error");';
    expect(roundcubeAdapter.detect(doc, location, [])!.passwordChangeSaved()).toBe(false);
    const { startPasswordReuse } = await import('../../src/content/features/password-reuse.ts');
    script.textContent = 'rcmail.display_message("Mot de passe enregistr\u00e9.","confirmation");';
    const controller = new AbortController();
    running.push(controller);
    startPasswordReuse({ page: roundcubeAdapter.detect(doc, location, [])!, settings: settings(), signal: controller.signal });
    expect(sent).toContainEqual({ type: 'password-changed' });
  });
});
