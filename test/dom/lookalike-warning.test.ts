// @vitest-environment happy-dom
/**
 * The look-alike warning on Roundcube's real sign-in page (fixture captured from 1.6.5) served at an
 * address that is not the organisation's, and a page that fights it. The real browsers' top layer
 * and screen-reader view are proven end to end (test/e2e/phishing.e2e.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { loadFixture } from './load-fixture.ts';
import { captureFrames, useEnglish } from './fake-extension.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { findSignInForm } from '../../src/content/adapters/generic.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { REPAIRS_PER_SECOND } from '../../src/content/ui/frame-host.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const TRUSTED = 'https://webmail.example.org';
let frames: Awaited<ReturnType<typeof captureFrames>>;
const running: AbortController[] = [];

beforeEach(async () => {
  fakeBrowser.reset();
  useEnglish();
  frames = await captureFrames();
});
afterEach(() => {
  for (const c of running.splice(0)) c.abort();
  frames.release();
  vi.useRealTimers();
});

async function start(url: string, webmailOrigins: string[]) {
  const doc = loadFixture('roundcube/elastic-login.en.html', url);
  const page = roundcubeAdapter.detect(doc, location, [])!;
  const { lookalikeWarning } = await import('../../src/content/features/lookalike-warning.ts');
  expect(lookalikeWarning.appliesTo(page)).toBe(true);
  const controller = new AbortController();
  running.push(controller);
  lookalikeWarning.start({
    page,
    settings: { ...structuredClone(DEFAULT_SETTINGS), webmailOrigins } as Settings,
    signal: controller.signal,
  });
  return controller;
}

const host = () => frames.host();
/** What our frame shows (src/frame/views.ts), once the nudge's first view has reached it. */
const root = () => frames.views()[0];

describe('Roundcube says what its sign-in page looks like', () => {
  it('the login fixture has a sign-in form; the mail, password and compose pages do not', () => {
    const login = roundcubeAdapter.detect(loadFixture('roundcube/elastic-login.en.html'), location, [])!.signIn();
    expect(login?.password.id).toBe('rcmloginpwd');
    expect(login?.user?.id).toBe('rcmloginuser');
    expect(login?.form?.id).toBe('login-form');
    expect(login?.submitButtons.map((b) => b.id)).toEqual(['rcmloginsubmit']);
    for (const name of [
      'elastic-mail.en',
      'larry-mail.fr',
      'elastic-password.fr',
      'larry-password.en',
      'elastic-compose.en',
      'larry-vacation.fr',
    ]) {
      expect(roundcubeAdapter.detect(loadFixture(`roundcube/${name}.html`), location, [])!.signIn(), name).toBeNull();
    }
  });

  it('the password page is named relative to where Roundcube is installed', () => {
    const page = roundcubeAdapter.detect(
      loadFixture('roundcube/elastic-login.en.html', 'https://mail.example.test/roundcube/?_task=login'),
      location,
      [],
    )!;
    expect(page.passwordChangeUrl()).toBe('https://mail.example.test/roundcube/?_task=settings&_action=plugin.password');
  });

  it('the generic adapter finds the one-password sign-in form, never the password-change form beside it', () => {
    const found = findSignInForm(loadFixture('generic/signup.html'));
    expect(found?.form?.id).toBe('login');
    expect(found?.password.name).toBe('pass');
    document.body.innerHTML = '<form id="change"><input type="password" name="a"><input type="password" name="b"></form>';
    expect(findSignInForm(document)).toBeNull();
  });
});

describe('the look-alike warning', () => {
  it('at another address: an alert above everything, naming the trusted address, with a link there', async () => {
    await start('https://phish.example.net/?_task=login', [TRUSTED]);
    expect(host()).not.toBeNull();
    // The page's side holds no text and no element name it could have defined first.
    expect(host()!.localName).toBe('div');
    expect(host()!.textContent).toBe('');
    await vi.waitFor(() => expect(root()?.querySelector('[role="alert"]')).toBeTruthy());
    expect(host()!.parentNode).toBe(document.documentElement);
    const alert = root()!.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain("This is not your organisation's webmail");
    expect(alert.textContent).toContain('phish.example.net');
    expect(alert.textContent).toContain(TRUSTED);
    expect([...root()!.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([`${TRUSTED}/`]);
    expect(host()!.getAttribute('style')).toContain('z-index:2147483647');
  });

  it('names at most three addresses, in French too', async () => {
    const { useLanguage } = await import('./fake-extension.ts');
    useLanguage('fr');
    const origins = ['https://a.example.org', 'https://b.example.org', 'https://c.example.org', 'https://d.example.org'];
    await start('https://phish.example.net/', origins);
    await vi.waitFor(() => expect(frames.text()).not.toBe(''));
    const text = frames.text();
    expect(text).toContain("Ce n'est pas la messagerie de votre organisation");
    expect(text).toContain('https://c.example.org');
    expect(text).not.toContain('https://d.example.org');
  });

  it('none at the trusted address, and none while nothing is listed', async () => {
    await start(`${TRUSTED}/?_task=login`, [TRUSTED]);
    expect(host()).toBeNull();
    await start('https://phish.example.net/', []);
    expect(host()).toBeNull();
  });

  it('comes back when removed or re-styled, and goes when the nudge stops', async () => {
    const controller = await start('https://phish.example.net/', [TRUSTED]);
    host()!.remove();
    await vi.waitFor(() => expect(host()).not.toBeNull());
    host()!.setAttribute('style', 'display:none');
    await vi.waitFor(() => expect(host()!.getAttribute('style')).toContain('display:block'));
    host()!.setAttribute('hidden', '');
    await vi.waitFor(() => expect(host()!.hasAttribute('hidden')).toBe(false));
    controller.abort();
    expect(host()).toBeNull();
  });

  it('a page removing it in a loop: no freeze, at most REPAIRS_PER_SECOND repairs a second, then once a second', async () => {
    await start('https://phish.example.net/', [TRUSTED]);
    let removals = 0;
    // The worst page: it removes the warning as soon as it is back, from its own observer.
    const fighter = new MutationObserver(() => {
      const found = host();
      if (found && removals < 10_000) {
        removals++;
        found.remove();
      }
    });
    fighter.observe(document.documentElement, { childList: true });
    host()!.remove();
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    fighter.disconnect();
    // The event loop kept turning (the timer above fired on time) and the fight was capped.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(removals).toBeLessThanOrEqual(2 * REPAIRS_PER_SECOND + 3);
    expect(removals).toBeGreaterThan(REPAIRS_PER_SECOND);
    // Once the page stops, the warning is back within the back-off.
    await vi.waitFor(() => expect(host()).not.toBeNull(), { timeout: 2500 });
  });
});
