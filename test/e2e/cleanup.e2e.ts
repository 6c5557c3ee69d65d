/**
 * Clean-up in one click (issue 16, item 5) on the real Roundcube lab, in Chromium and Firefox ESR, in
 * English and in French: the popup's "Show my largest messages" makes the webmail tab list the
 * mailbox largest first (its own list sorting), and the first message listed is the largest one as
 * Dovecot (`doveadm fetch size.virtual`) reports it; "Restore" puts the user's previous order back,
 * as Roundcube saved it. "Old messages with attachments" runs the webmail's own search and lists only
 * the message with an attachment received more than a year ago.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launch,
  signIn,
  setUserSettings,
  LAB_VARIANTS,
  variantBrowsers,
  sharedLab,
  fillerMessage,
  type ExtensionBrowser,
  type TestPage,
  type LabVariant,
  type Lab,
  type LabUser,
} from '../../lab/index.ts';
import { ourText } from './harness/catalogue.ts';

const KiB = 1024;
/** Saved in this order: the largest neither first nor last, so neither date order puts it on top. */
const SIZES = [40 * KiB, 900 * KiB, 2600 * KiB, 120 * KiB, 300 * KiB];

/** `doveadm -f flow fetch 'uid size.virtual'`: every message of INBOX with its size, as Dovecot counts it. */
async function sizesByUid(lab: Lab, user: LabUser): Promise<Map<string, number>> {
  const out = await lab.doveadm(['-f', 'flow', 'fetch', '-u', user.email, 'uid size.virtual', 'mailbox', 'INBOX', 'all']);
  const sizes = new Map<string, number>();
  for (const m of out.matchAll(/uid=(\d+) size\.virtual=(\d+)/g)) sizes.set(m[1]!, Number(m[2]));
  return sizes;
}

/**
 * IMAP APPEND with an internal date (what IMAP SEARCH BEFORE compares, and what `doveadm save` cannot
 * set): resolves to the new message's UID from Dovecot's APPENDUID answer.
 */
function imapAppend(lab: Lab, user: LabUser, message: string, internalDate: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(lab.imapPort, '127.0.0.1');
    const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
    let buffer = '';
    let step = 0;
    socket.setTimeout(15_000, () => {
      socket.destroy();
      reject(new Error(`IMAP APPEND timed out: ${buffer}`));
    });
    socket.on('error', reject);
    socket.on('data', (data) => {
      buffer += data.toString('latin1');
      if (step === 0 && buffer.includes('* OK')) {
        step = 1;
        socket.write(`a1 LOGIN ${quote(user.email)} ${quote(user.password)}\r\n`);
      } else if (step === 1 && /^a1 OK/m.test(buffer)) {
        step = 2;
        socket.write(`a2 APPEND INBOX (\\Seen) ${quote(internalDate)} {${Buffer.byteLength(message, 'latin1')}}\r\n`);
      } else if (step === 2 && /^\+/m.test(buffer)) {
        step = 3;
        socket.write(`${message}\r\n`);
      } else if (step === 3 && /^a2 (OK|NO|BAD).*$/m.test(buffer)) {
        const uid = /^a2 OK \[APPENDUID \d+ (\d+)\]/m.exec(buffer)?.[1];
        socket.end('a3 LOGOUT\r\n');
        if (uid) resolve(uid);
        else reject(new Error(`IMAP APPEND refused: ${buffer}`));
      } else if (/^a1 (NO|BAD)/m.test(buffer)) {
        socket.destroy();
        reject(new Error(`IMAP LOGIN refused: ${buffer}`));
      }
    });
  });
}

function mailMessage(subject: string, withAttachment: boolean): string {
  const head = `From: Sender <sender@example.test>\r\nTo: <owner@example.test>\r\nSubject: ${subject}\r\nDate: Mon, 3 Jan 2022 10:00:00 +0000\r\nMIME-Version: 1.0\r\n`;
  if (!withAttachment) return `${head}Content-Type: text/plain; charset=us-ascii\r\n\r\nNo attachment here.`;
  return (
    `${head}Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe report is attached.\r\n` +
    `--b1\r\nContent-Type: application/pdf; name="report.pdf"\r\nContent-Disposition: attachment; filename="report.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
    `${Buffer.alloc(3000, 7).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--b1--`
  );
}

/**
 * Roundcube's list state, from its page script: the UIDs in the order the rows stand in the table
 * (not Object.keys(rows): numeric keys come out in ascending order whatever the list shows).
 */
const LIST = `(() => { const rc = window.rcmail; const l = rc && rc.message_list;
  if (!l) return null;
  const rows = [...l.tbody.rows];
  const uids = Object.values(l.rows).filter((r) => rows.includes(r.obj)).sort((a, b) => rows.indexOf(a.obj) - rows.indexOf(b.obj)).map((r) => String(r.uid));
  return { busy: !!rc.busy, sort: rc.env.sort_col + '_' + rc.env.sort_order, search: rc.env.search_request || null, uids, first: String(l.get_first_row()) }; })()`;
type ListState = { busy: boolean; sort: string; search: string | null; uids: string[]; first: string } | null;

/**
 * The popup draws the clean-up help for an account once the mail view's quota was read (the quota
 * nudge reads a page after it goes idle): wait for that reading, as a user would open the popup later.
 */
async function waitForQuotaReading(browser: ExtensionBrowser, lab: Lab, user: LabUser): Promise<void> {
  const read = `(globalThis.browser ?? globalThis.chrome).storage.local.get('quotaReadings').then((s) => JSON.stringify(s.quotaReadings ?? null))`;
  await expect
    .poll(
      async () => {
        const readings = await browser.evalInBackground<string>(read);
        return readings.includes(new URL(lab.url).origin) && readings.includes(user.email);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

async function openPopup(browser: ExtensionBrowser, ready: string): Promise<TestPage> {
  const popup = await browser.newPage();
  await popup.gotoExtensionPage('src/popup/index.html', ready);
  return popup;
}

describe.each(LAB_VARIANTS)('clean-up in one click, Roundcube $name', (variant: LabVariant) => {
  describe.each(variantBrowsers(variant))('in %s', (browserName) => {
    const { lang } = variant;
    let lab: Lab;
    let browser: ExtensionBrowser;
    let user: LabUser;
    beforeAll(async () => {
      lab = await sharedLab(variant);
      user = lab.users[browserName === 'chromium' ? 0 : 1]!;
      browser = await launch(browserName, { locale: lang });
      await setUserSettings(browser, { webmailOrigins: [new URL(lab.url).origin] });
    });
    afterAll(async () => {
      await browser?.close();
      await lab?.emptyMailbox(user.email);
    });

    it('"Show my largest messages" lists the largest message first (as doveadm measures it); "Restore" brings the previous order back', async () => {
      await lab.emptyMailbox(user.email);
      for (const [n, bytes] of SIZES.entries()) await lab.doveadm(['save', '-u', user.email, '-m', 'INBOX'], fillerMessage(bytes, n + 1));
      const sizes = await sizesByUid(lab, user);
      expect(sizes.size).toBe(SIZES.length);
      const largest = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]![0];

      const mail = await browser.newPage();
      await signIn(mail, lab, user);
      // Roundcube fills the list after its start-up request: the order before is read once every row is there.
      await mail.waitForFunction(`(() => { const s = ${LIST}; return s && !s.busy && s.uids.length === ${SIZES.length}; })()`, 20_000);
      await waitForQuotaReading(browser, lab, user);
      const before = (await mail.evaluate<ListState>(LIST))!;
      expect(before.first, 'the default order does not already put the largest first').not.toBe(largest);

      const popup = await openPopup(browser, 'button.cleanup-largest');
      expect((await popup.textOf('button.cleanup-largest')).trim()).toBe(ourText(lang, 'popupShowLargest'));
      await popup.click('button.cleanup-largest');
      await popup.waitForFunction(
        `document.querySelector('.cleanup-actions [role=status]').textContent === ${JSON.stringify(ourText(lang, 'popupCleanupShown'))}`,
        40_000,
      );
      await mail.waitForFunction(
        `(() => { const s = ${LIST}; return s && !s.busy && s.sort === 'size_DESC' && s.uids.length === ${SIZES.length}; })()`,
        20_000,
      );
      const sorted = (await mail.evaluate<ListState>(LIST))!;
      expect(sorted.first).toBe(largest);
      // The whole list follows Dovecot's sizes, largest first.
      expect(sorted.uids).toEqual([...sizes.entries()].sort((a, b) => b[1] - a[1]).map(([uid]) => uid));
      await popup.close();

      // The next popup offers to put the previous order back.
      const again = await openPopup(browser, 'button.restore-sort');
      expect((await again.textOf('button.restore-sort')).trim()).toBe(ourText(lang, 'popupRestoreSort'));
      await again.click('button.restore-sort');
      await again.waitForFunction(
        `document.querySelector('.cleanup-actions [role=status]').textContent === ${JSON.stringify(ourText(lang, 'popupSortRestored'))}`,
        40_000,
      );
      await again.waitForFunction(`document.querySelector('button.restore-sort') === null`);
      await again.close();
      await mail.waitForFunction(
        `(() => { const s = ${LIST}; return s && !s.busy && s.sort === ${JSON.stringify(before.sort)}; })()`,
        20_000,
      );
      expect((await mail.evaluate<ListState>(LIST))!.first).toBe(before.first);
      // Roundcube saved it as the user's preference: a fresh page load shows the previous order.
      await mail.goto(`${lab.url}?_task=mail&_mbox=INBOX`);
      await mail.waitForFunction(`(() => { const s = ${LIST}; return s && !s.busy && s.uids.length === ${SIZES.length}; })()`, 20_000);
      const restored = (await mail.evaluate<ListState>(LIST))!;
      expect(restored.sort).toBe(before.sort);
      expect(restored.first).toBe(before.first);
      await mail.close();
    });

    it('"Show old messages with attachments" uses the webmail’s search: only the message with an attachment received over a year ago is listed', async () => {
      await lab.emptyMailbox(user.email);
      const twoYearsAgo = new Date(Date.now() - 2 * 365 * 24 * 3600 * 1000);
      const imapDate = (d: Date) => {
        const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
        return `${String(d.getUTCDate()).padStart(2, '0')}-${month}-${d.getUTCFullYear()} 10:00:00 +0000`;
      };
      const oldWithAttachment = await imapAppend(lab, user, mailMessage('Old report', true), imapDate(twoYearsAgo));
      await imapAppend(lab, user, mailMessage('Old note', false), imapDate(twoYearsAgo));
      await imapAppend(lab, user, mailMessage('New report', true), imapDate(new Date()));

      const mail = await browser.newPage();
      await signIn(mail, lab, user);
      await mail.waitForFunction(`(() => { const s = ${LIST}; return s && !s.busy && s.uids.length === 3; })()`, 20_000);
      await waitForQuotaReading(browser, lab, user);
      const popup = await openPopup(browser, 'button.cleanup-oldAttachments');
      expect((await popup.textOf('button.cleanup-oldAttachments')).trim()).toBe(ourText(lang, 'popupShowOldAttachments'));
      await popup.click('button.cleanup-oldAttachments');
      await popup.waitForFunction(
        `document.querySelector('.cleanup-actions [role=status]').textContent === ${JSON.stringify(ourText(lang, 'popupCleanupShown'))}`,
        40_000,
      );
      await mail.waitForFunction(
        `(() => { const s = ${LIST}; return s && !s.busy && s.search !== null && s.uids.length === 1; })()`,
        20_000,
      );
      expect((await mail.evaluate<ListState>(LIST))!.uids).toEqual([oldWithAttachment]);
      await popup.close();
      await mail.close();
    });
  });
});
