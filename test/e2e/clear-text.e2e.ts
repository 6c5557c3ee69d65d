/**
 * The clear-text warning (issue 16, item 1) against the real Roundcube lab, in Chromium and Firefox
 * ESR, in English and in French. The lab serves http on 127.0.0.1; the browser is told to resolve
 * `webmail.lab.test` to 127.0.0.1 too (launch `loopbackNames`), so the same Roundcube is reached
 * once by a name that is not loopback (the password would cross a network in clear: warned) and
 * once by its loopback address (nothing leaves the computer: not warned).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launch,
  signIn,
  setUserSettings,
  LAB_VARIANTS,
  variantBrowsers,
  sharedLab,
  type ExtensionBrowser,
  type LabVariant,
  type Lab,
} from '../../lab/index.ts';
import { ourText, spoken } from './harness/catalogue.ts';
import { countOurFrames, pressOurButton, readLiveRegions, waitForLiveRegion, waitForNoLiveRegion } from './harness/shadow-ui.ts';

const NAME = 'webmail.lab.test';
/** What IT names as the address to use; never opened by the test (nothing listens on 443). */
const SECURE = `https://${NAME}/`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(LAB_VARIANTS)('clear-text warning, Roundcube $name', (variant: LabVariant) => {
  describe.each(variantBrowsers(variant))('in %s', (browserName) => {
    const { lang } = variant;
    let lab: Lab;
    let browser: ExtensionBrowser;
    let named: string;
    let warnedAfterMs = 2000;
    beforeAll(async () => {
      lab = await sharedLab(variant);
      named = lab.url.replace('127.0.0.1', NAME);
      browser = await launch(browserName, { locale: lang, loopbackNames: [NAME] });
      // Both addresses are the organisation's webmail here: trust is not what tells them apart.
      await setUserSettings(browser, { webmailOrigins: [new URL(named).origin, new URL(lab.url).origin], webmailSecureUrl: SECURE });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('over http on a name that is not loopback, the sign-in page and the mail view warn, linking to the https address; so does the popup', async () => {
      const title = ourText(lang, 'clearTextTitle');
      const body = ourText(lang, 'clearTextBody', new URL(named).host);
      const page = await browser.newPage();
      const started = Date.now();
      await page.goto(named);
      expect(page.requests()[0]?.url.startsWith(`http://${NAME}:`), 'the page was loaded over http by its name').toBe(true);
      const signInRegions = await waitForLiveRegion(page, title, 15_000);
      warnedAfterMs = Date.now() - started;
      const warning = signInRegions.find((r) => r.includes(title))!;
      expect(spoken(warning)).toContain(spoken(body));
      expect(warning).toContain(`${ourText(lang, 'clearTextUseSecure')} ${SECURE}`);
      expect(await page.evaluate<boolean>(`document.querySelector('#rcmloginpwd') !== null`)).toBe(true);

      // Signing in anyway (the warning advises, never blocks): the mail view warns too.
      await signIn(page, { url: named }, lab.users[0]!);
      await waitForLiveRegion(page, title, 15_000);

      const popup = await browser.newPage();
      await popup.gotoExtensionPage('src/popup/index.html', '.status.clear-text');
      const text = spoken(await popup.evaluate<string>('document.querySelector(".status.clear-text").innerText'));
      expect(text).toContain(spoken(title));
      expect(text).toContain(spoken(body));
      expect(await popup.evaluate<string>('document.querySelector(".status.clear-text a").getAttribute("href")')).toBe(SECURE);
      await popup.close();

      // "Hide", from the keyboard: gone for this page load.
      await pressOurButton(page, ourText(lang, 'clearTextHide'));
      await waitForNoLiveRegion(page, title, 5_000);
      await page.close();
    });

    it('the same webmail on its loopback address (127.0.0.1) shows no warning, in the page or the popup', async () => {
      const title = ourText(lang, 'clearTextTitle');
      const page = await browser.newPage();
      await signIn(page, lab, lab.users[0]!);
      // Twice the time the named page took to warn, and a second more.
      await sleep(2 * warnedAfterMs + 1000);
      expect((await readLiveRegions(page)).filter((r) => r.includes(title))).toEqual([]);
      expect(await countOurFrames(page)).toBe(0);

      const popup = await browser.newPage();
      // The status line comes from the tab's content script, after the popup has the tab's address.
      await popup.gotoExtensionPage('src/popup/index.html', '.status');
      await popup.waitForFunction(`document.body.innerText.includes(${JSON.stringify(ourText(lang, 'popupRecognised', 'Roundcube'))})`);
      expect(await popup.evaluate<string>('document.body.innerText')).not.toContain(title);
      expect(await popup.evaluate<boolean>('document.querySelector(".status.clear-text") === null')).toBe(true);
      await popup.close();
      await page.close();
    });
  });
});
