import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  launch,
  signIn,
  startMessageRecorder,
  startPlainSite,
  EN_ELASTIC,
  sharedLab,
  type ExtensionBrowser,
  type Lab,
} from '../../lab/index.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await sharedLab(EN_ELASTIC);
});

describe.each(BROWSERS)('foundation in %s', (browserName) => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch(browserName);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the popup names Roundcube and the signed-in address after a real sign-in', async () => {
    const user = lab.users[0]!;
    const mail = await browser.newPage();
    await signIn(mail, lab, user);
    const popup = await browser.newPage();
    await popup.gotoExtensionPage('src/popup/index.html', 'p.status');
    await popup.waitForFunction(`document.querySelector('p.status')?.textContent.includes('@')`);
    const status = await popup.textOf('p.status');
    expect(status).toContain('Roundcube');
    expect(status).toContain(`Signed in as ${user.email}`);
    await popup.close();
    await mail.close();
  });

  it('says "not a webmail" on an ordinary page, changes nothing there and sends nothing', async () => {
    const site = await startPlainSite();
    try {
      const recorder = await browser.newPage();
      const seenMessages = await startMessageRecorder(recorder);
      const page = await browser.newPage();
      await page.goto(site.url);
      // Give a content script every chance to act (document_idle has passed once load fired).
      await new Promise((r) => setTimeout(r, 1500));
      expect(await page.evaluate('window.__mutations')).toEqual([]);
      expect(await page.evaluate(`document.querySelectorAll('*').length`)).toBe(
        await page.evaluate(
          `new DOMParser().parseFromString(document.documentElement.outerHTML, 'text/html').querySelectorAll('*').length`,
        ),
      );
      expect(await seenMessages()).toEqual([]);
      // The browser itself may ask for /favicon.ico; anything else would be ours.
      expect(site.hits.filter((h) => h !== 'GET /favicon.ico')).toEqual(['GET /']);
      expect(
        page
          .requests()
          .map((r) => r.url)
          .filter((u) => !u.endsWith('/favicon.ico')),
      ).toEqual([site.url]);

      const popup = await browser.newPage();
      await popup.gotoExtensionPage('src/popup/index.html', 'p.status');
      // The popup asks the tab it speaks about; this plain page must not answer.
      await popup.waitForFunction(`document.querySelector('p.status')?.textContent.length > 0`);
      expect(await popup.textOf('p.status')).toContain('not a webmail');
      await Promise.all([popup.close(), page.close(), recorder.close()]);
    } finally {
      await site.stop();
    }
  });
});
