/**
 * The Horde lab: a real Horde Webmail 5.2 (Debian 12's `php-horde-webmail`: horde 5.2.22, IMP 6.2.27,
 * and `php-horde-passwd` 5.0.7 for the password page) beside the Roundcube lab's Dovecot and SMTP sink
 * (stack.ts), for the end-to-end tests and `npm run lab -- --webmail horde`. Served by PHP's built-in
 * server as root (so Passwd's helper can rewrite Dovecot's passwd-file, as Roundcube's plugin does).
 *
 * Nothing under /usr or /etc is written: Horde runs from a private tree in the lab's temp dir,
 * `<state>/horde/web`, made of symlinks to /usr/share/horde and /etc/horde/<app> with real
 * directories where the lab adds or replaces a file. An `auto_prepend_file` defines HORDE_BASE,
 * IMP_BASE and PASSWD_BASE to that tree before any Horde file runs (Horde's entry scripts otherwise
 * derive them from __DIR__, which PHP resolves through symlinks, back to /usr/share/horde); the
 * registry then takes every app's fileroot and config dir from it. Only horde, imp and passwd are in
 * the tree: an app whose fileroot does not exist is inactive (no Turba, Kronolith…).
 *
 * Lab-side fixes, each for a bug of Debian 12's Horde on PHP 8.2 (checked 2026-12-04 on
 * php-horde-webmail 5.2.22-6, php-horde-imp 6.2.27-3, php-horde-passwd 5.0.7-9, php-horde-core;
 * PHP 8.2). Each patched copy is made from the installed file at start, and the start fails if the
 * line it replaces is gone (a Debian update fixed it: drop the patch):
 * 1. IMP still calls each(), removed in PHP 8.0 (lib/Ajax/Application/ListMessages.php and others):
 *    the message list fails with "Error when communicating with the server". A polyfill in the prepend file.
 * 2. Net_DNS2's file cache: its destructor calls fread($fp, 0) on the empty cache file
 *    <tmpdir>/horde_dns.cache<hostname> → ValueError after the body → HTTP 500 on AJAX calls. A
 *    directory at that path makes its fopen fail (a logged warning) instead.
 * 3. Horde_Core_Ajax_Application_Handler::has(null): `new ReflectionMethod($this, null)` throws a
 *    ValueError in PHP 8 (not the ReflectionException it catches): compose and the message popup are
 *    "A fatal error has occurred". A copy of that library file, returning false for a non-string
 *    action, in an include_path overlay put first (Horde's autoloader follows include_path).
 * 4. Passwd's backend list is always empty: Debian's 1012_php8.2.patch declared
 *    `public $backends = array();` in Passwd_Factory_Driver, which shadows its magic __get('backends').
 *    The page then says "Changing password for " and changes nothing. A copy without that line.
 * 5. In French (any comma-decimal locale) IMP_Quota_Ui formats the percent with a locale-aware
 *    sprintf("%.2f") ("41,96"), then round("41,96") throws a TypeError: no mailbox at all. A copy with "%.2F".
 * Other pitfalls handled here:
 * - /etc/horde/imp/hooks.php and the webmail bundle's prefs.d assume Turba (IMP dies after login with
 *   'The method "contacts/sources" is not defined'): left out of the tree; prefs.local.php sets IMP as
 *   the initial application and an empty portal.
 * - Horde translates with gettext + setlocale(): without the fr_FR/en_US system locales (this machine
 *   has only C and POSIX), French silently stays English. They are compiled once with localedef into a
 *   cache dir of our own, used through LOCPATH.
 * - conf.php (per app) is generated with Horde's own Horde_Config from the app's conf.xml defaults
 *   (horde's webmail-install crashes on PHP 8), then the lab's overrides are appended after CONFIG END.
 *   The default has no server port: URLs would lose it, so name and port come from $_SERVER.
 * - Debian's registry.php has no passwd entry: registry.local.php adds it under the settings menu.
 * - IMP shows no quota unless the backend has 'quota' => ['driver' => 'imap'].
 * - horde-db-migrate may need more than one run before every schema is up.
 * - Passwd's backend here keeps the session after a change (its growl "Password changed on Lab mail
 *   server." shows). IMP's session still holds the old IMAP password then, and the mail view hangs
 *   on "Loading…" until the user signs in again ('logout' => true in the backend would sign out at
 *   once instead, with the message in English only). Scenarios use a fresh browser context after a change.
 * - Horde's login page picks the no-JavaScript view for unknown agents server-side, but its script
 *   switches to "auto", so a desktop Chromium gets the dynamic view (/imp/dynamic.php?page=mailbox).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startupClock, type StartupStep } from './sogo.ts';
import { ensurePackages } from './packages.ts';
import { freePort, PortInUse, run, sleep, spawnService } from './processes.ts';
import { startLab, type Lab } from './stack.ts';

export interface HordeLabOptions {
  /** The sign-in page's default language (Horde's `language` pref default). Default `en`. */
  lang?: 'en' | 'fr';
  /** Mailbox quota in MiB. Default 20. */
  quotaMB?: number;
}

export interface HordeLab extends Lab {
  webmail: 'horde';
  /** Horde's sign-in page, e.g. `http://127.0.0.1:40123/login.php`. */
  url: string;
  /** The site root, e.g. `http://127.0.0.1:40123/`. */
  base: string;
  lang: 'en' | 'fr';
  /** How long each step of the start took, in order (for CI timing reports). */
  startup: StartupStep[];
}

const PACKAGES = [
  'dovecot-core',
  'dovecot-imapd',
  'dovecot-managesieved',
  'dovecot-sieve',
  'php-horde-webmail',
  'php-horde-passwd',
  'php-cli',
  'php-sqlite3',
  'locales',
];
const HORDE = '/usr/share/horde';
const HORDE_LIB = '/usr/share/php';
/** Applications of the webmail bundle the lab leaves out (inactive without a fileroot). */
const LEFT_OUT = new Set([
  'config',
  'static',
  'imp',
  'passwd',
  'gollem',
  'ingo',
  'kronolith',
  'mnemo',
  'nag',
  'trean',
  'turba',
  'content',
  'timeobjects',
  '.htaccess',
]);
const PHP_WORKERS = 4;
const START_TIMEOUT_MS = 30_000;
/** The Roundcube lab's rules (stack.ts LAB_PASSWORD_RULES) in Passwd's policy words. */
const PASSWORD_POLICY = { minLength: 10, minNumeric: 1, minSymbol: 1 };
/** Compiled locales, shared by every Horde lab of the machine (3-4 s to build, never changes). */
const LOCALE_CACHE = join(tmpdir(), 'sobre-mail-lab-locales-v1');

const phpString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A directory whose entries are symlinks to `src`'s, except `skip` (which the caller fills). */
function mirror(src: string, dst: string, skip: Iterable<string> = []): void {
  const skipped = new Set(skip);
  mkdirSync(dst, { recursive: true });
  for (const entry of readdirSync(src)) if (!skipped.has(entry)) symlinkSync(join(src, entry), join(dst, entry));
}

/** A copy of `file` with one exact replacement; fails if the text is not there (Debian fixed it?). */
function patched(file: string, from: string, to: string): string {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from))
    throw new Error(
      `Horde lab fix no longer applies: ${JSON.stringify(from)} is not in ${file}. Check whether Debian fixed the bug, and drop the fix.`,
    );
  return text.replace(from, to);
}

/** fr_FR.UTF-8 and en_US.UTF-8 for Horde's setlocale(), compiled once into LOCALE_CACHE. */
async function compiledLocales(): Promise<string> {
  if (existsSync(join(LOCALE_CACHE, 'fr_FR.UTF-8/LC_CTYPE')) && existsSync(join(LOCALE_CACHE, 'en_US.UTF-8/LC_CTYPE'))) return LOCALE_CACHE;
  const building = `${LOCALE_CACHE}.${process.pid}.${randomBytes(3).toString('hex')}`;
  mkdirSync(building, { recursive: true });
  for (const locale of ['fr_FR', 'en_US']) {
    const r = await run('localedef', ['-i', locale, '-f', 'UTF-8', join(building, `${locale}.UTF-8`)]);
    // localedef exits 1 on warnings (it still writes the locale).
    if (!existsSync(join(building, `${locale}.UTF-8/LC_CTYPE`))) throw new Error(`localedef ${locale} failed: ${r.stderr}${r.stdout}`);
  }
  chmodSync(building, 0o755);
  try {
    renameSync(building, LOCALE_CACHE);
  } catch {
    // Another lab built it at the same time: theirs is as good.
    rmSync(building, { recursive: true, force: true });
  }
  return LOCALE_CACHE;
}

/** Generates an app's conf.php with Horde_Config from its conf.xml defaults (a stub registry and injector). */
const GEN_CONF_PHP = `<?php
require_once 'Horde/Autoloader/Default.php';
class LabRegistry { public $roots; function get($k, $app = 'horde') { return $this->roots[$app]; } function __call($n, $a) { return array(); } }
class LabFilter { function filter($text, $how = null) { return $text; } }
class LabInjector { function getInstance($name) { return new LabFilter(); } function __call($n, $a) { return null; } }
$GLOBALS['injector'] = new LabInjector();
$GLOBALS['registry'] = new LabRegistry();
$GLOBALS['registry']->roots = array($argv[1] => $argv[2]);
$c = new Horde_Config($argv[1]);
echo $c->generatePHPConfig(new Horde_Variables());
`;

export async function startHordeLab(options: HordeLabOptions = {}): Promise<HordeLab> {
  const t0 = Date.now();
  const clock = startupClock();
  ensurePackages(PACKAGES);
  const lang = options.lang ?? 'en';
  const locales = await compiledLocales();
  clock.mark('locales (compiled once per machine)');
  const lab = await startLab({ roundcube: false, quotaMB: options.quotaMB ?? 20 });
  clock.mark('Dovecot + SMTP sink');
  const state = lab.stateDir;
  const h = (...p: string[]) => join(state, 'horde', ...p);
  const web = (...p: string[]) => h('web', ...p);
  const readLog = (name: string) =>
    existsSync(join(state, 'logs', name)) ? readFileSync(join(state, 'logs', name), 'utf8').slice(-4000) : '';
  const logs = () =>
    `${lab.logs()}\n${['horde-php-server.log', 'horde-php-errors.log', 'horde.log'].map((f) => `--- ${f}\n${readLog(f)}`).join('\n')}`;

  try {
    // ---- the private tree ------------------------------------------------------------------------
    for (const dir of ['tmp', 'cache', 'sessions', 'vfs', 'overlay/Horde/Core/Ajax/Application']) mkdirSync(h(dir), { recursive: true });
    mirror(HORDE, web(), LEFT_OUT);
    mkdirSync(web('static'));
    mirror('/etc/horde/horde', web('config'), ['prefs.d', 'conf.php', 'hooks.php']);
    mirror(join(HORDE, 'imp'), web('imp'), ['config', 'lib']);
    mirror('/etc/horde/imp', web('imp/config'), ['hooks.php', 'prefs.d', 'conf.php']);
    mirror(join(HORDE, 'imp/lib'), web('imp/lib'), ['Quota']);
    mirror(join(HORDE, 'imp/lib/Quota'), web('imp/lib/Quota'), ['Ui.php']);
    mirror(join(HORDE, 'passwd'), web('passwd'), ['config', 'lib']);
    mirror('/etc/horde/passwd', web('passwd/config'), ['conf.php']);
    mirror(join(HORDE, 'passwd/lib'), web('passwd/lib'), ['Factory']);
    mirror(join(HORDE, 'passwd/lib/Factory'), web('passwd/lib/Factory'), ['Driver.php']);
    // Fix 5 (French quota) and fix 4 (Passwd backends).
    writeFileSync(
      web('imp/lib/Quota/Ui.php'),
      patched(
        join(HORDE, 'imp/lib/Quota/Ui.php'),
        `$ret['percent'] = sprintf("%.2f", $ret['percent']);`,
        `$ret['percent'] = sprintf("%.2F", $ret['percent']); // lab fix: locale-independent (lab/horde.ts)`,
      ),
    );
    writeFileSync(
      web('passwd/lib/Factory/Driver.php'),
      patched(
        join(HORDE, 'passwd/lib/Factory/Driver.php'),
        '    public $backends = array();\n',
        '    // lab fix: Debian\'s "public $backends = array();" removed, it shadowed __get (lab/horde.ts)\n',
      ),
    );
    // Fix 3 (has(null)), in the include_path overlay.
    writeFileSync(
      h('overlay/Horde/Core/Ajax/Application/Handler.php'),
      patched(
        join(HORDE_LIB, 'Horde/Core/Ajax/Application/Handler.php'),
        `    final public function has($action)\n    {\n`,
        `    final public function has($action)\n    {\n        if (!is_string($action)) { return false; } // lab fix for PHP 8 (lab/horde.ts)\n`,
      ),
    );
    // Fix 2 (Net_DNS2 cache): a directory where its cache file would be.
    mkdirSync(h('tmp', `horde_dns.cache${hostname()}`));

    // The prepend file: the bases into our tree, the overlay first, each() back (fix 1).
    writeFileSync(
      h('prepend.php'),
      `<?php
// Written by lab/horde.ts: Horde runs from the lab's own tree, with lab-side fixes for PHP 8.
define('HORDE_BASE', ${phpString(web())});
define('IMP_BASE', ${phpString(web('imp'))});
define('PASSWD_BASE', ${phpString(web('passwd'))});
set_include_path(${phpString(h('overlay'))} . PATH_SEPARATOR . get_include_path());
if (!function_exists('each')) {
    function each(&$array) {
        $key = key($array);
        if ($key === null) {
            return false;
        }
        $value = current($array);
        next($array);
        return array(1 => $value, 'value' => $value, 0 => $key, 'key' => $key);
    }
}
`,
    );

    // ---- configuration ---------------------------------------------------------------------------
    // Only a fallback for conf.php (requests take the port from $_SERVER): a retry on another port is fine.
    const firstPort = await freePort();
    writeFileSync(h('gen-conf.php'), GEN_CONF_PHP);
    const genConf = async (app: string, root: string, tail: string) => {
      const r = await run('php', [
        '-d',
        'error_reporting=E_ALL & ~E_DEPRECATED',
        '-d',
        'display_errors=stderr',
        h('gen-conf.php'),
        app,
        root,
      ]);
      if (r.code !== 0 || !r.stdout.includes('CONFIG END')) throw new Error(`conf.php for ${app}: ${r.stderr}${r.stdout.slice(0, 500)}`);
      writeFileSync(join(root, 'config/conf.php'), `${r.stdout.trimEnd()}\n// Lab overrides (lab/horde.ts).\n${tail}\n`);
    };
    const serverLines = `$conf['server']['name'] = isset($_SERVER['SERVER_NAME']) ? $_SERVER['SERVER_NAME'] : '127.0.0.1';
$conf['server']['port'] = isset($_SERVER['SERVER_PORT']) ? (int)$_SERVER['SERVER_PORT'] : ${firstPort};`;
    await genConf(
      'horde',
      web(),
      `$conf['sql'] = array('phptype' => 'sqlite', 'database' => ${phpString(h('horde.sqlite'))}, 'charset' => 'utf-8');
$conf['use_ssl'] = 0;
${serverLines}
$conf['cookie']['domain'] = '';
$conf['cookie']['path'] = '/';
$conf['secret_key'] = ${phpString(randomBytes(12).toString('hex'))};
$conf['tmpdir'] = ${phpString(h('tmp'))};
$conf['log']['name'] = ${phpString(join(state, 'logs/horde.log'))};
$conf['log']['priority'] = 'WARNING';
$conf['cache']['driver'] = 'File';
$conf['cache']['params']['dir'] = ${phpString(h('cache'))};
$conf['vfs']['type'] = 'File';
$conf['vfs']['params']['vfsroot'] = ${phpString(h('vfs'))};
$conf['mailer']['type'] = 'smtp';
$conf['mailer']['params'] = array('host' => '127.0.0.1', 'port' => ${lab.smtpPort}, 'auth' => false, 'localhost' => 'lab.example.test');
$conf['problems']['email'] = 'postmaster@example.test';
$conf['problems']['maildomain'] = 'example.test';
$conf['auth']['checkip'] = false;
$conf['testdisable'] = true;
// PHP 8 prints hundreds of "Creation of dynamic property" deprecations from Horde: not in the pages.
$conf['debug_level'] = E_ALL & ~E_NOTICE & ~E_DEPRECATED;`,
    );
    await genConf('imp', web('imp'), '');
    await genConf('passwd', web('passwd'), '');
    writeFileSync(
      web('config/registry.local.php'),
      `<?php
// Debian's registry.php has no Passwd entry; under the settings (gear) menu, as Horde documents.
$this->applications['passwd'] = array('name' => _("Password"), 'provides' => 'horde/passwd', 'menu_parent' => 'settings');
`,
    );
    writeFileSync(
      web('config/prefs.local.php'),
      `<?php
// IMP first after login, and an empty portal (the webmail bundle's layout needs the apps left out).
$_prefs['initial_application']['value'] = 'imp';
$_prefs['portal_layout']['value'] = 'a:0:{}';
$_prefs['language']['value'] = ${phpString(lang === 'fr' ? 'fr_FR' : 'en_US')};
`,
    );
    writeFileSync(
      web('imp/config/backends.local.php'),
      `<?php
foreach (array_keys($servers) as $key) {
    $servers[$key]['disabled'] = true;
}
$servers['lab'] = array(
    'disabled' => false,
    'name' => 'Lab mail server',
    'hostspec' => '127.0.0.1',
    'hordeauth' => false,
    'protocol' => 'imap',
    'port' => ${lab.imapPort},
    'secure' => false,
    'maildomain' => 'example.test',
    'smtp' => array('host' => '127.0.0.1', 'port' => ${lab.smtpPort}, 'auth' => false, 'localhost' => 'lab.example.test'),
    'cache' => false,
    // Without this IMP shows no quota. interval: the quota is refreshed by the poll every 60 s (default 15 min).
    'quota' => array('driver' => 'imap', 'params' => array('hide_when_unlimited' => true, 'unit' => 'MB', 'interval' => 60)),
);
`,
    );
    // Passwd's Procopen driver writes "user\\nold\\nnew\\n" to this program; exit 0 = changed.
    const dovecotConf = join(state, 'dovecot.conf');
    const helper = h('passwd-helper.sh');
    writeFileSync(
      helper,
      `#!/bin/sh
# Written by lab/horde.ts: Passwd's backend. Checks the old password with Dovecot itself,
# then writes a new SHA512-CRYPT hash into the lab's passwd-file (the edit Roundcube's plugin makes).
IFS= read -r user; IFS= read -r old; IFS= read -r new
doveadm -c ${dovecotConf} auth test "$user" "$old" >/dev/null 2>&1 || { echo "Old password incorrect"; exit 2; }
# doveadm pw prints the hash with its {SHA512-CRYPT} prefix, as the passwd-file holds it.
hash=$(doveadm -c ${dovecotConf} pw -s SHA512-CRYPT -p "$new") || { echo "Hashing failed"; exit 3; }
perl -i -pe 'BEGIN { ($u, $h) = splice(@ARGV, 0, 2) } s/^\\Q$u\\E:[^:]*:/$u:$h:/ and $done = 1; END { exit($done ? 0 : 4) }' "$user" "$hash" ${join(state, 'users.passwd')} || { echo "No such user"; exit 4; }
`,
      { mode: 0o700 },
    );
    writeFileSync(
      web('passwd/config/backends.local.php'),
      `<?php
foreach (array_keys($backends) as $key) {
    $backends[$key]['disabled'] = true;
}
$backends['lab'] = array(
    'disabled' => false,
    'name' => 'Lab mail server',
    'driver' => 'Procopen',
    'params' => array('program' => ${phpString(helper)}),
    'policy' => array(${Object.entries(PASSWORD_POLICY)
      .map(([k, v]) => `'${k}' => ${v}`)
      .join(', ')}),
);
`,
    );

    clock.mark('private tree + conf.php');
    // ---- the database ----------------------------------------------------------------------------
    const phpIni = [
      '-d',
      `auto_prepend_file=${h('prepend.php')}`,
      '-d',
      'error_reporting=E_ALL & ~E_DEPRECATED & ~E_NOTICE',
      '-d',
      `sys_temp_dir=${h('tmp')}`,
    ];
    for (let attempt = 1; ; attempt++) {
      const r = await run('php', [...phpIni, '/usr/bin/horde-db-migrate']);
      if (r.code === 0) break;
      if (attempt >= 3) throw new Error(`horde-db-migrate failed: ${r.stderr}${r.stdout}`);
    }

    clock.mark('horde-db-migrate (SQLite)');
    // ---- PHP's server ----------------------------------------------------------------------------
    const env: NodeJS.ProcessEnv = { ...process.env, PHP_CLI_SERVER_WORKERS: String(PHP_WORKERS), LOCPATH: locales };
    /** Starts php -S on `port` and waits for the sign-in page; PortInUse if another process took the port first. */
    const startPhp = async (port: number): Promise<void> => {
      const serverLog = join(state, 'logs/horde-php-server.log');
      const wholeLog = () => (existsSync(serverLog) ? readFileSync(serverLog, 'utf8') : '');
      const logStart = wholeLog().length;
      const php = spawnService(
        'php',
        [
          ...phpIni,
          '-d',
          `session.save_path=${h('sessions')}`,
          '-d',
          `upload_tmp_dir=${h('tmp')}`,
          '-d',
          'upload_max_filesize=50M',
          '-d',
          'post_max_size=55M',
          '-d',
          'memory_limit=512M',
          // Never into the pages: Horde's PHP 8 deprecation notices would break its JSON and headers.
          '-d',
          'display_errors=0',
          '-d',
          'log_errors=1',
          '-d',
          `error_log=${join(state, 'logs/horde-php-errors.log')}`,
          '-S',
          `127.0.0.1:${port}`,
          '-t',
          web(),
        ],
        { env, log: serverLog, cwd: web() },
      );
      lab.addService({ name: 'horde-php', child: php });
      const deadline = Date.now() + START_TIMEOUT_MS;
      let last: string;
      for (;;) {
        if (php.exitCode !== null || php.signalCode !== null) {
          // "Failed to listen on 127.0.0.1:PORT (reason: Address already in use)", in this start's lines.
          if (/Address already in use/.test(wholeLog().slice(logStart))) throw new PortInUse(logs());
          throw new Error(`php -S exited at start (${php.exitCode ?? php.signalCode}).\n${logs()}`);
        }
        try {
          const res = await fetch(`http://127.0.0.1:${port}/login.php`, { signal: AbortSignal.timeout(10_000) });
          const body = await res.text();
          if (res.status === 200 && body.includes('horde_user')) return;
          last = `HTTP ${res.status}: ${body.slice(0, 500)}`;
        } catch (e) {
          last = String(e);
        }
        if (Date.now() > deadline)
          throw new Error(
            `Horde's sign-in page did not load from 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms (last: ${last}).\n${logs()}`,
          );
        await sleep(100);
      }
    };
    // A port picked free can be taken before php binds it (other work runs here): try again, as stack.ts does.
    let httpPort = firstPort;
    for (let attempt = 1; ; attempt++) {
      try {
        await startPhp(httpPort);
        break;
      } catch (e) {
        if (!(e instanceof PortInUse) || attempt >= 3) throw e;
        httpPort = await freePort();
      }
    }
    const base = `http://127.0.0.1:${httpPort}/`;
    const url = `${base}login.php`;

    clock.mark('php -S + sign-in page');
    const hordeLab = Object.assign(Object.create(lab) as Lab, {
      webmail: 'horde' as const,
      url,
      base,
      lang,
      logs,
      startup: clock.steps,
    }) as HordeLab;
    if (process.env.LAB_DEBUG) console.error(`[lab] Horde started in ${Date.now() - t0} ms: ${url} (state ${state})`);
    return hordeLab;
  } catch (e) {
    await lab.stop();
    throw new Error(`The Horde lab did not start: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
