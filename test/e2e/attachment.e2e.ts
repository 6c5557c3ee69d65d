/**
 * The attachment nudge on a real Roundcube compose page, in Chromium and Firefox ESR: files arrive
 * by the file picker and by drag and drop, recipients are typed in To, Cc and Bcc, and the banner
 * (in our extension frame, read from the frame) shows the figure ADEME's model
 * gives for that size and count, computed here in the test with the same model.
 *
 * Picker and drop run against every Roundcube interface language and skin (shared-labs.ts), with the
 * browser, hence our banner, in the same language; the deeper scenarios (silence below the
 * threshold, savings, confirm before Send) run on English elastic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  launch,
  tempFile,
  signIn,
  EN_ELASTIC,
  LAB_VARIANTS,
  variantBrowsers,
  sharedLab,
  type ExtensionBrowser,
  type TestPage,
  type LabVariant,
  type Lab,
} from '../../lab/index.ts';
import { ourBytes, ourGrams, ourText, spoken } from './harness/catalogue.ts';
import { pressOurButton, readLiveRegions, waitForLiveRegion, waitForNoLiveRegion } from './harness/shadow-ui.ts';
import { estimateAttachment } from '../../src/model/co2.ts';

const MiB = 1024 * 1024;
const BIG = 6 * MiB;
const DROPPED = 3 * MiB;

let bigFile: string;
let smallFile: string;
beforeAll(() => {
  bigFile = tempFile('report-6MB.bin', BIG);
  smallFile = tempFile('note-1MB.bin', 1 * MiB);
});

/** Empties both accounts: the labs are shared, and sent mail (base64, ~8 MB each) counts against the quota. */
async function emptyMailboxes(lab: Lab): Promise<void> {
  for (const user of lab.users) await lab.emptyMailbox(user.email);
}

/** The banner's grams as the user reads them in English: one decimal under 10 g (src/shared/format.ts). */
function shownGrams(grams: number): string {
  const digits = grams < 10 ? 1 : 0;
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(grams)} g CO₂e`;
}

async function openCompose(page: TestPage, lab: Lab): Promise<void> {
  await page.goto(`${lab.url}?_task=mail&_action=compose`);
  await page.waitForSelector('#uploadformInput');
  await page.waitForFunction('window.rcmail && rcmail.env.compose_id && !rcmail.busy', 15_000);
}

/** Types addresses in elastic's recipient widget of a header row (to, cc, bcc), showing Cc/Bcc first. */
async function addRecipient(page: TestPage, header: 'to' | 'cc' | 'bcc', address: string): Promise<void> {
  if (header !== 'to') {
    await page.click('#compose_to a[data-popup="headers-menu"]');
    await page.click(`#headers-menu a[data-target="${header}"]`);
    await page.waitForFunction(`!document.querySelector('#compose_${header}').classList.contains('hidden')`);
  }
  // A comma commits the address into a recipient box, as a user typing a list does.
  await page.type(`#compose_${header} .recipient-input input`, `${address}, `);
  await page.waitForFunction(`document.querySelector('#_${header}').value.includes(${JSON.stringify(address)})`);
}

const attachmentCount = (page: TestPage) => page.evaluate<number>(`document.querySelectorAll('#attachment-list li[id^="rcmfile"]').length`);

async function waitForAttachments(page: TestPage, count: number): Promise<void> {
  await page.waitForFunction(
    `document.querySelectorAll('#attachment-list li[id^="rcmfile"]').length === ${count} && !document.querySelector('#attachment-list li.uploading')`,
    30_000,
  );
}

async function removeFirstAttachment(page: TestPage): Promise<void> {
  const before = await attachmentCount(page);
  await page.click('#attachment-list li[id^="rcmfile"] a.delete');
  await waitForAttachments(page, before - 1);
}

/**
 * One of our extension pages, kept open for a whole browser: storage reads and writes go through it.
 * Opening one is where Firefox's WebDriver BiDi can race the navigation (an internal "right-hand
 * side of 'in'" error while polling), so it happens once, with a retry, not on every read.
 */
async function openExtensionPage(browser: ExtensionBrowser): Promise<TestPage> {
  for (let attempt = 1; ; attempt++) {
    const page = await browser.newPage();
    try {
      await page.gotoExtensionPage('src/options/index.html', '#app');
      return page;
    } catch (error) {
      await page.close().catch(() => undefined);
      if (attempt >= 3) throw error;
    }
  }
}

/** Waits until storage key `key` satisfies `test` (a JS expression over `value`); returns the value. */
async function waitForStorage<T>(extensionPage: TestPage, key: string, test: string, timeoutMs = 10_000): Promise<T | undefined> {
  return extensionPage.evaluate<T | undefined>(`(async () => {
    const api = globalThis.browser ?? chrome;
    const deadline = Date.now() + ${timeoutMs};
    for (;;) {
      const value = (await api.storage.local.get(${JSON.stringify(key)}))[${JSON.stringify(key)}];
      if ((${test}) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
  })()`);
}

/** Writes the user's settings layer, then waits until the background republished them for content scripts. */
async function setUserSettings(extensionPage: TestPage, values: Record<string, unknown>): Promise<void> {
  await extensionPage.evaluate(`(globalThis.browser ?? chrome).storage.local.set({ userSettings: ${JSON.stringify(values)} })`);
  const checks = Object.entries(values).map(
    ([k, v]) => `JSON.stringify(value?.values?.[${JSON.stringify(k)}]) === ${JSON.stringify(JSON.stringify(v))}`,
  );
  const published = await waitForStorage<{ values: Record<string, unknown> }>(extensionPage, 'effectiveSettings', checks.join(' && '));
  for (const [k, v] of Object.entries(values)) expect(published?.values?.[k], `published setting ${k}`).toEqual(v);
}

describe.each(BROWSERS)('attachment nudge in %s', (browserName) => {
  let browser: ExtensionBrowser;
  let extensionPage: TestPage;
  let lab: Lab;
  beforeAll(async () => {
    lab = await sharedLab(EN_ELASTIC);
    await emptyMailboxes(lab);
    browser = await launch(browserName);
    extensionPage = await openExtensionPage(browser);
    const signInPage = await browser.newPage();
    await signIn(signInPage, lab, lab.users[0]!);
    await signInPage.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('counts a picked and a dropped file for To, Cc and Bcc with ADEME’s figure, and records the saving when they are removed', async () => {
    const page = await browser.newPage();
    page.acceptDialogs();
    await openCompose(page, lab);
    await addRecipient(page, 'to', 'bob@example.test');
    await addRecipient(page, 'cc', 'carol@example.test');
    await addRecipient(page, 'bcc', 'dave@example.test');

    await page.setFiles('#uploadformInput', [bigFile]);
    await waitForAttachments(page, 1);
    await page.dropFiles('#compose-attachments', [{ name: 'photos-3MB.bin', bytes: DROPPED }]);
    await waitForAttachments(page, 2);

    const expected = estimateAttachment({ attachmentBytes: BIG + DROPPED, recipients: 3, yearsKept: 1 });
    const regions = await waitForLiveRegion(page, 'Big attachments: 9.0 MB in this message.', 20_000);
    const banner = regions.find((r) => r.includes('Big attachments'))!;
    expect(banner).toContain('Sent to 3 recipients, each copy kept 1 year');
    expect(banner).toContain(`about ${shownGrams(expected.grams)}`);
    expect(banner).toContain(`A share link instead: about ${shownGrams(expected.shareLinkGrams)}`);
    // Our words are in our extension frame: the page sees an empty element, never the figures.
    expect(
      await page.evaluate<boolean>(`document.documentElement.textContent.includes('Big attachments') || window.find('Big attachments')`),
    ).toBe(false);
    expect(
      await page.evaluate<number>(`[...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('sobre-mail-')).length`),
    ).toBe(0);

    // Removing the big files: the banner goes, and what was avoided is recorded for the popup.
    await removeFirstAttachment(page);
    await removeFirstAttachment(page);
    await waitForNoLiveRegion(page, 'Big attachments');
    const savings = await waitForStorage<{ bytes: number; grams: number; count: number; since: number }>(
      extensionPage,
      'attachmentSavings',
      '(value?.count ?? 0) >= 2',
    );
    const grams =
      estimateAttachment({ attachmentBytes: BIG, recipients: 3, yearsKept: 1 }).grams +
      estimateAttachment({ attachmentBytes: DROPPED, recipients: 3, yearsKept: 1 }).grams;
    expect(savings).toMatchObject({ bytes: BIG + DROPPED, count: 2 });
    expect(savings!.grams).toBeCloseTo(grams, 6);
    expect(savings!.since).toBeLessThanOrEqual(Date.now());
    await page.close();
  });

  it('says nothing for a 1 MB file', async () => {
    const page = await browser.newPage();
    await openCompose(page, lab);
    await addRecipient(page, 'to', 'bob@example.test');
    await page.setFiles('#uploadformInput', [smallFile]);
    await waitForAttachments(page, 1);
    // Long enough for an estimate to come back and be shown, were there one.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await readLiveRegions(page)).filter((r) => r.includes('attachments'))).toEqual([]);
    await page.close();
  });

  it('in confirm mode holds Send until the user confirms in the banner, then Roundcube sends', async () => {
    await setUserSettings(extensionPage, { attachmentConfirmBeforeSend: true });
    try {
      const page = await browser.newPage();
      await openCompose(page, lab);
      await addRecipient(page, 'to', 'bob@example.test');
      // Subject and text filled: Roundcube would otherwise ask about them before sending.
      await page.fill('#compose-subject', 'Quarterly report');
      await page.fill('#composebody', 'Hello Bob, the report is attached.');
      await page.setFiles('#uploadformInput', [bigFile]);
      await waitForAttachments(page, 1);
      await waitForLiveRegion(page, 'Big attachments: 6.0 MB in this message.', 20_000);

      const sentBefore = lab.sent.length;
      await page.click('#compose-content button.send, button.send');
      await waitForLiveRegion(page, 'Sending is on hold: this message carries 6.0 MB of attachments. Send it anyway?');
      await new Promise((r) => setTimeout(r, 1500));
      expect(lab.sent.length).toBe(sentBefore);
      expect(
        page.requests().filter((r) => r.method === 'POST' && /_action=send|_task=mail&_unlock/.test(r.url + (r.postData ?? ''))),
      ).toEqual([]);

      await pressOurButton(page, 'Send anyway');
      const deadline = Date.now() + 30_000;
      while (lab.sent.length === sentBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(lab.sent.length).toBe(sentBefore + 1);
      const mail = lab.sent[lab.sent.length - 1]!;
      expect(mail.to).toEqual(['bob@example.test']);
      // base64 makes the 6 MB file about 8 MB on the wire: the attachment went out with the mail.
      expect(mail.size).toBeGreaterThan(BIG);
      await page.close();
    } finally {
      await setUserSettings(extensionPage, { attachmentConfirmBeforeSend: false });
    }
  });
});

/** Recipients as a user types them: elastic's recipient widget per header, larry's plain To field. */
async function addThreeRecipients(page: TestPage, variant: LabVariant): Promise<void> {
  if (variant.skin === 'elastic') {
    await addRecipient(page, 'to', 'bob@example.test');
    await addRecipient(page, 'cc', 'carol@example.test');
    await addRecipient(page, 'bcc', 'dave@example.test');
  } else {
    await page.type('#_to', 'bob@example.test, Carol <carol@example.test>, dave@example.test');
  }
}

/** The size Roundcube prints beside each attachment, in its own words: "(6.0 MB)", "(6.0 Mo)" (show_bytes: a point in every language). */
const webmailSizes = (page: TestPage) =>
  page.evaluate<string[]>(
    `[...document.querySelectorAll('#attachment-list li[id^="rcmfile"] .attachment-size')].map((e) => e.textContent.trim())`,
  );

describe.each(LAB_VARIANTS)('attachments by picker and by drop, Roundcube $name', (variant: LabVariant) => {
  describe.each(variantBrowsers(variant))('in %s', (browserName) => {
    const { lang } = variant;
    let lab: Lab;
    let browser: ExtensionBrowser;
    beforeAll(async () => {
      lab = await sharedLab(variant);
      await emptyMailboxes(lab);
      browser = await launch(browserName, { locale: lang });
      const signInPage = await browser.newPage();
      await signIn(signInPage, lab, lab.users[0]!);
      await signInPage.close();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('a picked and a dropped file for three recipients: the banner gives ADEME’s figure in the user’s language, and goes when they are removed', async () => {
      const page = await browser.newPage();
      page.acceptDialogs();
      await openCompose(page, lab);
      await addThreeRecipients(page, variant);

      await page.setFiles('#uploadformInput', [bigFile]);
      await waitForAttachments(page, 1);
      await page.dropFiles('#compose-attachments', [{ name: 'photos-3MB.bin', bytes: DROPPED }]);
      await waitForAttachments(page, 2);
      const unit = lang === 'fr' ? 'Mo' : 'MB';
      expect(await webmailSizes(page)).toEqual([`(6.0 ${unit})`, `(3.0 ${unit})`]);

      const expected = estimateAttachment({ attachmentBytes: BIG + DROPPED, recipients: 3, yearsKept: 1 });
      const headline = spoken(ourText(lang, 'attachmentHeadline', ourBytes(lang, BIG + DROPPED)));
      const regions = await waitForLiveRegion(page, headline, 20_000);
      const banner = regions.find((r) => r.includes(headline))!;
      // "Sent to 3 recipients" / "Envoyées à 3 destinataires": the count and the plural of this language.
      expect(banner).toContain(spoken(ourText(lang, 'attachmentImpactOther', '3', '\u0000')).split('\u0000')[0]!);
      expect(banner).toContain(spoken(ourGrams(lang, expected.grams)));
      expect(banner).toContain(spoken(ourText(lang, 'attachmentShareLink', ourGrams(lang, expected.shareLinkGrams))));

      await removeFirstAttachment(page);
      await removeFirstAttachment(page);
      await waitForNoLiveRegion(page, headline);
      await page.close();
    });
  });
});
