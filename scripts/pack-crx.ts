/**
 * `npm run pack-crx -- --key FILE [--base-url URL] [--source DIR] [--out DIR] [--version X]`: packs the Chrome build
 * into a CRX signed with your key, for self-hosting, with the update manifest that points at it:
 *
 *   artifacts/sobre-mail-chrome-<version>.crx   and   artifacts/updates.xml
 *
 * Chromium's own packer (`--pack-extension`) does the signing. As root it needs `--no-sandbox`, which
 * is passed; it writes the CRX readable by its owner only, so the files are made world-readable
 * (0644) for the web server. The key must be the one whose public half is the manifest's `key`, or
 * the CRX would carry another id than the policies name: that is refused. `--version X` packs the
 * build as version X (the manifest of the packed copy only; dist/ is left as it is), e.g. a second,
 * higher version from the same build to try an update.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { publicKeyOf } from './keygen.ts';
import { chromiumExtensionId } from './lib/ids.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface PackOptions {
  key: string;
  source?: string;
  out?: string;
  /** Where the CRX will be served from (the folder's address), for updates.xml. */
  baseUrl?: string;
  chromium?: string;
  /** Packs as this version instead of the build's (the copy's manifest is patched). */
  version?: string;
}

export function updatesXml(id: string, version: string, codebase: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<!-- Update manifest for self-hosted Chrome and Edge installs: serve it at the update_url of the policy. -->
<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
  <app appid='${id}'>
    <updatecheck codebase='${codebase}' version='${version}' />
  </app>
</gupdate>
`;
}

export function packCrx(options: PackOptions): { crx: string; updates: string; id: string; version: string } {
  const source = resolve(options.source ?? join(ROOT, 'dist/chrome'));
  const out = resolve(options.out ?? join(ROOT, 'artifacts'));
  const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')) as { version: string; key?: string };
  const pem = readFileSync(options.key, 'utf8');
  const publicKey = publicKeyOf(pem);
  if (manifest.key && manifest.key !== publicKey) {
    throw new Error(
      `${options.key} is not the key of ${source}/manifest.json (id ${chromiumExtensionId(manifest.key)}): run npm run keygen -- --key ${options.key} --write, then npm run build.`,
    );
  }
  const id = chromiumExtensionId(publicKey);
  // Chromium writes <source>.crx beside the folder: pack a copy so dist/ stays as the build left it.
  const work = mkdtempSync(join(tmpdir(), 'sobre-pack-'));
  try {
    const copy = join(work, 'chrome');
    execFileSync('cp', ['-r', source, copy]);
    if (options.version) {
      manifest.version = options.version;
      const copied = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { version: string };
      writeFileSync(join(copy, 'manifest.json'), JSON.stringify({ ...copied, version: options.version }, null, 2));
    }
    execFileSync(
      options.chromium ?? '/usr/bin/chromium',
      [
        '--no-sandbox',
        '--headless',
        `--user-data-dir=${join(work, 'profile')}`,
        `--pack-extension=${copy}`,
        `--pack-extension-key=${resolve(options.key)}`,
      ],
      { stdio: 'pipe' },
    );
    if (!existsSync(`${copy}.crx`)) throw new Error('Chromium wrote no CRX');
    mkdirSync(out, { recursive: true });
    const crx = join(out, `sobre-mail-chrome-${manifest.version}.crx`);
    copyFileSync(`${copy}.crx`, crx);
    chmodSync(crx, 0o644);
    const updates = join(out, 'updates.xml');
    const base = (options.baseUrl ?? 'https://intranet.example.org/sobre-mail').replace(/\/$/, '');
    writeFileSync(updates, updatesXml(id, manifest.version, `${base}/${basename(crx)}`), { mode: 0o644 });
    chmodSync(updates, 0o644);
    return { crx, updates, id, version: manifest.version };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(argv: string[]): number {
  const options: Partial<PackOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--key') options.key = value;
    else if (argv[i] === '--base-url') options.baseUrl = value;
    else if (argv[i] === '--source') options.source = value;
    else if (argv[i] === '--out') options.out = value;
    else if (argv[i] === '--version') options.version = value;
    else {
      console.error('usage: npm run pack-crx -- --key FILE [--base-url URL] [--source DIR] [--out DIR] [--version X]');
      return 2;
    }
    i++;
  }
  if (!options.key) {
    console.error('--key FILE is required (npm run keygen makes one)');
    return 2;
  }
  const { crx, updates, id, version } = packCrx(options as PackOptions);
  console.log(`${crx}  (id ${id}, version ${version}, mode 0644)\n${updates}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
