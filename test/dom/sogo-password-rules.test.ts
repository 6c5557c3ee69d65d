// @vitest-environment happy-dom
/**
 * The password nudge on SOGo's real Preferences > Password page (fixtures saved from SOGo 5.8.0 with
 * the lab's userPasswordPolicy: 10 characters, 1 digit, 1 special symbol), in English and in French:
 * the rules SOGo prints are checked here as its server checks them, each as its own line, and block
 * mode holds Save on them. The organisation's word-list rules are off, so no download is involved.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { loadFixture } from './load-fixture.ts';
import { captureFrames, useLanguage, userEvent } from './fake-extension.ts';
import { sogoAdapter } from '../../src/content/adapters/sogo.ts';
import { parseWebmailPasswordRules } from '../../src/model/webmail-password-rules.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import en from '../../public/_locales/en/messages.json';
import fr from '../../public/_locales/fr/messages.json';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const URL = 'https://mail.example.test/SOGo/so/alice@example.test/Preferences#!/general';
const CATALOGUES = { en, fr } as const;
/** The lab's rules, as the saved pages print them and as the panel then words them. */
const LAB_RULES = [
  { kind: 'minLength', min: 10, counts: 'codePointsOnOneLine' },
  { kind: 'minCharacters', characters: 'asciiDigit', min: 1 },
  { kind: 'minCharacters', characters: 'sogoSymbol', min: 1 },
];

let frames: Awaited<ReturnType<typeof captureFrames>>;
const running: AbortController[] = [];

beforeEach(async () => {
  fakeBrowser.reset();
  fakeBrowser.runtime.getURL = ((path: string) => `chrome-extension://test/${path}`) as typeof fakeBrowser.runtime.getURL;
  frames = await captureFrames();
});

afterEach(() => {
  for (const controller of running.splice(0)) controller.abort();
  frames.release();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe.each(['en', 'fr'] as const)('SOGo password page in %s, the panel in the same language', (lang) => {
  const words = CATALOGUES[lang];
  const message = (key: keyof typeof en) => words[key].message;
  /** A line of the webmail's own rules, as the panel words it. */
  const rule = (text: string) => message('passwordRuleFromWebmail').replace('$RULE$', text);

  async function startNudge() {
    useLanguage(lang);
    const doc = loadFixture(`sogo/password.${lang}.html`, URL);
    const page = sogoAdapter.detect(doc, location, [])!;
    const { passwordChange } = await import('../../src/content/features/password-change.ts');
    const controller = new AbortController();
    running.push(controller);
    const settings: Settings = {
      ...structuredClone(DEFAULT_SETTINGS),
      passwordMode: 'block',
      passwordForbidKnownWords: false,
      passwordMinScore: 0,
    };
    passwordChange.start({ page, settings, signal: controller.signal });
    return page;
  }

  const view = () => document.getElementById('passwordView')!;
  function type(value: string) {
    for (const selector of ['input[ng-model="app.passwords.newPassword"]', 'input[name="newPasswordConfirmation"]']) {
      const field = view().querySelector<HTMLInputElement>(selector)!;
      field.value = value;
      field.dispatchEvent(userEvent(new Event('input', { bubbles: true })));
    }
  }
  function clickChange(): boolean {
    const button = view().querySelector<HTMLButtonElement>('button[ng-click="app.changePassword()"]')!;
    // SOGo's Angular enables it once the fields are filled.
    button.disabled = false;
    return button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  }

  it("understands every rule the page prints: none is left to SOGo's server", () => {
    const doc = loadFixture(`sogo/password.${lang}.html`, URL);
    const [form] = sogoAdapter.detect(doc, location, [])!.passwordForms();
    expect(parseWebmailPasswordRules(form!.webmailRuleTexts)).toEqual(LAB_RULES);
  });

  it('refuses a hyphen as the special symbol, as SOGo 5.8 does, and holds Save', async () => {
    await startNudge();
    type('Glacier-Tortue-Velours7-Boussole');
    const text = frames.text();
    const symbols = message('passwordRuleWebmailSymbols').replace('$SYMBOLS$', '% $ & * ( ) { } ! ? @ #').replace('$MIN$', '1');
    expect(text).toContain(`✗${message('passwordRuleFailed')} ${rule(symbols)}`);
    expect(text).toContain(message('passwordSomeFail'));
    expect(text).not.toContain(message('passwordPageRulesPassed'));
    expect(text).not.toContain(message('passwordRuleCheckedByWebmail').split('$RULE$')[1]!.trim());
    expect(clickChange()).toBe(false);
  });

  it('says the password meets every rule when it has one of the symbols, and lets Save through', async () => {
    await startNudge();
    type('Glacier!Tortue-Velours7-Boussole');
    const text = frames.text();
    expect(text).toContain(message('passwordAllPassed'));
    expect(text).toContain(`✓${message('passwordRulePassed')} ${rule(message('passwordRuleWebmailDigits').replace('$MIN$', '1'))}`);
    expect(clickChange()).toBe(true);
  });

  it('suggests passphrases that SOGo accepts: its words joined by one of its symbols', async () => {
    await startNudge();
    type('x');
    const suggest = frames
      .views()
      .flatMap((v) => [...v.querySelectorAll('button')])
      .find((b) => b.textContent?.includes(message('passwordSuggest')));
    expect(suggest).toBeDefined();
    suggest!.click();
    await new Promise((r) => setTimeout(r, 0));
    const phrase = /\b(?:[\p{L}\d]+!){3,}[\p{L}\d]+\b/u.exec(frames.text())?.[0];
    expect(phrase, frames.text()).toBeDefined();
    type(phrase!);
    expect(frames.text()).toContain(message('passwordAllPassed'));
    expect(clickChange()).toBe(true);
  });

  it('holds Save on a password long enough but without a digit', async () => {
    await startNudge();
    type('Glacier!Tortue-Velours-Boussole');
    expect(frames.text()).toContain(message('passwordSomeFail'));
    expect(clickChange()).toBe(false);
  });
});
