/**
 * `npm run fixtures`: saves the DOM tests' Roundcube pages from the real server, so they are what
 * Roundcube really renders (not written by hand), in English and in French, in both skins, and in
 * English in a copy of each skin under another name (`fork_elastic`, `fork_larry`: a provider's own
 * skin, made by the lab, stack.ts ensureForkedSkin).
 *
 * For each language and skin it starts the webmail lab (lab/stack.ts: Debian's Roundcube
 * with the lab's password rules, Dovecot with a 20 MB quota, alice's mailbox filled to 42 %), signs in
 * with a plain headless Chromium (no extension), and saves the live DOM after Roundcube's scripts ran
 * (`document.documentElement.outerHTML`) of:
 *
 *   login           the sign-in form
 *   mail            the mail view, with the quota widget filled by rcmail.set_quota()
 *   compose-new     a new message, nothing typed (the attachment nudge's DOM tests replay uploads on it)
 *   compose         three recipients typed and a 6 MB file uploaded, so the list has an item
 *   password        Settings > Password, with the rules Roundcube prints (#ruleslist)
 *   vacation        Settings > Out of Office (managesieve), a reply with a phone number typed in
 *
 * to test/fixtures/roundcube/<skin>-<view>.<lang>.html. What changes on every run and means nothing
 * (CSRF tokens, compose and upload ids, ports, timestamps) is replaced by fixed placeholders, so a
 * refresh shows only what Roundcube changed. Each file starts with a comment naming the Roundcube
 * version, skin, language, date and this command.
 *
 *   npm run fixtures                         every language and skin, then SOGo and Horde
 *   npm run fixtures -- --only fr_FR-larry   one of them (also en_US-fork_elastic, en_US-fork_larry)
 *   npm run fixtures -- --only sogo-fr_FR    (also sogo-en_US, horde-en_US, horde-fr_FR)
 *
 * SOGo 5.8 and Horde Webmail 5.2 are saved the same way from their labs (lab/sogo.ts,
 * horde.ts), to test/fixtures/<sogo|horde>/<view>.<lang>.html, in English and French:
 *
 *   login, mail (quota shown), compose-new, compose (three recipients, a 6 MB file uploaded),
 *   password (SOGo: Preferences > Password with the lab's rules; Horde: the Passwd page),
 *   vacation (SOGo only: Preferences > Mail > Vacation; Horde's is in Ingo, which the lab leaves out).
 *
 * Horde's compose opens in a popup window from the mailbox; its page is opened here directly at the
 * same address (`imp/dynamic.php?page=compose&type=new`), which is what the popup loads.
 *
 * Needs what the labs need (root, Debian's packages: scripts/install-system-deps.sh) and /usr/bin/chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { FORKED_SKINS, startHordeLab, startSogoLab, startLab, type HordeLab, type SogoLab, type Lab } from '../lab/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'test/fixtures/roundcube');
const MiB = 1024 * 1024;

const VARIANTS = [
  { language: 'en_US', lang: 'en', skin: 'elastic' },
  { language: 'fr_FR', lang: 'fr', skin: 'elastic' },
  { language: 'en_US', lang: 'en', skin: 'larry' },
  { language: 'fr_FR', lang: 'fr', skin: 'larry' },
  { language: 'en_US', lang: 'en', skin: 'fork_elastic' },
  { language: 'en_US', lang: 'en', skin: 'fork_larry' },
] as const;
type Variant = (typeof VARIANTS)[number];

/** A plain browser, as the brief of the DOM tests asks: what any user's Chromium renders, no extension. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** SOGo and Horde, each in English and French. */
const OTHER_VARIANTS = [
  { webmail: 'sogo', language: 'en_US', lang: 'en' },
  { webmail: 'sogo', language: 'fr_FR', lang: 'fr' },
  { webmail: 'horde', language: 'en_US', lang: 'en' },
  { webmail: 'horde', language: 'fr_FR', lang: 'fr' },
] as const;
type OtherVariant = (typeof OTHER_VARIANTS)[number];

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const wanted = VARIANTS.filter((v) => !values.only || values.only === `${v.language}-${v.skin}`);
const wantedOthers = OTHER_VARIANTS.filter((v) => !values.only || values.only === `${v.webmail}-${v.language}`);
if (wanted.length === 0 && wantedOthers.length === 0) {
  console.error(
    `--only takes one of: ${[...VARIANTS.map((v) => `${v.language}-${v.skin}`), ...OTHER_VARIANTS.map((v) => `${v.webmail}-${v.language}`)].join(', ')}`,
  );
  process.exit(2);
}

function debianVersion(pkg: string): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Replaces what differs on every run with fixed placeholders. Each pattern names the Roundcube value
 * it hides; ids keep their shape (a compose id stays a hex string, `rcmfile` ids stay `rcmfile<digits>`)
 * so selectors and parsers see what they would see live.
 */
function scrub(html: string, lab: Lab): string {
  const port = new URL(lab.url).port;
  const numbered = new Map<string, string>();
  const renumber = (prefix: string) => (id: string) => {
    if (!numbered.has(id)) numbered.set(id, `${prefix}${[...numbered.keys()].filter((k) => k.startsWith(prefix)).length + 1}`);
    return numbered.get(id)!;
  };
  return (
    html
      // The loopback port of this run's lab.
      .replaceAll(`127.0.0.1:${port}`, 'mail.example.test')
      // CSRF token: hidden `_token` inputs, `request_token` in rcmail.set_env, `_token=` in URLs.
      .replace(/(name="_token" value=")[^"]+"/g, '$1TOKEN"')
      .replace(/("request_token":")[^"]+"/g, '$1TOKEN"')
      .replace(/([?&;]_token=)[A-Za-z0-9]+/g, '$1TOKEN')
      // Compose id (`_id` in URLs and inputs, `compose_id` in the env).
      .replace(/("compose_id":")[^"]+"/g, '$1COMPOSEID"')
      .replace(/(name="_id" value=")[^"]+"/g, '$1COMPOSEID"')
      .replace(/([?&;]_id=)[A-Za-z0-9]+/g, '$1COMPOSEID')
      // Uploaded attachments: `rcmfile<random digits>` ids; uploads in progress `upload<timestamp>`.
      .replace(/rcmfile\d+/g, renumber('rcmfile'))
      .replace(/\bupload\d{10,}/g, renumber('upload'))
      // The session: its id and the per-login user key Roundcube puts in the env.
      .replace(/("session_id":")[^"]+"/g, '$1SESSIONID"')
      .replace(/("user_id":")[^"]+"/g, '$1USERID"')
      // Lock ids and cache-busting timestamps of AJAX calls.
      .replace(/_unlock=loading\d+/g, '_unlock=loading1')
      .replace(/([?&;]_=)\d+/g, '$11')
      // The session's own timestamps in the env.
      .replace(/("(?:keep_alive|refresh_interval|session_lifetime|request_timeout)":)\d+/g, '$10')
  );
}

async function save(page: Page, name: string, variant: Variant, lab: Lab, meta: { version: string; date: string }): Promise<void> {
  const html = await page.evaluate(() => {
    // outerHTML gives a form field's default, not what was typed or chosen: write the live state into
    // the markup, as a content script reads it (`.value`, `.selectedOptions`). Never a password.
    for (const field of document.querySelectorAll<HTMLInputElement>('input:not([type="password"]):not([type="file"])'))
      field.setAttribute('value', field.value);
    for (const area of document.querySelectorAll('textarea')) area.textContent = area.value;
    for (const option of document.querySelectorAll('option')) option.toggleAttribute('selected', option.selected);
    return document.documentElement.outerHTML;
  });
  const header =
    `<!-- Saved by scripts/save-fixtures.ts from the live DOM (after Roundcube's scripts ran) of Roundcube ${meta.version}, ` +
    `skin ${variant.skin}${FORKED_SKINS[variant.skin] ? ` (the lab's copy of ${FORKED_SKINS[variant.skin]} under another name)` : ''}, ` +
    `language ${variant.language}, on ${meta.date}, from the webmail lab (lab/stack.ts). ` +
    `Tokens, ids and the port are replaced by placeholders. Do not edit by hand: refresh with "npm run fixtures". -->`;
  const file = join(OUT, `${variant.skin}-${name}.${variant.lang}.html`);
  writeFileSync(file, `<!DOCTYPE html>\n${header}\n${scrub(html, lab)}\n`);
  console.log(`  ${file.slice(ROOT.length + 1)}`);
}

/** Roundcube has finished its own start-up (lists loaded, no request pending). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const rc = (window as unknown as { rcmail?: { busy?: boolean; env?: { task?: string } } }).rcmail;
    return !!rc?.env?.task && !rc.busy && document.readyState === 'complete';
  });
  // Roundcube's UI scripts run a few deferred updates (tooltips, the quota bar) after `init`.
  await page.waitForTimeout(500);
}

async function saveVariant(variant: Variant, meta: { version: string; date: string }, file6MB: string): Promise<void> {
  console.log(`Roundcube ${variant.language} ${variant.skin}`);
  const lab = await startLab({ language: variant.language, skin: variant.skin, quotaMB: 20 });
  const profile = mkdtempSync(join(tmpdir(), 'sobre-fixtures-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    locale: variant.lang === 'fr' ? 'fr-FR' : 'en-US',
  });
  try {
    const [alice] = lab.users;
    await lab.fillToPercent(alice!.email, 42);
    const page = await context.newPage();

    await page.goto(lab.url);
    await page.waitForSelector('#rcmloginuser');
    await settled(page);
    // rcmail.env.rcversion: 10605 is 1.6.5 (major * 10000 + minor * 100 + patch).
    const rcversion = await page.evaluate(() => (window as unknown as { rcmail: { env: { rcversion: number } } }).rcmail.env.rcversion);
    meta = {
      ...meta,
      version: `${Math.floor(rcversion / 10000)}.${Math.floor(rcversion / 100) % 100}.${rcversion % 100} (rcversion ${rcversion}, ${meta.version})`,
    };
    await save(page, 'login', variant, lab, meta);

    await page.fill('#rcmloginuser', alice!.email);
    await page.fill('#rcmloginpwd', alice!.password);
    await page.click('#rcmloginsubmit');
    await page.waitForFunction(() => (window as unknown as { rcmail?: { env?: { task?: string } } }).rcmail?.env?.task === 'mail');
    await settled(page);
    await page.waitForFunction(() =>
      (document.querySelector('#rcmquotadisplay') ?? document.querySelector('#quotadisplay'))?.getAttribute('title')?.includes('%'),
    );
    await save(page, 'mail', variant, lab, meta);

    await page.goto(`${lab.url}?_task=mail&_action=compose`);
    await page.waitForSelector('#uploadformInput', { state: 'attached' });
    await settled(page);
    await save(page, 'compose-new', variant, lab, meta);

    // Three recipients, committed as a user types them (elastic's recipient widget, which its copy has
    // too, commits on a comma; larry's is the plain textarea).
    if ((await page.locator('#compose_to .recipient-input input').count()) > 0)
      await page
        .locator('#compose_to .recipient-input input')
        .pressSequentially('bob@example.test, Carol <carol@example.test>, dave@example.test, ');
    else await page.locator('#_to').pressSequentially('bob@example.test, Carol <carol@example.test>, dave@example.test');
    await page.setInputFiles('#uploadformInput', file6MB);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#attachment-list li[id^="rcmfile"]').length === 1 &&
        !document.querySelector('#attachment-list li.uploading'),
      undefined,
      { timeout: 30_000 },
    );
    await settled(page);
    await save(page, 'compose', variant, lab, meta);

    await page.goto(`${lab.url}?_task=settings&_action=plugin.password`);
    await page.waitForSelector('#newpasswd');
    await settled(page);
    await save(page, 'password', variant, lab, meta);

    // The body as a user left it (textarea values are saved as their text, see above); the interval
    // as Roundcube shows it, empty (the server's default).
    await page.goto(`${lab.url}?_task=settings&_action=plugin.managesieve-vacation`);
    await page.waitForSelector('#vacation_reason');
    await page
      .locator('#vacation_reason')
      .fill(variant.language === 'fr_FR' ? 'Absente. Urgences : 06 12 34 56 78.' : 'Away. Urgent? Call +44 20 7946 0958.');
    await settled(page);
    await save(page, 'vacation', variant, lab, meta);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await lab.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// SOGo and Horde
// ---------------------------------------------------------------------------------------------

/**
 * What differs on every run in SOGo's and Horde's pages: the port, tokens, draft and upload ids,
 * timestamps. Shapes are kept (a token stays a token-like string, a draft id stays newDraft<digits>).
 */
function scrubOther(html: string, lab: SogoLab | HordeLab): string {
  const port = new URL(lab.url).port;
  return (
    html
      .replaceAll(`127.0.0.1:${port}`, 'mail.example.test')
      // SOGo: drafts are named newDraft<timestamp>-<n>; angular-file-upload's progress.
      .replace(/newDraft\d+-\d+/g, 'newDraft1-1')
      // Horde: session tokens in URLs and in the inline configuration, compose cache ids, unique ids.
      .replace(/([?&;](?:amp;)?(?:horde_logout_token|view_token|token)=)[A-Za-z0-9_-]+/g, '$1TOKEN')
      .replace(/("(?:token|TOKEN|sessionToken|session_token|hordeToken)":")[^"]+"/g, '$1TOKEN"')
      .replace(/(name="token"[^>]*? value=")[^"]+"/g, '$1TOKEN"')
      .replace(/([?&;](?:amp;)?uniq=)\d+/g, '$11')
      .replace(/(name="composeCache"[^>]*? value=")[^"]+"/g, '$1COMPOSECACHE"')
      .replace(/("(?:composeCache|cacheid)":")[^"]+"/g, '$1COMPOSECACHE"')
      .replace(/([?&;](?:amp;)?composeCache=)[A-Za-z0-9]+/g, '$1COMPOSECACHE')
      .replace(/(Horde=)[A-Za-z0-9,-]{20,}/g, '$1SESSIONID')
  );
}

async function saveOther(page: Page, name: string, variant: OtherVariant, lab: SogoLab | HordeLab, product: string): Promise<void> {
  const html = await page.evaluate(() => {
    for (const field of document.querySelectorAll<HTMLInputElement>('input:not([type="password"]):not([type="file"])'))
      field.setAttribute('value', field.value);
    for (const area of document.querySelectorAll('textarea')) area.textContent = area.value;
    for (const option of document.querySelectorAll('option')) option.toggleAttribute('selected', option.selected);
    return document.documentElement.outerHTML;
  });
  const header =
    `<!-- Saved by scripts/save-fixtures.ts from the live DOM (after the webmail's scripts ran) of ${product}, ` +
    `language ${variant.language}, on ${new Date().toISOString().slice(0, 10)}, from the webmail lab (lab/${variant.webmail}.ts). ` +
    `Tokens, ids and the port are replaced by placeholders. Do not edit by hand: refresh with "npm run fixtures -- --only ${variant.webmail}-${variant.language}". -->`;
  const dir = join(ROOT, 'test/fixtures', variant.webmail);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.${variant.lang}.html`);
  writeFileSync(file, `<!DOCTYPE html>\n${header}\n${scrubOther(html, lab)}\n`);
  console.log(`  ${file.slice(ROOT.length + 1)}`);
}

const THREE_RECIPIENTS = ['bob@example.test', 'carol@example.test', 'dave@example.test'];

async function saveSogo(variant: OtherVariant, file6MB: string): Promise<void> {
  console.log(`SOGo ${variant.language}`);
  const lab = await startSogoLab({ lang: variant.lang, quotaMB: 20 });
  const product = `SOGo (Debian sogo ${debianVersion('sogo')})`;
  const profile = mkdtempSync(join(tmpdir(), 'sobre-fixtures-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    locale: variant.lang === 'fr' ? 'fr-FR' : 'en-US',
  });
  try {
    const [alice] = lab.users;
    await lab.fillToPercent(alice!.email, 42);
    const page = await context.newPage();
    await page.goto(lab.url);
    await page.waitForSelector('#passwordField');
    await page.waitForTimeout(1000);
    await saveOther(page, 'login', variant, lab, product);

    await page.locator('input[ng-model="app.creds.username"]').fill(alice!.email);
    await page.locator('#passwordField').fill(alice!.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/Mail\/view/, { timeout: 30_000 });
    await page.waitForFunction(() => /%/.test(document.querySelector('.sg-quota .sg-md-caption')?.textContent ?? ''), undefined, {
      timeout: 30_000,
    });
    await page.waitForTimeout(1500);
    await saveOther(page, 'mail', variant, lab, product);

    // The compose FAB is a speed dial whose actions show on hover: its "new message" action, clicked.
    await page.evaluate(() => (document.querySelector('button[ng-click="mailbox.newMessage($event)"]') as HTMLElement).click());
    await page.waitForSelector('md-dialog#mailEditor #fileInput', { state: 'attached', timeout: 30_000 });
    await page.waitForTimeout(1500);
    await saveOther(page, 'compose-new', variant, lab, product);

    const to = page.locator('md-chips[ng-model="editor.message.editable.to"] input');
    for (const rcpt of THREE_RECIPIENTS) {
      await to.fill(rcpt);
      await to.press('Enter');
    }
    await page.setInputFiles('#fileInput', file6MB);
    await page.waitForFunction(
      () => {
        const chips = document.querySelectorAll('md-chips[ng-model="editor.uploader.queue"] md-chip');
        return chips.length === 1 && !!chips[0]!.querySelector('a[href]') && !!chips[0]!.querySelector('.sg-chip-progress.ng-hide');
      },
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(1000);
    await saveOther(page, 'compose', variant, lab, product);

    const prefs = page.url().replace(/\/Mail\/view.*$/, '/Preferences');
    await page.goto(`${prefs}#!/general`);
    await page.locator('md-tab-item', { hasText: variant.lang === 'fr' ? 'Mot de passe' : 'Password' }).click();
    await page.waitForSelector('#passwordView .sg-hint li');
    await page.waitForTimeout(1000);
    await saveOther(page, 'password', variant, lab, product);

    await page.goto(`${prefs}#!/mailer`);
    await page.locator('md-tab-item', { hasText: variant.lang === 'fr' ? /absence/i : /vacation/i }).click();
    const enable = page.locator('md-checkbox[ng-model="app.preferences.defaults.Vacation.enabled"]');
    await enable.click();
    const reply = page.locator('textarea[ng-model="app.preferences.defaults.Vacation.autoReplyText"]');
    await reply.fill(variant.lang === 'fr' ? 'Absente. Urgences : 06 12 34 56 78.' : 'Away. Urgent? Call +44 20 7946 0958.');
    await page.waitForTimeout(1000);
    await saveOther(page, 'vacation', variant, lab, product);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await lab.stop();
  }
}

async function saveHorde(variant: OtherVariant, file6MB: string): Promise<void> {
  console.log(`Horde ${variant.language}`);
  const lab = await startHordeLab({ lang: variant.lang, quotaMB: 20 });
  const product = `Horde Webmail (Debian php-horde-webmail ${debianVersion('php-horde-webmail')}, php-horde-imp ${debianVersion('php-horde-imp')}, php-horde-passwd ${debianVersion('php-horde-passwd')}), dynamic view`;
  const profile = mkdtempSync(join(tmpdir(), 'sobre-fixtures-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    locale: variant.lang === 'fr' ? 'fr-FR' : 'en-US',
  });
  try {
    const [alice] = lab.users;
    await lab.fillToPercent(alice!.email, 42);
    const page = await context.newPage();
    await page.goto(lab.url);
    await page.waitForSelector('#horde_user');
    await page.waitForTimeout(1000);
    await saveOther(page, 'login', variant, lab, product);

    await page.locator('#horde_user').fill(alice!.email);
    await page.locator('#horde_pass').fill(alice!.password);
    await page.locator('#login-button').click();
    await page.waitForURL(/\/imp\/dynamic\.php\?page=mailbox/, { timeout: 30_000 });
    await page.waitForFunction(() => /%/.test(document.querySelector('#quota-text')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.waitForTimeout(1500);
    await saveOther(page, 'mail', variant, lab, product);

    await page.goto(`${lab.base}imp/dynamic.php?page=compose&type=new`);
    await page.waitForSelector('#upload', { state: 'attached', timeout: 30_000 });
    await page.waitForSelector('form#compose', { state: 'visible', timeout: 30_000 });
    await page.waitForTimeout(1500);
    await saveOther(page, 'compose-new', variant, lab, product);

    await page.locator('textarea#to').fill(THREE_RECIPIENTS.join(', '));
    await page.setInputFiles('#upload', file6MB);
    await page.waitForFunction(
      () => document.querySelectorAll('#attach_list li').length === 1 && !!document.querySelector('#attach_list li .attachSize'),
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(1000);
    await saveOther(page, 'compose', variant, lab, product);

    await page.goto(`${lab.base}passwd/`);
    await page.waitForSelector('#passwd-newpassword0');
    await page.waitForTimeout(1000);
    await saveOther(page, 'password', variant, lab, product);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await lab.stop();
  }
}

const meta = { version: `Debian roundcube-core ${debianVersion('roundcube-core')}`, date: new Date().toISOString().slice(0, 10) };
const files = mkdtempSync(join(tmpdir(), 'sobre-fixture-files-'));
const file6MB = join(files, 'report-6MB.bin');
writeFileSync(file6MB, Buffer.alloc(6 * MiB, 0x61));
mkdirSync(OUT, { recursive: true });
try {
  for (const variant of wanted) await saveVariant(variant, meta, file6MB);
  for (const variant of wantedOthers) await (variant.webmail === 'sogo' ? saveSogo(variant, file6MB) : saveHorde(variant, file6MB));
} finally {
  rmSync(files, { recursive: true, force: true });
}
