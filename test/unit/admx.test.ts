/**
 * The Group Policy templates in docs/admx: generated from managed_schema.json (regenerating gives the
 * files on disk), well-formed XML, one policy per setting at the registry key Chromium reads for this
 * extension, every string and presentation an ADMX names defined in its English and French ADML, and
 * the Intune OMA-URIs of docs/deployment.md naming policies that exist.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ADMX_DIR, BROWSERS, CATEGORY, generated } from '../../scripts/gen-admx.ts';
import { CHROMIUM_ID } from '../../scripts/lib/ids.ts';
import { SETTING_KEYS } from '../../src/shared/settings.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const schema = JSON.parse(readFileSync(join(ROOT, 'public/managed_schema.json'), 'utf8')) as {
  properties: Record<string, { type: string; enum?: string[]; minimum?: number; maximum?: number }>;
};
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['policy', 'string', 'presentation', 'item'].includes(name),
});
const files = generated();

describe('ADMX/ADML templates', () => {
  it.each([...files.keys()])('docs/admx/%s is up to date with the schema (npm run admx) and well-formed', (path) => {
    const onDisk = readFileSync(join(ADMX_DIR, path), 'utf8');
    expect(onDisk).toBe(files.get(path));
    expect(XMLValidator.validate(onDisk)).toBe(true);
  });

  it.each(Object.keys(BROWSERS) as (keyof typeof BROWSERS)[])(
    "%s: one policy per setting, at the key Chromium reads, with the schema's bounds and choices",
    (browser) => {
      const doc = parser.parse(files.get(`sobre-mail-${browser}.admx`)!).policyDefinitions;
      const policies = doc.policies.policy as Record<string, any>[];
      expect(policies.map((p) => p.name).sort()).toEqual([...SETTING_KEYS].sort());
      for (const policy of policies) {
        expect(policy.key).toBe(`${BROWSERS[browser].base}\\3rdparty\\extensions\\${CHROMIUM_ID}\\policy`);
        expect(policy.parentCategory.ref).toBe(CATEGORY);
        const node = schema.properties[policy.name]!;
        if (node.type === 'boolean') expect(policy.valueName).toBe(policy.name);
        if (node.type === 'integer')
          expect(policy.elements.decimal).toMatchObject({
            valueName: policy.name,
            ...(node.minimum !== undefined ? { minValue: String(node.minimum) } : {}),
            ...(node.maximum !== undefined ? { maxValue: String(node.maximum) } : {}),
          });
        if (node.enum) expect(policy.elements.enum.item.map((i: any) => [i.value.string].flat()[0])).toEqual(node.enum);
        if (node.type === 'array') expect(policy.elements.list).toMatchObject({ key: `${policy.key}\\${policy.name}`, valuePrefix: '' });
      }
    },
  );

  it.each([...files.keys()].filter((p) => p.endsWith('.adml')))('%s defines every string and presentation its ADMX names', (path) => {
    const browser = /sobre-mail-(\w+)\.adml$/.exec(path)![1]!;
    const admx = files.get(`sobre-mail-${browser}.admx`)!;
    const resources = parser.parse(files.get(path)!).policyDefinitionResources.resources;
    const strings = new Set((resources.stringTable.string as any[]).map((s) => s.id));
    const presentations = new Set((resources.presentationTable.presentation as any[]).map((p) => p.id));
    for (const [, id] of admx.matchAll(/\$\(string\.([^)]+)\)/g)) expect(strings, id).toContain(id);
    for (const [, id] of admx.matchAll(/\$\(presentation\.([^)]+)\)/g)) expect(presentations, id).toContain(id);
    for (const s of resources.stringTable.string as any[]) expect(String(s['#text'] ?? '').trim(), s.id).not.toBe('');
  });

  it("the French templates are in French (the options page's words), the English in English", () => {
    const fr = files.get('fr-FR/sobre-mail-chrome.adml')!;
    const en = files.get('en-US/sobre-mail-chrome.adml')!;
    const fieldFr = JSON.parse(readFileSync(join(ROOT, 'public/_locales/fr/messages.json'), 'utf8')).optionsFieldPasswordMinLength.message;
    const fieldEn = JSON.parse(readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8')).optionsFieldPasswordMinLength.message;
    expect(fr).toContain(`${fieldFr} (passwordMinLength)`);
    expect(en).toContain(`${fieldEn} (passwordMinLength)`);
    expect(fieldFr).not.toBe(fieldEn);
  });

  it('docs/deployment.md: every Intune OMA-URI names this category and a policy of the template', () => {
    const doc = readFileSync(join(ROOT, 'docs/deployment.md'), 'utf8');
    const uris = [...doc.matchAll(/\.\/Device\/Vendor\/MSFT\/Policy\/Config\/(\w+)~Policy~(\w+)\/(\w+)/g)];
    expect(uris.length).toBeGreaterThan(0);
    for (const [, app, category, policy] of uris) {
      expect(doc).toContain(`./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/${app}/Policy/`);
      expect(category).toBe(CATEGORY);
      expect(SETTING_KEYS).toContain(policy);
    }
  });
});

describe('docs/deployment.md: the Google Admin console example', () => {
  it('unwrapped from {"Value": …}, it passes the policy check', async () => {
    const { checkPolicyText } = await import('../../src/shared/policy-check.ts');
    const { checkOptions } = await import('../../scripts/check-policy.ts');
    const doc = readFileSync(join(ROOT, 'docs/deployment.md'), 'utf8');
    const block = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('"Value"'))!;
    const wrapped = JSON.parse(block) as Record<string, { Value: unknown }>;
    const settings = Object.fromEntries(Object.entries(wrapped).map(([k, v]) => [k, v.Value]));
    expect(Object.keys(settings).length).toBeGreaterThan(1);
    expect(checkPolicyText(JSON.stringify(settings), checkOptions()).problems).toEqual([]);
  });
});

describe('macOS Firefox profile example', () => {
  it('enables enterprise policies and sets the same settings as the other examples', async () => {
    const { parsePlist } = await import('../../src/shared/policy-formats.ts');
    const { GECKO_ID } = await import('../../manifest.config.ts');
    const profile = parsePlist(readFileSync(join(ROOT, 'docs/examples/macos/firefox.mobileconfig'), 'utf8')) as {
      PayloadContent: Record<string, any>[];
    };
    const firefox = profile.PayloadContent.find((p) => p.PayloadType === 'org.mozilla.firefox')!;
    expect(firefox.EnterprisePoliciesEnabled).toBe(true);
    const reference = JSON.parse(readFileSync(join(ROOT, 'docs/examples/firefox/policies.json'), 'utf8')).policies;
    expect(firefox['3rdparty']).toEqual(reference['3rdparty']);
    expect(firefox.ExtensionSettings[GECKO_ID]).toEqual(reference.ExtensionSettings[GECKO_ID]);
  });
});
