/**
 * The out-of-office nudge on Roundcube's real managesieve Out of Office form, in Chromium and
 * Firefox ESR, with the webmail and the extension in English and in French: the advice names what
 * the reply should not tell every sender, follows the user's edits, and never holds the form back
 * (the reply is saved to the real Sieve server). The advice is read in our extension frame, as a
 * screen reader reads it; the page's own text has none of it (a hostile page's attempts:
 * test/e2e/hostile.e2e.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launch,
  signIn,
  LAB_VARIANTS,
  variantBrowsers,
  sharedLab,
  type ExtensionBrowser,
  type TestPage,
  type LabVariant,
  type Lab,
} from '../../lab/index.ts';
import { waitForLiveRegion, waitForOurListItem } from './harness/shadow-ui.ts';

const VACATION_PAGE = '?_task=settings&_action=plugin.managesieve-vacation';

const LANGUAGES = {
  en: {
    risky: 'I am on holiday abroad from August 3 to August 17, for my wedding. Urgent? Call +44 20 7946 0958.',
    advice: [/exact dates of a trip \(“August 3”\)/, /the reason for your absence \(“wedding”\)/, /a phone number \(“\+44 20 7946 0958”\)/],
    interval: /answer each sender at most once every 7 days/,
    safe: 'I am away until 18 August. For anything urgent, write to reception@example.test.',
    allGood: 'This reply says you are away without saying too much.',
  },
  fr: {
    risky: "Je suis en vacances à l'étranger du 3 août au 17 août (arrêt maladie ensuite). Urgences : 06 12 34 56 78.",
    advice: [
      /les dates exactes d'un voyage \(« 3 août »\)/,
      /le motif de votre absence \(« arrêt maladie »\)/,
      /un numéro de téléphone \(« 06 12 34 56 78 »\)/,
    ],
    interval: /au plus une fois tous les 7 jours/,
    safe: "Je suis absente jusqu'au 18 août. Pour toute urgence, écrivez à accueil@example.test.",
    allGood: 'Cette réponse dit que vous êtes absent sans en dire trop.',
  },
} as const;

/**
 * larry shows the form in two tabs (jQuery UI: "Reply message" #vacationform-t0, "Advanced
 * settings" #vacationform-t1, checked on 1.6.5); elastic shows both at once. Brings a field's tab
 * forward, as a user would, before typing in it.
 */
async function showField(page: TestPage, id: 'vacation_reason' | 'vacation_interval'): Promise<void> {
  const tab = id === 'vacation_interval' ? '#vacationform-t1' : '#vacationform-t0';
  if (await page.evaluate<boolean>(`document.querySelector('a[href="${tab}"]') !== null`)) await page.click(`a[href="${tab}"]`);
  await page.waitForFunction(`document.getElementById('${id}').offsetParent !== null`);
}

const SAVE = '.formbuttons button.submit, .formbuttons .button.mainaction';

/**
 * Waits until an element of the page stops moving. The advice grows above larry's Save button, in
 * the same scrolled box, once our frame has its new height (a round trip through the extension
 * after the review): a click aimed while it grew was seen to land beside the button (Firefox, French,
 * whose advice is the longest).
 */
async function whenStill(page: TestPage, selector: string): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const now = await page.evaluate<string>(`JSON.stringify(document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect())`);
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function openVacation(page: TestPage, lab: Lab): Promise<void> {
  await page.goto(lab.url + VACATION_PAGE);
  await page.waitForSelector('#vacation_reason');
}

// Every language and skin: the skin changes how the page is recognised (larry's <body> has no task
// class; its boot script names the page), the language what the user reads.
describe.each(LAB_VARIANTS)('out-of-office nudge, Roundcube $name', (variant: LabVariant) => {
  const language = LANGUAGES[variant.lang];
  let lab: Lab;
  beforeAll(async () => {
    lab = await sharedLab(variant);
  });

  describe.each(variantBrowsers(variant))('in %s', (browserName) => {
    let browser: ExtensionBrowser;
    const user = () => lab.users[browserName === 'chromium' ? 0 : 1]!;
    beforeAll(async () => {
      browser = await launch(browserName, { locale: variant.lang });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('names what the reply tells every sender, follows the edits, and the reply still saves', async () => {
      const page = await browser.newPage();
      await signIn(page, lab, user());
      await openVacation(page, lab);
      // The form shows the reply saved last (another scenario's): start from an empty one.
      await page.fill('#vacation_reason', '');
      await page.type('#vacation_reason', ' ');
      await waitForLiveRegion(page, language.allGood);

      await page.fill('#vacation_reason', language.risky);
      await page.type('#vacation_reason', ' ');
      const regions = (await waitForLiveRegion(page, language.advice[0])).join(' ');
      for (const advice of language.advice) expect(regions).toMatch(advice);
      // One line each, in our frame; the page's document shows none of them.
      for (const advice of language.advice) await waitForOurListItem(page, advice);
      const pageText = await page.evaluate<string>('document.documentElement.innerText');
      for (const advice of language.advice) expect(pageText).not.toMatch(advice);

      await showField(page, 'vacation_interval');
      await page.fill('#vacation_interval', '1');
      await page.type('#vacation_interval', ' ');
      await waitForLiveRegion(page, language.interval);

      await showField(page, 'vacation_reason');
      await page.fill('#vacation_reason', language.safe);
      await page.type('#vacation_reason', ' ');
      await showField(page, 'vacation_interval');
      await page.fill('#vacation_interval', '7');
      await page.type('#vacation_interval', ' ');
      await waitForLiveRegion(page, language.allGood);

      // Advice only: Save goes through to the Sieve server, risky text or not.
      await page.fill('#vacation_interval', '');
      await showField(page, 'vacation_reason');
      await page.fill('#vacation_reason', language.risky);
      await page.type('#vacation_reason', ' ');
      await waitForLiveRegion(page, language.advice[0]);
      await whenStill(page, SAVE);
      await page.click(SAVE);
      await page.waitForFunction(
        'window.rcmail && !rcmail.busy && document.querySelector("#messagestack .confirmation, #messagestack .alert-success") !== null',
        15_000,
      );
      const script = await lab.doveadm(['sieve', 'get', '-u', user().email, 'roundcube']);
      expect(script).toContain('vacation');
      expect(script).toContain(language.risky.slice(0, 20));
      await page.close();
    });
  });
});
