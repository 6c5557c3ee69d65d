/**
 * The SOGo and Horde labs (lab/sogo.ts, horde.ts) are the real thing: for each, a plain
 * headless Chromium (no extension: this checks the servers, not the extension) signs in with a lab
 * user, sees the mailbox and its quota as the webmail shows it (compared with `doveadm quota get`), and
 * changes the password through the webmail's own page; the change is then proven over IMAP (the new
 * password is accepted, the old one refused), and a password against the lab's rules is refused by
 * the server with the IMAP password unchanged.
 *
 *   npx vitest run --config vitest.e2e.config.ts test/e2e/lab-webmails.e2e.ts
 *
 * Each describe starts its lab once and prints how long the start took.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  CHROMIUM_EXECUTABLE,
  chromiumArgs,
  startHordeLab,
  startSogoLab,
  LAB_USERS,
  type HordeLab,
  type SogoLab,
  type Lab,
} from '../../lab/index.ts';

/** A process's identity: its PID and start time (/proc/<pid>/stat field 22), so a reused PID is not mistaken for it. */
function identity(pid: number): { pid: number; start: string; cmd: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return null; // a zombie runs nothing and holds nothing
    return { pid, start: fields[19]!, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() };
  } catch {
    return null;
  }
}

/** Stops the lab and checks that every process it had started is gone (waiting up to 5 s for the last exits). */
async function stopAndCheck(lab: Lab): Promise<void> {
  const before = lab
    .processIds()
    .map(identity)
    .filter((p) => p !== null);
  await lab.stop();
  let left = before;
  for (let i = 0; i < 50 && left.length > 0; i++) {
    left = left.filter((p) => identity(p.pid)?.start === p.start);
    if (left.length > 0) await new Promise((r) => setTimeout(r, 100));
  }
  expect(left.map((p) => `${p.pid} ${p.cmd}`)).toEqual([]);
}

const NEW_PASSWORD = 'Nouveau-Mot2passe!';
/** Long enough, a digit, but no special character: against every lab's rules. */
const WEAK_PASSWORD = 'abcdefghij12';

async function newPage(browser: Browser, lang: 'en' | 'fr' = 'en'): Promise<Page> {
  const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
  return context.newPage();
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, headless: true, args: chromiumArgs({ extensionDir: null }) });
});
afterAll(async () => {
  await browser?.close();
});

describe('SOGo lab (sogo 5.8, PostgreSQL, memcached, the lab Dovecot)', () => {
  let lab: SogoLab;
  beforeAll(async () => {
    const t = Date.now();
    lab = await startSogoLab();
    console.log(
      `[lab-webmails] SOGo lab started in ${((Date.now() - t) / 1000).toFixed(1)} s (${lab.startup.map((s) => `${s.step} ${s.ms} ms`).join(', ')})`,
    );
  });
  afterAll(async () => {
    // Everything it started is gone (by PID: nothing else on the machine is looked at).
    if (lab) await stopAndCheck(lab);
  });

  it('signs in over HTTP, shows the mailbox and the quota Dovecot reports', async () => {
    const alice = lab.users[0]!;
    await lab.fillToPercent(alice.email, 42);
    const quota = await lab.quotaGet(alice.email);
    const page = await newPage(browser);
    try {
      await page.goto(lab.url);
      await page.locator('input[ng-model="app.creds.username"]').fill(alice.email);
      await page.locator('#passwordField').fill(alice.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/SOGo\/so\/[^/]+\/Mail\/view/, { timeout: 30_000 });
      // The message list shows the filler messages doveadm saved.
      await expect
        .poll(
          () =>
            page
              .locator('md-virtual-repeat-container, .sg-message-list, md-list')
              .getByText(/Filler \d+/)
              .count(),
          { timeout: 30_000 },
        )
        .toBeGreaterThan(0);
      const caption = page.locator('.sg-quota .sg-md-caption');
      await expect.poll(() => caption.textContent(), { timeout: 30_000 }).toMatch(/% used on/);
      const text = (await caption.textContent())!.trim();
      // "41.96% used on 20 MB": SOGo's percentage has two decimals; doveadm floors.
      const m = /^([\d.]+)% used on ([\d.]+) MB$/.exec(text);
      expect(m, text).not.toBeNull();
      expect(Math.floor(Number(m![1]))).toBe(quota.percent);
      expect(Number(m![2])).toBe(quota.limitKiB / 1024);
      expect(Number(await page.locator('.sg-quota md-progress-linear').getAttribute('value'))).toBeCloseTo(
        (quota.usedKiB / quota.limitKiB) * 100,
        1,
      );
    } finally {
      await page.context().close();
    }
  });

  it('changes the password in Preferences > Password: IMAP takes the new one only; the lab rules are enforced', async () => {
    const bob = lab.users[1]!;
    const original = LAB_USERS[1]!.password;
    const page = await newPage(browser);
    try {
      await page.goto(lab.url);
      await page.locator('input[ng-model="app.creds.username"]').fill(bob.email);
      await page.locator('#passwordField').fill(bob.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/SOGo\/so\/[^/]+\/Mail\/view/, { timeout: 30_000 });
      await page.goto(page.url().replace(/\/Mail\/view.*$/, '/Preferences#!/general'));
      await page.locator('md-tab-item', { hasText: 'Password' }).click();
      const view = page.locator('#passwordView');
      // The rules SOGo prints from the lab's userPasswordPolicy.
      await expect
        .poll(() => view.locator('.sg-hint li').allTextContents())
        .toEqual(['Minimum length of 10 characters', 'Minimum of 1 digit', expect.stringMatching(/special/i)]);

      const change = async (newPassword: string) => {
        await view.locator('input[ng-model="app.passwords.oldPassword"]').fill(bob.password);
        await view.locator('input[ng-model="app.passwords.newPassword"]').fill(newPassword);
        await view.locator('input[name="newPasswordConfirmation"]').fill(newPassword);
        const answer = page.waitForResponse((r) => r.url().endsWith('/changePassword'));
        await view.locator('button[ng-click="app.changePassword()"]').click();
        const status = (await answer).status();
        const dialog = page.locator('md-dialog');
        const text = (await dialog.textContent({ timeout: 10_000 })) ?? '';
        await dialog.locator('button').first().click();
        await dialog.waitFor({ state: 'detached' });
        return { status, text };
      };

      const refused = await change(WEAK_PASSWORD);
      expect(refused.status).toBe(403);
      expect(refused.text).toMatch(/Password change failed/);
      expect(await lab.imapLogin(bob.email, original)).toBe(true);
      expect(await lab.imapLogin(bob.email, WEAK_PASSWORD)).toBe(false);

      const accepted = await change(NEW_PASSWORD);
      expect(accepted.status).toBe(204);
      expect(accepted.text).toMatch(/The password was changed successfully/);
      await lab.waitForImapLogin(bob.email, NEW_PASSWORD);
      expect(await lab.imapLogin(bob.email, original)).toBe(false);
      // What SOGo wrote is what Dovecot reads: its own scheme prefix, a SHA512-CRYPT hash.
      expect(await lab.sql(`SELECT c_password FROM sogo_users WHERE c_uid = '${bob.email}'`)).toMatch(/^\{sha512-crypt\}\$6\$/i);
    } finally {
      await page.context().close();
      await lab.setPassword(bob.email, original);
    }
  });
});

describe('Horde lab (Horde Webmail 5.2: IMP 6.2 + Passwd 5.0, the lab Dovecot)', () => {
  let lab: HordeLab;
  beforeAll(async () => {
    const t = Date.now();
    lab = await startHordeLab();
    console.log(
      `[lab-webmails] Horde lab started in ${((Date.now() - t) / 1000).toFixed(1)} s (${lab.startup.map((s) => `${s.step} ${s.ms} ms`).join(', ')})`,
    );
  });
  afterAll(async () => {
    if (lab) await stopAndCheck(lab);
  });

  const signIn = async (page: Page, user: { email: string; password: string }) => {
    await page.goto(lab.url);
    await page.locator('#horde_user').fill(user.email);
    await page.locator('#horde_pass').fill(user.password);
    await page.locator('#login-button').click();
    await page.waitForURL(/\/imp\/dynamic\.php\?page=mailbox/, { timeout: 30_000 });
  };

  it('signs in over HTTP, shows the mailbox and the quota Dovecot reports', async () => {
    const alice = lab.users[0]!;
    await lab.fillToPercent(alice.email, 42);
    const quota = await lab.quotaGet(alice.email);
    const page = await newPage(browser);
    try {
      await signIn(page, alice);
      await expect
        .poll(
          () =>
            page
              .locator('#msglist, #dimpmain_folder')
              .getByText(/Filler \d+/)
              .count(),
          { timeout: 30_000 },
        )
        .toBeGreaterThan(0);
      const quotaText = page.locator('#quota-text');
      await expect.poll(() => quotaText.textContent(), { timeout: 30_000 }).toMatch(/% of/);
      const text = (await quotaText.textContent())!.trim();
      // "42% of 20 MB": Horde rounds the exact ratio (%.0f); the lab fills to just past 42 %, so doveadm's floor agrees.
      const m = /^(\d+)% of (\d+) MB$/.exec(text);
      expect(m, text).not.toBeNull();
      expect(Number(m![1])).toBe(quota.percent);
      expect(Number(m![2])).toBe(quota.limitKiB / 1024);
    } finally {
      await page.context().close();
    }
  });

  it('changes the password on the Passwd page: IMAP takes the new one only; the lab rules are enforced', async () => {
    const bob = lab.users[1]!;
    const original = LAB_USERS[1]!.password;
    const page = await newPage(browser);
    try {
      await signIn(page, bob);
      const change = async (newPassword: string) => {
        await page.goto(`${lab.base}passwd/`);
        await page.locator('#passwd-oldpassword').fill(bob.password);
        await page.locator('#passwd-newpassword0').fill(newPassword);
        await page.locator('#passwd-newpassword1').fill(newPassword);
        // A real form submit: the answer is a new page with the verdict in a growl.
        await Promise.all([page.waitForEvent('load'), page.locator('#passwd-submit').click()]);
        const growl = page.locator('#Growler .GrowlerNotice').last();
        await growl.waitFor({ timeout: 15_000 });
        return {
          text: (await growl.locator('.GrowlerNoticeBody').textContent()) ?? '',
          className: (await growl.getAttribute('class')) ?? '',
        };
      };
      await page.goto(`${lab.base}passwd/`);
      expect(await page.locator('form#passwd h1.header').textContent()).toMatch(/Changing password for Lab mail server/);

      const refused = await change(WEAK_PASSWORD);
      expect(refused.className).toMatch(/horde-(warning|error)/);
      expect(refused.text).toMatch(/symbol|punctuation/i);
      expect(await lab.imapLogin(bob.email, original)).toBe(true);
      expect(await lab.imapLogin(bob.email, WEAK_PASSWORD)).toBe(false);

      const accepted = await change(NEW_PASSWORD);
      expect(accepted.className, accepted.text).toMatch(/horde-success/);
      expect(accepted.text).toMatch(/Password changed on Lab mail server/);
      await lab.waitForImapLogin(bob.email, NEW_PASSWORD);
      expect(await lab.imapLogin(bob.email, original)).toBe(false);
    } finally {
      await page.context().close();
      await lab.setPassword(bob.email, original);
    }
  });
});

describe('Horde lab in French (the locale and the comma-decimal quota fix)', () => {
  let lab: HordeLab;
  beforeAll(async () => {
    const t = Date.now();
    lab = await startHordeLab({ lang: 'fr' });
    console.log(`[lab-webmails] Horde lab (fr) started in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('shows the mailbox and the quota in French', async () => {
    const alice = lab.users[0]!;
    await lab.fillToPercent(alice.email, 42);
    const quota = await lab.quotaGet(alice.email);
    const page = await newPage(browser, 'fr');
    try {
      await page.goto(lab.url);
      await page.locator('#horde_user').fill(alice.email);
      await page.locator('#horde_pass').fill(alice.password);
      await page.locator('#login-button').click();
      await page.waitForURL(/\/imp\/dynamic\.php\?page=mailbox/, { timeout: 30_000 });
      // Without the lab's fix, French formats the percent "41,96" and every AJAX answer with the
      // quota fails: no message list, no quota. Without the compiled locale, the page stays English.
      await expect
        .poll(
          () =>
            page
              .locator('#msglist, #dimpmain_folder')
              .getByText(/Filler \d+/)
              .count(),
          { timeout: 30_000 },
        )
        .toBeGreaterThan(0);
      const quotaText = page.locator('#quota-text');
      await expect.poll(() => quotaText.textContent(), { timeout: 30_000 }).toMatch(/% de/);
      expect((await quotaText.textContent())!.trim()).toBe(`${quota.percent}% de ${quota.limitKiB / 1024} MB`);
      expect(await page.title()).toMatch(/^Courrier/);
    } finally {
      await page.context().close();
    }
  });
});
