/**
 * The SOGo lab: a real SOGo 5.8 (Debian 12's `sogo`) beside the Roundcube lab's Dovecot and SMTP sink
 * (stack.ts), for the end-to-end tests and `npm run lab -- --webmail sogo`. Nothing is mocked:
 *
 *   PostgreSQL 15   a cluster of our own in the lab's temp dir, on a free loopback port (SOGo's
 *                   database adaptors in libsope1 are PostgreSQL and MySQL only: no SQLite). It holds
 *                   SOGo's profiles, sessions and folder info, and `sogo_users`, the SQL user source.
 *   Dovecot         stack.ts's, with its passdb replaced by that same table (dovecot-pgsql): the
 *                   password SOGo's Preferences > Password writes is at once the IMAP password.
 *   memcached       a private instance on a free loopback port (SOGo needs one).
 *   sogod           as the `sogo` user (it refuses root), configured through GNUstep user defaults in
 *                   the temp dir: nothing under /etc is written or read for our keys.
 *   the front       a small HTTP server in this process: sogod does not serve its static files
 *                   (Debian's /usr/share/doc/sogo/apache.conf aliases them), and it needs the
 *                   x-webobjects-* headers to write URLs with the front's port.
 *
 * Facts this relies on (checked on Debian 12, sogo 5.8.0-2+deb12u4, PostgreSQL 15.18, 2026-12-04):
 * - sogod and postgres refuse to run as root ("Don't run SOGo as root!"): both run as their users.
 * - GNUstep reads the user defaults from GNUSTEP_USER_DEFAULTS_DIR of the file named by
 *   GNUSTEP_CONFIG_FILE; they override /etc/sogo/sogo.conf key by key, and that file still fills the
 *   keys left unset, so every key it sets (database URLs, servers, folder names) is set here again.
 * - sogod exits silently when it cannot write WOLogFile: "-" (stderr, our log file).
 * - SOGo creates its own tables on first use; the user table's column names are its defaults.
 *   Changed passwords are written as `{sha512-crypt}$6$…` (prependPasswordScheme), which Dovecot
 *   accepts (default_pass_scheme SHA512-CRYPT, no auth cache: seen at the next login).
 * - No password rules by default (a 3-character password is accepted): the lab sets the Roundcube
 *   lab's (10 characters, a digit, a special character) with SOGo's POLICY_MIN_* constants, which SOGo
 *   also prints under the new-password field (`.sg-hint li`).
 * - Language: SOGoLanguage is only the default; a user keeps the language of their first login (in
 *   their profile row). One lab per language, as for Roundcube.
 * - Node 20's keep-alive agent against sogod gives random "socket hang up": upstream requests use no agent.
 * - Stopping: sogod before PostgreSQL; PostgreSQL's SIGTERM is a "smart" shutdown that waits for its
 *   clients (Dovecot's auth worker keeps one), SIGINT is the fast one.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { ensurePackages } from './packages.ts';
import { freePort, run, sleep, spawnService, stopGroup } from './processes.ts';
import { LAB_USERS, startLab, type Lab, type LabUser } from './stack.ts';

export interface StartupStep {
  step: string;
  ms: number;
}

/** Records how long each step of a lab's start takes: `mark('x')` closes the step "x" begun at the previous mark. */
export function startupClock(): { mark: (step: string) => void; steps: StartupStep[] } {
  let last = Date.now();
  const steps: StartupStep[] = [];
  return {
    steps,
    mark(step) {
      const now = Date.now();
      steps.push({ step, ms: now - last });
      last = now;
    },
  };
}

export interface SogoLabOptions {
  /** SOGo's default language for users who have not signed in yet. Default `en`. */
  lang?: 'en' | 'fr';
  /** Mailbox quota in MiB. Default 20. */
  quotaMB?: number;
}

export interface SogoLab extends Lab {
  webmail: 'sogo';
  /** The SOGo front, e.g. `http://127.0.0.1:40123/SOGo/` (the sign-in page). */
  url: string;
  lang: 'en' | 'fr';
  pgPort: number;
  sogoPort: number;
  memcachedPort: number;
  /** `psql` as the database owner against the lab's cluster; resolves to stdout (unaligned, tuples only). */
  sql(query: string): Promise<string>;
  /** How long each step of the start took, in order (for CI timing reports). */
  startup: StartupStep[];
  /** Sets the password in SOGo's user table (what Dovecot reads) and in `users`; resolves once IMAP accepts it. */
  setPassword(email: string, password: string): Promise<void>;
}

/** What this lab runs, on top of stack.ts's Dovecot (all also in scripts/install-system-deps.sh). */
const PACKAGES = [
  'dovecot-core',
  'dovecot-imapd',
  'dovecot-managesieved',
  'dovecot-sieve',
  'dovecot-pgsql',
  'sogo',
  'memcached',
  'postgresql',
  'php-cli',
];
const PG_BIN = '/usr/lib/postgresql/15/bin';
const SOGOD = '/usr/sbin/sogod';
const SOGO_STATIC = '/usr/lib/GNUstep/SOGo/WebServerResources';
const START_TIMEOUT_MS = 30_000;
/** Same rules as the Roundcube lab's password plugin (stack.ts LAB_PASSWORD_RULES), in SOGo's words. */
const PASSWORD_POLICY = `(
      { label = "POLICY_MIN_LENGTH"; value = 10; },
      { label = "POLICY_MIN_DIGIT"; value = 1; },
      { label = "POLICY_MIN_SPECIAL_SYMBOLS"; value = 1; }
    )`;
/** A desktop Chromium's user agent: SOGo answers other agents with a "browser not supported" page. */
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const MIME: Record<string, string> = {
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.html': 'text/html',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wav': 'audio/wav',
};

/** An empty PostgreSQL 15 cluster (initdb, trust auth), made once and copied by every SOGo lab. */
const PG_TEMPLATE = join(tmpdir(), 'sobre-mail-lab-pg15-template-v1');

async function pgTemplate(postgres: { uid: number; gid: number }): Promise<string> {
  if (existsSync(join(PG_TEMPLATE, 'PG_VERSION'))) return PG_TEMPLATE;
  const building = `${PG_TEMPLATE}.${process.pid}.${randomBytes(3).toString('hex')}`;
  mkdirSync(building, { mode: 0o700 });
  chownSync(building, postgres.uid, postgres.gid);
  const init = await run('runuser', [
    '-u',
    'postgres',
    '--',
    join(PG_BIN, 'initdb'),
    '-D',
    building,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  if (init.code !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr}${init.stdout}`);
  }
  try {
    renameSync(building, PG_TEMPLATE);
  } catch {
    // Another lab made it at the same time: theirs is as good.
    rmSync(building, { recursive: true, force: true });
  }
  return PG_TEMPLATE;
}

function account(name: string): { uid: number; gid: number } {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) throw new Error(`No system user "${name}" (its Debian package creates it): ${r.stderr}`);
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** SHA512-CRYPT with glibc's crypt() through Perl (Essential): the scheme Dovecot and SOGo both verify. */
function sha512Crypt(password: string): string {
  const salt = randomBytes(12)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16);
  const r = spawnSync('perl', ['-e', 'print crypt($ARGV[0], "\\$6\\$" . $ARGV[1] . "\\$")', password, salt], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout.startsWith('$6$')) throw new Error(`crypt() failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const plistString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolveOpen(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(what: string, child: ChildProcess, test: () => Promise<boolean>, logs: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${what} exited at start (${child.exitCode ?? child.signalCode}).\n${logs()}`);
    if (await test()) return;
    await sleep(100);
  }
  throw new Error(`${what} was not ready within ${START_TIMEOUT_MS} ms.\n${logs()}`);
}

/**
 * The front: SOGo's static files from disk, everything else proxied to sogod with the headers that
 * make it write URLs for the front's address (as Debian's apache.conf does). `/` redirects to /SOGo/.
 */
function startFront(sogoPort: number): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://front');
    const staticPrefix = ['/SOGo.woa/WebServerResources/', '/SOGo/WebServerResources/'].find((p) => url.pathname.startsWith(p));
    if (staticPrefix) {
      const file = normalize(join(SOGO_STATIC, decodeURIComponent(url.pathname.slice(staticPrefix.length))));
      if (!file.startsWith(SOGO_STATIC + '/') || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' });
      createReadStream(file).pipe(res);
      return;
    }
    if (url.pathname === '/' || url.pathname === '/SOGo') {
      res.writeHead(302, { location: '/SOGo/' }).end();
      return;
    }
    const port = (server.address() as AddressInfo).port;
    const headers = { ...req.headers };
    headers['x-webobjects-server-name'] = '127.0.0.1';
    headers['x-webobjects-server-port'] = String(port);
    headers['x-webobjects-server-url'] = `http://127.0.0.1:${port}`;
    headers['x-webobjects-server-protocol'] = 'HTTP/1.0';
    headers['x-webobjects-remote-host'] = '127.0.0.1';
    headers.host = `127.0.0.1:${port}`;
    // No keep-alive agent: against sogod it gives random "socket hang up" under Node 20.
    const upstream = request({ host: '127.0.0.1', port: sogoPort, method: req.method, path: req.url, headers, agent: false }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`SOGo lab front: ${e.message}`);
    });
    req.pipe(upstream);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveServer(server));
  });
}

export async function startSogoLab(options: SogoLabOptions = {}): Promise<SogoLab> {
  const t0 = Date.now();
  const clock = startupClock();
  ensurePackages(PACKAGES);
  const lang = options.lang ?? 'en';
  const postgres = account('postgres');
  const sogo = account('sogo');
  // memcached -u drops to this account (created by Debian's memcached package): fail early, by name.
  account('memcache');
  const pgPort = await freePort();
  const pgPassword = randomBytes(9).toString('hex');

  const psql = async (db: string, user: string, query: string): Promise<string> => {
    const r = await run('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(pgPort),
      '-U',
      user,
      '-d',
      db,
      '-X',
      '-q',
      '-A',
      '-t',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      query,
    ]);
    if (r.code !== 0) throw new Error(`psql (${db}): ${r.stderr.trim()}\n${query}`);
    return r.stdout;
  };
  const insertUser = (u: LabUser) =>
    `INSERT INTO sogo_users VALUES (${sqlString(u.email)}, ${sqlString(u.email)}, ${sqlString(`{SHA512-CRYPT}${sha512Crypt(u.password)}`)}, ${sqlString(u.name)}, ${sqlString(u.email)})`;
  const logFile = (state: string, name: string) => join(state, 'logs', name);
  const readLog = (state: string, name: string) =>
    existsSync(logFile(state, name)) ? readFileSync(logFile(state, name), 'utf8').slice(-4000) : '';
  const ourLogs = (state: string) => ['postgres.log', 'memcached.log', 'sogod.log'].map((f) => `--- ${f}\n${readLog(state, f)}`).join('\n');

  // Dovecot asks SOGo's user table for passwords (the userdb, with home and uid, stays the passwd-file).
  const lab = await startLab({
    roundcube: false,
    quotaMB: options.quotaMB ?? 20,
    dovecotPassdb: (state) => {
      const file = join(state, 'dovecot-sql.conf.ext');
      writeFileSync(
        file,
        `driver = pgsql
connect = host=127.0.0.1 port=${pgPort} dbname=sogo user=sogo password=${pgPassword}
default_pass_scheme = SHA512-CRYPT
password_query = SELECT c_uid AS user, c_password AS password FROM sogo_users WHERE c_uid = '%u'
`,
        { mode: 0o600 },
      );
      return `passdb {\n  driver = sql\n  args = ${file}\n}`;
    },
    // ---- PostgreSQL, before Dovecot (its auth process dies when the SQL server is not there) ----
    beforeDovecot: async (state, addService) => {
      const pgData = join(state, 'pg');
      const pgSockets = join(state, 'run/pg');
      for (const dir of [pgData, pgSockets]) {
        mkdirSync(dir, { mode: 0o700 });
        chownSync(dir, postgres.uid, postgres.gid);
      }
      // A copy of an empty cluster made once per machine: initdb takes 4-5 s on a busy 2-core machine, a copy well under 1.
      const copy = await run('cp', ['-a', `${await pgTemplate(postgres)}/.`, pgData]);
      if (copy.code !== 0) throw new Error(`Copying the PostgreSQL template failed: ${copy.stderr}`);
      clock.mark('package check, SMTP sink, PostgreSQL cluster (copy of the template)');
      const pg = spawnService(
        join(PG_BIN, 'postgres'),
        [
          '-D',
          pgData,
          '-p',
          String(pgPort),
          '-k',
          pgSockets,
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'shared_buffers=16MB',
          '-c',
          'max_connections=40',
          // A throw-away cluster: durability costs time and buys nothing.
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
        ],
        {
          log: logFile(state, 'postgres.log'),
          uid: postgres.uid,
          gid: postgres.gid,
          cwd: pgData,
          env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
        },
      );
      addService({
        name: 'postgres',
        child: pg,
        signal: 'SIGINT',
        // SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for Dovecot's open connection).
        stop: async () => {
          const pid = Number(readFileSync(join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
          if (pid > 0) process.kill(pid, 'SIGINT');
          await stopGroup(pg, 10_000);
        },
      });
      await waitFor(
        'PostgreSQL',
        pg,
        async () => (await run(join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(pgPort)])).code === 0,
        () => ourLogs(state),
      );
      await psql('postgres', 'postgres', `CREATE ROLE sogo LOGIN PASSWORD ${sqlString(pgPassword)}`);
      await psql('postgres', 'postgres', 'CREATE DATABASE sogo OWNER sogo');
      await psql(
        'sogo',
        'sogo',
        'CREATE TABLE sogo_users (c_uid varchar(255) PRIMARY KEY, c_name varchar(255) NOT NULL, c_password varchar(255) NOT NULL, c_cn varchar(255), mail varchar(255))',
      );
      await psql('sogo', 'sogo', LAB_USERS.map(insertUser).join(';\n'));
      clock.mark('PostgreSQL start + role, database, users');
    },
  });
  clock.mark('Dovecot');
  const state = lab.stateDir;
  const s = (...p: string[]) => join(state, 'sogo', ...p);
  const logs = () => `${lab.logs()}\n${ourLogs(state)}`;

  try {
    // ---- memcached -----------------------------------------------------------------------------
    const memcachedPort = await freePort();
    const memcached = spawnService(
      'memcached',
      ['-u', 'memcache', '-l', '127.0.0.1', '-p', String(memcachedPort), '-U', '0', '-m', '32', '-t', '1'],
      { log: logFile(state, 'memcached.log') },
    );
    lab.addService({ name: 'memcached', child: memcached });
    await waitFor('memcached', memcached, () => portOpen(memcachedPort), logs);
    clock.mark('memcached');

    // ---- sogod ---------------------------------------------------------------------------------
    for (const dir of [s(), s('home'), s('Defaults'), s('spool')]) {
      mkdirSync(dir, { recursive: true });
      chownSync(dir, sogo.uid, sogo.gid);
    }
    const sogoPort = await freePort();
    const db = (table: string) => plistString(`postgresql://sogo:${pgPassword}@127.0.0.1:${pgPort}/sogo/${table}`);
    // Debian's GNUstep.conf with the user defaults moved into the lab (everything else as shipped).
    const gnustepConf = readFileSync('/etc/GNUstep/GNUstep.conf', 'utf8').replace(/^\s*#?\s*GNUSTEP_USER_DEFAULTS_DIR=.*$/m, '');
    writeFileSync(
      s('GNUstep.conf'),
      `${gnustepConf}\nGNUSTEP_USER_DEFAULTS_DIR=${s('Defaults')}\nGNUSTEP_USER_CONFIG_FILE=${s('GNUstep-user.conf')}\n`,
    );
    writeFileSync(
      s('Defaults/sogod.plist'),
      `{
  WOPort = "127.0.0.1:${sogoPort}";
  WONoDetach = YES;
  WOLogFile = "-";
  WOPidFile = ${plistString(s('sogod.pid'))};
  WOWorkersCount = 2;
  WOMaxUploadSize = 102400;
  SOGoMaximumMessageSizeLimit = 102400;
  SOGoProfileURL = ${db('sogo_user_profile')};
  OCSFolderInfoURL = ${db('sogo_folder_info')};
  OCSSessionsFolderURL = ${db('sogo_sessions_folder')};
  OCSEMailAlarmsFolderURL = ${db('sogo_alarms_folder')};
  OCSStoreURL = ${db('sogo_store')};
  OCSAclURL = ${db('sogo_acl')};
  OCSCacheFolderURL = ${db('sogo_cache_folder')};
  SOGoMemcachedHost = "127.0.0.1:${memcachedPort}";
  SOGoIMAPServer = "imap://127.0.0.1:${lab.imapPort}";
  SOGoSieveServer = "sieve://127.0.0.1:${lab.sievePort}";
  SOGoSMTPServer = "smtp://127.0.0.1:${lab.smtpPort}";
  SOGoMailingMechanism = smtp;
  SOGoMailDomain = "example.test";
  SOGoLanguage = ${lang === 'fr' ? 'French' : 'English'};
  SOGoTimeZone = UTC;
  SOGoSentFolderName = Sent;
  SOGoTrashFolderName = Trash;
  SOGoDraftsFolderName = Drafts;
  SOGoJunkFolderName = Junk;
  SOGoIMAPAclConformsToIMAPExt = YES;
  SOGoVacationEnabled = YES;
  SOGoForwardEnabled = NO;
  SOGoSieveScriptsEnabled = NO;
  SOGoFirstDayOfWeek = 1;
  SOGoMailMessageCheck = manually;
  SOGoMailAuxiliaryUserAccountsEnabled = NO;
  SOGoAppointmentSendEMailNotifications = NO;
  SOGoPasswordChangeEnabled = YES;
  SOGoUserSources = (
    {
      type = sql;
      id = lab_users;
      viewURL = ${db('sogo_users')};
      canAuthenticate = YES;
      isAddressBook = NO;
      displayName = "Lab users";
      userPasswordAlgorithm = sha512-crypt;
      prependPasswordScheme = YES;
      userPasswordPolicy = ${PASSWORD_POLICY};
    }
  );
}
`,
    );
    chownSync(s('Defaults/sogod.plist'), sogo.uid, sogo.gid);
    const sogod = spawnService(SOGOD, [], {
      log: logFile(state, 'sogod.log'),
      uid: sogo.uid,
      gid: sogo.gid,
      cwd: s('home'),
      env: { PATH: process.env.PATH, HOME: s('home'), GNUSTEP_CONFIG_FILE: s('GNUstep.conf'), LANG: 'C.UTF-8' },
    });
    lab.addService({ name: 'sogod', child: sogod });
    await waitFor('sogod', sogod, () => portOpen(sogoPort), logs);
    clock.mark('sogod listening');

    // ---- the front -----------------------------------------------------------------------------
    const frontServer = await startFront(sogoPort);
    const frontPort = (frontServer.address() as AddressInfo).port;
    lab.addService({
      name: 'sogo-front',
      // The front lives in this process: a stand-in child that is already gone, and a stop that closes it.
      child: { pid: undefined, exitCode: 0, signalCode: null } as unknown as ChildProcess,
      stop: () =>
        new Promise<void>((r) => {
          frontServer.closeAllConnections();
          frontServer.close(() => r());
        }),
    });
    const url = `http://127.0.0.1:${frontPort}/SOGo/`;
    // Ready when the sign-in page comes with its scripts (sogod answers, the front serves the files).
    let last = '';
    await waitFor(
      'SOGo',
      sogod,
      async () => {
        try {
          // SOGo sniffs the browser: an unknown agent (Node's fetch) gets "browser not supported".
          const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { 'user-agent': BROWSER_UA } });
          const body = await res.text();
          last = `HTTP ${res.status}: ${body.slice(0, 300)}`;
          if (res.status !== 200 || !body.includes('passwordField')) return false;
          const js = body.match(/src="(\/SOGo[^"]+\.js)[^"]*"/)?.[1];
          return !js || (await fetch(new URL(js, url))).ok;
        } catch (e) {
          last = String(e);
          return false;
        }
      },
      () => `${logs()}\nlast answer: ${last}`,
    );

    clock.mark('front + sign-in page with its scripts');
    const sql = (query: string) => psql('sogo', 'sogo', query);
    const sogoLab = Object.assign(Object.create(lab) as Lab, {
      webmail: 'sogo' as const,
      url,
      lang,
      pgPort,
      sogoPort,
      memcachedPort,
      sql,
      logs,
      startup: clock.steps,
      async setPassword(email: string, password: string) {
        const user = lab.users.find((u) => u.email === email);
        if (!user) throw new Error(`No lab user ${email}`);
        await sql(
          `UPDATE sogo_users SET c_password = ${sqlString(`{SHA512-CRYPT}${sha512Crypt(password)}`)} WHERE c_uid = ${sqlString(email)}`,
        );
        user.password = password;
        await lab.waitForImapLogin(email, password);
      },
    }) as SogoLab;
    if (process.env.LAB_DEBUG) console.error(`[lab] SOGo started in ${Date.now() - t0} ms: ${url} (state ${state})`);
    return sogoLab;
  } catch (e) {
    await lab.stop();
    throw new Error(`The SOGo lab did not start: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
