/**
 * A Roundcube with a skin of its own (issue 15): the French ministries' Mél runs `mel_elastic` and
 * `mel_larry`, skins made from Roundcube's under other names. The lab serves copies of elastic and
 * larry named `fork_elastic` and `fork_larry` (stack.ts ensureForkedSkin: the same templates,
 * stylesheets linked as `skins/fork_elastic/…`, `rcmail.env.skin` saying the copy's name), and here,
 * in Chromium and Firefox ESR, the extension must know them as Roundcube from Roundcube's own
 * structures: the popup names Roundcube, the badge shows the quota Dovecot reports, and the password
 * panel appears on Settings > Password, holding Save in block mode while a rule fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  launch,
  setUserSettings,
  signIn,
  startLab,
  type ExtensionBrowser,
  type Lab,
  type LabUser,
  type RoundcubeSkin,
} from '../../lab/index.ts';
import { ourText } from './harness/catalogue.ts';
import { waitForLiveRegion } from './harness/shadow-ui.ts';

const PASSWORD_PAGE = '?_task=settings&_action=plugin.password';

/**
 * Each copied skin, with a mailbox fill of its own. The badge shows the fullest account the browser has
 * read (background/badge.ts), and each lab is another origin: the later skin's mailbox is the fuller,
 * so its figure on the badge can only come from its own page.
 */
const FORKS: ReadonlyArray<{ skin: RoundcubeSkin; percent: number }> = [
  { skin: 'fork_elastic', percent: 37 },
  { skin: 'fork_larry', percent: 42 },
];

const labs = new Map<RoundcubeSkin, Lab>();
beforeAll(async () => {
  const started = await Promise.all(FORKS.map(({ skin }) => startLab({ skin, quotaMB: 20 })));
  FORKS.forEach(({ skin }, i) => labs.set(skin, started[i]!));
});
afterAll(async () => {
  await Promise.allSettled([...labs.values()].map((lab) => lab.stop()));
});

/** One account per browser in each lab. */
const userFor = (lab: Lab, browserName: string): LabUser => lab.users[browserName === 'chromium' ? 0 : 1]!;

describe.each(BROWSERS)('a Roundcube skin under another name, in %s', (browserName) => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch(browserName);
    await setUserSettings(browser, { passwordMode: 'block' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(FORKS)(
    '$skin: the popup names Roundcube, the badge shows doveadm’s $percent %, block mode holds Save',
    async ({ skin, percent }) => {
      const lab = labs.get(skin)!;
      const user = userFor(lab, browserName);
      await lab.emptyMailbox(user.email);
      await lab.fillToPercent(user.email, percent);
      const quota = await lab.quotaGet(user.email);
      expect(quota.percent).toBe(percent);

      const mail = await browser.newPage();
      // Both labs are on 127.0.0.1 and cookies ignore the port: the other lab's session cookie is
      // unknown here, and signIn then signs in afresh.
      await signIn(mail, lab, user);
      // The page really is the copied skin: Roundcube says so, and links the copy's stylesheets.
      expect(await mail.evaluate<string>('rcmail.env.skin')).toBe(skin);
      expect(await mail.evaluate<boolean>(`!!document.querySelector('link[href*="skins/${skin}/"]')`)).toBe(true);

      await expect.poll(async () => (await browser.badge()).text, { timeout: 15_000 }).toBe(`${quota.percent}%`);

      const popup = await browser.newPage();
      await popup.gotoExtensionPage('src/popup/index.html', 'p.status');
      await popup.waitForFunction(`document.querySelector('p.status')?.textContent.includes('@')`);
      const status = await popup.textOf('p.status');
      expect(status).toContain(ourText('en', 'popupRecognised', 'Roundcube'));
      expect(status).toContain(user.email);
      await popup.close();

      await mail.goto(lab.url + PASSWORD_PAGE);
      await mail.waitForSelector('#newpasswd', 20_000);
      await mail.fill('#curpasswd', user.password);
      await mail.type('#newpasswd', 'Azerty01');
      await mail.type('#confpasswd', 'Azerty01');
      await waitForLiveRegion(mail, /keyboard pattern/i, 20_000);
      const before = mail.requests().length;
      await mail.click('.formbuttons .mainaction');
      const alerts = await waitForLiveRegion(mail, /Not saved: /);
      expect(alerts.join(' ')).toContain('Your organisation requires every rule to pass');
      // Long enough for Roundcube's form.submit() to have left, had it been called.
      await new Promise((r) => setTimeout(r, 1000));
      expect(
        mail
          .requests()
          .slice(before)
          .filter((r) => r.url.includes('plugin.password-save')),
      ).toEqual([]);
      expect(await lab.imapLogin(user.email, user.password)).toBe(true);
      expect(await lab.imapLogin(user.email, 'Azerty01')).toBe(false);
      await mail.close();
    },
  );
});
