/**
 * A real webmail stack on 127.0.0.1 for the end-to-end tests and `npm run lab`:
 * Dovecot 2.3 (passwd-file users, maildir, quota plugin) + Roundcube 1.6 (Debian packages, `php -S`,
 * SQLite, plugins password with the dovecot_passwdfile driver, and managesieve) + an SMTP sink.
 * Free ports, state in a temp dir; stop() ends only the processes it started (by PID).
 * Facts and pitfalls: shared/lab/ROUNDCUBE.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, chownSync } from 'node:fs';
import { createServer, connect, type Server, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface LabUser {
  email: string;
  password: string;
  name: string;
}

export interface LabOptions {
  /** Mailbox quota in MiB (Dovecot `quota_rule = *:storage=…M`). */
  quotaMB?: number;
  /** Roundcube UI language, e.g. `fr_FR`. */
  language?: string;
  skin?: 'elastic' | 'larry';
  /** Extra Roundcube options, forced through `ROUNDCUBE_<OPTION>` environment variables. */
  roundcubeEnv?: Record<string, string>;
}

export interface SentMail {
  from: string;
  to: string[];
  size: number;
}

export interface Lab {
  url: string;
  imapPort: number;
  users: LabUser[];
  stateDir: string;
  /** Mail accepted by the SMTP sink (Roundcube's Send). */
  sent: SentMail[];
  /** Adds messages with `doveadm save` until the mailbox holds at least `percent` of its quota. */
  fillMailbox(email: string, percent: number): Promise<void>;
  emptyMailbox(email: string): Promise<void>;
  quotaGet(email: string): Promise<{ usedKiB: number; limitKiB: number; percent: number }>;
  imapLogin(email: string, password: string): Promise<boolean>;
  /** Restarts Roundcube only (language, skin, options), keeping Dovecot, users and mail. */
  restartRoundcube(options: Omit<LabOptions, 'quotaMB'>): Promise<void>;
  stop(): Promise<void>;
}

const REQUIRED_PACKAGES = ['dovecot-core', 'dovecot-imapd', 'dovecot-managesieved', 'roundcube-core', 'roundcube-plugins', 'roundcube-skin-larry', 'php-cli', 'php-sqlite3'];
const ROOT = resolve(import.meta.dirname, '../../..');
const ROUNDCUBE_DOCROOT = '/var/lib/roundcube/public_html';
const ROUNDCUBE_SQL = '/usr/share/roundcube/SQL/sqlite.initial.sql';
/** Debian's `mail` user: Dovecot refuses to store mail as uid 0, and this one exists everywhere. */
const MAIL_UID = 8;

export const LAB_USERS: LabUser[] = [
  { email: 'alice@example.test', password: 'Lab-Alice-2024!x', name: 'Alice Martin' },
  { email: 'bob@example.test', password: 'Lab-Bob-2024!x', name: 'Bob Durand' },
];

function missingPackages(): string[] {
  return REQUIRED_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return !r.stdout.includes('install ok installed');
  });
}

/** Installs missing Debian packages when root; otherwise fails naming them. Never skips. */
export function ensurePackages(): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`The webmail lab needs Debian packages: ${missing.join(' ')}. Install them as root: bash scripts/install-system-deps.sh`);
  }
  const r = spawnSync('bash', [join(ROOT, 'scripts/install-system-deps.sh')], { stdio: 'inherit' });
  if (r.status !== 0 || missingPackages().length) throw new Error(`Installing ${missing.join(' ')} failed`);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms.\n${logs()}`);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
  });
}

function hashPassword(config: string, password: string): string {
  const r = spawnSync('doveadm', ['-c', config, 'pw', '-s', 'SHA512-CRYPT', '-p', password], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`doveadm pw failed: ${r.stderr}`);
  return r.stdout.trim();
}

function dovecotConfig(state: string, ports: { imap: number; sieve: number }, quotaMB: number): string {
  return `# Written by test/e2e/lab/webmail-lab.ts for one test run.
base_dir = ${state}/dovecot-run
state_dir = ${state}/dovecot-state
instance_name = sobre-lab-${ports.imap}
log_path = ${state}/logs/dovecot.log
listen = 127.0.0.1
protocols = imap sieve
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${MAIL_UID}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT username_format=%u ${state}/users.passwd
}
userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_UID} home=${state}/mail/%d/%n
}
mail_plugins = quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = count:User quota
  # The count backend needs virtual sizes; sizes are then CRLF sizes in KiB.
  quota_vsizes = yes
  quota_rule = *:storage=${quotaMB}M
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
service managesieve-login {
  inet_listener sieve {
    address = 127.0.0.1
    port = ${ports.sieve}
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
`;
}

function roundcubeConfig(state: string, ports: { imap: number; sieve: number; smtp: number }, options: LabOptions): string {
  const php = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `<?php
// Written by test/e2e/lab/webmail-lab.ts for one test run.
$config = [];
$config['db_dsnw'] = ${php(`sqlite:///${state}/roundcube.sqlite?mode=0646`)};
$config['imap_host'] = ${php(`127.0.0.1:${ports.imap}`)};
$config['smtp_host'] = ${php(`127.0.0.1:${ports.smtp}`)};
$config['smtp_user'] = '';
$config['smtp_pass'] = '';
$config['des_key'] = ${php(randomBytes(12).toString('hex'))};
$config['log_dir'] = ${php(`${state}/logs/`)};
$config['temp_dir'] = ${php(`${state}/roundcube-temp/`)};
$config['enable_installer'] = false;
$config['product_name'] = 'Roundcube Webmail';
$config['skin'] = ${php(options.skin ?? 'elastic')};
$config['language'] = ${php(options.language ?? 'en_US')};
$config['mail_domain'] = 'example.test';
$config['plugins'] = ['password', 'managesieve'];
$config['max_message_size'] = '100M';
$config['login_rate_limit'] = 0;
// Password plugin: really changes the password Dovecot checks.
$config['password_driver'] = 'dovecot_passwdfile';
$config['password_dovecot_passwdfile_path'] = ${php(`${state}/users.passwd`)};
$config['password_algorithm'] = 'sha512-crypt';
$config['password_algorithm_prefix'] = '{SHA512-CRYPT}';
$config['password_confirm_current'] = true;
$config['password_minimum_length'] = 8;
$config['managesieve_host'] = '127.0.0.1';
$config['managesieve_port'] = ${ports.sieve};
$config['managesieve_usetls'] = false;
`;
}

/** A minimal SMTP server that accepts everything: Roundcube's Send needs a peer, nothing is delivered. */
function startSmtpSink(sent: SentMail[]): Promise<Server> {
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let mail: SentMail = { from: '', to: [], size: 0 };
    socket.write('220 sobre-lab ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) {
            mail.size += buffer.length;
            buffer = '';
            return;
          }
          mail.size += end;
          buffer = buffer.slice(end + 5);
          inData = false;
          sent.push(mail);
          mail = { from: '', to: [], size: 0 };
          socket.write('250 OK queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol === -1) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-sobre-lab\r\n250 SIZE 104857600\r\n');
        else if (verb === 'MAIL') {
          mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          socket.write('250 OK\r\n');
        } else if (verb === 'RCPT') {
          mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          socket.write('250 OK\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 Bye\r\n');
          return;
        } else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => {
      try {
        process.kill(child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** One message of about `bytes` (virtual size), plain text so Dovecot's CRLF size is predictable. */
function messageOfSize(bytes: number, n: number): string {
  const header = `From: Lab <lab@example.test>\r\nTo: owner@example.test\r\nSubject: Filler ${n}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <filler-${n}-${Date.now()}@example.test>\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n`;
  const line = 'x'.repeat(74) + '\r\n';
  const lines = Math.max(1, Math.floor((bytes - header.length) / line.length));
  return header + line.repeat(lines);
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  ensurePackages();
  const quotaMB = options.quotaMB ?? 20;
  const state = mkdtempSync(join(tmpdir(), 'sobre-lab-'));
  // The mail user must traverse the state dir to its maildirs, and Dovecot's login processes need their run dir.
  chmodSync(state, 0o755);
  for (const dir of ['logs', 'dovecot-run', 'dovecot-state', 'roundcube-config', 'roundcube-temp', 'mail']) mkdirSync(join(state, dir));
  chownSync(join(state, 'mail'), MAIL_UID, MAIL_UID);

  const ports = { imap: await freePort(), sieve: await freePort(), smtp: 0, http: await freePort() };
  const sent: SentMail[] = [];
  const smtp = await startSmtpSink(sent);
  ports.smtp = (smtp.address() as AddressInfo).port;

  const dovecotConf = join(state, 'dovecot.conf');
  writeFileSync(dovecotConf, dovecotConfig(state, ports, quotaMB));
  const passwd = LAB_USERS.map((u) => `${u.email}:${hashPassword(dovecotConf, u.password)}::::::`).join('\n') + '\n';
  writeFileSync(join(state, 'users.passwd'), passwd, { mode: 0o644 });

  const logs = () => ['dovecot.log', 'roundcube-php.log', 'errors.log']
    .map((f) => join(state, 'logs', f))
    .filter(existsSync)
    .map((f) => `--- ${f}\n${readFileSync(f, 'utf8').slice(-3000)}`)
    .join('\n');

  const dovecot = spawn('dovecot', ['-F', '-c', dovecotConf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let dovecotStderr = '';
  dovecot.stderr?.on('data', (d) => (dovecotStderr += d));
  await waitFor('Dovecot', () => portOpen(ports.imap), 15_000, () => dovecotStderr + logs());

  // Roundcube: a config dir of our own (Debian honours ROUNDCUBE_CONFIG_DIR), SQLite schema loaded once.
  const configDir = join(state, 'roundcube-config');
  symlinkSync('/etc/roundcube/defaults.inc.php', join(configDir, 'defaults.inc.php'));
  symlinkSync('/etc/roundcube/mimetypes.php', join(configDir, 'mimetypes.php'));
  const init = spawnSync('php', ['-r', `$db = new PDO('sqlite:${state}/roundcube.sqlite'); $db->exec(file_get_contents('${ROUNDCUBE_SQL}'));`], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`Roundcube database init failed: ${init.stderr}`);

  let roundcube: ChildProcess | null = null;
  const startRoundcube = async (rcOptions: LabOptions) => {
    writeFileSync(join(configDir, 'config.inc.php'), roundcubeConfig(state, ports, rcOptions));
    const env: NodeJS.ProcessEnv = { ...process.env, ROUNDCUBE_CONFIG_DIR: configDir };
    for (const [k, v] of Object.entries(rcOptions.roundcubeEnv ?? {})) env[`ROUNDCUBE_${k.toUpperCase()}`] = v;
    const phpLog = join(state, 'logs', 'roundcube-php.log');
    roundcube = spawn(
      'php',
      ['-d', 'upload_max_filesize=50M', '-d', 'post_max_size=55M', '-d', 'memory_limit=256M', '-d', `error_log=${phpLog}`, '-S', `127.0.0.1:${ports.http}`, '-t', ROUNDCUBE_DOCROOT],
      { env, stdio: 'ignore' },
    );
    await waitFor(
      'Roundcube',
      async () => (await fetch(`http://127.0.0.1:${ports.http}/`)).status === 200,
      15_000,
      logs,
    );
  };
  await startRoundcube(options);

  const doveadm = (args: string[], input?: string) => {
    const r = spawnSync('doveadm', ['-c', dovecotConf, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`doveadm ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };

  const lab: Lab = {
    url: `http://127.0.0.1:${ports.http}/`,
    imapPort: ports.imap,
    users: LAB_USERS,
    stateDir: state,
    sent,
    async quotaGet(email) {
      // `doveadm quota get` rows: "User quota STORAGE <used KiB> <limit KiB> <percent, floored>"
      const out = doveadm(['quota', 'get', '-u', email]);
      const row = out.split('\n').find((l) => /\bSTORAGE\b/.test(l));
      const m = row && /STORAGE\s+(\d+)\s+(\d+|-)\s+(\d+)/.exec(row);
      if (!m) throw new Error(`Unexpected doveadm quota output:\n${out}`);
      return { usedKiB: Number(m[1]), limitKiB: m[2] === '-' ? 0 : Number(m[2]), percent: Number(m[3]) };
    },
    async fillMailbox(email, percent) {
      let n = 0;
      for (;;) {
        const q = await lab.quotaGet(email);
        const targetKiB = Math.ceil((q.limitKiB * percent) / 100);
        const missingBytes = (targetKiB - q.usedKiB) * 1024;
        if (missingBytes <= 0) return;
        // Messages of at most 4 MiB, the last one sized to land just past the target.
        doveadm(['save', '-u', email, '-m', 'INBOX'], messageOfSize(Math.min(missingBytes + 512, 4 * 1024 * 1024), n++));
      }
    },
    async emptyMailbox(email) {
      doveadm(['expunge', '-u', email, 'mailbox', '*', 'all']);
      doveadm(['quota', 'recalc', '-u', email]);
    },
    imapLogin(email, password) {
      return new Promise((resolveLogin) => {
        const socket = connect(ports.imap, '127.0.0.1');
        let buffer = '';
        let sentLogin = false;
        const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
        socket.setTimeout(10_000, () => {
          socket.destroy();
          resolveLogin(false);
        });
        socket.on('data', (d) => {
          buffer += d.toString();
          if (!sentLogin && buffer.includes('* OK')) {
            sentLogin = true;
            socket.write(`a1 LOGIN ${quote(email)} ${quote(password)}\r\n`);
          }
          const result = /^a1 (OK|NO|BAD)/m.exec(buffer);
          if (result) {
            socket.end('a2 LOGOUT\r\n');
            resolveLogin(result[1] === 'OK');
          }
        });
        socket.on('error', () => resolveLogin(false));
      });
    },
    async restartRoundcube(rcOptions) {
      await stopChild(roundcube);
      await startRoundcube(rcOptions);
    },
    async stop() {
      process.off('exit', emergencyStop);
      await stopChild(roundcube);
      await stopChild(dovecot);
      await new Promise<void>((r) => smtp.close(() => r()));
      rmSync(state, { recursive: true, force: true });
    },
  };
  // If the test process dies, do not leave a Dovecot or PHP server behind.
  const emergencyStop = () => {
    for (const child of [roundcube, dovecot]) if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', emergencyStop);
  return lab;
}
