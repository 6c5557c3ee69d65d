/**
 * The mailbox-size nudge on SOGo and Horde (Roundcube's is test/e2e/quota.e2e.ts): the real webmail
 * shows the quota Dovecot reports (filled with doveadm), and the toolbar badge and the popup say the
 * same, in Chromium and Firefox ESR, with the webmail in English and in French (one shared lab per
 * webmail and language, shared-labs.ts).
 *
 * Kept fast: one browser per browser kind for the whole file (in English: the webmail's language is
 * the lab's), one sign-in per lab and browser. The readings pile up in that browser, so each lab
 * fills its user's mailbox a little fuller than the one before: the badge (the fullest account)
 * and the popup's main card then speak of the webmail just signed in to.
 *
 * SOGo draws its quota block after load (Angular): the badge proves the report waited for it.
 * Horde's mailbox names nobody: its reading is tied to the account Horde's compose window named at
 * the same address (background/quota.ts), so the Horde scenario opens compose once, as a user does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  launch,
  sharedHordeLab,
  sharedSogoLab,
  type ExtensionBrowser,
  type HordeLab,
  type Lab,
  type LabUser,
  type SogoLab,
  type TestPage,
  type UiLanguage,
} from '../../lab/index.ts';
import { ourBytes, ourText, spoken } from './harness/catalogue.ts';

/** One account per browser in each shared lab. */
const userFor = (lab: Lab, browserName: string): LabUser => lab.users[browserName === 'chromium' ? 0 : 1]!;

interface QuotaShown {
  percent: number;
  usedBytes: number;
  totalBytes: number;
}

/**
 * What each webmail prints of Dovecot's figures, hence what our reading holds. SOGo: the percent with
 * two decimals (Account.service.js updateQuota: Math.round(10000 × used / max) / 100) and the limit;
 * Horde: the percent rounded to a whole number (IMP's "%.0f%%") and the limit. The used size is that
 * percent of the limit (model/webmail-quota-text.ts).
 */
function shownBy(webmail: 'sogo' | 'horde', usedKiB: number, limitKiB: number): QuotaShown {
  const ratio = usedKiB / limitKiB;
  const percentShown = webmail === 'sogo' ? Math.round(10000 * ratio) / 100 : Math.round(100 * ratio);
  const totalBytes = limitKiB * 1024;
  return { percent: Math.round(percentShown), usedBytes: Math.round((percentShown / 100) * totalBytes), totalBytes };
}

async function signInSogo(page: TestPage, lab: SogoLab, user: LabUser): Promise<void> {
  // SOGo takes a new user's language from the browser, not from the lab's default: the sign-in page's
  // own language menu says French (Main.js changeLanguage: `login?language=French`), as a French user would.
  await page.goto(lab.lang === 'fr' ? `${lab.url}login?language=French` : lab.url);
  await page.waitForSelector('#passwordField', 30_000);
  await page.fill('input[ng-model="app.creds.username"]', user.email);
  await page.fill('#passwordField', user.password);
  await page.click('button[type="submit"]');
  await page.waitForFunction(`location.pathname.includes('/Mail/view')`, 30_000);
}

async function signInHorde(page: TestPage, lab: HordeLab, user: LabUser): Promise<void> {
  await page.goto(lab.url);
  await page.fill('#horde_user', user.email);
  await page.fill('#horde_pass', user.password);
  await page.click('#login-button');
  await page.waitForFunction(`location.search.includes('page=mailbox')`, 30_000);
}

interface Scenario {
  name: string;
  webmail: 'sogo' | 'horde';
  lang: UiLanguage;
  /** Each fuller than the one before (see the file's comment). */
  fillTo: number;
  lab: () => Promise<SogoLab | HordeLab>;
  /** Where the webmail prints its quota, and a word only its own language uses there. */
  quotaSelector: string;
  quotaWord: RegExp;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'SOGo in English',
    webmail: 'sogo',
    lang: 'en',
    fillTo: 42,
    lab: () => sharedSogoLab('en'),
    quotaSelector: '.sg-quota .sg-md-caption',
    quotaWord: /% used on/,
  },
  {
    name: 'SOGo in French',
    webmail: 'sogo',
    lang: 'fr',
    fillTo: 47,
    lab: () => sharedSogoLab('fr'),
    quotaSelector: '.sg-quota .sg-md-caption',
    quotaWord: /% utilisé sur/,
  },
  {
    name: 'Horde in English',
    webmail: 'horde',
    lang: 'en',
    fillTo: 53,
    lab: () => sharedHordeLab('en'),
    quotaSelector: '#quota-text',
    quotaWord: /% of /,
  },
  {
    name: 'Horde in French',
    webmail: 'horde',
    lang: 'fr',
    fillTo: 61,
    lab: () => sharedHordeLab('fr'),
    quotaSelector: '#quota-text',
    quotaWord: /% de /,
  },
];

beforeAll(async () => {
  // The four labs start together: most of each start is waiting on its own servers.
  await Promise.all(SCENARIOS.map((s) => s.lab()));
});

describe.each(BROWSERS)('mailbox size on SOGo and Horde, in %s', (browserName) => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch(browserName);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(SCENARIOS)('$name: the badge and the popup say the quota the server reports', async (scenario) => {
    const lab = await scenario.lab();
    const user = userFor(lab, browserName);
    await lab.emptyMailbox(user.email);
    await lab.fillToPercent(user.email, scenario.fillTo);
    const quota = await lab.quotaGet(user.email);
    const shown = shownBy(scenario.webmail, quota.usedKiB, quota.limitKiB);

    const mail = await browser.newPage();
    if (scenario.webmail === 'sogo') {
      await signInSogo(mail, lab as SogoLab, user);
    } else {
      await signInHorde(mail, lab as HordeLab, user);
      // The mailbox names nobody: Horde's compose window names the signed-in login, then the mailbox's
      // reading is this account's.
      await mail.goto(`${(lab as HordeLab).base}imp/dynamic.php?page=compose&type=new`);
      await mail.waitForSelector('form#compose input#user', 30_000);
      // The page says who is signed in once it has loaded and the browser is idle (content/index.ts):
      // a user stays on compose that long; the test waits for the background to have heard it.
      const origin = JSON.stringify(new URL(lab.url).origin);
      await expect
        .poll(
          () =>
            browser.evalInBackground<string | null>(
              `(globalThis.browser ?? globalThis.chrome).storage.session.get('quotaLastAccount').then((r) => r.quotaLastAccount?.[${origin}]?.account ?? null)`,
            ),
          { timeout: 30_000 },
        )
        .toBe(user.email);
      await mail.goto(`${(lab as HordeLab).base}imp/dynamic.php?page=mailbox`);
    }
    // The webmail itself shows the server's figure, in its language.
    await mail.waitForFunction(`/%/.test(document.querySelector(${JSON.stringify(scenario.quotaSelector)})?.textContent ?? '')`, 30_000);
    expect(await mail.textOf(scenario.quotaSelector)).toMatch(scenario.quotaWord);

    await expect.poll(async () => (await browser.badge()).text, { timeout: 30_000 }).toBe(`${shown.percent}%`);
    const used = ourBytes('en', shown.usedBytes);
    const total = ourBytes('en', shown.totalBytes);
    const badge = await browser.badge();
    const [titleStart] = ourText('en', 'badgeTitle', String(shown.percent), used, total, '\u0000').split('\u0000') as [string];
    expect(spoken(badge.title).startsWith(spoken(titleStart)), `badge title: ${badge.title}`).toBe(true);

    const popup = await browser.newPage();
    await popup.gotoExtensionPage('src/popup/index.html', '.quota-used');
    // The popup's main card is the fullest account: this webmail's, at this lab's address.
    expect(await popup.textOf('.account-address')).toContain(new URL(lab.url).host);
    expect(spoken(await popup.textOf('.quota-used'))).toBe(spoken(ourText('en', 'popupQuotaUsed', used, total)));
    await popup.close();

    // The reading keeps where the webmail is installed, the popup's "open the webmail": SOGo's
    // application path, Horde's web root (both the lab's own addresses).
    const origin = new URL(lab.url).origin;
    const stored = await browser.evalInBackground<{ baseUrl?: string } | null>(
      `(globalThis.browser ?? globalThis.chrome).storage.local.get('quotaReadings').then((r) => r.quotaReadings[${JSON.stringify(`${origin} ${user.email}`)}] ?? null)`,
    );
    expect(stored?.baseUrl).toBe(scenario.webmail === 'sogo' ? `${origin}/SOGo/` : (lab as HordeLab).base);
    await mail.close();
  });
});
