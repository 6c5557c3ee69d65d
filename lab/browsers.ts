/**
 * Real browsers with the real extension build loaded: Debian's Chromium through playwright-core
 * (`--load-extension`) and Debian's Firefox ESR through puppeteer-core over WebDriver BiDi
 * (`browser.installExtension`). Test tools cannot download browsers here, so both use the system ones.
 *
 * Both sit behind one small interface so every scenario runs in both browsers unchanged.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Page as PwPage, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type LaunchOptions as PpLaunchOptions, type Page as PpPage } from 'puppeteer-core';
import { GECKO_ID } from '../manifest.config.ts';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: BrowserName[] = ['chromium', 'firefox'];

const ROOT = resolve(import.meta.dirname, '..');
export const DIST = { chromium: join(ROOT, 'dist/chrome'), firefox: join(ROOT, 'dist/firefox') };
const EXECUTABLE = { chromium: '/usr/bin/chromium', firefox: '/usr/bin/firefox-esr' };
export const CHROMIUM_EXECUTABLE = EXECUTABLE.chromium;

export interface SeenRequest {
  url: string;
  method: string;
  postData: string | null;
}

/** The part of a page the scenarios use; the same calls in both browsers. */
export interface TestPage {
  goto(url: string): Promise<void>;
  /** Extension pages (popup, options): Firefox never resolves `goto` to moz-extension:, so wait for a selector. */
  gotoExtensionPage(path: string, readySelector: string): Promise<void>;
  click(selector: string): Promise<void>;
  /** Types like a person, one key at a time (the password nudge reacts per keystroke). */
  type(selector: string, text: string): Promise<void>;
  fill(selector: string, text: string): Promise<void>;
  waitForSelector(selector: string, timeoutMs?: number): Promise<void>;
  waitForFunction(fn: string, timeoutMs?: number): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  textOf(selector: string): Promise<string>;
  /** Picks files in a file input, as the file chooser does (the browser fires `input` and `change`). */
  setFiles(selector: string, paths: string[]): Promise<void>;
  /**
   * Drops files on an element: a real DragEvent sequence (dragenter, dragover, drop) carrying a
   * DataTransfer built in the page, with files of `bytes` bytes each (what a drag from the desktop delivers).
   */
  dropFiles(selector: string, files: DroppedFile[]): Promise<void>;
  /** Every request the page made since it opened (URL, method, body). */
  requests(): SeenRequest[];
  /** Accept the next dialog (confirm/alert) the page opens. */
  acceptDialogs(): void;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
  raw: PwPage | PpPage;
}

export interface DroppedFile {
  name: string;
  bytes: number;
}

/** Page code for `dropFiles`: one string, the same in both browsers (no bundler helpers inside). */
function dropScript(selector: string, files: DroppedFile[]): string {
  return `(() => {
    const target = document.querySelector(${JSON.stringify(selector)});
    if (!target) throw new Error('dropFiles: no element matches ' + ${JSON.stringify(selector)});
    const data = new DataTransfer();
    for (const f of ${JSON.stringify(files)}) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'application/octet-stream' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: data }));
    }
    return data.files.length;
  })()`;
}

export interface ExtensionBrowser {
  name: BrowserName;
  /** chrome-extension://<id>/ or moz-extension://<uuid>/ */
  extensionOrigin: string;
  newPage(): Promise<TestPage>;
  /** Badge text and colour of the toolbar button for a tab (global when tabId is omitted). */
  badge(tabId?: number): Promise<{ text: string; color: number[]; title: string }>;
  /** Runs code in the extension's background context (service worker or background page). */
  evalInBackground<T>(expression: string): Promise<T>;
  close(): Promise<void>;
  /** The profile directory, kept until `close({ keepProfile: false })`. */
  profileDir: string;
}

export interface LaunchOptions {
  /** Reuse a profile (browser restart scenarios). */
  profileDir?: string;
  /** The browser UI language, which is also our extension's (chrome.i18n): Chromium --lang + LANGUAGE, Firefox intl.locale.requested. */
  locale?: 'en' | 'fr';
  colorScheme?: 'light' | 'dark';
  keepProfile?: boolean;
  /**
   * Chromium only. `false` launches the same browser with the same flags but without the extension:
   * the baseline a measurement compares against (bench/). Default true.
   */
  extension?: boolean;
  /** Chromium only: load this unpacked build instead of dist/chrome (a control build in the bench). */
  extensionDir?: string;
  /** Chromium only: developer mode on in the profile (see enableDeveloperMode), for a test that reloads the extension. */
  developerMode?: boolean;
  /** Chromium only: extra command-line switches, e.g. `--remote-debugging-port=0` for a second CDP client. */
  extraArgs?: string[];
  /**
   * Start the browser through this program instead: a wrapper giving it a private policy folder
   * (harness/private-policy.ts). Without one, the browser starts in a mount namespace of its own where
   * the machine's policy folders are empty, so a policy another run on this machine has in place
   * (seen: a Firefox policy setting attachmentThresholdMB 10) cannot change a scenario's settings.
   */
  executablePath?: string;
  /**
   * Host names the browser resolves to 127.0.0.1 (so a lab on loopback can be reached by a name
   * that is not loopback): Chromium `--host-resolver-rules`, Firefox `network.dns.localDomains`.
   */
  loopbackNames?: string[];
}

/**
 * An executable that starts the browser with the machine's policy folders hidden: `unshare -m`
 * (a private mount namespace, root only, as the lab already requires) and bind mounts of our own
 * folders over them, then exec of the real browser (same process: the test tool still owns it).
 */
function withoutMachinePolicies(name: BrowserName, workDir: string): string {
  const binds: Array<[string, string]> = [];
  const empty = join(workDir, 'empty');
  mkdirSync(empty, { recursive: true });
  if (name === 'firefox') {
    // Debian's firefox-esr reads /etc/firefox/policies/policies.json, then distribution/policies.json.
    for (const dir of ['/etc/firefox', '/usr/lib/firefox-esr/distribution']) if (existsSync(dir)) binds.push([empty, realpathSync(dir)]);
  } else if (existsSync('/etc/chromium')) {
    // /etc/chromium also holds Debian's master_preferences: keep the files, drop policies/.
    const etc = join(workDir, 'etc-chromium');
    mkdirSync(etc, { recursive: true });
    for (const entry of readdirSync('/etc/chromium', { withFileTypes: true }))
      if (entry.isFile()) copyFileSync(join('/etc/chromium', entry.name), join(etc, entry.name));
    binds.push([etc, '/etc/chromium']);
  }
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = join(workDir, `${name}-without-machine-policies`);
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      `# Written by lab/browsers.ts: ${EXECUTABLE[name]} with the machine's policy folders hidden.`,
      `exec unshare -m --propagation private /bin/sh -c ${quote(`${binds.map(([from, to]) => `mount --bind ${quote(from)} ${quote(to)} && `).join('')}exec ${EXECUTABLE[name]} "$@"`)} sh "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return script;
}

export async function launch(name: BrowserName, options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const dir = (name === 'chromium' && options.extensionDir) || DIST[name];
  if (options.extension !== false && !existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No build in ${dir}: run "npm run build" first.`);
  }
  const browser = await (name === 'chromium' ? launchChromium(options) : launchFirefox(options));
  if (options.locale === 'fr' && options.extension !== false) {
    // A browser without its French resources silently falls back to English, and a French scenario
    // would then test the English UI: refuse to go on instead.
    const ui = await browser
      .evalInBackground<string>(`(globalThis.browser ?? globalThis.chrome).i18n.getUILanguage()`)
      .catch((e: unknown) => String(e));
    if (!/^fr\b/.test(ui)) {
      await browser.close();
      throw new Error(
        `${name} was asked for a French UI but its extensions get "${ui}": install chromium-l10n and firefox-esr-l10n-fr (scripts/install-system-deps.sh).`,
      );
    }
  }
  return browser;
}

// ---------------------------------------------------------------- Chromium

/** Switches for Chromium with the extension (or without it: `extensionDir` null). */
export function chromiumArgs(options: { extensionDir: string | null; locale?: 'en' | 'fr' }): string[] {
  return [
    ...(options.extensionDir ? [`--disable-extensions-except=${options.extensionDir}`, `--load-extension=${options.extensionDir}`] : []),
    `--lang=${options.locale === 'fr' ? 'fr' : 'en-US'}`,
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ];
}

/**
 * Developer mode on in the profile, as for anyone who loads an unpacked extension. Without it,
 * Chromium 156 keeps an unpacked extension loaded by --load-extension until it is reloaded, then
 * leaves it disabled: `runtime.reload()` (test/e2e/orphan.e2e.ts, what an update does) never brought
 * it back, chrome://extensions saying DISABLED with the reason `unsupportedDeveloperExtension` and
 * its pages refused with ERR_BLOCKED_BY_CLIENT. Users get packed, signed updates (store or policy):
 * this switch is the harness's, not something the extension needs.
 */
function enableDeveloperMode(profileDir: string): void {
  const file = join(profileDir, 'Default', 'Preferences');
  mkdirSync(dirname(file), { recursive: true });
  const preferences = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const extensions = (preferences.extensions ?? {}) as Record<string, unknown>;
  extensions.ui = { ...((extensions.ui ?? {}) as Record<string, unknown>), developer_mode: true };
  preferences.extensions = extensions;
  writeFileSync(file, JSON.stringify(preferences));
}

async function launchChromium(options: LaunchOptions): Promise<ExtensionBrowser> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'sobre-chromium-'));
  const dir = options.extensionDir ?? DIST.chromium;
  const withExtension = options.extension !== false;
  // A wrapper of the test's own (executablePath) already decides which policies the browser sees.
  const launcherDir = options.executablePath ? null : mkdtempSync(join(tmpdir(), 'sobre-launcher-'));
  if (options.developerMode) enableDeveloperMode(profileDir);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: options.executablePath ?? (launcherDir ? withoutMachinePolicies('chromium', launcherDir) : EXECUTABLE.chromium),
    headless: true,
    locale: options.locale === 'fr' ? 'fr-FR' : 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      ...chromiumArgs({ extensionDir: withExtension ? dir : null, locale: options.locale === 'fr' ? 'fr' : 'en' }),
      ...(options.loopbackNames?.length
        ? [`--host-resolver-rules=${options.loopbackNames.map((name) => `MAP ${name} 127.0.0.1`).join(',')}`]
        : []),
      ...(options.extraArgs ?? []),
    ],
    // --lang alone gives the extension French messages, but on Linux chrome.i18n.getUILanguage()
    // (which our number and date formatting follows) comes from LANGUAGE, and only when the locale's
    // .pak exists (Debian: chromium-l10n). Checked with Chromium 156: without LANGUAGE it said en-US.
    env: { ...process.env, LANGUAGE: options.locale === 'fr' ? 'fr' : 'en_US' },
  });
  // Without the extension there is no worker to wait for, and the origin stays ''.
  const worker = withExtension ? (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }))) : null;
  const extensionOrigin = /^chrome-extension:\/\/[a-p]{32}\//.exec(worker?.url() ?? '')?.[0] ?? '';
  const currentWorker = async (): Promise<Worker> =>
    context.serviceWorkers().find((w) => w.url().startsWith(extensionOrigin)) ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));

  // Chromium 156 leaves the first storage.managed.get() of a fresh profile unanswered (the background
  // never publishes; probe: 2 runs of 4) when a tab that sent the background messages is closed while
  // that read is pending (≈ 3 s after start), until some later tab event. A person's browser keeps
  // its tabs longer than that: a page is closed only once the extension has read its policy.
  let policyReadSeen = !withExtension;
  const policyRead = async () => {
    const deadline = Date.now() + 20_000;
    while (!policyReadSeen && Date.now() < deadline) {
      const w = await currentWorker();
      policyReadSeen = await w.evaluate(`chrome.storage.local.get('effectiveSettings').then((s) => s.effectiveSettings !== undefined)`);
      if (!policyReadSeen) await new Promise((r) => setTimeout(r, 100));
    }
  };

  const browser: ExtensionBrowser = {
    name: 'chromium',
    extensionOrigin,
    profileDir,
    async newPage() {
      return wrapPlaywright(await context.newPage(), extensionOrigin, policyRead);
    },
    async badge(tabId) {
      const w = await currentWorker();
      return w.evaluate(async (tabId) => {
        const chrome = (globalThis as unknown as { chrome: import('webextension-polyfill').Browser }).chrome;
        const details = tabId === undefined ? {} : { tabId };
        return {
          text: await chrome.action.getBadgeText(details),
          color: (await chrome.action.getBadgeBackgroundColor(details)) as unknown as number[],
          title: await chrome.action.getTitle(details),
        };
      }, tabId);
    },
    async evalInBackground<T>(expression: string) {
      const w = await currentWorker();
      return (await w.evaluate(expression)) as T;
    },
    async close() {
      await context.close();
      if (!options.keepProfile) rmSync(profileDir, { recursive: true, force: true });
      if (launcherDir) rmSync(launcherDir, { recursive: true, force: true });
    },
  };
  return browser;
}

function wrapPlaywright(page: PwPage, extensionOrigin: string, policyRead: () => Promise<void> = async () => undefined): TestPage {
  const seen: SeenRequest[] = [];
  page.on('request', (r) => seen.push({ url: r.url(), method: r.method(), postData: r.postData() }));
  return {
    raw: page,
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async gotoExtensionPage(path, readySelector) {
      await page.goto(extensionOrigin + path.replace(/^\//, ''));
      await page.waitForSelector(readySelector, { state: 'attached' });
    },
    click: (s) => page.click(s),
    type: (s, text) => page.locator(s).pressSequentially(text, { delay: 5 }),
    fill: (s, text) => page.fill(s, text),
    waitForSelector: async (s, timeout = 10_000) => {
      await page.waitForSelector(s, { state: 'attached', timeout });
    },
    // Polled with evaluate (CDP), not page.waitForFunction: Playwright builds the predicate with
    // eval, which an extension page's CSP refuses, so the wait would only pass on its first check.
    waitForFunction: (fn, timeout = 10_000) => pollUntil(() => page.evaluate(fn), timeout, fn),
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    textOf: async (s) => (await page.textContent(s)) ?? '',
    setFiles: (s, paths) => page.setInputFiles(s, paths),
    dropFiles: async (s, files) => {
      await page.evaluate(dropScript(s, files));
    },
    requests: () => seen,
    acceptDialogs() {
      page.on('dialog', (d) => void d.accept());
    },
    screenshot: async (path) => {
      await page.screenshot({ path });
    },
    async close() {
      await policyRead();
      await page.close();
    },
  };
}

// ---------------------------------------------------------------- Firefox

/**
 * puppeteer's launch options for Debian's Firefox ESR, headless over WebDriver BiDi, with our add-on's
 * internal UUID pinned (a known moz-extension:// origin for its popup and options) and no prompts or
 * browser updates. `prefs` adds to or overrides the preferences. Shared with the deployment test,
 * which starts Firefox itself (its policy installs the add-on).
 */
export function firefoxLaunchOptions(options: {
  executablePath: string;
  profileDir: string;
  uuid: string;
  locale?: 'en' | 'fr';
  prefs?: Record<string, unknown>;
}): PpLaunchOptions {
  return {
    browser: 'firefox',
    executablePath: options.executablePath,
    headless: true,
    userDataDir: options.profileDir,
    protocol: 'webDriverBiDi',
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: options.uuid }),
      'intl.locale.requested': options.locale === 'fr' ? 'fr' : 'en-US',
      'browser.shell.checkDefaultBrowser': false,
      'app.update.enabled': false,
      ...options.prefs,
    },
  };
}

async function launchFirefox(options: LaunchOptions): Promise<ExtensionBrowser> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'sobre-firefox-'));
  // Pinning the internal UUID gives a known moz-extension:// origin to open the popup and options.
  const uuid = randomUUID();
  // A wrapper of the test's own (executablePath) already decides which policies the browser sees.
  const launcherDir = options.executablePath ? null : mkdtempSync(join(tmpdir(), 'sobre-launcher-'));
  const browser: PpBrowser = await puppeteer.launch(
    firefoxLaunchOptions({
      executablePath: options.executablePath ?? (launcherDir ? withoutMachinePolicies('firefox', launcherDir) : EXECUTABLE.firefox),
      profileDir,
      uuid,
      locale: options.locale,
      prefs: {
        'intl.accept_languages': options.locale === 'fr' ? 'fr-FR, fr' : 'en-US, en',
        // 0 = dark, 1 = light: the popup and our in-page UI follow prefers-color-scheme.
        'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1,
        'ui.systemUsesDarkTheme': options.colorScheme === 'dark' ? 1 : 0,
        'extensions.update.enabled': false,
        ...(options.loopbackNames?.length ? { 'network.dns.localDomains': options.loopbackNames.join(',') } : {}),
      },
    }),
  );
  await browser.installExtension(DIST.firefox);
  const extensionOrigin = `moz-extension://${uuid}/`;

  const ext: ExtensionBrowser = {
    name: 'firefox',
    extensionOrigin,
    profileDir,
    async newPage() {
      return wrapPuppeteer(await browser.newPage(), extensionOrigin);
    },
    async badge(tabId) {
      // Firefox has no handle on the background page from BiDi; an extension page of ours asks instead.
      return ext.evalInBackground(
        `(async () => { const d = ${tabId === undefined ? '{}' : `{ tabId: ${tabId} }`};
          return { text: await browser.action.getBadgeText(d), color: await browser.action.getBadgeBackgroundColor(d), title: await browser.action.getTitle(d) }; })()`,
      );
    },
    async evalInBackground<T>(expression: string) {
      // Runs in one of our extension pages, which shares the extension's APIs and storage with the background.
      const page = await browser.newPage();
      try {
        void page.goto(extensionOrigin + 'src/options/index.html').catch(() => undefined);
        // Polled by hand: an evaluation that lands mid-navigation fails with a protocol error
        // (seen with Firefox 153) instead of waiting for the new document.
        await pollUntil(
          () => page.evaluate(`location.protocol === 'moz-extension:' && typeof browser === 'object' && document.readyState !== 'loading'`),
          15_000,
          'an extension page',
        );
        return (await page.evaluate(expression)) as T;
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close();
      if (!options.keepProfile) rmSync(profileDir, { recursive: true, force: true });
      if (launcherDir) rmSync(launcherDir, { recursive: true, force: true });
    },
  };
  return ext;
}

function wrapPuppeteer(page: PpPage, extensionOrigin: string): TestPage {
  const seen: SeenRequest[] = [];
  // WebDriver BiDi in puppeteer 24 does not expose request bodies (UnsupportedOperation): URL and method only.
  page.on('request', (r) => seen.push({ url: r.url(), method: r.method(), postData: null }));
  return {
    raw: page,
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async gotoExtensionPage(path, readySelector) {
      void page.goto(extensionOrigin + path.replace(/^\//, '')).catch(() => undefined);
      // The wait can start in the page being left. Firefox's WebDriver BiDi then sometimes fails
      // the evaluation itself ("right-hand side of 'in' should be an object, got null", wrapped
      // as "Waiting for selector … failed") instead of reporting a destroyed context, which
      // puppeteer would retry: retry it here until the deadline, when the last error stands.
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          await page.waitForSelector(readySelector, { timeout: Math.max(1, deadline - Date.now()) });
          return;
        } catch (error) {
          if (Date.now() >= deadline) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    click: (s) => page.click(s),
    type: async (s, text) => {
      await page.focus(s);
      await page.keyboard.type(text, { delay: 5 });
    },
    fill: async (s, text) => {
      await page.$eval(s, (el) => ((el as HTMLInputElement).value = ''));
      await page.type(s, text);
    },
    waitForSelector: async (s, timeout = 10_000) => {
      await page.waitForSelector(s, { timeout });
    },
    waitForFunction: (fn, timeout = 10_000) => pollUntil(() => page.evaluate(fn), timeout, fn),
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    textOf: async (s) => page.$eval(s, (el) => el.textContent ?? ''),
    setFiles: async (s, paths) => {
      const input = await page.$(s);
      if (!input) throw new Error(`setFiles: no element matches ${s}`);
      // WebDriver BiDi `input.setFiles`: Firefox fires `input` and `change` like its file chooser.
      await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(...paths);
    },
    dropFiles: async (s, files) => {
      await page.evaluate(dropScript(s, files));
    },
    requests: () => seen,
    acceptDialogs() {
      page.on('dialog', (d) => void d.accept());
    },
    screenshot: async (path) => {
      await page.screenshot({ path });
    },
    close: () => page.close(),
  };
}

/** Polls a check that may throw while a page navigates, until it is truthy or time runs out. */
async function pollUntil(check: () => Promise<unknown>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Writes a file and returns its path (fixtures created per test). */
export function tempFile(name: string, bytes: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'sobre-file-'));
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(bytes, 0x61));
  return path;
}
