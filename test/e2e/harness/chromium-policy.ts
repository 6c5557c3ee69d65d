/**
 * Chromium started with a machine policy of our own, seen by that browser only: a wrapper runs it in
 * its own mount namespace with a copy of /etc/chromium (where Debian 12's chromium reads machine
 * policy, checked in policy.e2e.ts) bind-mounted over the real one, so browsers of other tests on
 * this machine see nothing. Needs root (mount). The same technique as phishing.e2e.ts's
 * privatePolicy, for Chromium only (the popup screenshots are taken in Chromium).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM_ETC = '/etc/chromium';

export interface ChromiumPolicy {
  /** Pass as `executablePath` to launch('chromium', …). */
  executable: string;
  remove(): void;
}

/** `policy`: the whole machine policy file, as docs/examples/linux/sobre-mail-settings.json. */
export function chromiumWithPolicy(policy: unknown): ChromiumPolicy {
  const dir = mkdtempSync(join(tmpdir(), 'sobre-policy-chromium-'));
  const mounted = join(dir, 'mounted');
  cpSync(CHROMIUM_ETC, mounted, { recursive: true });
  mkdirSync(join(mounted, 'policies/managed'), { recursive: true });
  writeFileSync(join(mounted, 'policies/managed/sobre-mail.json'), JSON.stringify(policy, null, 2));
  const script = `mount --bind "${mounted}" ${CHROMIUM_ETC} && exec /usr/bin/chromium "$@"`;
  const executable = join(dir, 'chromium-with-policy');
  // `exec` at every step keeps one process id, the one the test driver watches and stops.
  writeFileSync(executable, `#!/bin/sh\nexec /usr/bin/unshare -m /bin/sh -c '${script}' sh "$@"\n`, { mode: 0o755 });
  return { executable, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
