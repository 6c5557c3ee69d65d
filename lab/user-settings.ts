import type { ExtensionBrowser } from './browsers.ts';

/** Sets the user's layer and waits until the background has published it for content scripts. */
export async function setUserSettings(browser: ExtensionBrowser, settings: Record<string, unknown>): Promise<void> {
  await browser.evalInBackground(
    `(globalThis.browser ?? globalThis.chrome).storage.local.set({ userSettings: ${JSON.stringify(settings)} }).then(() => true)`,
  );
  const published = (key: string) =>
    browser.evalInBackground<unknown>(
      `(globalThis.browser ?? globalThis.chrome).storage.local.get('effectiveSettings').then((s) => s.effectiveSettings?.values?.${key})`,
    );
  // What the browser's managed storage says now, for the failure message: a slow policy service or a lost answer.
  const managedProbe = () =>
    browser
      .evalInBackground<string>(
        `Promise.race([(globalThis.browser ?? globalThis.chrome).storage.managed.get().then((v) => 'a new storage.managed.get() answers ' + JSON.stringify(v).slice(0, 200), (e) => 'storage.managed.get() throws ' + e), new Promise((r) => setTimeout(() => r('a new storage.managed.get() gave no answer in 5 s'), 5000))])`,
      )
      .catch((error: unknown) => `the background could not be asked: ${String(error)}`);
  // Chromium answers the first storage.managed.get() of a fresh profile only after its policy
  // service is up (seen: 3 to 20 s), and the background publishes after it.
  // Polled by hand, not with expect.poll: this also runs in beforeAll, where vitest refuses expect.poll.
  for (const [key, value] of Object.entries(settings)) {
    const deadline = Date.now() + 40_000;
    let last: unknown;
    while (JSON.stringify((last = await published(key))) !== JSON.stringify(value)) {
      if (Date.now() > deadline)
        throw new Error(`Setting ${key} not published after 40 s: ${JSON.stringify(last)}; ${await managedProbe()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
