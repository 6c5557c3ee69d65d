/**
 * `npm run package`: the two store zips from the builds in dist/, named with the version.
 * web-ext zips the Firefox build the way AMO expects; the Chrome zip has the manifest at its root
 * as the Chrome Web Store expects. Unsigned: signing needs the stores.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pkg from '../package.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'artifacts');
mkdirSync(OUT, { recursive: true });

/**
 * The Chrome Web Store refuses a manifest with `key` (it assigns the id itself); `key` only fixes the
 * id of unpacked and self-hosted builds (dist/chrome), so the store zip is made from a copy without it.
 */
function storeCopyOfChromeBuild(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sobre-store-')), 'chrome');
  cpSync(join(ROOT, 'dist', 'chrome'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  delete manifest.key;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

for (const browser of ['chrome', 'firefox'] as const) {
  const name = `sobre-mail-${browser}-${pkg.version}.zip`;
  rmSync(join(OUT, name), { force: true });
  const source = browser === 'chrome' ? storeCopyOfChromeBuild() : join(ROOT, 'dist', browser);
  execFileSync('npx', ['web-ext', 'build', '--source-dir', source, '--artifacts-dir', OUT, '--filename', name, '--overwrite-dest'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (browser === 'chrome') rmSync(join(source, '..'), { recursive: true, force: true });
  console.log(`${join('artifacts', name)}  ${(statSync(join(OUT, name)).size / 1024).toFixed(0)} KiB`);
}
