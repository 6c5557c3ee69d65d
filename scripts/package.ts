/**
 * `npm run package`: the two store zips from the builds in dist/, named with the version.
 * web-ext zips the Firefox build the way AMO expects; the Chrome zip has the manifest at its root
 * as the Chrome Web Store expects. Unsigned: signing needs the stores.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pkg from '../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'artifacts');
mkdirSync(OUT, { recursive: true });

for (const browser of ['chrome', 'firefox'] as const) {
  const name = `sobre-mail-${browser}-${pkg.version}.zip`;
  rmSync(join(OUT, name), { force: true });
  execFileSync('npx', ['web-ext', 'build', '--source-dir', join(ROOT, 'dist', browser), '--artifacts-dir', OUT, '--filename', name, '--overwrite-dest'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`${join('artifacts', name)}  ${(statSync(join(OUT, name)).size / 1024).toFixed(0)} KiB`);
}
