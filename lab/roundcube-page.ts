import type { TestPage } from './browsers.ts';
import type { LabUser } from './stack.ts';

/** What signing in needs of a lab. */
interface Lab {
  url: string;
}

/**
 * Roundcube's task as its page script knows it (`rcmail.env.task`). Not the body class: larry puts
 * no task class on <body> (checked on 1.6.5: `<body>` / `<body class="minwidth">`).
 */
const TASK = `((window.rcmail && window.rcmail.env && window.rcmail.env.task) || '')`;

/** Signs in through Roundcube's real login form (either skin) and waits for the mail view. */
export async function signIn(page: TestPage, lab: Lab, user: LabUser): Promise<void> {
  await page.goto(lab.url);
  await page.waitForFunction(`['login', 'mail'].includes(${TASK})`, 15_000);
  // Already signed in (the session cookie outlives the tab): nothing to do.
  if ((await page.evaluate<string>(TASK)) === 'login') {
    await page.fill('#rcmloginuser', user.email);
    await page.fill('#rcmloginpwd', user.password);
    await page.click('#rcmloginsubmit');
    await page.waitForFunction(`${TASK} === 'mail'`, 20_000);
  }
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
