/**
 * The webmail lab: a real Roundcube 1.6 + Dovecot 2.3 on 127.0.0.1 for the end-to-end tests and
 * `npm run lab`. Nothing here is mocked: Debian's packages, a real IMAP server with a
 * real quota, Roundcube's real password and managesieve plugins. Only the outgoing SMTP server is
 * ours: a sink in this process (Nodemailer's `smtp-server`) that records what Roundcube sends and
 * hands mail for lab users to `dovecot-lda`, so a message really lands (and counts against the quota).
 *
 * Each lab lives in its own temp dir with its own ports, so several can run side by side and next to
 * anything else on the machine. stop() ends only the processes this module started (by process
 * group); exit and signal handlers, and a watchdog if Node is killed outright, do the same.
 *
 * The Roundcube facts and pitfalls it relies on are written next to the code that relies on them.
 * Runs as root (Dovecot switches to the mail user), under vitest or tsx (Node 20 cannot strip types).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dovecotConfig, fillerMessage, MAIL_GID, MAIL_UID, watchPasswdFile, type Ports } from './dovecot.ts';
import { ensurePackages } from './packages.ts';
import {
  freePort,
  freePorts,
  greeting,
  groupMembers,
  installExitHandlers,
  killGroup,
  liveLabs,
  PortInUse,
  run,
  sleep,
  spawnService,
  startWatchdog,
  stopGroup,
} from './processes.ts';
import { roundcubeConfig } from './roundcube.ts';
import { startSmtpSink } from './smtp-sink.ts';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface LabUser {
  email: string;
  /** The current password: setPassword() updates it; a change made through Roundcube's UI does not. */
  password: string;
  name: string;
}

/**
 * Roundcube's two skins, and a copy of each under another name: what a provider's own skin is (the
 * French ministries' Mél runs `mel_elastic` and `mel_larry`). The copies let the tests prove that the
 * extension knows Roundcube by Roundcube's own structures, never by a skin's name.
 */
export type RoundcubeSkin = 'elastic' | 'larry' | 'fork_elastic' | 'fork_larry';

/** Each copied skin and the skin it is a copy of. */
export const FORKED_SKINS: Readonly<Partial<Record<RoundcubeSkin, 'elastic' | 'larry'>>> = Object.freeze({
  fork_elastic: 'elastic',
  fork_larry: 'larry',
});

export const ROUNDCUBE_SKINS: readonly RoundcubeSkin[] = Object.freeze(['elastic', 'larry', 'fork_elastic', 'fork_larry']);

export function isRoundcubeSkin(name: string): name is RoundcubeSkin {
  return (ROUNDCUBE_SKINS as readonly string[]).includes(name);
}

/** What can change when Roundcube is restarted (Dovecot, users and mail stay). */
export interface RoundcubeOptions {
  /** Roundcube `language`, e.g. `fr_FR` (localised labels and size units: Ko/Mo/Go). Default `en_US`. */
  language?: string;
  /** Default `elastic`. A copied skin (`fork_elastic`, `fork_larry`) is made in the lab's own install tree. */
  skin?: RoundcubeSkin;
  /**
   * Environment overrides for the PHP process: `{ password_minimum_length: '12' }` becomes
   * `ROUNDCUBE_PASSWORD_MINIMUM_LENGTH=12` (a key already starting with `ROUNDCUBE_` is kept).
   * Roundcube casts the string to the type of the option's current value, and PHP's `(bool)'false'`
   * is true: write booleans as '1' / '' (or use `config`).
   */
  env?: Record<string, string>;
  /** Extra options written into config.inc.php (JSON values, so booleans and arrays stay typed). */
  config?: Record<string, unknown>;
}

export interface LabOptions extends RoundcubeOptions {
  /** Mailbox quota of every user in MiB (Dovecot `quota_rule = *:storage=<n>M`). Default 20. */
  quotaMB?: number;
  /**
   * Start Roundcube (default true). The SOGo and Horde labs (sogo.ts, horde.ts) set false: they use this
   * stack's Dovecot, SMTP sink, users and clean-up, and start their own webmail beside it.
   */
  roundcube?: boolean;
  /**
   * Replaces Dovecot's passdb block (the users' passwd-file), given the lab's state dir. The SOGo lab
   * points it at SOGo's SQL user table, so a password SOGo changes is at once the IMAP password. The
   * userdb (uid, home, quota) stays the passwd-file.
   */
  dovecotPassdb?: (stateDir: string) => string;
  /**
   * Runs once the state dir and the SMTP sink exist, before Dovecot starts: for what Dovecot needs
   * from its first login (the SOGo lab's PostgreSQL: Dovecot's auth process crashes, signal 11, when
   * its SQL server refuses the connection at start). Services it adopts are stopped with the lab.
   */
  beforeDovecot?: (stateDir: string, addService: (service: LabService) => void) => Promise<void>;
}

/** A process group started beside the lab (a webmail, its database): stopped and cleaned up with it. */
export interface LabService {
  name: string;
  /** What spawnService returned. */
  child: ChildProcess;
  /** How to stop it gracefully; default stopGroup(child, 5000). Whatever is left is killed afterwards. */
  stop?: () => Promise<void>;
  /** The signal the watchdog sends the group when Node died (default SIGTERM), 2 s before SIGKILL. */
  signal?: NodeJS.Signals;
}

/** One message accepted by the SMTP sink (what Roundcube's Send produced). */
export interface SentMail {
  /** Envelope sender (MAIL FROM), '' for bounces and Sieve vacation replies. */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** Size of the message as transmitted, in bytes (after dot-unstuffing). */
  size: number;
  /** The header block, for quick assertions on Subject/To without reading the file. */
  headers: string;
  /** The whole message, saved in the lab's state dir. */
  file: string;
  /** Recipients that are lab users and received the message through dovecot-lda. */
  delivered: string[];
  /** Why local delivery failed (e.g. the recipient's quota), if it did; the sender then got a 4xx/5xx. */
  deliveryError?: string;
}

export interface QuotaInfo {
  /** Rounded up from bytes by Dovecot, exactly what IMAP GETQUOTAROOT gives Roundcube. */
  usedKiB: number;
  limitKiB: number;
  /** As `doveadm quota get` prints it: floored. Roundcube shows Math.round(used / limit * 100). */
  percent: number;
}

export interface Lab {
  /** Roundcube, e.g. `http://127.0.0.1:40123/` (with the trailing slash). */
  url: string;
  imapPort: number;
  sievePort: number;
  smtpPort: number;
  /** alice@example.test and bob@example.test, with their current passwords. */
  users: LabUser[];
  quotaMB: number;
  stateDir: string;
  /** Roundcube's current language and skin (after restartRoundcube, the new ones). */
  roundcube: Required<Pick<RoundcubeOptions, 'language' | 'skin'>>;
  /** Every message the SMTP sink accepted, oldest first. */
  sent: SentMail[];

  /** `doveadm -c <our config> ...args`; resolves to stdout, rejects with stderr. */
  doveadm(args: string[], input?: string | Buffer): Promise<string>;
  /**
   * Fills to just past `percent` of the quota, so that doveadm (which floors) and Roundcube (which
   * rounds) both show exactly `percent`.
   */
  fillToPercent(email: string, percent: number): Promise<void>;
  /** Sum of the virtual sizes of all the user's messages, in bytes: what the quota counts. */
  usedBytes(email: string): Promise<number>;
  /** Expunges every message in every folder and recalculates the quota. */
  emptyMailbox(email: string): Promise<void>;
  quotaGet(email: string): Promise<QuotaInfo>;
  /**
   * A real IMAP LOGIN over a socket to Dovecot: true if accepted. A refusal answers at once: the lab
   * turns off Dovecot's failure delay and auth penalty, which would slow every later login by seconds.
   */
  imapLogin(email: string, password: string): Promise<boolean>;
  /**
   * Resolves once Dovecot accepts this password (rejects after `timeoutMs`, default 5 s). Dovecot sees a
   * changed passwd-file up to 1 s late: after changing a password through Roundcube, wait with this
   * (or poll imapLogin) before asserting that the new password works.
   */
  waitForImapLogin(email: string, password: string, timeoutMs?: number): Promise<void>;
  /**
   * Sets a user's password in the passwd-file (the same edit as Roundcube's password plugin) and in
   * `users`; resolves once Dovecot accepts it.
   */
  setPassword(email: string, password: string): Promise<void>;
  /** Delivers a raw RFC 5322 message through dovecot-lda (Sieve and quota apply). */
  deliver(email: string, message: string | Buffer, envelopeFrom?: string): Promise<void>;
  /**
   * Restarts Roundcube alone on the same URL. The options replace the previous ones: `{}` is back
   * to en_US + elastic. Roundcube keeps each user's language from their first login and prefers it
   * to the `language` option, so the stored languages are cleared: the new one shows for everyone.
   * Sessions live in the SQLite file and survive; open pages must be reloaded.
   */
  restartRoundcube(options?: RoundcubeOptions): Promise<void>;
  /** PIDs of every live process this lab started (Dovecot and its children, PHP workers, watchdog). */
  processIds(): number[];
  /** The tail of every log of this lab, for failure messages. */
  logs(): string;
  /**
   * Adopts a service started beside the lab (with spawnService): its process group is then listed by
   * processIds(), stopped by stop() before Roundcube and Dovecot (the last adopted first), and killed
   * by the exit handlers and the watchdog like the lab's own.
   */
  addService(service: LabService): void;
  /** Stops everything this lab started and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The password rules every lab's Roundcube enforces (config.inc.php below): at least 10 bytes, and a
 * minimum score of 2, i.e. an ASCII digit and a character outside [A-Za-z0-9] (no strength driver).
 */
export const LAB_PASSWORD_RULES = Object.freeze({ minimumLength: 10, minimumScore: 2 });

/**
 * What Roundcube's password plugin would accept under LAB_PASSWORD_RULES (password.php: strlen in
 * bytes, then _check_strength's two regular expressions). For tests and the lab's own start-up check.
 */
export function passesLabPasswordRules(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') >= LAB_PASSWORD_RULES.minimumLength && /[0-9]/.test(password) && /[^A-Za-z0-9]/.test(password);
}

/** The test accounts. Passwords pass Roundcube's rules (LAB_PASSWORD_RULES) and our default policy. */
export const LAB_USERS: readonly LabUser[] = Object.freeze([
  { email: 'alice@example.test', password: 'Lab-Alice-2024!x', name: 'Alice Martin' },
  { email: 'bob@example.test', password: 'Lab-Bob-2024!x', name: 'Bob Durand' },
]);

/** Debian's Roundcube install tree (symlinks into /usr/share/roundcube) and the skins it ships. */
const ROUNDCUBE_INSTALL = '/var/lib/roundcube';
const ROUNDCUBE_SHIPPED_SKINS = '/usr/share/roundcube/skins';
const ROUNDCUBE_SQL = '/usr/share/roundcube/SQL/sqlite.initial.sql';
const DOVECOT_LDA = '/usr/lib/dovecot/dovecot-lda';
/** Filler messages are at most this big: a few doveadm calls fill a 20 MB quota. */
const FILL_CHUNK = 4 * 1024 * 1024;
/** Concurrent PHP workers, so a long upload does not freeze the page's other requests. */
const PHP_WORKERS = 4;
const START_TIMEOUT_MS = 20_000;
/** A port picked free can be taken before our server binds it (other work runs here): try again. */
const PORT_ATTEMPTS = 3;

// ---------------------------------------------------------------------------------------------
// startLab
// ---------------------------------------------------------------------------------------------

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const t0 = Date.now();
  // Packages first: a non-root user then learns what is missing, not only that root is needed.
  ensurePackages();
  if (process.getuid?.() !== 0) {
    // Dovecot must start as root to switch to the mail user (uid 8) for each mailbox.
    throw new Error('The webmail lab runs Dovecot, which needs root to switch to the mail user; run as root.');
  }
  const quotaMB = options.quotaMB ?? 20;
  if (!(quotaMB > 0)) throw new Error(`quotaMB must be positive, got ${quotaMB}`);

  const state = mkdtempSync(join(tmpdir(), 'webmail-lab-'));
  // mkdtemp makes 0700: Dovecot's unprivileged processes (dovecot, dovenull, mail) must traverse it.
  chmodSync(state, 0o755);
  for (const dir of [
    'logs',
    'logs/roundcube',
    'run',
    'run/dovecot',
    'dovecot-state',
    'roundcube',
    'roundcube/config',
    'roundcube/temp',
    'mail',
    'sent',
  ]) {
    mkdirSync(join(state, dir));
  }
  chownSync(join(state, 'mail'), MAIL_UID, MAIL_GID);
  // dovecot-lda writes its log after dropping to the mail user.
  writeFileSync(join(state, 'logs/lda.log'), '', { mode: 0o666 });
  chmodSync(join(state, 'logs/lda.log'), 0o666);

  const dovecotConf = join(state, 'dovecot.conf');
  const passwdFile = join(state, 'users.passwd');
  const users: LabUser[] = LAB_USERS.map((u) => ({ ...u }));
  const sent: SentMail[] = [];
  const deliveries = new Set<ChildProcess>();
  const desKey = randomBytes(12).toString('hex');
  let roundcubeOptions: RoundcubeOptions = { language: options.language, skin: options.skin, env: options.env, config: options.config };
  let dovecot: ChildProcess | null = null;
  let php: ChildProcess | null = null;
  let watchdog: ReturnType<typeof startWatchdog> | null = null;
  let smtp: Server | null = null;
  let passwdWatcher: { watcher: FSWatcher; restamp: () => void } | null = null;
  const smtpSockets = new Set<Socket>();
  /** Services adopted with addService, in start order (stopped in reverse). */
  const services: LabService[] = [];
  let stopped = false;

  const readLog = (name: string) => (existsSync(join(state, 'logs', name)) ? readFileSync(join(state, 'logs', name), 'utf8') : '');
  const logs = (): string =>
    ['dovecot.log', 'dovecot.stderr', 'lda.log', 'php-server.log', 'roundcube/errors.log']
      .map((f) => join(state, 'logs', f))
      .filter((f) => existsSync(f))
      .map((f) => `--- ${f}\n${readFileSync(f, 'utf8').slice(-4000)}`)
      .join('\n');

  /** Our process groups, for the watchdog and the exit handler. */
  const pgids = () =>
    [...services.map((s) => s.child), dovecot, php]
      .filter((c) => c?.pid !== undefined && c.exitCode === null && c.signalCode === null)
      .map((c) => c!.pid!);
  // "pgid signal" lines: the signal that stops that group at once (PostgreSQL: INT, its fast shutdown;
  // on TERM it would wait for its clients and be SIGKILLed, leaving its SysV segment behind).
  const signalOf = (pgid: number) => (services.find((s) => s.child.pid === pgid)?.signal ?? 'SIGTERM').replace(/^SIG/, '');
  const writePgids = () =>
    writeFileSync(
      join(state, 'run/pgids'),
      pgids()
        .map((g) => `${g} ${signalOf(g)}`)
        .join('\n') + '\n',
    );

  const emergencyCleanup = () => {
    for (const pgid of pgids()) killGroup(pgid, 'SIGKILL');
    for (const d of deliveries) d.kill('SIGKILL');
    // The watchdog sees its pipe close when we exit and repeats this cleanup: harmless.
    rmSync(state, { recursive: true, force: true });
  };
  installExitHandlers();
  // Until startLab returns there is no stop() yet: a signal during start-up gets the hard cleanup.
  let started: Lab | null = null;
  liveLabs.set(state, { stop: async () => (started ? started.stop() : emergencyCleanup()), kill: emergencyCleanup });
  watchdog = startWatchdog(state);

  const doveadm = async (args: string[], input?: string | Buffer): Promise<string> => {
    const r = await run('doveadm', ['-c', dovecotConf, ...args], input);
    if (r.code !== 0) throw new Error(`doveadm ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim()}`);
    return r.stdout;
  };
  const hash = async (password: string) => (await doveadm(['pw', '-s', 'SHA512-CRYPT', '-p', password])).trim();
  const homeOf = (email: string) => {
    const [local, domain] = email.split('@');
    return join(state, 'mail', domain ?? 'localhost', local ?? email);
  };
  const passwdLine = (u: LabUser, hashed: string) => `${u.email}:${hashed}:${MAIL_UID}:${MAIL_GID}:${u.name}:${homeOf(u.email)}::`;

  const deliver = async (email: string, message: string | Buffer, envelopeFrom = ''): Promise<void> => {
    // -e: a rejection (full mailbox) becomes an exit code and a reason on stderr instead of a bounce mail.
    const args = ['-c', dovecotConf, '-e', '-d', email, ...(envelopeFrom ? ['-f', envelopeFrom] : [])];
    const r = await run(DOVECOT_LDA, args, message, deliveries);
    if (r.code !== 0) throw new Error(`dovecot-lda to ${email}: exit ${r.code}: ${r.stderr.trim() || 'no reason given'}`);
  };

  try {
    smtp = await startSmtpSink({
      state,
      sent,
      isLocal: (email) => users.some((u) => u.email.toLowerCase() === email.toLowerCase()),
      deliver: (email, message, from) => deliver(email.toLowerCase(), message, from),
    });
    smtp.on('connection', (s: Socket) => {
      smtpSockets.add(s);
      s.on('close', () => smtpSockets.delete(s));
    });
    const ports: Ports = { imap: 0, sieve: 0, http: 0, smtp: (smtp.address() as AddressInfo).port };
    await options.beforeDovecot?.(state, (service) => {
      services.push(service);
      writePgids();
    });

    // ---- Dovecot -----------------------------------------------------------------------------
    const startDovecot = async () => {
      const child = spawnService('dovecot', ['-F', '-c', dovecotConf], { log: join(state, 'logs/dovecot.stderr') });
      dovecot = child;
      writePgids();
      const deadline = Date.now() + START_TIMEOUT_MS;
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
          if (/Address already in use/.test(readLog('dovecot.log') + readLog('dovecot.stderr'))) throw new PortInUse(logs());
          throw new Error(`Dovecot exited at start (${child.exitCode ?? child.signalCode}).\n${logs()}`);
        }
        const imap = await greeting(ports.imap);
        if (imap?.startsWith('* OK') && (await greeting(ports.sieve))?.includes('IMPLEMENTATION')) return;
        await sleep(50);
      }
      throw new Error(
        `Dovecot did not answer on 127.0.0.1:${ports.imap} (IMAP) and :${ports.sieve} (ManageSieve) within ${START_TIMEOUT_MS} ms.\n${logs()}`,
      );
    };
    for (let attempt = 1; ; attempt++) {
      [ports.imap, ports.sieve] = (await freePorts(2)) as [number, number];
      try {
        writeFileSync(dovecotConf, dovecotConfig(state, ports, quotaMB, options.dovecotPassdb));
        if (attempt === 1) {
          // Users before Dovecot (its auth process opens the file at once), hashed by doveadm
          // itself so the scheme is exactly what this Dovecot verifies.
          const hashes = await Promise.all(users.map((u) => hash(u.password)));
          writeFileSync(passwdFile, users.map((u, i) => passwdLine(u, hashes[i]!)).join('\n') + '\n', { mode: 0o644 });
          passwdWatcher = watchPasswdFile(passwdFile);
        }
        await startDovecot();
        break;
      } catch (e) {
        await stopGroup(dovecot, 2000);
        if (!(e instanceof PortInUse) || attempt >= PORT_ATTEMPTS) throw e;
        // The next attempt must not be judged by this one's "Address already in use".
        for (const f of ['dovecot.log', 'dovecot.stderr']) rmSync(join(state, 'logs', f), { force: true });
      }
    }

    // ---- Roundcube ---------------------------------------------------------------------------
    const withRoundcube = options.roundcube ?? true;
    // Debian's Roundcube reads ROUNDCUBE_CONFIG_DIR: a config dir of our own next to Debian's defaults.
    const configDir = join(state, 'roundcube/config');
    symlinkSync('/etc/roundcube/defaults.inc.php', join(configDir, 'defaults.inc.php'));
    symlinkSync('/etc/roundcube/mimetypes.php', join(configDir, 'mimetypes.php'));
    // The SOGo and Horde labs (no Roundcube) need no install tree.
    const docroot = withRoundcube ? roundcubeInstallTree(state, configDir) : '';
    // Roundcube would create the schema on the first request, but concurrent PHP workers could race.
    const schema = !withRoundcube
      ? { code: 0, stdout: '', stderr: '' }
      : await run('php', [
          '-r',
          `$db = new PDO('sqlite:' . $argv[1]); $db->exec(file_get_contents($argv[2]));`,
          join(state, 'roundcube/roundcube.sqlite'),
          ROUNDCUBE_SQL,
        ]);
    if (schema.code !== 0) throw new Error(`Roundcube database init failed: ${schema.stderr}${schema.stdout}`);

    const startRoundcube = async (rc: RoundcubeOptions) => {
      if (rc.skin) ensureForkedSkin(docroot, rc.skin);
      writeFileSync(join(configDir, 'config.inc.php'), roundcubeConfig(state, ports, desKey, rc));
      const env: NodeJS.ProcessEnv = { ...process.env, ROUNDCUBE_CONFIG_DIR: configDir, PHP_CLI_SERVER_WORKERS: String(PHP_WORKERS) };
      // A leftover ROUNDCUBE_* in the caller's environment would silently change the lab.
      for (const k of Object.keys(env)) if (k.startsWith('ROUNDCUBE_') && k !== 'ROUNDCUBE_CONFIG_DIR') delete env[k];
      for (const [k, v] of Object.entries(rc.env ?? {}))
        env[k.toUpperCase().startsWith('ROUNDCUBE_') ? k.toUpperCase() : `ROUNDCUBE_${k.toUpperCase()}`] = v;
      const logStart = readLog('php-server.log').length;
      const child = spawnService(
        'php',
        [
          // Multi-MB attachments: Roundcube's max_filesize is min(these, max_message_size/1.33).
          '-d',
          'upload_max_filesize=50M',
          '-d',
          'post_max_size=55M',
          '-d',
          'memory_limit=512M',
          '-d',
          'display_errors=stderr',
          '-d',
          `error_log=${join(state, 'logs/php-errors.log')}`,
          '-S',
          `127.0.0.1:${ports.http}`,
          '-t',
          docroot,
        ],
        { env, log: join(state, 'logs/php-server.log') },
      );
      php = child;
      writePgids();
      const deadline = Date.now() + START_TIMEOUT_MS;
      let last = '';
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
          // "Failed to listen on 127.0.0.1:PORT (reason: Address already in use)", in this start's lines.
          if (/Address already in use/.test(readLog('php-server.log').slice(logStart))) throw new PortInUse(logs());
          throw new Error(`php -S exited at start (${child.exitCode ?? child.signalCode}).\n${logs()}`);
        }
        try {
          const res = await fetch(`http://127.0.0.1:${ports.http}/`, { signal: AbortSignal.timeout(5000) });
          const body = await res.text();
          if (res.status === 200 && body.includes('rcmloginuser')) return;
          last = `HTTP ${res.status}: ${body.slice(0, 500)}`;
        } catch (e) {
          last = String(e);
        }
        await sleep(50);
      }
      throw new Error(
        `Roundcube's login page did not load from http://127.0.0.1:${ports.http}/ within ${START_TIMEOUT_MS} ms (last: ${last}).\n${logs()}`,
      );
    };
    for (let attempt = 1; withRoundcube; attempt++) {
      ports.http = await freePort();
      try {
        await startRoundcube(roundcubeOptions);
        break;
      } catch (e) {
        await stopGroup(php, 2000);
        if (!(e instanceof PortInUse) || attempt >= PORT_ATTEMPTS) throw e;
      }
    }

    const quotaGet = async (email: string): Promise<QuotaInfo> => {
      // Rows: "User quota STORAGE <used KiB> <limit KiB or -> <percent, floored>"
      const out = await doveadm(['quota', 'get', '-u', email]);
      const m = /STORAGE\s+(\d+)\s+(\d+|-)\s+(\d+)/.exec(out);
      if (!m) throw new Error(`Unexpected doveadm quota output:\n${out}`);
      return { usedKiB: Number(m[1]), limitKiB: m[2] === '-' ? 0 : Number(m[2]), percent: Number(m[3]) };
    };
    const usedBytes = async (email: string): Promise<number> => {
      // -t sums every folder; vsize is what the count backend counts.
      const out = await doveadm(['-f', 'flow', 'mailbox', 'status', '-u', email, '-t', 'vsize', '*']);
      const m = /vsize=(\d+)/.exec(out);
      if (!m) throw new Error(`Unexpected doveadm mailbox status output:\n${out}`);
      return Number(m[1]);
    };
    let fillerCount = 0;
    /**
     * Saves plain-text messages (at most 4 MiB each) into INBOX with `doveadm save` until the mailbox
     * holds `bytes` in all (virtual size, what the quota counts; not `bytes` more). The last message is
     * sized to land on the byte, or a few hundred bytes past when the gap is smaller than its header.
     * Does nothing if the mailbox already holds that much; fails if the quota refuses the message.
     */
    const fillMailbox = async (email: string, bytes: number): Promise<void> => {
      for (;;) {
        const missing = bytes - (await usedBytes(email));
        if (missing <= 0) return;
        await doveadm(['save', '-u', email, '-m', 'INBOX'], fillerMessage(Math.min(missing, FILL_CHUNK), ++fillerCount));
      }
    };

    const lab: Lab = {
      url: withRoundcube ? `http://127.0.0.1:${ports.http}/` : '',
      imapPort: ports.imap,
      sievePort: ports.sieve,
      smtpPort: ports.smtp,
      users,
      quotaMB,
      stateDir: state,
      roundcube: { language: roundcubeOptions.language ?? 'en_US', skin: roundcubeOptions.skin ?? 'elastic' },
      sent,
      doveadm,
      quotaGet,
      usedBytes,
      async fillToPercent(email, percent) {
        const { limitKiB } = await quotaGet(email);
        if (!limitKiB) throw new Error(`${email} has no quota limit`);
        // Dovecot counts ceil(bytes / 1024) KiB: filling to a whole number of KiB, the first at or past
        // the target, gives doveadm's floor and Roundcube's round the same percentage.
        await fillMailbox(email, Math.ceil((limitKiB * percent) / 100) * 1024);
      },
      async emptyMailbox(email) {
        await doveadm(['expunge', '-u', email, 'mailbox', '*', 'all']);
        await doveadm(['quota', 'recalc', '-u', email]);
      },
      imapLogin(email, password) {
        return new Promise((resolveLogin) => {
          const socket = connect(ports.imap, '127.0.0.1');
          let buffer = '';
          let loginSent = false;
          const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
          const done = (ok: boolean) => {
            socket.destroy();
            resolveLogin(ok);
          };
          socket.setTimeout(10_000, () => done(false));
          socket.on('data', (d) => {
            buffer += d.toString('utf8');
            if (!loginSent && /^\* OK/m.test(buffer)) {
              loginSent = true;
              socket.write(`a1 LOGIN ${quote(email)} ${quote(password)}\r\n`);
            }
            const result = /^a1 (OK|NO|BAD)/m.exec(buffer);
            if (result) {
              socket.write('a2 LOGOUT\r\n');
              done(result[1] === 'OK');
            }
          });
          socket.on('error', () => done(false));
        });
      },
      async waitForImapLogin(email, password, timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        while (!(await lab.imapLogin(email, password))) {
          if (Date.now() > deadline) throw new Error(`Dovecot still refuses the password of ${email} after ${timeoutMs} ms.\n${logs()}`);
          await sleep(100);
        }
      },
      async setPassword(email, password) {
        const user = users.find((u) => u.email === email);
        if (!user) throw new Error(`No lab user ${email}`);
        const hashed = await hash(password);
        // Same edit as Roundcube's dovecot_passwdfile driver: replace the password field, keep the rest.
        const lines = readFileSync(passwdFile, 'utf8')
          .split('\n')
          .map((l) => (l.startsWith(`${email}:`) ? `${email}:${hashed}${l.slice(l.indexOf(':', email.length + 1))}` : l));
        writeFileSync(passwdFile, lines.join('\n'));
        passwdWatcher?.restamp();
        user.password = password;
        await lab.waitForImapLogin(email, password);
      },
      deliver,
      async restartRoundcube(rc = {}) {
        if (!withRoundcube) throw new Error('This lab was started without Roundcube (roundcube: false).');
        await stopGroup(php, 5000);
        // Roundcube stores each user's language at first login and prefers it to the `language`
        // option afterwards: forget it, so the new language shows for everyone, as for a new user.
        const reset = await run('php', [
          '-r',
          `(new PDO('sqlite:' . $argv[1]))->exec('UPDATE users SET language = NULL');`,
          join(state, 'roundcube/roundcube.sqlite'),
        ]);
        if (reset.code !== 0) throw new Error(`Resetting Roundcube's user languages failed: ${reset.stderr}${reset.stdout}`);
        roundcubeOptions = rc;
        lab.roundcube = { language: rc.language ?? 'en_US', skin: rc.skin ?? 'elastic' };
        try {
          await startRoundcube(rc);
        } catch (e) {
          await stopGroup(php, 2000);
          throw e;
        }
      },
      processIds() {
        const groups = [...pgids(), ...(watchdog?.child.pid && watchdog.child.exitCode === null ? [watchdog.child.pid] : [])];
        return [...groups.flatMap(groupMembers), ...[...deliveries].map((d) => d.pid!).filter(Boolean)];
      },
      logs,
      addService(service) {
        if (stopped) throw new Error(`The lab is stopped: ${service.name} cannot join it.`);
        services.push(service);
        writePgids();
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        liveLabs.delete(state);
        for (const d of deliveries) d.kill('SIGKILL');
        // Webmails and their databases first (the last started first), then the lab's own.
        for (const service of [...services].reverse()) {
          try {
            await (service.stop?.() ?? stopGroup(service.child, 5000));
          } finally {
            await stopGroup(service.child, 2000);
          }
        }
        await stopGroup(php, 5000);
        await stopGroup(dovecot, 10_000);
        passwdWatcher?.watcher.close();
        for (const s of smtpSockets) s.destroy();
        await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
        await watchdog?.release();
        rmSync(state, { recursive: true, force: true });
      },
    };
    started = lab;
    if (process.env.LAB_DEBUG) console.error(`[lab] started in ${Date.now() - t0} ms: ${lab.url} (state ${state})`);
    return lab;
  } catch (e) {
    // A half-started lab must not leave anything behind either.
    liveLabs.delete(state);
    for (const service of [...services].reverse()) {
      await (service.stop?.() ?? Promise.resolve()).catch(() => undefined);
      await stopGroup(service.child, 2000).catch(() => undefined);
    }
    await stopGroup(php, 2000).catch(() => undefined);
    await stopGroup(dovecot, 2000).catch(() => undefined);
    (passwdWatcher as { watcher: FSWatcher } | null)?.watcher.close();
    for (const s of smtpSockets) s.destroy();
    smtp?.close();
    await (watchdog as ReturnType<typeof startWatchdog> | null)?.release();
    const message = e instanceof Error ? e.message : String(e);
    rmSync(state, { recursive: true, force: true });
    throw new Error(`The webmail lab did not start: ${message}`, { cause: e });
  }
}

// ---------------------------------------------------------------------------------------------
// Roundcube's install tree
// ---------------------------------------------------------------------------------------------

/**
 * A Roundcube install tree of the lab's own, in its state dir, so a skin can be added without touching
 * the machine. Roundcube looks for skins only in `INSTALL_PATH/skins/<name>` (rcmail_output_html
 * check_skin and load_skin; there is no skin path option), and Debian's public_html/index.php sets
 * INSTALL_PATH to `realpath(__DIR__ . '/..')`. So: a real public_html (a copy of Debian's: its index.php
 * and its relative symlinks `skins -> ../skins`, `plugins -> ../plugins`, `program/js`), a real skins dir
 * with a link to each skin Debian ships, and links to everything else of /var/lib/roundcube (program,
 * plugins, index.php, SQL). Checked on Debian 12's roundcube-core 1.6.5. Returns the document root.
 */
function roundcubeInstallTree(state: string, configDir: string): string {
  const root = join(state, 'roundcube/install');
  mkdirSync(join(root, 'skins'), { recursive: true });
  for (const entry of readdirSync(ROUNDCUBE_INSTALL)) {
    // Our own config dir, logs and temp dir (config.inc.php names the last two); the rest is Debian's.
    if (['public_html', 'skins', 'config', 'logs', 'temp'].includes(entry)) continue;
    symlinkSync(realpathSync(join(ROUNDCUBE_INSTALL, entry)), join(root, entry));
  }
  symlinkSync(configDir, join(root, 'config'));
  cpSync(join(ROUNDCUBE_INSTALL, 'public_html'), join(root, 'public_html'), { recursive: true, verbatimSymlinks: true });
  for (const skin of readdirSync(ROUNDCUBE_SHIPPED_SKINS)) symlinkSync(join(ROUNDCUBE_SHIPPED_SKINS, skin), join(root, 'skins', skin));
  return join(root, 'public_html');
}

/**
 * Copies a shipped skin under the copied skin's name into the lab's install tree (once), as a provider
 * makes its own skin: every template, stylesheet and script of elastic (or larry) under
 * `skins/fork_elastic/`, with its meta.json renamed. The copy `extends` its original, as Roundcube's
 * skin documentation has derived skins do: plugins ship templates per skin
 * (plugins/managesieve/skins/elastic/templates/vacation.html) and find them through that chain
 * (rcmail_output_html::parse walks the skin paths). The page itself comes from the copy's templates,
 * its stylesheets are linked as `skins/fork_elastic/…`, and `rcmail.env.skin` says `fork_elastic`.
 */
function ensureForkedSkin(docroot: string, skin: RoundcubeSkin): void {
  const original = FORKED_SKINS[skin];
  if (!original) return;
  const copy = join(docroot, '..', 'skins', skin);
  if (existsSync(copy)) return;
  // Debian links elastic's deps/ to /usr/share/javascript relatively (`../../../../javascript/…`): cpSync
  // (without verbatimSymlinks) makes those links absolute, so the copy finds the same files.
  cpSync(join(ROUNDCUBE_SHIPPED_SKINS, original), copy, { recursive: true });
  const meta = JSON.parse(readFileSync(join(copy, 'meta.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(copy, 'meta.json'),
    JSON.stringify({ ...meta, name: `Fork of ${String(meta.name)}`, author: 'Sobre Mail lab', extends: original }, null, 2),
  );
}
