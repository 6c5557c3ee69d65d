/**
 * IT deployment: the fixed Chromium id, the policy examples in docs/examples (each one parsed the way
 * its browser reads it, then checked by the extension's own parser), and the privacy document.
 */
import { describe, expect, it } from 'vitest';
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CHROMIUM_PUBLIC_KEY, GECKO_ID, buildManifest } from '../../manifest.config.ts';
import { SETTING_KEYS, parseLayer, type Settings } from '../../src/shared/settings.ts';
import { FIELDS } from '../../src/options/fields.ts';
import { privacyMessageKeys } from '../../src/privacy/content.ts';
import { parsePlist, parseReg, readRegistryPolicy, type SchemaNode } from '../../src/shared/policy-formats.ts';
import { schemaProblems } from '../../src/shared/policy-check.ts';
import { managedSchema } from '../../src/shared/settings-schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const readJson = (path: string) => JSON.parse(read(path)) as Record<string, any>;

/** Chromium's rule: SHA-256 of the DER public key, first 32 hex digits, each 0-f written a-p. */
function chromiumExtensionId(base64Der: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Der, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

const ID = chromiumExtensionId(CHROMIUM_PUBLIC_KEY);
const deploymentDoc = read('docs/deployment.md');

/** The schema the build ships (public/managed_schema.json is tested equal to it in managed-schema.test.ts). */
const schema: SchemaNode = managedSchema();

/** What Chrome checks before handing a policy value to the extension (it drops what fails). */
const schemaFailures = (settings: Record<string, unknown>) =>
  Object.entries(settings).flatMap(([key, value]) => schemaProblems(schema.properties?.[key], value, key, 'settings'));

/** Every example must set valid settings only: the browser's schema and the extension's parser agree. */
function expectValidSettings(settings: unknown) {
  expect(schemaFailures(settings as Record<string, unknown>)).toEqual([]);
  const { values, invalid } = parseLayer(settings);
  expect(invalid).toEqual([]);
  expect(Object.keys(values).length).toBeGreaterThan(3);
  return values;
}

/** The reference: the Linux settings file, which the end-to-end test installs for Chromium. */
const linuxSettings = readJson('docs/examples/linux/sobre-mail-settings.json');
const REFERENCE = linuxSettings['3rdparty'].extensions[ID] as Partial<Settings>;

// The .reg and property-list readers are the ones `npm run check-policy` uses (src/shared/policy-formats.ts).

// ---------------------------------------------------------------- tests

describe('stable Chromium extension id', () => {
  it('the manifest key is an RSA 2048 public key (SubjectPublicKeyInfo, DER, base64)', () => {
    const key = createPublicKey({ key: Buffer.from(CHROMIUM_PUBLIC_KEY, 'base64'), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('the Chrome manifest carries the key; the Firefox one has the gecko id instead', () => {
    expect((buildManifest('chrome') as { key?: string }).key).toBe(CHROMIUM_PUBLIC_KEY);
    const firefox = buildManifest('firefox') as { key?: string; browser_specific_settings?: { gecko?: { id?: string } } };
    expect(firefox.key).toBeUndefined();
    expect(firefox.browser_specific_settings?.gecko?.id).toBe(GECKO_ID);
  });

  it('docs/deployment.md gives the id computed from the key, and the gecko id', () => {
    expect(ID).toMatch(/^[a-p]{32}$/);
    expect(deploymentDoc).toContain(`Chromium extension id: \`${ID}\``);
    expect(deploymentDoc).toContain(`Firefox add-on id: \`${GECKO_ID}\``);
  });

  it('every Chromium-style id in the docs and examples is this one (no stale id after a key change)', () => {
    const files = [join(ROOT, 'docs/deployment.md'), ...walk(join(ROOT, 'docs/examples'))];
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b[a-p]{32}\b/g)) expect(match[0], relative(ROOT, file)).toBe(ID);
    }
  });

  it('no private key is in the repository', () => {
    // Built from parts so this file does not match itself.
    const pemHeader = new RegExp(['-----BEGIN', '(RSA |EC |ENCRYPTED )?PRIVATE', 'KEY-----'].join(' '));
    const files = [
      ...walk(join(ROOT, 'docs')),
      ...walk(join(ROOT, 'src')),
      ...walk(join(ROOT, 'public')),
      ...walk(join(ROOT, 'test')),
      ...walk(join(ROOT, 'scripts')),
      join(ROOT, 'manifest.config.ts'),
    ];
    for (const file of files) expect(readFileSync(file, 'utf8'), relative(ROOT, file)).not.toMatch(pemHeader);
    const keyFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? ['node_modules', '.git', 'dist', '.tmp', 'artifacts'].includes(e.name)
            ? []
            : keyFiles(join(dir, e.name))
          : /\.(pem|key|p12|pfx)$/.test(e.name)
            ? [join(dir, e.name)]
            : [],
      );
    expect(keyFiles(ROOT)).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.(json|md|reg|mobileconfig|xml|ts|tsx|html)$/.test(name) ? [path] : [];
  });
}

describe('policy examples in docs/examples', () => {
  it('every example file is described in docs/deployment.md', () => {
    for (const file of walk(join(ROOT, 'docs/examples'))) expect(deploymentDoc).toContain(relative(join(ROOT, 'docs'), file));
  });

  it('Linux (Chromium and Chrome): the settings file sets valid settings for the extension id', () => {
    expect(Object.keys(linuxSettings)).toEqual(['3rdparty']);
    expect(Object.keys(linuxSettings['3rdparty'].extensions)).toEqual([ID]);
    expectValidSettings(REFERENCE);
    expect(REFERENCE.passwordMinLength).toBe(12);
  });

  it('Linux: the install file force-installs and pins this id', () => {
    const install = readJson('docs/examples/linux/sobre-mail-install.json');
    expect(Object.keys(install.ExtensionSettings)).toEqual([ID]);
    expect(install.ExtensionSettings[ID]).toMatchObject({ installation_mode: 'force_installed', toolbar_pin: 'force_pinned' });
    expect(install.ExtensionSettings[ID].update_url).toMatch(/^https:\/\//);
  });

  it('every install example that names a self-hosted update URL also sets override_update_url (Chromium otherwise follows the manifest’s own update address: e2e deployment, update)', () => {
    for (const file of ['linux/sobre-mail-install.json', 'macos/sobre-mail.mobileconfig', 'windows/chrome.reg', 'windows/edge.reg']) {
      const text = read(`docs/examples/${file}`);
      expect(text, file).toContain('update_url');
      expect(text, file).toMatch(/override_update_url(\\?"\s*:\s*true|<\/key>\s*<true\/>)/);
    }
  });

  it('self-hosted update manifest names the id', () => {
    const xml = read('docs/examples/updates.xml');
    expect(xml).toContain(`appid='${ID}'`);
    expect(xml).toMatch(/codebase='https:\/\/[^']+\.crx'/);
  });

  it.each([
    ['windows/chrome.reg', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome', { toolbar_pin: 'force_pinned' }],
    ['windows/edge.reg', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge', { toolbar_state: 'force_shown' }],
  ])('Windows %s: installs, pins and sets the same valid settings', (file, base, pin) => {
    const text = read(`docs/examples/${file}`);
    // regedit reads UTF-16 or ANSI; plain ASCII with CRLF reads the same either way.
    expect(text).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text.split('\r\n')[0]).toBe('Windows Registry Editor Version 5.00');
    const keys = parseReg(text);
    const browserKey = keys.get(base.toLowerCase())!;
    const extensionSettings = JSON.parse(String(browserKey.values.get('ExtensionSettings')!.data));
    expect(Object.keys(extensionSettings)).toEqual([ID]);
    expect(extensionSettings[ID]).toMatchObject({ installation_mode: 'force_installed', ...pin });
    const policyPath = `${base}\\3rdparty\\extensions\\${ID}\\policy`;
    for (const path of keys.keys())
      expect(
        [base, policyPath].some((p) => path.startsWith(p.toLowerCase())),
        path,
      ).toBe(true);
    const settings = readRegistryPolicy(keys, policyPath, schema);
    expectValidSettings(settings);
    expect(settings).toEqual(REFERENCE);
  });

  it('macOS: the configuration profile installs, pins and sets the same valid settings', () => {
    const profile = parsePlist(read('docs/examples/macos/sobre-mail.mobileconfig')) as {
      PayloadType: string;
      PayloadContent: Record<string, unknown>[];
    };
    expect(profile.PayloadType).toBe('Configuration');
    const chrome = profile.PayloadContent.find((p) => p.PayloadType === 'com.google.Chrome')!;
    expect((chrome.ExtensionSettings as Record<string, unknown>)[ID]).toMatchObject({
      installation_mode: 'force_installed',
      toolbar_pin: 'force_pinned',
    });
    const extension = profile.PayloadContent.find((p) => p.PayloadType === `com.google.Chrome.extensions.${ID}`)!;
    // Chrome reads only the keys its schema names from this domain; the Payload* keys are the profile's own.
    const settings = Object.fromEntries(Object.entries(extension).filter(([k]) => !k.startsWith('Payload')));
    expectValidSettings(settings);
    expect(settings).toEqual(REFERENCE);
    const uuids = JSON.stringify(profile).match(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/g)!;
    expect(new Set(uuids).size).toBe(3);
  });

  it('Firefox: policies.json installs, pins and sets the same valid settings for the gecko id', () => {
    const { policies } = readJson('docs/examples/firefox/policies.json');
    expect(Object.keys(policies.ExtensionSettings)).toEqual([GECKO_ID]);
    expect(policies.ExtensionSettings[GECKO_ID]).toMatchObject({ installation_mode: 'force_installed', default_area: 'navbar' });
    expect(policies.ExtensionSettings[GECKO_ID].install_url).toMatch(/^https:\/\/.+\.xpi$/);
    // Firefox writes "Extensions" with a capital E, Chromium "extensions".
    expect(Object.keys(policies['3rdparty'].Extensions)).toEqual([GECKO_ID]);
    const settings = policies['3rdparty'].Extensions[GECKO_ID];
    expectValidSettings(settings);
    expect(settings).toEqual(REFERENCE);
  });
});

describe('settings reference', () => {
  it('docs/deployment.md has a row for every setting', () => {
    for (const key of SETTING_KEYS) expect(deploymentDoc, key).toMatch(new RegExp(`^\\| \`${key}\` \\|`, 'm'));
  });

  it('the schema states the ranges Chrome cannot check for numbers with decimals, as the extension enforces them', () => {
    const format = (n: number) => n.toLocaleString('en');
    for (const key of SETTING_KEYS) {
      const spec = FIELDS[key];
      if (spec.kind !== 'decimal') continue;
      expect(schema.properties![key]!.type, key).toBe('number');
      expect(schema.properties![key]!.description, key).toContain(`from ${format(spec.min)} to ${format(spec.max)}`);
      expect(deploymentDoc, key).toContain(`| \`${key}\` | number ${format(spec.min)}–${format(spec.max)} |`);
    }
  });
});

describe('privacy', () => {
  const en = readJson('public/_locales/en/messages.json') as Record<string, { message: string }>;
  const doc = read('docs/privacy.md');

  it('docs/privacy.md says everything the privacy page in the extension says', () => {
    for (const key of privacyMessageKeys()) expect(doc, key).toContain(en[key]!.message);
  });

  it('explains every permission the manifests ask for', () => {
    const explained: Record<string, string> = {
      storage: 'optionsPrivacyPermissionStorage',
      scripting: 'optionsPrivacyPermissionScripting',
      'http://*/*': 'optionsPrivacyPermissionHosts',
      'https://*/*': 'optionsPrivacyPermissionHosts',
    };
    for (const browser of ['chrome', 'firefox'] as const) {
      const manifest = buildManifest(browser) as { permissions?: string[]; host_permissions?: string[]; optional_permissions?: string[] };
      for (const permission of [
        ...(manifest.permissions ?? []),
        ...(manifest.host_permissions ?? []),
        ...(manifest.optional_permissions ?? []),
      ]) {
        expect(explained[permission], `${browser}: ${permission}`).toBeDefined();
        expect(privacyMessageKeys()).toContain(explained[permission]);
      }
    }
  });
});
