/** The Debian packages the labs run: checked, and installed when root (scripts/install-system-deps.sh). */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const INSTALL_SCRIPT = join(ROOT, 'scripts/install-system-deps.sh');
/** A subset of scripts/install-system-deps.sh: what the Roundcube stack (stack.ts) runs. */
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
