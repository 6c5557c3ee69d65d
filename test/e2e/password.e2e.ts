/**
 * The password nudge on Roundcube's real Settings > Password page, in Chromium and Firefox ESR.
 * The labs enforce rules like a real provider's (stack.ts LAB_PASSWORD_RULES: 10 characters, and a
 * digit plus a punctuation character), printed by Roundcube above the form in its own language: the
 * panel must never approve what Roundcube then refuses (issue 13), in English and in French, in both
 * skins, and what the panel approves Roundcube must really accept (IMAP proves it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  launch,
  setUserSettings,
  signIn,
  startMessageRecorder,
  EN_ELASTIC,
  LAB_VARIANTS,
  variantBrowsers,
  restorePassword,
  sharedLab,
  passesLabPasswordRules,
  type ExtensionBrowser,
  type TestPage,
  type LabVariant,
  type Lab,
  type LabUser,
} from '../../lab/index.ts';
import { ourText } from './harness/catalogue.ts';
import { readLiveRegions, screenshotAroundOurFrame, waitForLiveRegion, waitForOurListItem } from './harness/shadow-ui.ts';
import { resolve } from 'node:path';

const PASSWORD_PAGE = '?_task=settings&_action=plugin.password';

/** Everything the extension keeps, as one string: local storage holds settings, readings and savings. */
async function extensionStorageDump(browser: ExtensionBrowser): Promise<string> {
  return browser.evalInBackground<string>(
    `(globalThis.browser ?? globalThis.chrome).storage.local.get(null).then((all) => JSON.stringify(all))`,
  );
}

async function openPasswordPage(page: TestPage, lab: Lab): Promise<void> {
  await page.goto(lab.url + PASSWORD_PAGE);
  try {
    await page.waitForSelector('#newpasswd', 20_000);
  } catch (error) {
    // Say where the browser is instead (a login page after a lost session, an error page...).
    const where = await page
      .evaluate<string>(
        `location.href + ' task=' + ((window.rcmail && rcmail.env.task) || '?') + ': ' + document.body.innerText.slice(0, 300)`,
      )
      .catch(() => '?');
    throw new Error(`No #newpasswd on the password page: ${where}`, { cause: error });
  }
}

/** One account per browser in each lab: the scenarios that save really change its password. */
const userFor = (lab: Lab, browserName: string): LabUser => lab.users[browserName === 'chromium' ? 0 : 1]!;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Roundcube's rule as its password plugin prints it in #ruleslist (plugins/password/localization,
 * label `passwordweak`, roundcube-plugins 1.6.5), and the word our panel's line for it must contain.
 */
const WEBMAIL_RULE = {
  en: { listed: 'Password must include at least one number and one punctuation character.', line: /punctuation/i },
  fr: { listed: 'Le mot de passe doit comporter au moins un chiffre et un signe de ponctuation.', line: /ponctuation/i },
} as const;

/** The password of issue 13: long, a digit, no punctuation. Roundcube refuses it ("Password too weak."). */
const NO_PUNCTUATION = 'Cheval7Batterie9Agrafe';
/** A four-word passphrase with digits and hyphens: every rule of ours and of the lab's Roundcube passes. */
const PASSPHRASE = 'Glacier-Tortue-Velours7-Boussole';

describe.each(BROWSERS)('password nudge in %s', (browserName) => {
  let browser: ExtensionBrowser;
  let lab: Lab;
  const user = (): LabUser => userFor(lab, browserName);
  beforeAll(async () => {
    lab = await sharedLab(EN_ELASTIC);
    browser = await launch(browserName);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses Azerty01 for its keyboard pattern, and no byte of it leaves the page', async () => {
    const recorder = await browser.newPage();
    const seenMessages = await startMessageRecorder(recorder);
    const page = await browser.newPage();
    await signIn(page, lab, user());
    await openPasswordPage(page, lab);
    const requestsBefore = page.requests().length;
    // The nudge reports the webmail's own rules (not the password) once, when it starts: wait for
    // that report, so that what follows counts only what typing sends.
    await expect
      .poll(async () => (await seenMessages()).some((m) => JSON.stringify(m).includes('"rules"')), { timeout: 15_000 })
      .toBe(true);
    const messagesBefore = (await seenMessages()).length;
    const secret = 'Azerty01';
    await page.type('#newpasswd', secret);
    const regions = await waitForLiveRegion(page, /keyboard pattern “azerty”/i);
    expect(regions.join(' ')).toMatch(/Not met: keyboard pattern “Azerty” \(AZERTY\)/);
    // Lowercase, uppercase and digit pass; besides the known-word rule, the lab's Roundcube asks for
    // 10 characters and a punctuation character (stack.ts LAB_PASSWORD_RULES), and those fail too.
    expect(regions.join(' ')).toMatch(/Met: a lowercase letter/);
    expect(regions.join(' ')).toMatch(/Not met: at least 10 characters/);

    const needles = [secret, secret.toLowerCase(), 'zerty0'];
    const messages = JSON.stringify(await seenMessages());
    const stored = await extensionStorageDump(browser);
    const traffic = page
      .requests()
      .slice(requestsBefore)
      .map((r) => `${r.url} ${r.postData ?? ''}`)
      .join('\n');
    for (const needle of needles) {
      expect(messages).not.toContain(needle);
      expect(stored.toLowerCase()).not.toContain(needle.toLowerCase());
      expect(traffic).not.toContain(needle);
    }
    // Typing sends nothing at all: the verdict is computed in the page.
    expect((await seenMessages()).slice(messagesBefore)).toEqual([]);
    await page.close();
    await recorder.close();
  });

  it('in block mode, stops Save while a rule fails: Dovecot still takes only the old password', async () => {
    await setUserSettings(browser, { passwordMode: 'block' });
    const page = await browser.newPage();
    await signIn(page, lab, user());
    await openPasswordPage(page, lab);
    await page.fill('#curpasswd', user().password);
    await page.type('#newpasswd', 'Azerty01');
    await page.type('#confpasswd', 'Azerty01');
    await waitForLiveRegion(page, /keyboard pattern/i);
    const before = page.requests().length;
    await page.click('.formbuttons .mainaction');
    const alerts = await waitForLiveRegion(page, /Not saved: /);
    expect(alerts.join(' ')).toContain('Your organisation requires every rule to pass');
    // The README's picture of the panel on Roundcube.
    if (browserName === 'chromium')
      await screenshotAroundOurFrame(page, resolve(import.meta.dirname, '../../docs/screenshots/password-roundcube.png'));
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      page
        .requests()
        .slice(before)
        .filter((r) => r.url.includes('plugin.password-save')),
    ).toEqual([]);
    expect(await lab.imapLogin(user().email, user().password)).toBe(true);
    expect(await lab.imapLogin(user().email, 'Azerty01')).toBe(false);
    await page.close();
  });

  it('lets a password that passes be saved by Roundcube; IMAP then takes the new one only', async () => {
    await setUserSettings(browser, { passwordMode: 'block' });
    const page = await browser.newPage();
    await signIn(page, lab, user());
    await openPasswordPage(page, lab);
    const fresh = 'Glacier-Tortue-Velours7-Boussole';
    await page.fill('#curpasswd', user().password);
    await page.type('#newpasswd', fresh);
    await page.type('#confpasswd', fresh);
    await waitForLiveRegion(page, /This password meets every rule/);
    try {
      await page.click('.formbuttons .mainaction');
      // Roundcube posts the form (a page load) and its driver rewrites Dovecot's passwd-file, which
      // Dovecot rereads at most once a second.
      await lab.waitForImapLogin(user().email, fresh, 20_000);
      expect(await lab.imapLogin(user().email, user().password)).toBe(false);
    } finally {
      // The lab is shared with later files: give the account its password back.
      await restorePassword(lab, user());
    }
    await page.close();
  });
});

describe.each(LAB_VARIANTS)('the webmail’s own password rules, Roundcube $name', (variant: LabVariant) => {
  describe.each(variantBrowsers(variant))('in %s', (browserName) => {
    const { lang } = variant;
    let lab: Lab;
    let browser: ExtensionBrowser;
    beforeAll(async () => {
      lab = await sharedLab(variant);
      // The browser speaks the webmail's language, so our panel does too (its strings follow the browser's UI).
      browser = await launch(browserName, { locale: lang });
      await setUserSettings(browser, { passwordMode: 'block' });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it(`${NO_PUNCTUATION}: the panel shows the webmail’s number-and-punctuation rule not met, and block mode holds Save`, async () => {
      const user = userFor(lab, browserName);
      expect(passesLabPasswordRules(NO_PUNCTUATION)).toBe(false);
      const page = await browser.newPage();
      await signIn(page, lab, user);
      await openPasswordPage(page, lab);
      // What this user reads from Roundcube, in Roundcube's language, above the form.
      expect(await page.textOf('#ruleslist')).toContain(WEBMAIL_RULE[lang].listed);

      await page.fill('#curpasswd', user.password);
      await page.type('#newpasswd', NO_PUNCTUATION);
      await page.type('#confpasswd', NO_PUNCTUATION);
      // The confirmation line turns "met" only once both fields hold the whole password: the verdict read next is the final one.
      await waitForOurListItem(
        page,
        new RegExp(`^${escape(ourText(lang, 'passwordRulePassed'))} ${escape(ourText(lang, 'passwordRuleConfirmation'))}`),
        20_000,
      );
      const line = await waitForOurListItem(page, WEBMAIL_RULE[lang].line);
      expect(line.startsWith(ourText(lang, 'passwordRuleFailed')), `the webmail's rule is "not met": ${line}`).toBe(true);
      const regions = (await readLiveRegions(page)).join(' ');
      expect(regions).not.toContain(ourText(lang, 'passwordAllPassed'));
      expect(regions).toContain(ourText(lang, 'passwordSomeFail'));

      const before = page.requests().length;
      await page.click('.formbuttons .mainaction');
      const [blockedStart, blockedEnd] = ourText(lang, 'passwordSaveBlocked', '\u0000').split('\u0000') as [string, string];
      const alerts = await waitForLiveRegion(page, new RegExp(`${escape(blockedStart.trim())}.*${escape(blockedEnd.trim())}`));
      expect(alerts.join(' ')).toMatch(WEBMAIL_RULE[lang].line);
      // Long enough for Roundcube's form.submit() to have left, had it been called.
      await new Promise((r) => setTimeout(r, 1000));
      expect(
        page
          .requests()
          .slice(before)
          .filter((r) => r.url.includes('plugin.password-save')),
      ).toEqual([]);
      expect(await lab.imapLogin(user.email, user.password)).toBe(true);
      expect(await lab.imapLogin(user.email, NO_PUNCTUATION)).toBe(false);
      await page.close();
    });

    it('a passphrase the panel approves is accepted by Roundcube: IMAP then takes only the new password', async () => {
      const user = userFor(lab, browserName);
      expect(passesLabPasswordRules(PASSPHRASE)).toBe(true);
      const page = await browser.newPage();
      await signIn(page, lab, user);
      await openPasswordPage(page, lab);
      await page.fill('#curpasswd', user.password);
      await page.type('#newpasswd', PASSPHRASE);
      await page.type('#confpasswd', PASSPHRASE);
      await waitForLiveRegion(page, ourText(lang, 'passwordAllPassed'), 20_000);
      const line = await waitForOurListItem(page, WEBMAIL_RULE[lang].line);
      expect(line.startsWith(ourText(lang, 'passwordRulePassed')), `the webmail's rule is "met": ${line}`).toBe(true);
      try {
        await page.click('.formbuttons .mainaction');
        await lab.waitForImapLogin(user.email, PASSPHRASE, 20_000);
        expect(await lab.imapLogin(user.email, user.password)).toBe(false);
      } finally {
        await restorePassword(lab, user);
      }
      await page.close();
    });
  });
});
