/**
 * docs/deployment.md, followed as an admin would, in the real browsers: each scenario installs the
 * files the guide names (read from docs/examples, only the intranet address swapped for a server on
 * 127.0.0.1) in a private copy of the policy folder (harness/private-policy.ts: a mount namespace of
 * the browser's own, never /etc or /usr), then checks what the guide says happens.
 *
 * - Chromium, pilot: the settings file only + the unpacked build → the build loads with the key's id
 *   and the fields are locked; deleting the settings file unlocks them without a restart.
 * - Chromium, both Linux files + the unpacked build → the unpacked build is not loaded (the guide
 *   says to leave the install file out of a pilot).
 * - Chromium, self-hosted: a key from `npm run keygen`, CRXs and updates.xml from `npm run pack-crx`
 *   served on 127.0.0.1, both Linux files → Chromium installs the CRX by policy; with a 0.2.0 CRX and
 *   an updates.xml naming it on the server, "Update" in chrome://extensions makes Chromium's own
 *   updater fetch both and run 0.2.0, the settings still applied; removing the install policy removes
 *   it. That update needs "override_update_url": true in the install file: without it 0.2.0 did not
 *   come within 60 s (Chromium then follows the manifest's update address, i.e. the Web Store). The
 *   schedule is not covered: with --extensions-update-frequency=30, 0.2.0 did not come within 60 s.
 * - Firefox ESR, the ESR-only route: the example policies.json with its install_url served locally and
 *   signature checks off by policy → Firefox installs the XPI itself and the settings are locked;
 *   a new version at a new (versioned) install_url is installed at the next start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type BrowserContext, type Page as PwPage } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type Page as PpPage } from 'puppeteer-core';
import { GECKO_ID } from '../../manifest.config.ts';
import { CHROMIUM_ID } from '../../scripts/lib/ids.ts';
import { DIST, chromiumArgs, firefoxLaunchOptions, launch, type ExtensionBrowser, type TestPage } from '../../lab/index.ts';
import { privatePolicy, type PrivatePolicy } from './harness/private-policy.ts';
import { generateKey, publicKeyOf } from '../../scripts/keygen.ts';
import { packCrx } from '../../scripts/pack-crx.ts';
import { chromiumExtensionId } from '../../scripts/lib/ids.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, any>;

const SETTINGS_FILE = readJson('docs/examples/linux/sobre-mail-settings.json');
const INSTALL_FILE = readJson('docs/examples/linux/sobre-mail-install.json');
const FIREFOX_FILE = readJson('docs/examples/firefox/policies.json');
const EXAMPLE_SETTINGS = SETTINGS_FILE['3rdparty'].extensions[CHROMIUM_ID] as Record<string, unknown>;

/** Polls a condition evaluated in a page from outside (extension pages refuse in-page eval polling). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // The page may still be loading.
    }
    if (Date.now() > deadline) throw new Error(`${what}: still not so after ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const fieldState = (id: string) =>
  `(() => { const el = document.getElementById(${JSON.stringify(id)}); return el ? { value: el.value, disabled: el.disabled, locked: document.getElementById(${JSON.stringify(`${id}-locked`)})?.textContent ?? null } : null; })()`;
type FieldState = { value: string; disabled: boolean; locked: string | null } | null;

describe('Chromium: a pilot as docs/deployment.md describes it (settings file only, unpacked build)', () => {
  let browser: ExtensionBrowser;
  let page: TestPage;
  const policy = privatePolicy('chromium');

  beforeAll(async () => {
    policy.write(SETTINGS_FILE);
    browser = await launch('chromium', { executablePath: policy.executable });
  });
  afterAll(async () => {
    await browser?.close();
    policy.dispose();
  });

  it('the unpacked dist/chrome loads with the id the guide gives, and the settings lock its fields', async () => {
    expect(browser.extensionOrigin).toBe(`chrome-extension://${CHROMIUM_ID}/`);
    page = await browser.newPage();
    await page.gotoExtensionPage('src/options/index.html', '#passwordMinLength');
    const minLength = await until(
      () => page.evaluate<FieldState>(fieldState('passwordMinLength')),
      (s) => s?.value === '12',
      'passwordMinLength from the settings file',
    );
    expect(minLength).toEqual({ value: '12', disabled: true, locked: 'Set by your organisation' });
    expect(await page.evaluate<FieldState>(fieldState('webmailOrigins'))).toMatchObject({
      value: (EXAMPLE_SETTINGS.webmailOrigins as string[]).join('\n'),
      disabled: true,
    });
    expect(await page.evaluate(`document.querySelector('.invalid-policy')`)).toBeNull();
  });

  it('deleting the settings file unlocks the fields, back to the defaults, without a restart or a reload', async () => {
    await page.evaluate(`window.__sameDocument = true`);
    policy.remove();
    const minLength = await until(
      () => page.evaluate<FieldState>(fieldState('passwordMinLength')),
      (s) => s?.disabled === false,
      'passwordMinLength unlocked',
    );
    expect(minLength).toEqual({ value: '8', disabled: false, locked: null });
    expect(await page.evaluate<FieldState>(fieldState('webmailOrigins'))).toMatchObject({ value: '', disabled: false });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  });
});

describe('Chromium: with the install file as well, the unpacked build is blocked (why the pilot leaves it out)', () => {
  let context: BrowserContext | undefined;
  const profileDir = mkdtempSync(join(tmpdir(), 'sobre-deploy-chromium-'));
  const policy = privatePolicy('chromium');

  afterAll(async () => {
    await context?.close();
    rmSync(profileDir, { recursive: true, force: true });
    policy.dispose();
  });

  const LOADED_BY_HAND = /^(COMMAND_LINE|UNPACKED)$/;

  /** What chrome://extensions-internals lists: every extension the profile holds, with its location. */
  async function installedExtensions(page: PwPage): Promise<{ id: string; location: string }[]> {
    await page.goto('chrome://extensions-internals');
    const text = await until(
      () => page.evaluate(() => document.body.innerText),
      (t) => t.trim().startsWith('['),
      'chrome://extensions-internals',
    );
    return (JSON.parse(text) as { id: string; location: string }[]).map(({ id, location }) => ({ id, location }));
  }

  it('Chromium does not load dist/chrome under the id the install file force-installs', async () => {
    // Both Linux files of the guide: one policy file holding both is what Chromium reads from two.
    policy.write({ ...INSTALL_FILE, ...SETTINGS_FILE });
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: policy.executable,
      headless: true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: chromiumArgs({ extensionDir: DIST.chromium }),
    });
    const page = await context.newPage();
    const installed = await installedExtensions(page);
    // --load-extension gives the location COMMAND_LINE (UNPACKED: loaded from chrome://extensions).
    expect(installed.filter((e) => e.id === CHROMIUM_ID && LOADED_BY_HAND.test(e.location))).toEqual([]);
    expect(context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${CHROMIUM_ID}/`))).toEqual([]);
    await context.close();
    context = undefined;

    // The control: the same browser, profile and flags with the settings file only loads it.
    policy.write(SETTINGS_FILE);
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: policy.executable,
      headless: true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: chromiumArgs({ extensionDir: DIST.chromium }),
    });
    const control = await installedExtensions(await context.newPage());
    expect(control.filter((e) => e.id === CHROMIUM_ID).map((e) => e.location)).toEqual([expect.stringMatching(LOADED_BY_HAND)]);
  });
});

describe('Firefox ESR: the ESR-only route (unsigned XPI, signature checks off by policy), installed by policy, then updated', () => {
  let server: Server;
  let origin = '';
  const served = new Map<string, string>();
  const work = mkdtempSync(join(tmpdir(), 'sobre-deploy-firefox-'));
  const profileDir = join(work, 'profile');
  const uuid = randomUUID();
  const policy: PrivatePolicy = privatePolicy('firefox');
  let browser: PpBrowser | undefined;

  /** An XPI of dist/firefox with this version in its manifest (what `npm run package` zips, renamed). */
  function xpi(version: string): string {
    const dir = join(work, `build-${version}`);
    cpSync(DIST.firefox, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.version = version;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const file = join(work, `sobre-mail-${version}.xpi`);
    execFileSync('zip', ['-q', '-r', '-X', file, '.'], { cwd: dir });
    return file;
  }

  /** The guide's policies.json: the example, its intranet address swapped for ours, and the Preferences block of the ESR route. */
  function policiesFor(installUrl: string) {
    const example = structuredClone(FIREFOX_FILE);
    example.policies.ExtensionSettings[GECKO_ID].install_url = installUrl;
    example.policies.Preferences = { 'xpinstall.signatures.required': { Value: false, Status: 'locked' } };
    return example;
  }

  async function start(): Promise<PpBrowser> {
    // The lab's Firefox options (a known moz-extension:// origin for the add-on the policy installs),
    // add-on updates left on: this route's update is the point.
    return puppeteer.launch(firefoxLaunchOptions({ executablePath: policy.executable, profileDir, uuid }));
  }

  async function optionsPage(b: PpBrowser): Promise<PpPage> {
    const page = await b.newPage();
    // Firefox never resolves goto for moz-extension: pages; the polls below wait for the page instead.
    const open = () => void page.goto(`moz-extension://${uuid}/src/options/index.html`).catch(() => undefined);
    open();
    await until(
      async () => {
        const ready = await page.evaluate(`Boolean(document.getElementById('passwordMinLength'))`).catch(() => false);
        if (!ready) open();
        return ready;
      },
      Boolean,
      'the options page of the add-on installed by policy',
      60_000,
    );
    return page;
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      const file = served.get(req.url ?? '');
      if (!file) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/x-xpinstall');
      res.end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    policy.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('Firefox installs the XPI named by install_url and the settings lock the fields', async () => {
    const url = new URL(FIREFOX_FILE.policies.ExtensionSettings[GECKO_ID].install_url);
    served.set(url.pathname, xpi('0.1.0'));
    policy.write(policiesFor(`${origin}${url.pathname}`));
    browser = await start();
    const page = await optionsPage(browser);
    expect(await page.evaluate(`browser.runtime.getManifest().version`)).toBe('0.1.0');
    const minLength = await until(
      () => page.evaluate(fieldState('passwordMinLength')) as Promise<FieldState>,
      (s) => s?.value === '12',
      'passwordMinLength from policies.json',
    );
    expect(minLength).toEqual({ value: '12', disabled: true, locked: 'Set by your organisation' });
    expect(served.size).toBe(1);
    await browser.close();
    browser = undefined;
  });

  it('a new version at a new, versioned install_url is installed at the next start', async () => {
    served.set('/sobre-mail/sobre-mail-0.1.1.xpi', xpi('0.1.1'));
    policy.write(policiesFor(`${origin}/sobre-mail/sobre-mail-0.1.1.xpi`));
    browser = await start();
    const page = await optionsPage(browser);
    const version = await until(
      () => page.evaluate(`browser.runtime.getManifest().version`) as Promise<string>,
      (v) => v === '0.1.1',
      'the add-on updated to 0.1.1',
    );
    expect(version).toBe('0.1.1');
    expect(await page.evaluate(fieldState('passwordMinLength'))).toMatchObject({ value: '12', disabled: true });
  });
});

describe('Chromium: self-hosted CRX installed by policy from updates.xml, then removed', () => {
  const work = mkdtempSync(join(tmpdir(), 'sobre-deploy-crx-'));
  const profileDir = join(work, 'profile');
  const policy = privatePolicy('chromium');
  let server: Server;
  let origin = '';
  let updatesXml = '';
  const files = new Map<string, string>();
  let context: BrowserContext | undefined;
  let id = '';
  let publicKey = '';
  let keyFile = '';
  const hits: string[] = [];

  /** dist/chrome with the organisation's key (what `npm run keygen -- --write` + build give). */
  function build(): string {
    const dir = join(work, 'chrome');
    cpSync(DIST.chromium, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, key: publicKey }));
    return dir;
  }

  /** One build, packed as each version (`npm run pack-crx -- --version X`). */
  function publish(version: string): void {
    const { crx, updates } = packCrx({
      key: keyFile,
      source: join(work, 'chrome'),
      out: join(work, `out-${version}`),
      baseUrl: `${origin}/sobre-mail`,
      chromium: '/usr/bin/chromium',
      version,
    });
    files.set(`/sobre-mail/sobre-mail-chrome-${version}.crx`, crx);
    updatesXml = readFileSync(updates, 'utf8');
  }

  /** The guide's two Linux files, with the organisation's id and update URL. */
  function bothFiles() {
    const text = JSON.stringify({ ...INSTALL_FILE, ...SETTINGS_FILE })
      .split(CHROMIUM_ID)
      .join(id);
    return JSON.parse(text.replace('https://intranet.example.org/sobre-mail/updates.xml', `${origin}/sobre-mail/updates.xml`));
  }

  async function start(extraArgs: string[] = []): Promise<BrowserContext> {
    return chromium.launchPersistentContext(profileDir, {
      executablePath: policy.executable,
      headless: true,
      // Playwright's defaults turn background networking off, and with it the fetch of updates.xml.
      ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
      // No --load-extension: the policy installs it.
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--lang=en-US', ...extraArgs],
    });
  }

  /**
   * Evaluates in the extension's running service worker (the newest one, after an update), through
   * raw DevTools messages: Playwright's context.serviceWorkers() stayed empty for this worker even
   * once DevTools were allowed on it, while Target.getTargets listed it.
   */
  async function inWorker<T>(c: BrowserContext, expression: string): Promise<T> {
    const page = await c.newPage();
    const cdp = await c.newCDPSession(page);
    try {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const workers = targetInfos.filter((t) => t.type === 'service_worker');
      const target = workers.filter((t) => t.url.startsWith(`chrome-extension://${id}/`)).at(-1);
      if (!target) throw new Error(`no worker of ${id} among ${JSON.stringify(workers.map((t) => t.url))}`);
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
      const reply = new Promise<string>((resolve) =>
        cdp.on('Target.receivedMessageFromTarget', (event) => {
          if (event.sessionId === sessionId && JSON.parse(event.message).id === 1) resolve(event.message);
        }),
      );
      const params = { expression, awaitPromise: true, returnByValue: true };
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params }) });
      const message = JSON.parse(await reply) as { result?: { result?: { value?: T }; exceptionDetails?: unknown } };
      if (!message.result || message.result.exceptionDetails) throw new Error(`evaluation failed: ${JSON.stringify(message)}`);
      return message.result.result?.value as T;
    } finally {
      await page.close();
    }
  }

  /** The version the running worker reports, or why none answered (kept by until() as the last value). */
  const workerVersion = (c: BrowserContext) =>
    inWorker<string>(c, 'chrome.runtime.getManifest().version').catch((error: Error) => error.message);

  /** The profile's extensions as chrome://extensions-internals lists them. */
  async function internals(c: BrowserContext): Promise<{ id: string; location: string; version: string }[]> {
    const page = await c.newPage();
    try {
      await page.goto('chrome://extensions-internals');
      const text = await until(
        () => page.evaluate(() => document.body.innerText),
        (t) => t.trim().startsWith('['),
        'chrome://extensions-internals',
      );
      return JSON.parse(text) as { id: string; location: string; version: string }[];
    } finally {
      await page.close();
    }
  }

  const installed = (c: BrowserContext, version: string) =>
    until(
      () => internals(c),
      (list) => list.some((e) => e.id === id && e.version === version),
      `${id} ${version} installed (requests seen: ${JSON.stringify(hits)})`,
      90_000,
    );

  beforeAll(async () => {
    keyFile = join(work, 'keys', 'sobre-mail.pem');
    publicKey = publicKeyOf(generateKey(keyFile));
    id = chromiumExtensionId(publicKey);
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      if (req.url?.startsWith('/sobre-mail/updates.xml')) {
        res.setHeader('content-type', 'text/xml');
        res.end(updatesXml);
        return;
      }
      const file = files.get(req.url ?? '');
      if (!file) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/x-chrome-extension');
      res.end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await context?.close();
    await new Promise((r) => server?.close(r));
    policy.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it("pack-crx writes a world-readable CRX and updates.xml naming the key's id", () => {
    build();
    publish('0.1.0');
    const crx = files.get('/sobre-mail/sobre-mail-chrome-0.1.0.crx')!;
    expect(statSync(crx).mode & 0o777).toBe(0o644);
    expect(updatesXml).toContain(`appid='${id}'`);
    expect(updatesXml).toContain(`codebase='${origin}/sobre-mail/sobre-mail-chrome-0.1.0.crx' version='0.1.0'`);
  });

  it('Chromium installs the CRX by policy (an admin-installed extension)', async () => {
    policy.write(bothFiles());
    context = await start();
    const list = await installed(context, '0.1.0');
    expect(list.find((e) => e.id === id)?.location).toBe('EXTERNAL_POLICY_DOWNLOAD');
    // The test driver could not open pages of an extension installed by policy (the tab closed under
    // it, even after a restart), so the locked fields are checked in the pilot above instead.
  });

  it("a new version named by updates.xml is fetched by Chromium's own updater and runs, the settings still applied", async () => {
    // The admin's step: the new CRX next to the old one, and the updates.xml that names it.
    publish('0.2.0');
    expect(updatesXml).toContain(`codebase='${origin}/sobre-mail/sobre-mail-chrome-0.2.0.crx' version='0.2.0'`);
    await context!.close();
    // Only so the test can read the worker: by default Chromium refuses DevTools on extensions that a
    // policy force-installs ("Not allowed"). It changes nothing in how the update is found or installed.
    policy.write({ ...bothFiles(), DeveloperToolsAvailability: 1 });
    const seenFrom = hits.length;
    context = await start();
    // onStartup starts the installed version's worker with the browser, before any check.
    expect(
      await until(
        () => workerVersion(context!),
        (v) => v === '0.1.0',
        'the 0.1.0 worker runs',
      ),
    ).toBe('0.1.0');
    // The admin's "check now": chrome://extensions → Developer mode → Update, which calls
    // developerPrivate.autoUpdate, i.e. Chromium's own updater (ExtensionUpdater::CheckNow). Waiting
    // for the schedule was tried: with --extensions-update-frequency=30, 0.2.0 was not installed
    // within 60 s (Chromium 156).
    const extensionsPage = await context.newPage();
    await extensionsPage.goto('chrome://extensions');
    await extensionsPage.evaluate(
      () => new Promise<void>((resolve) => (globalThis as any).chrome.developerPrivate.autoUpdate(() => resolve())),
    );
    await extensionsPage.close();
    await until(
      () => internals(context!),
      (list) => list.some((e) => e.id === id && e.version === '0.2.0'),
      "Chromium's updater installed 0.2.0",
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nrequests the server saw since the restart: ${JSON.stringify(hits.slice(seenFrom))}`);
    });
    const seen = hits.slice(seenFrom);
    expect(seen.filter((h) => h.startsWith('GET /sobre-mail/updates.xml?'))).not.toHaveLength(0);
    expect(seen).toContain('GET /sobre-mail/sobre-mail-chrome-0.2.0.crx');
    expect(seen).not.toContain('GET /sobre-mail/sobre-mail-chrome-0.1.0.crx');
    // The update restarts the worker (onInstalled, reason "update") with the new code.
    expect(
      await until(
        () => workerVersion(context!),
        (v) => v === '0.2.0',
        'the 0.2.0 worker runs',
      ),
    ).toBe('0.2.0');
    const managed = await until(
      () => inWorker<Record<string, unknown>>(context!, 'chrome.storage.managed.get(null)'),
      (m) => Object.keys(m).length > 0,
      'the settings policy as the 0.2.0 worker reads it',
    );
    expect(managed).toMatchObject(EXAMPLE_SETTINGS);
    expect((await internals(context!)).find((e) => e.id === id)?.location).toBe('EXTERNAL_POLICY_DOWNLOAD');
  });

  it('removing the install policy removes the extension (seen at the next start)', async () => {
    // Checked at the next start: removed live, it went within seconds in some runs and not within a
    // minute in another (right after the install), and this test makes no timing claim.
    await context!.close();
    policy.write(JSON.parse(JSON.stringify(SETTINGS_FILE).split(CHROMIUM_ID).join(id)));
    context = await start();
    const left = await until(
      async () => (await internals(context!)).map((e) => e.id),
      (ids) => !ids.includes(id),
      'the extension removed',
      60_000,
    );
    expect(left).not.toContain(id);
  });
});
