/**
 * Browser policy for one browser only: Debian's browsers read machine-wide folders (Chromium:
 * /etc/chromium/policies/managed/*.json; Firefox ESR: /etc/firefox/policies/policies.json, then
 * the package's distribution/policies.json), and other work on this machine runs browsers too. So the
 * browser starts through a wrapper, in a mount namespace of its own (`unshare -m`, private
 * propagation, root only as the lab already is), where a temp folder of ours is bind-mounted over the
 * folder it reads; nothing is written to /etc or /usr. The temp folder stays live: a policy written
 * (or removed) while the browser runs is what Chromium sees, as with the real folder.
 *
 * Pitfall met: Debian's /usr/lib/firefox-esr/distribution is a symlink (to
 * /usr/share/firefox-esr/distribution); copying it copied the link, and "our" policies.json landed
 * in the real folder. Every path here is resolved and copied dereferenced.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserName } from '../../../lab/index.ts';

const CHROMIUM_ETC = '/etc/chromium';
const FIREFOX_DISTRIBUTION = '/usr/lib/firefox-esr/distribution';
const FIREFOX_SYSCONF_POLICIES = '/etc/firefox/policies';

export interface PrivatePolicy {
  /** Give this to `launch(…, { executablePath })`. */
  executable: string;
  /** Writes the policy file this browser reads (a JSON object in the browser's own format). */
  write(content: unknown): void;
  /** Removes it (Chromium notices at once; Firefox kept what it read at start-up). */
  remove(): void;
  /** Deletes the temp folder (after the browser stopped). */
  dispose(): void;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function privatePolicy(browser: BrowserName): PrivatePolicy {
  if (process.getuid?.() !== 0) throw new Error('A private policy folder needs root (unshare -m, mount --bind).');
  const dir = mkdtempSync(join(tmpdir(), `sobre-policy-${browser}-`));
  const mounted = join(dir, 'mounted');
  let file: string;
  let script: string;
  if (browser === 'chromium') {
    const target = existsSync(CHROMIUM_ETC) ? realpathSync(CHROMIUM_ETC) : CHROMIUM_ETC;
    // A copy of /etc/chromium (Debian's master_preferences) with our policy folder in it.
    if (existsSync(target)) cpSync(target, mounted, { recursive: true, dereference: true });
    mkdirSync(join(mounted, 'policies/managed'), { recursive: true });
    file = join(mounted, 'policies/managed/sobre-mail.json');
    script = `mount --bind ${quote(mounted)} ${quote(target)} && exec /usr/bin/chromium "$@"`;
  } else {
    const target = realpathSync(FIREFOX_DISTRIBUTION);
    cpSync(target, mounted, { recursive: true, dereference: true });
    file = join(mounted, 'policies.json');
    // /etc/firefox/policies/policies.json would win over ours: hidden under an empty tmpfs if it exists.
    script =
      `mount --bind ${quote(mounted)} ${quote(target)} && ` +
      `{ [ ! -d ${FIREFOX_SYSCONF_POLICIES} ] || mount -t tmpfs sobre-empty ${FIREFOX_SYSCONF_POLICIES}; } && exec /usr/bin/firefox-esr "$@"`;
  }
  const executable = join(dir, `${browser}-with-private-policy`);
  // `exec` at every step keeps one process id, the one the test driver watches and stops.
  writeFileSync(executable, `#!/bin/sh\nexec /usr/bin/unshare -m --propagation private /bin/sh -c ${quote(script)} sh "$@"\n`, {
    mode: 0o755,
  });
  return {
    executable,
    write: (content) => writeFileSync(file, JSON.stringify(content, null, 2)),
    remove: () => rmSync(file, { force: true }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
