import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, type ExtensionBrowser, type TestPage } from './harness/browsers.ts';
import { signIn, startMessageRecorder } from './harness/roundcube.ts';
import { waitForLiveRegion } from './harness/shadow-ui.ts';
import { startLab, type Lab, type LabUser } from './lab/webmail-lab.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  await lab?.stop();
});

const PASSWORD_PAGE = '?_task=settings&_action=plugin.password';

/** Everything the extension keeps, as one string: local storage holds settings, readings and savings. */
async function extensionStorageDump(browser: ExtensionBrowser): Promise<string> {
  return browser.evalInBackground<string>(`(globalThis.browser ?? globalThis.chrome).storage.local.get(null).then((all) => JSON.stringify(all))`);
}

/** Sets the user's layer and waits until the background has published it for content scripts. */
async function setUserSettings(browser: ExtensionBrowser, settings: Record<string, unknown>): Promise<void> {
  await browser.evalInBackground(`(globalThis.browser ?? globalThis.chrome).storage.local.set({ userSettings: ${JSON.stringify(settings)} }).then(() => true)`);
  const published = (key: string) =>
    browser.evalInBackground<unknown>(`(globalThis.browser ?? globalThis.chrome).storage.local.get('effectiveSettings').then((s) => s.effectiveSettings?.values?.${key})`);
  // Chromium answers the first storage.managed.get() of a fresh profile only after its policy
  // service is up (seen: 3 to 20 s), and the background publishes after it.
  for (const [key, value] of Object.entries(settings)) await expect.poll(() => published(key), { timeout: 40_000 }).toEqual(value);
}

async function openPasswordPage(page: TestPage, lab: Lab): Promise<void> {
  await page.goto(lab.url + PASSWORD_PAGE);
  await page.waitForSelector('#newpasswd');
}

describe.each(BROWSERS)('password nudge in %s', (browserName) => {
  let browser: ExtensionBrowser;
  // One account per browser: the last scenario really changes the password.
  const user = (): LabUser => lab.users[browserName === 'chromium' ? 0 : 1]!;
  beforeAll(async () => {
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
    const messagesBefore = (await seenMessages()).length;
    const secret = 'Azerty01';
    await page.type('#newpasswd', secret);
    const regions = await waitForLiveRegion(page, /keyboard pattern “azerty”/i);
    expect(regions.join(' ')).toMatch(/Not met: keyboard pattern “Azerty” \(AZERTY\)/);
    // Length, lowercase, uppercase and digit pass; the known-word rule is what fails.
    expect(regions.join(' ')).toMatch(/Met: at least 8 characters/);

    const needles = [secret, secret.toLowerCase(), 'zerty0'];
    const messages = JSON.stringify(await seenMessages());
    const stored = await extensionStorageDump(browser);
    const traffic = page.requests().slice(requestsBefore).map((r) => `${r.url} ${r.postData ?? ''}`).join('\n');
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
    const alerts = await waitForLiveRegion(page, /Not saved: .*keyboard pattern/i);
    expect(alerts.join(' ')).toContain('Your organisation requires every rule to pass');
    await new Promise((r) => setTimeout(r, 1000));
    expect(page.requests().slice(before).filter((r) => r.url.includes('plugin.password-save'))).toEqual([]);
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
    await page.click('.formbuttons .mainaction');
    // Roundcube posts the form (a page load) and its driver rewrites Dovecot's passwd-file, which
    // Dovecot rereads at most once a second.
    await lab.waitForImapLogin(user().email, fresh, 20_000);
    expect(await lab.imapLogin(user().email, user().password)).toBe(false);
    await page.close();
  });
});
