/**
 * `npm run keygen`: the key that signs self-hosted CRXs and fixes the Chromium extension id.
 *
 *   npm run keygen                         new RSA 2048 key in ~/.sobre-mail/sobre-mail.pem (0600, outside
 *                                          the repository), prints its public key and id, lists the files
 *                                          that name the current id (a dry run: nothing else changes)
 *   npm run keygen -- --key FILE           the same with a key you already have (nothing is generated)
 *   npm run keygen -- --out FILE           where a new key goes (refused inside the repository, never overwritten)
 *   npm run keygen -- --write              also writes the public key into manifest.config.ts and the id into
 *                                          docs/deployment.md and docs/examples/ (then rebuild)
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { chromiumExtensionId } from './lib/ids.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const DEFAULT_KEY = join(homedir(), '.sobre-mail', 'sobre-mail.pem');

/** The base64 DER SubjectPublicKeyInfo of a PEM private key: what the manifest's `key` holds. */
export function publicKeyOf(pem: string): string {
  return createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' }).toString('base64');
}

export function isInside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A new key at `out`, readable by its owner only; refused in the repository or over an existing file. */
export function generateKey(out: string, root = ROOT): string {
  if (isInside(out, root)) throw new Error(`${out} is inside the repository: keep the private key outside it (--out).`);
  if (existsSync(out)) throw new Error(`${out} exists: it may be the key your CRXs are signed with; use --key ${out}, or --out elsewhere.`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  writeFileSync(out, pem, { mode: 0o600 });
  return pem;
}

/** Files that name a Chromium id: the deployment guide, every example and the Group Policy templates. */
export function filesNamingIds(root = ROOT): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  const admx = join(root, 'docs/admx');
  return [join(root, 'docs/deployment.md'), ...walk(join(root, 'docs/examples')), ...(existsSync(admx) ? walk(admx) : [])].filter((f) =>
    /\b[a-p]{32}\b/.test(readFileSync(f, 'utf8')),
  );
}

/** Writes the new public key into manifest.config.ts and the new id over the old one in the guide and examples. */
export function rewrite(root: string, oldId: string, newId: string, publicKey: string): string[] {
  const changed: string[] = [];
  const manifest = join(root, 'manifest.config.ts');
  const text = readFileSync(manifest, 'utf8');
  const next = text.replace(/(export const CHROMIUM_PUBLIC_KEY =\s*')[A-Za-z0-9+/=]+(')/, `$1${publicKey}$2`);
  if (next === text && !text.includes(publicKey)) throw new Error('CHROMIUM_PUBLIC_KEY not found in manifest.config.ts');
  if (next !== text) {
    writeFileSync(manifest, next);
    changed.push(manifest);
  }
  for (const file of filesNamingIds(root)) {
    const content = readFileSync(file, 'utf8');
    if (!content.includes(oldId)) continue;
    writeFileSync(file, content.split(oldId).join(newId));
    changed.push(file);
  }
  return changed;
}

function main(argv: string[]): number {
  let keyFile: string | null = null;
  let out = DEFAULT_KEY;
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--key') keyFile = resolve(argv[++i] ?? '');
    else if (argv[i] === '--out') out = resolve(argv[++i] ?? '');
    else if (argv[i] === '--write') write = true;
    else {
      console.error('usage: npm run keygen -- [--key FILE | --out FILE] [--write]');
      return 2;
    }
  }
  const pem = keyFile ? readFileSync(keyFile, 'utf8') : generateKey(out);
  const publicKey = publicKeyOf(pem);
  const newId = chromiumExtensionId(publicKey);
  const current =
    /export const CHROMIUM_PUBLIC_KEY =\s*'([A-Za-z0-9+/=]+)'/.exec(readFileSync(join(ROOT, 'manifest.config.ts'), 'utf8'))?.[1] ?? '';
  const oldId = chromiumExtensionId(current);
  console.log(`private key: ${keyFile ?? out}${keyFile ? '' : ' (new; back it up: it signs every later update)'}`);
  console.log(`public key (CHROMIUM_PUBLIC_KEY): ${publicKey}`);
  console.log(`extension id: ${newId}`);
  if (newId === oldId) {
    console.log('The repository already uses this id.');
    return 0;
  }
  if (!write) {
    console.log(`\nDry run. With --write, the key goes into manifest.config.ts and ${oldId} becomes ${newId} in:`);
    for (const f of [join(ROOT, 'manifest.config.ts'), ...filesNamingIds()]) console.log(`  ${relative(ROOT, f)}`);
    return 0;
  }
  for (const f of rewrite(ROOT, oldId, newId, publicKey)) console.log(`rewritten: ${relative(ROOT, f)}`);
  console.log('\nNow: npm run build, then npm run pack-crx -- --key <the key> (and npm run check-policy on your own files).');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
