/**
 * `npm run keygen`: the private key goes outside the repository (readable by its owner only, never
 * overwritten), the id is printed, and `--write` moves the manifest, the guide and every example to
 * the new id, after which the policy check passes on every example with that id.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, filesNamingIds, generateKey, isInside, publicKeyOf, rewrite } from '../../scripts/keygen.ts';
import { CHROMIUM_ID, chromiumExtensionId } from '../../scripts/lib/ids.ts';
import { checkOptions, decodePolicyFile } from '../../scripts/check-policy.ts';
import { checkPolicyText } from '../../src/shared/policy-check.ts';

describe('keygen', () => {
  it('writes a new key outside the repository, 0600, and never over an existing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygen-'));
    try {
      const out = join(dir, 'nested', 'key.pem');
      const pem = generateKey(out);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(readFileSync(out, 'utf8')).toBe(pem);
      expect(chromiumExtensionId(publicKeyOf(pem))).toMatch(/^[a-p]{32}$/);
      expect(() => generateKey(out)).toThrow(/exists/);
      expect(() => generateKey(join(ROOT, 'sobre-mail.pem'))).toThrow(/inside the repository/);
      expect(existsSync(join(ROOT, 'sobre-mail.pem'))).toBe(false);
      expect(isInside(join(ROOT, 'docs/x.pem'), ROOT)).toBe(true);
      expect(isInside(join(ROOT, '..', 'x.pem'), ROOT)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--write moves the manifest key, the guide and every example to the new id; the check then passes on them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygen-repo-'));
    try {
      for (const path of ['manifest.config.ts', 'docs/deployment.md', 'docs/examples'])
        cpSync(join(ROOT, path), join(dir, path), { recursive: true });
      const pem = generateKey(join(dir, '..', `${dir.split('/').pop()}.pem`), dir);
      const publicKey = publicKeyOf(pem);
      const id = chromiumExtensionId(publicKey);
      const changed = rewrite(dir, CHROMIUM_ID, id, publicKey);
      expect(changed.length).toBe(1 + filesNamingIds(dir).length);
      expect(readFileSync(join(dir, 'manifest.config.ts'), 'utf8')).toContain(`'${publicKey}'`);
      for (const file of filesNamingIds(dir)) {
        const ids = new Set(readFileSync(file, 'utf8').match(/\b[a-p]{32}\b/g));
        expect([...ids], file).toEqual([id]);
      }
      const options = { ...checkOptions(), chromiumIds: [id] };
      for (const file of [
        'linux/sobre-mail-settings.json',
        'linux/sobre-mail-install.json',
        'windows/chrome.reg',
        'windows/edge.reg',
        'macos/sobre-mail.mobileconfig',
      ]) {
        expect(checkPolicyText(decodePolicyFile(readFileSync(join(dir, 'docs/examples', file))), options).problems, file).toEqual([]);
      }
      rmSync(join(dir, '..', `${dir.split('/').pop()}.pem`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the command prints the id and, without --write, changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygen-cli-'));
    const before = ['manifest.config.ts', ...filesNamingIds().map((f) => f.slice(ROOT.length + 1))].map((f) =>
      readFileSync(join(ROOT, f), 'utf8'),
    );
    try {
      const run = spawnSync('npx', ['tsx', 'scripts/keygen.ts', '--out', join(dir, 'k.pem')], { cwd: ROOT, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const id = chromiumExtensionId(publicKeyOf(readFileSync(join(dir, 'k.pem'), 'utf8')));
      expect(run.stdout).toContain(`extension id: ${id}`);
      expect(run.stdout).toContain('Dry run');
      expect(run.stdout).toContain('docs/examples/windows/chrome.reg');
      const after = ['manifest.config.ts', ...filesNamingIds().map((f) => f.slice(ROOT.length + 1))].map((f) =>
        readFileSync(join(ROOT, f), 'utf8'),
      );
      expect(after).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('pack-crx', () => {
  it('writes the update manifest of docs/examples/updates.xml for the example address', async () => {
    const { updatesXml } = await import('../../scripts/pack-crx.ts');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const example = readFileSync(join(ROOT, 'docs/examples/updates.xml'), 'utf8');
    const version = /updatecheck [^>]*version='([^']+)'/.exec(example)![1]!;
    expect(updatesXml(CHROMIUM_ID, version, `https://intranet.example.org/sobre-mail/sobre-mail-chrome-${version}.crx`).trim()).toBe(
      example.trim(),
    );
    expect(version).toBe(pkg.version);
  });

  it.runIf(existsSync('/usr/bin/chromium'))('--version packs the build as another version and leaves the build as it was', async () => {
    const { packCrx } = await import('../../scripts/pack-crx.ts');
    const dir = mkdtempSync(join(tmpdir(), 'sobre-pack-test-'));
    try {
      const key = join(dir, 'key.pem');
      const source = join(dir, 'chrome');
      const manifest = { manifest_version: 3, name: 'Pack test', version: '0.1.0', key: publicKeyOf(generateKey(key)) };
      mkdirSync(source);
      writeFileSync(join(source, 'manifest.json'), JSON.stringify(manifest));
      const packed = packCrx({ key, source, out: join(dir, 'out'), version: '0.2.0', baseUrl: 'https://intranet.example.org/sobre-mail' });
      expect(packed.version).toBe('0.2.0');
      expect(packed.crx).toBe(join(dir, 'out', 'sobre-mail-chrome-0.2.0.crx'));
      expect(readFileSync(packed.updates, 'utf8')).toContain(`sobre-mail-chrome-0.2.0.crx' version='0.2.0'`);
      expect(JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')).version).toBe('0.1.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
