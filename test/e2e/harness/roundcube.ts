import type { TestPage } from './browsers.ts';
import type { Lab, LabUser } from '../lab/webmail-lab.ts';

/** Signs in through Roundcube's real login form and waits for the mail view. */
export async function signIn(page: TestPage, lab: Lab, user: LabUser): Promise<void> {
  await page.goto(lab.url);
  await page.waitForSelector('#rcmloginuser, body.task-mail');
  // Already signed in (the session cookie outlives the tab): nothing to do.
  if (await page.evaluate<boolean>(`document.body.classList.contains('task-mail')`)) return;
  await page.fill('#rcmloginuser', user.email);
  await page.fill('#rcmloginpwd', user.password);
  await page.click('#rcmloginsubmit');
  await page.waitForSelector('body.task-mail');
  // Roundcube's own start-up (folder list, message list) finishes before we judge anything.
  await page.waitForFunction('window.rcmail && !window.rcmail.busy', 15_000);
}

/**
 * Records every runtime message sent to extension pages: a content script's `runtime.sendMessage`
 * reaches every extension page as well as the background, so an open extension tab sees them all.
 */
export async function startMessageRecorder(page: TestPage): Promise<() => Promise<unknown[]>> {
  await page.gotoExtensionPage('src/options/index.html', '#app');
  await page.evaluate(`(() => {
    const api = globalThis.browser ?? globalThis.chrome;
    globalThis.__seenMessages = [];
    api.runtime.onMessage.addListener((m) => { globalThis.__seenMessages.push(m); });
    return true;
  })()`);
  return () => page.evaluate('globalThis.__seenMessages');
}
