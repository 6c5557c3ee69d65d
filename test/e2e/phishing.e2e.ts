/**
 * Phishing and password reuse, end to end (issue 14, DESIGN §2b): the real Roundcube + Dovecot lab on
 * 127.0.0.1, a copy of its real sign-in page (saved from the lab at run time) served by this test from
 * a second loopback address, 127.0.0.2, and the built extension in real Chromium and Firefox ESR with
 * the organisation's webmail address set through the example policy files of docs/examples.
 *
 * Policies are applied privately: each browser starts through `unshare -m` in a mount namespace of its
 * own, where a temp folder is bind-mounted over the folder its policy is read from (Chromium:
 * /etc/chromium, holding policies/managed/; Firefox ESR: /usr/lib/firefox-esr/distribution, holding
 * policies.json; an /etc/firefox/policies folder, read first, is hidden). Nothing is written to /etc,
 * so browsers of other tests running on this machine at the same time see no policy of ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { CHROMIUM_PUBLIC_KEY, GECKO_ID } from '../../manifest.config.ts';
import { privatePolicy, type PrivatePolicy } from './harness/private-policy.ts';
import {
  BROWSERS,
  launch,
  signIn,
  startLab,
  LAB_VARIANTS,
  sharedLab,
  type BrowserName,
  type ExtensionBrowser,
  type Lab,
} from '../../lab/index.ts';
import { readLiveRegions, waitForLiveRegion } from './harness/shadow-ui.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, any>;

const CHROMIUM_ID = (() => {
  const hex = createHash('sha256').update(Buffer.from(CHROMIUM_PUBLIC_KEY, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
})();
const LINUX_EXAMPLE = readJson('docs/examples/linux/sobre-mail-settings.json');
const FIREFOX_EXAMPLE = readJson('docs/examples/firefox/policies.json');

const LOOKALIKE = /not your organisation's webmail/;
/** A new password that passes Roundcube's checks (≥ 8, a digit and punctuation) and the example policy (12+). */
const CHANGED = 'Glacier-Tortue-Velours7-Boussole';
const REUSE = /typing your mail password on another site/;

// ---------------------------------------------------------------- servers of this test

interface Recorded {
  method: string;
  url: string;
  body: string;
}

async function startServer(
  host: string,
  handle: (req: IncomingMessage, body: string) => { type?: string; body: string; status?: number },
): Promise<{ url: string; seen: Recorded[]; stop(): Promise<void> }> {
  const seen: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      const answer = handle(req, body);
      res.statusCode = answer.status ?? 200;
      if (answer.type) res.setHeader('content-type', answer.type);
      res.end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    seen,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------- private policy

/** The policy file each browser reads, with these settings for the extension (null: no policy for it at all). */
function policyContent(browser: BrowserName, settings: Record<string, unknown> | null): unknown {
  if (browser === 'chromium') return settings ? { ...LINUX_EXAMPLE, '3rdparty': { extensions: { [CHROMIUM_ID]: settings } } } : {};
  return { policies: settings ? { '3rdparty': { Extensions: { [GECKO_ID]: settings } } } : {} };
}

/** The organisation's settings from the example file of each browser, with the lab's address as the webmail. */
function exampleSettings(browser: BrowserName, extra: Record<string, unknown>): Record<string, unknown> {
  const example =
    browser === 'chromium' ? LINUX_EXAMPLE['3rdparty'].extensions[CHROMIUM_ID] : FIREFOX_EXAMPLE.policies['3rdparty'].Extensions[GECKO_ID];
  return { ...example, ...extra };
}

// ---------------------------------------------------------------- helpers

const api = `(globalThis.browser ?? globalThis.chrome)`;

async function published(
  browser: ExtensionBrowser,
  ready: (values: Record<string, unknown>) => boolean,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> | undefined;
  while (Date.now() < deadline) {
    last = (
      await browser.evalInBackground<{ effectiveSettings?: { values: Record<string, unknown> } }>(
        `${api}.storage.local.get('effectiveSettings')`,
      )
    ).effectiveSettings?.values;
    if (last && ready(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The policy never reached the published settings; last: ${JSON.stringify(last)}`);
}

async function storedReuse(browser: ExtensionBrowser): Promise<
  | {
      salt: string;
      iterations: number;
      entries: { account: string; length: number; fingerprint: string; origin: string; changeUrl: string }[];
    }
  | undefined
> {
  return (await browser.evalInBackground<{ passwordReuse?: any }>(`${api}.storage.local.get('passwordReuse')`)).passwordReuse;
}

/** Everything the extension keeps, as JSON: local storage, and session storage where the browser has it. */
async function allStorage(browser: ExtensionBrowser): Promise<string> {
  return browser.evalInBackground<string>(
    `(async () => JSON.stringify({ local: await ${api}.storage.local.get(null), session: ${api}.storage.session ? await ${api}.storage.session.get(null) : null }))()`,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A different password of the same length: the fingerprint is computed, and must not match. */
const sameLengthOther = (password: string) => `${password.slice(0, -1)}${password.endsWith('Z') ? 'Y' : 'Z'}`;

// ---------------------------------------------------------------- the scenarios

let lab: Lab;
let copy: Awaited<ReturnType<typeof startServer>>;
let collector: Awaited<ReturnType<typeof startServer>>;
let savedSignIn: string;

beforeAll(async () => {
  lab = await startLab({ quotaMB: 20 });
  await lab.fillToPercent(lab.users[0]!.email, 42);
  // The copy a phishing kit makes: the real sign-in page's HTML, saved from the lab now.
  savedSignIn = await (await fetch(lab.url)).text();
  expect(savedSignIn).toContain('rcmloginpwd');
  // A copy of the mail view whose quota widget says 95 % for an account that does not exist.
  const fakeMail = readFileSync(join(ROOT, 'test/fixtures/roundcube/elastic-mail.html'), 'utf8')
    .replaceAll('alice@example.test', 'it-helpdesk@victim-corp.example')
    .replaceAll('8.4 MB / 20 MB (42%)', '1.9 GB / 2 GB (95%)')
    .replaceAll('>42%<', '>95%<');
  copy = await startServer('127.0.0.2', (req) =>
    req.url?.startsWith('/mail')
      ? { type: 'text/html; charset=utf-8', body: fakeMail }
      : { type: 'text/html; charset=utf-8', body: savedSignIn },
  );
  collector = await startServer('127.0.0.1', () => ({ type: 'application/json', body: '{}' }));
});

afterAll(async () => {
  await copy?.stop();
  await collector?.stop();
  await lab?.stop();
});

/** Our top-of-window warning as the page sees it (src/content/ui/frame-host.ts): a plain, empty div, last child of <html>, in the top layer. */
const TOP_HOST = 'html > div[popover="manual"]';

describe.each(BROWSERS)('phishing and password reuse in %s', (browserName) => {
  let browser: ExtensionBrowser;
  let policy: PrivatePolicy;
  const user = () => lab.users[0]!;
  const labOrigin = () => new URL(lab.url).origin;

  beforeAll(async () => {
    policy = privatePolicy(browserName);
    policy.write(
      policyContent(
        browserName,
        exampleSettings(browserName, {
          webmailOrigins: [labOrigin()],
          passwordReuseReportUrl: `${collector.url}reports`,
          quotaCriticalPercent: 95,
        }),
      ),
    );
    browser = await launch(browserName, { executablePath: policy.executable });
    await published(
      browser,
      (v) => JSON.stringify(v.webmailOrigins) === JSON.stringify([labOrigin()]) && v.passwordReuseReportUrl === `${collector.url}reports`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    policy?.dispose();
  });

  it('the copy of the sign-in page on another address warns, naming the real address; the popup calls it a look-alike', async () => {
    const page = await browser.newPage();
    const started = Date.now();
    await page.goto(copy.url);
    const regions = await waitForLiveRegion(page, LOOKALIKE, 15_000);
    const warning = regions.find((r) => LOOKALIKE.test(r))!;
    expect(warning).toContain(labOrigin());
    expect(warning).toContain(new URL(copy.url).host);
    (globalThis as { __lookalikeMs?: number }).__lookalikeMs = Date.now() - started;
    // The page cannot take it away: removed, it comes back.
    await page.evaluate(`document.querySelector(${JSON.stringify(TOP_HOST)}).remove()`);
    await page.waitForFunction(`document.querySelector(${JSON.stringify(TOP_HOST)}) !== null`, 5_000);
    await waitForLiveRegion(page, LOOKALIKE, 5_000);
    // Nor cover it: a popover of the page's own, opened after ours, goes into the top layer above it;
    // ours comes back on top within a second. (A modal dialog makes everything outside it inert,
    // ours included: that is for the hostile-pages issue.)
    await page.evaluate(`(() => {
      const cover = document.createElement('div');
      cover.popover = 'manual';
      cover.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;max-width:none;max-height:none;margin:0;background:#fff';
      cover.textContent = 'Please sign in below';
      document.body.append(cover);
      cover.showPopover();
    })()`);
    const onTop = `(() => { const host = document.querySelector(${JSON.stringify(TOP_HOST)}); const r = host.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 20)) === host; })()`;
    await page.waitForFunction(onTop, 5_000);
    await waitForLiveRegion(page, LOOKALIKE, 5_000);

    const popup = await browser.newPage();
    await popup.gotoExtensionPage('src/popup/index.html', '.status.lookalike');
    const text = await popup.evaluate<string>('document.body.innerText');
    expect(text).toContain('This page imitates a webmail');
    expect(text).toContain(labOrigin());
    expect(text).not.toMatch(/Roundcube/);
    await popup.close();
    await page.close();
  });

  it('the real sign-in page shows no warning', async () => {
    const page = await browser.newPage();
    await page.goto(lab.url);
    await page.waitForSelector('#rcmloginpwd');
    // Twice the time the copy took to show its warning, and a second more.
    await sleep(2 * ((globalThis as { __lookalikeMs?: number }).__lookalikeMs ?? 2000) + 1000);
    expect((await readLiveRegions(page)).filter((r) => LOOKALIKE.test(r))).toEqual([]);
    expect(await page.evaluate(`document.querySelector(${JSON.stringify(TOP_HOST)})`)).toBeNull();
    await page.close();
  });

  it('a fake mail view at 95 % changes no badge; the real sign-in sets it and keeps a fingerprint, never the password', async () => {
    const fake = await browser.newPage();
    await fake.goto(`${copy.url}mail`);
    // The quota nudge reads a trusted page once it has loaded and gone idle (≤ 2 s): wait longer.
    await sleep(4000);
    expect((await browser.badge()).text).toBe('');
    await fake.close();

    const mail = await browser.newPage();
    await signIn(mail, lab, user());
    await expect.poll(async () => (await browser.badge()).text, { timeout: 15_000 }).toBe('42%');
    const readings = await browser.evalInBackground<{ quotaReadings?: Record<string, { origin: string; account: string }> }>(
      `${api}.storage.local.get('quotaReadings')`,
    );
    expect(Object.values(readings.quotaReadings ?? {}).map((r) => [r.origin, r.account])).toEqual([[labOrigin(), user().email]]);

    await expect.poll(async () => (await storedReuse(browser))?.entries.length ?? 0, { timeout: 15_000 }).toBe(1);
    const store = (await storedReuse(browser))!;
    expect(store.entries[0]).toMatchObject({ account: user().email, origin: labOrigin(), length: user().password.length });
    expect(store.entries[0]!.changeUrl).toBe(`${labOrigin()}/?_task=settings&_action=plugin.password`);
    expect(store.iterations).toBe(300_000);

    // The popup names the account's address and opens only the trusted one.
    const popup = await browser.newPage();
    await popup.gotoExtensionPage('src/popup/index.html', '.quota-used');
    const text = await popup.evaluate<string>('document.body.innerText');
    expect(text).toContain(new URL(lab.url).host);
    expect(text).not.toContain('victim-corp');
    expect(text).toContain('Open the webmail');
    await popup.close();
    await mail.close();
  });

  it('on the copy, another password shows nothing; the mail password warns, holds the first submission and is reported without the password', async () => {
    const page = await browser.newPage();
    await page.goto(copy.url);
    await waitForLiveRegion(page, LOOKALIKE, 15_000);
    const other = sameLengthOther(user().password);
    await page.type('#rcmloginuser', user().email);
    await page.type('#rcmloginpwd', other);
    // The fingerprint of a same-length password is computed (≈ 50 ms) and does not match.
    await sleep(2500);
    expect((await readLiveRegions(page)).filter((r) => REUSE.test(r))).toEqual([]);

    await page.fill('#rcmloginpwd', user().password);
    const regions = await waitForLiveRegion(page, REUSE, 15_000);
    const warning = regions.find((r) => REUSE.test(r))!;
    expect(warning).toContain(new URL(copy.url).host);
    expect(warning).toContain(user().email);

    // Advise mode (the example sets no hold): the first submission is stopped so the warning is read.
    const posts = () => copy.seen.filter((r) => r.method === 'POST').length;
    const before = posts();
    await page.evaluate(`document.querySelector('#rcmloginsubmit').click()`);
    await sleep(1500);
    expect(posts()).toBe(before);

    // The report reaches IT's collector: account, page, time; no password, no fingerprint.
    await expect.poll(() => collector.seen.filter((r) => r.method === 'POST').length, { timeout: 15_000 }).toBeGreaterThan(0);
    const report = collector.seen.find((r) => r.method === 'POST')!;
    expect(report.url).toBe('/reports');
    const body = JSON.parse(report.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['account', 'page', 'time', 'type']);
    expect(body).toMatchObject({ type: 'password-reuse', account: user().email, page: copy.url });
    expect(Math.abs(Date.parse(String(body.time)) - Date.now())).toBeLessThan(120_000);
    const store = (await storedReuse(browser))!;
    for (const secret of secretsOf(user().password)) expect(report.body).not.toContain(secret);
    expect(report.body).not.toContain(store.entries[0]!.fingerprint);
    await page.close();
  });

  it('after a password change saved by Roundcube, the new password is the reference', async () => {
    const before = (await storedReuse(browser))!.entries[0]!;
    const original = user().password;
    const page = await browser.newPage();
    await signIn(page, lab, user());
    await page.goto(`${lab.url}?_task=settings&_action=plugin.password`);
    await page.waitForSelector('#newpasswd');
    await page.fill('#curpasswd', original);
    await page.type('#newpasswd', CHANGED);
    await page.type('#confpasswd', CHANGED);
    await page.click('.formbuttons .mainaction');
    try {
      await lab.waitForImapLogin(user().email, CHANGED, 20_000);
      await expect.poll(async () => (await storedReuse(browser))?.entries[0]?.length, { timeout: 15_000 }).toBe(CHANGED.length);
      const after = (await storedReuse(browser))!.entries;
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ account: user().email, origin: labOrigin() });
      expect(after[0]!.fingerprint).not.toBe(before.fingerprint);
    } finally {
      // The next browser signs in with the lab's password again.
      await lab.setPassword(user().email, original);
      await page.close();
    }
  });

  it('extension storage holds no password nor any unsalted hash of it', async () => {
    const dump = await allStorage(browser);
    expect(dump).toContain('passwordReuse');
    for (const secret of [...secretsOf(user().password), ...secretsOf(CHANGED)]) expect(dump).not.toContain(secret);
  });
});

describe.each(BROWSERS)('no webmail address listed, in %s', (browserName) => {
  let browser: ExtensionBrowser;
  let policy: PrivatePolicy;

  beforeAll(async () => {
    policy = privatePolicy(browserName);
    // No policy for the extension at all (someone who installed it alone), and none from the machine either.
    policy.write(policyContent(browserName, null));
    browser = await launch(browserName, { executablePath: policy.executable });
  });
  afterAll(async () => {
    await browser?.close();
    policy?.dispose();
  });

  it('the first sign-in is proposed in the popup, never trusted silently; once accepted, the copy is a look-alike', async () => {
    const labOrigin = new URL(lab.url).origin;
    // Before: nothing listed, so the copy still passes for Roundcube (the issue keeps that until an address is trusted).
    const before = await browser.newPage();
    await before.goto(copy.url);
    await before.waitForSelector('#rcmloginpwd');
    await before.close();

    const mail = await browser.newPage();
    await signIn(mail, lab, lab.users[1]!);
    await expect
      .poll(
        async () =>
          (await browser.evalInBackground<{ trustProposal?: { origin: string } }>(`${api}.storage.local.get('trustProposal')`))
            .trustProposal?.origin,
        { timeout: 15_000 },
      )
      .toBe(labOrigin);
    // Proposed, not trusted.
    expect((await published(browser, () => true)).webmailOrigins).toEqual([]);

    const popup = await browser.newPage();
    await popup.gotoExtensionPage('src/popup/index.html', '.trust-proposal button.primary');
    expect(await popup.textOf('.trust-proposal')).toContain(labOrigin);
    await popup.click('.trust-proposal button.primary');
    await published(browser, (v) => JSON.stringify(v.webmailOrigins) === JSON.stringify([labOrigin]));
    await popup.close();

    const page = await browser.newPage();
    await page.goto(copy.url);
    const regions = await waitForLiveRegion(page, LOOKALIKE, 15_000);
    expect(regions.find((r) => LOOKALIKE.test(r))).toContain(labOrigin);
    await page.close();
    await mail.close();
  });
});

/** The password and its unsalted SHA-1 / SHA-256, hex and base64: none of them may appear. */
function secretsOf(password: string): string[] {
  const out = [password];
  for (const algorithm of ['sha1', 'sha256']) {
    const digest = createHash(algorithm).update(password, 'utf8').digest();
    out.push(digest.toString('hex'), digest.toString('hex').toUpperCase(), digest.toString('base64'), digest.toString('base64url'));
  }
  return out;
}

// ---------------------------------------------------------------- in French

/**
 * The same protection for a French user: the French webmail (its own lab: Roundcube keeps the
 * language per user), the browser and so the extension in French, a copy of the French sign-in page.
 */
describe.each(BROWSERS)('phishing and password reuse in French, in %s', (browserName) => {
  let frLab: Lab;
  let frCopy: Awaited<ReturnType<typeof startServer>>;
  let browser: ExtensionBrowser;
  let policy: PrivatePolicy;
  const user = () => frLab.users[browserName === 'chromium' ? 0 : 1]!;

  beforeAll(async () => {
    frLab = await sharedLab(LAB_VARIANTS.find((v) => v.lang === 'fr' && v.skin === 'elastic')!);
    const frSignIn = await (await fetch(frLab.url)).text();
    expect(frSignIn).toContain('Mot de passe');
    frCopy = await startServer('127.0.0.2', () => ({ type: 'text/html; charset=utf-8', body: frSignIn }));
    policy = privatePolicy(browserName);
    policy.write(policyContent(browserName, exampleSettings(browserName, { webmailOrigins: [new URL(frLab.url).origin] })));
    browser = await launch(browserName, { executablePath: policy.executable, locale: 'fr' });
    await published(browser, (v) => JSON.stringify(v.webmailOrigins) === JSON.stringify([new URL(frLab.url).origin]));
  });
  afterAll(async () => {
    await browser?.close();
    policy?.dispose();
    await frCopy?.stop();
  });

  it('the copy is flagged naming the real address, and the mail password typed on it alerts, in French', async () => {
    const fake = await browser.newPage();
    await fake.goto(frCopy.url);
    const warning = (await waitForLiveRegion(fake, /Ce n'est pas la messagerie de votre organisation/, 15_000)).join(' ');
    expect(warning).toContain(new URL(frLab.url).host);
    await fake.close();

    const mail = await browser.newPage();
    await signIn(mail, frLab, user());
    await expect.poll(async () => (await storedReuse(browser))?.entries.length ?? 0, { timeout: 15_000 }).toBe(1);
    await mail.close();

    const page = await browser.newPage();
    await page.goto(frCopy.url);
    await page.type('#rcmloginuser', user().email);
    await page.fill('#rcmloginpwd', user().password);
    const regions = (await waitForLiveRegion(page, /Vous saisissez le mot de passe de votre messagerie sur un autre site/, 15_000)).join(
      ' ',
    );
    expect(regions).toContain(new URL(frCopy.url).host);
    expect(regions).toContain(user().email);
    await page.close();
  });
});
