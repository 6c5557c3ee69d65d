/**
 * The webmail lab: a real Roundcube 1.6 + Dovecot 2.3 on 127.0.0.1 for the end-to-end tests and
 * `npm run lab`. Nothing here is mocked: Debian's packages, a real IMAP server with a
 * real quota, Roundcube's real password and managesieve plugins. Only the outgoing SMTP server is
 * ours: a small sink in this process that records what Roundcube sends and hands mail for lab
 * users to `dovecot-lda`, so a message really lands (and counts against the quota).
 *
 * Each lab lives in its own temp dir with its own ports, so several can run side by side and next to
 * anything else on the machine. stop() ends only the processes this module started (by process
 * group); exit and signal handlers, and a watchdog if Node is killed outright, do the same.
 *
 * The Roundcube facts and pitfalls it relies on are written next to the code that relies on them.
 * Runs as root (Dovecot switches to the mail user), under vitest or tsx (Node 20 cannot strip types).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  statSync,
  utimesSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface LabUser {
  email: string;
  /** The current password: setPassword() updates it; a change made through Roundcube's UI does not. */
  password: string;
  name: string;
}

/** What can change when Roundcube is restarted (Dovecot, users and mail stay). */
export interface RoundcubeOptions {
  /** Roundcube `language`, e.g. `fr_FR` (localised labels and size units: Ko/Mo/Go). Default `en_US`. */
  language?: string;
  /** Default `elastic`. */
  skin?: 'elastic' | 'larry';
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
   * Saves plain-text messages (at most 4 MiB each) into INBOX with `doveadm save` until the mailbox
   * holds `bytes` in all (virtual size, what the quota counts; not `bytes` more). The last message is
   * sized to land on the byte, or a few hundred bytes past when the gap is smaller than its header.
   * Does nothing if the mailbox already holds that much; fails if the quota refuses the message.
   */
  fillMailbox(email: string, bytes: number): Promise<void>;
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

// ---------------------------------------------------------------------------------------------
// Constants and small helpers
// ---------------------------------------------------------------------------------------------

const ROOT = resolve(import.meta.dirname, '../../..');
const INSTALL_SCRIPT = join(ROOT, 'scripts/install-system-deps.sh');
/** A subset of scripts/install-system-deps.sh: what this stack itself runs. */
const REQUIRED_PACKAGES = [
  'dovecot-core',
  'dovecot-imapd',
  'dovecot-managesieved',
  'dovecot-sieve',
  'roundcube-core',
  'roundcube-plugins',
  'roundcube-skin-larry',
  'roundcube-sqlite3',
  'php-cli',
  'php-sqlite3',
  'php-mbstring',
  'php-intl',
  'php-xml',
];
const ROUNDCUBE_DOCROOT = '/var/lib/roundcube/public_html';
const ROUNDCUBE_SQL = '/usr/share/roundcube/SQL/sqlite.initial.sql';
const DOVECOT_LDA = '/usr/lib/dovecot/dovecot-lda';
/** Debian's `mail` user: Dovecot refuses to store mail as uid 0, and this user exists on every Debian. */
const MAIL_UID = 8;
const MAIL_GID = 8;
/** Filler messages are at most this big: a few doveadm calls fill a 20 MB quota. */
const FILL_CHUNK = 4 * 1024 * 1024;
/** Concurrent PHP workers, so a long upload does not freeze the page's other requests. */
const PHP_WORKERS = 4;
const START_TIMEOUT_MS = 20_000;
/** A port picked free can be taken before our server binds it (other work runs here): try again. */
const PORT_ATTEMPTS = 3;

export class PortInUse extends Error {}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop (the SMTP sink lives in this process). */
export function run(cmd: string, args: string[], input?: string | Buffer, track?: Set<ChildProcess>): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track?.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    // A child that exits without reading all its input (e.g. a rejected delivery) raises EPIPE here.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      track?.delete(child);
      resolveRun({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(input ?? '');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Resolves with the first bytes the server sends (its greeting), or null if nothing listens. */
export function greeting(port: number, timeoutMs = 2000): Promise<string | null> {
  return new Promise((resolveGreeting) => {
    const socket = connect(port, '127.0.0.1');
    const done = (value: string | null) => {
      socket.destroy();
      resolveGreeting(value);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('data', (d) => done(d.toString('utf8')));
    socket.once('error', () => done(null));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Live members of a process group. Zombies are left out: they run nothing and hold no port. */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we were looking
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so cut after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
  }
  return members;
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* the group is already gone */
  }
}

/**
 * Runs a service under a small Perl "subreaper" (prctl PR_SET_CHILD_SUBREAPER), in its own process
 * group. Why: PHP's built-in server does not reap its workers and Dovecot's master exits before its
 * log process; their orphans go to PID 1, and a container's PID 1 may never reap them (this
 * machine's does not), leaving zombies after every stop(). The reaper adopts and reaps every
 * descendant and exits only when none is left, so "the reaper exited" means "all of it is gone".
 * SIGTERM to the reaper goes to its whole group (PHP's server does not pass it on to its workers).
 * Perl is Essential in Debian: nothing to install. On an unknown CPU the service runs without it.
 */
const PRCTL_SYSCALL: Partial<Record<string, number>> = { x64: 157, arm64: 167 };
const REAPER = `
my $nr = shift @ARGV;
syscall($nr, 36, 1, 0, 0, 0) == 0 or die "prctl(PR_SET_CHILD_SUBREAPER): $!\\n";
my $pid = fork() // die "fork: $!\\n";
if ($pid == 0) { exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!\\n"; }
my $stopping = 0;
$SIG{TERM} = $SIG{INT} = sub { return if $stopping++; $SIG{TERM} = 'IGNORE'; kill 'TERM', -getpgrp(); };
my $status = 0;
while (1) {
  my $w = waitpid(-1, 0);
  if ($w == -1) { last if $!{ECHILD}; next; }
  $status = $? if $w == $pid;
}
exit($status & 127 ? 128 + ($status & 127) : $status >> 8);
`;

export function spawnService(
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; log: string; cwd?: string; uid?: number; gid?: number },
): ChildProcess {
  const nr = PRCTL_SYSCALL[process.arch];
  const fd = openSync(options.log, 'a');
  try {
    // Own process group (detached): a Ctrl-C in the terminal must not reach the services before
    // stop() ends them in order, and the whole tree can be signalled at once.
    const [file, argv] = nr === undefined ? [cmd, args] : ['perl', ['-e', REAPER, String(nr), cmd, ...args]];
    // uid/gid: services that refuse root (PostgreSQL, sogod) run, with their reaper, as their own user.
    return spawn(file, argv, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      uid: options.uid,
      gid: options.gid,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM to the service's group (through its reaper), SIGKILL for whatever is left after `graceMs`. */
export async function stopGroup(child: ChildProcess | null, graceMs: number): Promise<void> {
  const pgid = child?.pid;
  if (!child || pgid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    // A timer cleared on exit: a pending one would keep the test process alive for graceMs.
    await new Promise<void>((resolveExit) => {
      const timer = setTimeout(resolveExit, graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolveExit();
      });
      child.kill('SIGTERM');
    });
  }
  for (let i = 0; groupMembers(pgid).length > 0; i++) {
    killGroup(pgid, 'SIGKILL');
    if (i > 60) throw new Error(`Process group ${pgid} survives SIGKILL: ${groupMembers(pgid).join(', ')}`);
    await sleep(50);
  }
}

/**
 * Dovecot's auth process looks at a passwd-file at most once per second (db-passwd-file.c:
 * `if (pw->last_sync_time == ioloop_time) return cached`) and then reloads it only if its mtime
 * (whole seconds) or size changed. A new SHA512-CRYPT hash has the same size as the old one, so:
 * - a login in the same second as the last lookup still sees the old password (up to 1 s: tests
 *   poll, see waitForImapLogin);
 * - worse, a second change within the same second as the load of the first one is never seen.
 * Against the second, every write to the file gets a fresh mtime of our own (in 1970: distinct from
 * every earlier stamp and from the "now" of the next write). A SIGHUP reload of Dovecot instead was
 * tried: new logins then stalled for seconds while the services restarted.
 */
let passwdStamp = 1_000_000;
function watchPasswdFile(file: string): { watcher: FSWatcher; restamp: () => void } {
  const restamp = () => {
    try {
      // Our own restamp raises an event too: a 1970 mtime means this write is already handled.
      if (statSync(file).mtimeMs < 1e12) return;
      const t = ++passwdStamp;
      utimesSync(file, t, t);
    } catch {
      /* the lab is stopping */
    }
  };
  restamp();
  // The directory, not the file: a writer that replaces the file (rename) would escape a file watch.
  const watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
    if (name === basename(file)) restamp();
  });
  watcher.on('error', () => undefined);
  return { watcher, restamp };
}

function phpString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A message of exactly `bytes` bytes of virtual size (CRLF only, so Dovecot's vsize equals its length). */
export function fillerMessage(bytes: number, n: number): string {
  const header =
    `From: Lab filler <filler@example.test>\r\nTo: <owner@example.test>\r\nSubject: Filler ${n}\r\n` +
    `Date: ${new Date().toUTCString()}\r\nMessage-ID: <filler-${n}-${randomBytes(6).toString('hex')}@example.test>\r\n` +
    `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n`;
  const bodyBytes = Math.max(0, bytes - header.length);
  const line = 'x'.repeat(78) + '\r\n';
  // The last line has no CRLF so the total is exact to the byte.
  return header + line.repeat(Math.floor(bodyBytes / line.length)) + 'x'.repeat(bodyBytes % line.length);
}

// ---------------------------------------------------------------------------------------------
// Debian packages
// ---------------------------------------------------------------------------------------------

function missingPackages(required: readonly string[]): string[] {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...required], { encoding: 'utf8' });
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith('install ok installed'))
      .map((l) => l.split(' ')[0]),
  );
  return required.filter((p) => !installed.has(p));
}

/**
 * Installs the missing Debian packages when root; otherwise fails naming them. Never skips.
 * `required` defaults to what this stack runs; the SOGo and Horde labs pass theirs (all of them are
 * also in scripts/install-system-deps.sh, which does the installing).
 */
export function ensurePackages(required: readonly string[] = REQUIRED_PACKAGES): void {
  const missing = missingPackages(required);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The webmail lab needs these Debian packages: ${missing.join(' ')}.\nInstall them as root: bash scripts/install-system-deps.sh`,
    );
  }
  console.error(`[lab] installing missing Debian packages: ${missing.join(' ')}`);
  const r = spawnSync('bash', [INSTALL_SCRIPT], { stdio: 'inherit' });
  const still = missingPackages(required);
  if (r.status !== 0 || still.length > 0)
    throw new Error(`Installing Debian packages failed; still missing: ${still.join(' ') || '(see above)'}`);
}

// ---------------------------------------------------------------------------------------------
// Configuration files
// ---------------------------------------------------------------------------------------------

interface Ports {
  imap: number;
  sieve: number;
  smtp: number;
  http: number;
}

function dovecotConfig(state: string, ports: Ports, quotaMB: number, passdb?: (stateDir: string) => string): string {
  return `# Written by test/e2e/lab/stack.ts for one lab; nothing from /etc/dovecot is read.
base_dir = ${state}/run/dovecot
state_dir = ${state}/dovecot-state
# Own instance name: doveadm and the logs tell this Dovecot from any other on the machine.
instance_name = lab-${ports.imap}
log_path = ${state}/logs/dovecot.log
listen = 127.0.0.1
protocols = imap sieve
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
# Tests try wrong and stale passwords on purpose: a refusal answers at once (not after 2 s); the auth
# penalty is off too (see service anvil below).
auth_failure_delay = 0
hostname = lab.example.test
postmaster_address = postmaster@example.test
# Sieve vacation replies and redirects go to our SMTP sink.
submission_host = 127.0.0.1:${ports.smtp}
# Mail is owned by Debian's mail user: Dovecot refuses uid 0.
first_valid_uid = ${MAIL_UID}
mail_location = maildir:~/Maildir
mail_plugins = quota
lda_mailbox_autocreate = yes

# Same special folders as Debian's 15-mailboxes.conf, so Roundcube finds Sent/Drafts/Trash at once.
namespace inbox {
  inbox = yes
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
}

# One passwd-file for both: Roundcube's password plugin (dovecot_passwdfile driver) rewrites the
# password field and keeps the rest of the line (uid, gid, home).
${
  passdb?.(state) ??
  `passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT username_format=%u ${state}/users.passwd
}`
}
userdb {
  driver = passwd-file
  args = username_format=%u ${state}/users.passwd
}

protocol imap {
  # imap_quota announces the QUOTA capability: without it Roundcube shows no quota widget at all.
  mail_plugins = $mail_plugins imap_quota
  # Two browsers plus Roundcube's own connections per user exceed the default of 10.
  mail_max_userip_connections = 100
}
protocol lda {
  mail_plugins = $mail_plugins sieve
  # dovecot-lda drops to the mail user before logging: a world-writable log of its own.
  log_path = ${state}/logs/lda.log
}

plugin {
  quota = count:User quota
  # The count backend needs virtual sizes; sizes are then CRLF sizes, reported in KiB.
  quota_vsizes = yes
  quota_rule = *:storage=${quotaMB}M
  # Lets the message that crosses 100 % in (as real servers do); Roundcube caps the display at 100 %.
  quota_grace = 10%%
  sieve = file:~/sieve;active=~/.dovecot.sieve
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = 0
  }
}
# Without this, every failed login delays the next ones from 127.0.0.1 by 2, 4, 8… up to 15 s (anvil's
# auth penalty, per IP): one refused stale password made every later test login slow. An unusable
# socket is Dovecot's documented switch to turn it off.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service managesieve-login {
  inet_listener sieve {
    address = 127.0.0.1
    port = ${ports.sieve}
  }
}
`;
}

function roundcubeConfig(state: string, ports: Ports, desKey: string, options: RoundcubeOptions): string {
  const extra = options.config ? JSON.stringify(options.config) : '';
  return `<?php
// Written by test/e2e/lab/stack.ts for one lab. Debian's plugin config files are empty arrays, so plugin
// options live here (a non-empty plugin file would be merged after this one and win).
$config = [];
$config['db_dsnw'] = ${phpString(`sqlite:///${state}/roundcube/roundcube.sqlite?mode=0640`)};
$config['imap_host'] = ${phpString(`127.0.0.1:${ports.imap}`)};
// Our sink does not offer AUTH: an empty user makes Roundcube skip it.
$config['smtp_host'] = ${phpString(`127.0.0.1:${ports.smtp}`)};
$config['smtp_user'] = '';
$config['smtp_pass'] = '';
// Exactly 24 characters for the default DES-EDE3-CBC cipher.
$config['des_key'] = ${phpString(desKey)};
$config['log_dir'] = ${phpString(`${state}/logs/roundcube/`)};
$config['temp_dir'] = ${phpString(`${state}/roundcube/temp/`)};
$config['enable_installer'] = false;
// Spellcheck would call out to the internet (none here).
$config['enable_spellcheck'] = false;
$config['product_name'] = 'Roundcube Webmail';
$config['skin'] = ${phpString(options.skin ?? 'elastic')};
$config['language'] = ${phpString(options.language ?? 'en_US')};
$config['plugins'] = ['password', 'managesieve'];
$config['max_message_size'] = '100M';
// Tests log in with wrong passwords on purpose (after a password change): no 3-per-minute lockout.
$config['login_rate_limit'] = 0;

// Password plugin: really changes the password Dovecot checks.
$config['password_driver'] = 'dovecot_passwdfile';
$config['password_dovecot_passwdfile_path'] = ${phpString(`${state}/users.passwd`)};
$config['password_algorithm'] = 'sha512-crypt';
$config['password_algorithm_prefix'] = '{SHA512-CRYPT}';
$config['password_confirm_current'] = true;
// Configured like a real provider's (issue 13): a minimum above Roundcube's default 8, and a minimum
// score. Without a strength driver, password.php _check_strength() gives score 1 to a password that
// lacks an ASCII digit [0-9] or a char outside [A-Za-z0-9], else 5: with 2 Roundcube prints the rule
// "Password must include at least one number and one punctuation character." (li.strength-rule in
// #ruleslist) and refuses such a password server side. The length is PHP strlen(): bytes, not characters.
// Checked in /usr/share/roundcube/plugins/password/password.php (roundcube-plugins 1.6.5, Debian 12).
$config['password_minimum_length'] = ${LAB_PASSWORD_RULES.minimumLength};
$config['password_minimum_score'] = ${LAB_PASSWORD_RULES.minimumScore};

// Managesieve: Roundcube 1.6 takes the port in the host (there is no managesieve_port any more).
$config['managesieve_host'] = ${phpString(`127.0.0.1:${ports.sieve}`)};
// 1 = filters and the Vacation page.
$config['managesieve_vacation'] = 1;
${extra ? `\n// Options given by the test.\n$config = array_merge($config, json_decode(${phpString(extra)}, true));\n` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// SMTP sink
// ---------------------------------------------------------------------------------------------

interface SinkContext {
  state: string;
  sent: SentMail[];
  isLocal(email: string): boolean;
  deliver(email: string, message: Buffer, from: string): Promise<void>;
}

/** SMTP dot-unstuffing (RFC 5321 §4.5.2): a line starting with ".." loses its first dot. */
function unstuffDots(raw: Buffer): Buffer {
  let from = raw[0] === 0x2e && raw[1] === 0x2e ? 1 : 0;
  let at = raw.indexOf('\r\n..', from);
  if (at === -1 && from === 0) return raw;
  const parts: Buffer[] = [];
  for (; at !== -1; at = raw.indexOf('\r\n..', from)) {
    parts.push(raw.subarray(from, at + 3)); // up to and including the kept dot
    from = at + 4;
  }
  parts.push(raw.subarray(from));
  return Buffer.concat(parts);
}

/**
 * A minimal ESMTP server: Roundcube's Send needs a peer. It accepts everything, records it, and
 * delivers to lab users through dovecot-lda. Each connection is handled on its own (Node's event
 * loop): a Sieve vacation reply submitted while the first delivery is still running must not wait
 * for it, or both hang (a single-threaded sink deadlocked 30 s in this lab).
 */
function startSmtpSink(ctx: SinkContext): Promise<Server> {
  let counter = 0;
  const server = createServer((socket: Socket) => {
    let lineBuffer: Buffer = Buffer.alloc(0);
    let inData = false;
    /** DATA arrives in many chunks (a 45 MB attachment): keep them as they come and search only the seam. */
    let dataChunks: Buffer[] = [];
    let dataTail: Buffer = Buffer.alloc(0);
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };

    const finishMessage = async (raw: Buffer) => {
      // Buffers only, no string copies: a 45 MB attachment is the point of some tests.
      const message = unstuffDots(raw);
      const headerEnd = message.indexOf('\r\n\r\n');
      const file = join(ctx.state, 'sent', `${Date.now()}-${++counter}.eml`);
      await writeFile(file, message);
      const headers = message.subarray(0, headerEnd === -1 ? message.length : headerEnd).toString('utf8');
      const mail: SentMail = { from, to, size: message.length, headers, file, delivered: [] };
      let code = '250 2.0.0 OK queued';
      for (const rcpt of to.filter((r) => ctx.isLocal(r))) {
        try {
          await ctx.deliver(rcpt, message, from);
          mail.delivered.push(rcpt);
        } catch (e) {
          mail.deliveryError = (e as Error).message;
          // dovecot-lda -e: 75 (EX_TEMPFAIL) is temporary; a full mailbox (77) is final, as a real MTA says.
          code = /exit 75\b/.test(mail.deliveryError) ? `451 4.3.0 ${mail.deliveryError}` : `552 5.2.2 ${mail.deliveryError}`;
        }
      }
      ctx.sent.push(mail);
      reply(code.replace(/[\r\n]+/g, ' '));
    };

    const handleLine = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase();
      switch (verb) {
        case 'EHLO':
          reply('250-lab.example.test');
          reply('250-SIZE 157286400');
          reply('250 8BITMIME');
          break;
        case 'HELO':
          reply('250 lab.example.test');
          break;
        case 'MAIL':
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 2.1.0 OK');
          break;
        case 'RCPT':
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 OK');
          break;
        case 'DATA':
          if (to.length === 0) reply('503 5.5.1 RCPT first');
          else {
            inData = true;
            reply('354 End data with <CR><LF>.<CR><LF>');
          }
          break;
        case 'RSET':
          from = '';
          to = [];
          reply('250 OK');
          break;
        case 'QUIT':
          reply('221 Bye');
          socket.end();
          break;
        default:
          reply('250 OK');
      }
    };

    const consume = async (input: Buffer) => {
      let chunk: Buffer = input;
      while (chunk.length > 0) {
        if (!inData) {
          lineBuffer = lineBuffer.length ? Buffer.concat([lineBuffer, chunk]) : chunk;
          chunk = Buffer.alloc(0);
          for (let eol = lineBuffer.indexOf('\r\n'); eol !== -1 && !inData; eol = lineBuffer.indexOf('\r\n')) {
            const line = lineBuffer.subarray(0, eol).toString('utf8');
            lineBuffer = lineBuffer.subarray(eol + 2);
            handleLine(line);
          }
          if (inData) {
            // What follows DATA in the same chunk is already message data.
            chunk = lineBuffer;
            lineBuffer = Buffer.alloc(0);
          }
          continue;
        }
        // The terminator is CRLF.CRLF; the CRLF of an empty message is the one that ended "DATA".
        const seam = Buffer.concat([dataChunks.length === 0 && dataTail.length === 0 ? Buffer.from('\r\n') : dataTail, chunk]);
        const offset = seam.length - chunk.length; // where `chunk` starts inside `seam`
        const at = seam.indexOf('\r\n.\r\n');
        if (at === -1) {
          dataChunks.push(chunk);
          dataTail = seam.subarray(Math.max(0, seam.length - 4));
          chunk = Buffer.alloc(0);
          continue;
        }
        const all = Buffer.concat([...dataChunks, chunk]);
        const end = all.length - chunk.length + (at - offset); // index of the terminator's CRLF in `all` (may be -2 when empty)
        const raw = all.subarray(0, Math.max(0, end + 2));
        chunk = all.subarray(end + 5);
        inData = false;
        dataChunks = [];
        dataTail = Buffer.alloc(0);
        await finishMessage(raw);
      }
    };

    // Chunks are consumed one after the other even while a delivery is awaited.
    let queue = Promise.resolve();
    reply('220 lab.example.test ESMTP lab sink');
    socket.on('data', (chunk: Buffer) => {
      queue = queue
        .then(() => consume(chunk))
        .catch((e) => {
          reply(`451 4.3.0 lab sink error: ${String(e).replace(/[\r\n]+/g, ' ')}`);
        });
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveServer(server));
  });
}

// ---------------------------------------------------------------------------------------------
// Cleanup when the test process ends without stop()
// ---------------------------------------------------------------------------------------------

/** Every lab still running, keyed by state dir: a graceful stop, and a synchronous last resort. */
const liveLabs = new Map<string, { stop: () => Promise<void>; kill: () => void }>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 'exit' allows no waiting: SIGKILL and remove the files.
  process.on('exit', () => {
    for (const lab of liveLabs.values()) lab.kill();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // If someone else listens (npm run lab, a test runner), they own the shutdown and will call
      // stop() or exit; our 'exit' handler stays as the backstop. Otherwise stop every lab properly
      // (at most 5 s) and die of the same signal, as the process would have without us.
      if (process.listenerCount(signal) > 1) return;
      process.removeListener(signal, onSignal);
      const all = Promise.allSettled([...liveLabs.values()].map((lab) => lab.stop()));
      void Promise.race([all, sleep(5000)]).then(() => process.kill(process.pid, signal));
    };
    process.on(signal, onSignal);
  }
}

/**
 * A shell that outlives a SIGKILLed Node (vitest killing a worker, an OOM): it blocks reading a pipe
 * from this process; end of file without "stop" means Node is gone, and it then stops the process
 * groups listed in <state>/run/pgids and removes the state dir. `read` is a shell builtin, so the
 * watchdog is one process with no child to orphan.
 */
function startWatchdog(state: string): { child: ChildProcess; release(): Promise<void> } {
  const script = `
read -r command
[ "$command" = stop ] && exit 0
while read -r g s; do [ -n "$g" ] && kill -"\${s:-TERM}" -"$g" 2>/dev/null; done < "$1/run/pgids"
sleep 2
while read -r g s; do [ -n "$g" ] && kill -KILL -"$g" 2>/dev/null; done < "$1/run/pgids"
rm -rf -- "$1"`;
  const child = spawn('sh', ['-c', script, 'lab-watchdog', state], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  // Neither the process nor its pipe may keep the test process alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin?.on('error', () => undefined);
  return {
    child,
    // Waiting for it (briefly) lets Node reap it: a process that exits first would leave it to PID 1.
    release: () =>
      new Promise<void>((resolveRelease) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveRelease();
        const timer = setTimeout(resolveRelease, 1000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolveRelease();
        });
        child.stdin?.end('stop\n');
      }),
  };
}

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
      ports.imap = await freePort();
      ports.sieve = await freePort();
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
          ROUNDCUBE_DOCROOT,
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
      fillMailbox,
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
