/** Dovecot for the labs: its configuration, the passwd-file it checks, and filler mail for quotas. */
import { randomBytes } from 'node:crypto';
import { statSync, utimesSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Debian's `mail` user: Dovecot refuses to store mail as uid 0, and this user exists on every Debian. */
export const MAIL_UID = 8;
export const MAIL_GID = 8;

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
export function watchPasswdFile(file: string): { watcher: FSWatcher; restamp: () => void } {
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

export interface Ports {
  imap: number;
  sieve: number;
  smtp: number;
  http: number;
}

export function dovecotConfig(state: string, ports: Ports, quotaMB: number, passdb?: (stateDir: string) => string): string {
  return `# Written by lab/dovecot.ts for one lab; nothing from /etc/dovecot is read.
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
