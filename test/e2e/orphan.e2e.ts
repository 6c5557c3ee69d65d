/**
 * Issue 19, item 3, in Chromium and Firefox ESR on the real Roundcube lab: the extension is reloaded
 * (`runtime.reload()` from one of its pages, what an update does to open tabs) while the password
 * page, in block mode, and compose are open. Then typing and Save: no "Extension context invalidated"
 * in the page's console, no Save stopped without a word (Roundcube posts the form, or our nudge, back
 * in the page, says why), and one panel, not the orphaned one beside the new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSERS,
  launch,
  signIn,
  EN_ELASTIC,
  sharedLab,
  type ExtensionBrowser,
  type TestPage,
  type Lab,
  type LabUser,
} from '../../lab/index.ts';
import { countOurFrames, readLiveRegions, waitForLiveRegion } from './harness/shadow-ui.ts';

const PASSWORD_PAGE = '?_task=settings&_action=plugin.password';
const COMPOSE_PAGE = '?_task=mail&_action=compose';

/** Console errors of a page (content scripts' included), whichever driver runs it. */
function recordConsoleErrors(page: TestPage): string[] {
  const errors: string[] = [];
  const raw = page.raw as { on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void };
  raw.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/**
 * `runtime.reload()` from one of our pages (Firefox: a temporary add-on reloads from its folder, as
 * an update replaces it), then waits until the new instance answers from one of its pages.
 */
async function reloadExtension(browser: ExtensionBrowser): Promise<void> {
  // The page that asks goes away with the extension: its evaluation may fail, the reload still happens.
  await browser
    .evalInBackground(`(setTimeout(() => (globalThis.browser ?? globalThis.chrome).runtime.reload(), 50), true)`)
    .catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1500));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const back = await browser
      .evalInBackground<boolean>(`typeof (globalThis.browser ?? globalThis.chrome).runtime.id === 'string'`)
      .catch(() => false);
    if (back) return;
    if (Date.now() > deadline) throw new Error('The extension did not come back after runtime.reload()');
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Block mode, set through one of our pages and waited for until the background published it. */
async function setBlockMode(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.newPage();
  await page.gotoExtensionPage('src/options/index.html', '#app');
  const api = `(globalThis.chrome ?? globalThis.browser)`;
  await page.evaluate(`${api}.storage.local.set({ userSettings: { passwordMode: 'block' } }).then(() => true)`);
  await page.waitForFunction(
    `${api}.storage.local.get('pageSettings').then(() => ${api}.storage.local.get('effectiveSettings')).then((s) => s.effectiveSettings?.values?.passwordMode === 'block')`,
    40_000,
  );
  await page.close();
}

/**
 * Our frames in the page once the re-injected nudge has shown its panel. Polled: at first the
 * orphan's frame may still be there beside the new one; it must go (and not come back) within the wait.
 */
async function waitForOneFrame(page: TestPage, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = await countOurFrames(page);
  while (count !== 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    count = await countOurFrames(page);
  }
  return count;
}

// Both browsers. Chromium needs developer mode on for an unpacked extension to come back from
// `runtime.reload()`: the harness sets it when asked (enableDeveloperMode in lab/browsers.ts says why).
describe.each(BROWSERS)('extension reloaded under open webmail pages, in %s', (browserName) => {
  let browser: ExtensionBrowser;
  let lab: Lab;
  const user = (): LabUser => lab.users[browserName === 'chromium' ? 0 : 1]!;
  beforeAll(async () => {
    lab = await sharedLab(EN_ELASTIC);
    browser = await launch(browserName, { developerMode: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('block mode on the password page and compose: after the reload, typing and Save work, with no page error and no silent block', async () => {
    await setBlockMode(browser);
    const compose = await browser.newPage();
    const composeErrors = recordConsoleErrors(compose);
    await signIn(compose, lab, user());
    await compose.goto(lab.url + COMPOSE_PAGE);
    await compose.waitForSelector('#compose-subject', 20_000);

    const page = await browser.newPage();
    const errors = recordConsoleErrors(page);
    await page.goto(lab.url + PASSWORD_PAGE);
    await page.waitForSelector('#newpasswd', 20_000);
    await page.fill('#curpasswd', user().password);
    await page.type('#newpasswd', 'Azerty01');
    await page.type('#confpasswd', 'Azerty01');
    await waitForLiveRegion(page, /keyboard pattern/i);
    // Before: block mode holds Save, and says so.
    await page.click('.formbuttons .mainaction');
    await waitForLiveRegion(page, /Not saved: /);

    await reloadExtension(browser);

    // Typing in the orphaned page: the old nudge must take itself down, not throw.
    await page.type('#newpasswd', 'x');
    await page.type('#confpasswd', 'x');
    // The background put the content script back: one live panel again (never two), judging the new value.
    await page.type('#newpasswd', 'y');
    await page.type('#confpasswd', 'y');
    await waitForLiveRegion(page, /keyboard pattern/i, 20_000);
    expect(await waitForOneFrame(page, 5000)).toBe(1);
    const before = page.requests().length;
    await page.click('.formbuttons .mainaction');
    // Not silent: either the new nudge says why, or Roundcube got the form.
    const deadline = Date.now() + 10_000;
    let said: string[] = [];
    let posted = false;
    while (Date.now() < deadline) {
      said = await readLiveRegions(page).catch(() => said);
      posted = page
        .requests()
        .slice(before)
        .some((r) => r.url.includes('plugin.password-save'));
      if (posted || said.some((t) => t.includes('Not saved: '))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(posted || said.some((t) => t.includes('Not saved: ')), JSON.stringify(said)).toBe(true);
    // The weak password never reached the server either way.
    expect(await lab.imapLogin(user().email, 'Azerty01xy')).toBe(false);

    // Compose, open through the reload: typing and saving the draft work.
    await compose.fill('#compose-subject', 'After the update');
    const draftBefore = compose.requests().length;
    await compose.evaluate(`rcmail.command('savedraft')`);
    const draftDeadline = Date.now() + 15_000;
    while (
      !compose
        .requests()
        .slice(draftBefore)
        .some((r) => /_action=send/.test(r.url) || r.method === 'POST')
    ) {
      if (Date.now() > draftDeadline) throw new Error('Roundcube did not save the draft');
      await new Promise((r) => setTimeout(r, 100));
    }

    const invalidated = [...errors, ...composeErrors].filter((e) => /context invalidated|dead object|can't access dead/i.test(e));
    expect(invalidated).toEqual([]);
    await page.close();
    await compose.close();
  });
});
