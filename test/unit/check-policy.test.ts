/**
 * `npm run check-policy` and the options page's policy check (src/shared/policy-check.ts): every
 * example in docs/examples passes; every bad value issue 20 met (each dropped by Chromium without a
 * message, or ignored by the extension) is caught, in each file format, with its key, value and reason.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkPolicyText, type PolicyProblem } from '../../src/shared/policy-check.ts';
import { policyProblemMessage } from '../../src/options/policy-problems.ts';
import { checkOptions, decodePolicyFile, reportLines } from '../../scripts/check-policy.ts';
import { CHROMIUM_ID, GECKO_ID } from '../../scripts/lib/ids.ts';
import { loadCatalogue } from '../../scripts/lib/catalogue.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const options = checkOptions();
const check = (text: string) => checkPolicyText(text, options);
const brief = (problems: PolicyProblem[]) =>
  problems.map(({ source, key, code, value, index }) => ({ source, key, code, value, ...(index !== undefined ? { index } : {}) }));

const examples = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? examples(path) : /\.(json|reg|mobileconfig)$/.test(name) ? [path] : [];
  });

/** The extension's part, written in each format as an admin would. */
const chromiumJson = (settings: Record<string, unknown>) =>
  JSON.stringify({ '3rdparty': { extensions: { [CHROMIUM_ID]: settings } } }, null, 2);
const firefoxJson = (settings: Record<string, unknown>) =>
  JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: settings } } } }, null, 2);
const regLine = ([key, value]: [string, unknown]) =>
  typeof value === 'number' && Number.isInteger(value)
    ? `"${key}"=dword:${value.toString(16).padStart(8, '0')}`
    : `"${key}"="${String(value)}"`;
const reg = (settings: Record<string, unknown>) =>
  [
    'Windows Registry Editor Version 5.00',
    '',
    `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${CHROMIUM_ID}\\policy]`,
    ...Object.entries(settings).map(regLine),
    '',
  ].join('\r\n');
const plistValue = (v: unknown): string =>
  typeof v === 'string'
    ? `<string>${v}</string>`
    : Number.isInteger(v)
      ? `<integer>${v}</integer>`
      : typeof v === 'number'
        ? `<real>${v}</real>`
        : v
          ? '<true/>'
          : '<false/>';
const mobileconfig = (settings: Record<string, unknown>) => `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string><key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>com.google.Chrome.extensions.${CHROMIUM_ID}</string>
${Object.entries(settings)
  .map(([k, v]) => `<key>${k}</key>${plistValue(v)}`)
  .join('\n')}
</dict></array></dict></plist>`;

describe('check-policy: the examples of docs/examples', () => {
  it.each(examples(join(ROOT, 'docs/examples')).map((f) => [f.slice(ROOT.length + 1)]))('%s has no problem', (file) => {
    const result = check(decodePolicyFile(readFileSync(join(ROOT, file))));
    expect(result.problems).toEqual([]);
    expect(result.format).not.toBeNull();
  });

  it('the command exits 0 on the examples and 1 on a bad file, printing the key, the value and the reason', () => {
    const ok = spawnSync('npx', ['tsx', 'scripts/check-policy.ts', '--lang', 'en', ...examples(join(ROOT, 'docs/examples'))], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('No problem found');
    const dir = mkdtempSync(join(tmpdir(), 'check-policy-'));
    try {
      writeFileSync(join(dir, 'bad.json'), chromiumJson({ passwordMinLength: '12' }));
      const bad = spawnSync('npx', ['tsx', 'scripts/check-policy.ts', '--lang', 'en', join(dir, 'bad.json')], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain(`passwordMinLength = "12": Chrome and Edge drop this value without a message`);
      expect(bad.stderr).toContain('the schema expects integer');
      const missing = spawnSync('npx', ['tsx', 'scripts/check-policy.ts', join(dir, 'none.json')], { cwd: ROOT, encoding: 'utf8' });
      expect(missing.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Three runs of tsx on a shared 2-core machine: a generous bound, not a timing assertion.
  }, 120_000);
});

describe('check-policy: the bad values Chromium drops without a message', () => {
  const cases: [string, Record<string, unknown>, { code: string; value: unknown }][] = [
    ['a whole number as text', { passwordMinLength: '12' }, { code: 'schema-type', value: '12' }],
    ['a mode that is not one of the choices', { passwordMode: 'strict' }, { code: 'schema-enum', value: 'strict' }],
    ['an integer above its maximum', { passwordMinScore: 9 }, { code: 'schema-range', value: 9 }],
    ['a decimal where a whole number is expected', { quotaCriticalPercent: 95.5 }, { code: 'schema-type', value: 95.5 }],
    ['a key that is not a setting (a typo)', { passwordMinLenght: 12 }, { code: 'schema-unknown-key', value: 12 }],
    ['a boolean as text', { breachCheck: 'true' }, { code: 'schema-type', value: 'true' }],
  ];

  it.each(cases)('Chromium JSON: %s', (_, settings, expected) => {
    const { problems } = check(chromiumJson({ passwordMinLength: 12, ...settings }));
    expect(brief(problems)).toEqual([{ source: 'schema', key: Object.keys(settings)[0], ...expected }]);
  });

  it.each(cases)('macOS profile: %s', (_, settings, expected) => {
    const { problems } = check(mobileconfig(settings));
    expect(brief(problems)).toEqual([{ source: 'schema', key: Object.keys(settings)[0], ...expected }]);
  });

  it.each(cases.filter(([, s]) => typeof Object.values(s)[0] !== 'string' || Object.keys(s)[0] === 'passwordMode'))(
    'Windows .reg: %s',
    (_, settings, expected) => {
      // In the registry a whole number is a DWORD (text of digits converts, as Chromium does); these stay wrong.
      const { problems } = check(reg(settings));
      expect(brief(problems)).toEqual([
        {
          source: 'schema',
          key: Object.keys(settings)[0],
          ...expected,
          value: expected.code === 'schema-type' ? String(expected.value) : expected.value,
        },
      ]);
    },
  );

  it('Windows .reg: digits in a text value convert to a number as Chromium does, other text does not', () => {
    expect(check(reg({ passwordMinLength: '12' })).problems).toEqual([]);
    expect(brief(check(reg({ quotaCriticalPercent: '95.5' })).problems)).toEqual([
      { source: 'schema', key: 'quotaCriticalPercent', code: 'schema-type', value: '95.5' },
    ]);
  });

  it.each(cases)('Firefox (no schema check: the extension itself refuses it): %s', (_, settings) => {
    const { problems } = check(firefoxJson(settings));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ source: 'extension', key: Object.keys(settings)[0] });
  });

  it('every problem found in one file is listed, schema and extension alike', () => {
    const { problems } = check(
      chromiumJson({
        passwordMinLength: '12',
        passwordMode: 'strict',
        passwordMinScore: 9,
        quotaCriticalPercent: 95.5,
        colour: 'green',
        attachmentThresholdMB: -1,
        webmailOrigins: ['https://webmail.example.org', 'https://*.example.org'],
        quotaShownPercent: 90,
        quotaWarningPercent: 80,
      }),
    );
    expect(brief(problems)).toEqual([
      { source: 'schema', key: 'passwordMinLength', code: 'schema-type', value: '12' },
      { source: 'schema', key: 'passwordMode', code: 'schema-enum', value: 'strict' },
      { source: 'schema', key: 'passwordMinScore', code: 'schema-range', value: 9 },
      { source: 'schema', key: 'quotaCriticalPercent', code: 'schema-type', value: 95.5 },
      { source: 'schema', key: 'colour', code: 'schema-unknown-key', value: 'green' },
      { source: 'extension', key: 'attachmentThresholdMB', code: 'number', value: -1 },
      { source: 'extension', key: 'webmailOrigins', code: 'item-origin-pattern', value: 'https://*.example.org', index: 2 },
      { source: 'extension', key: 'quotaShownPercent', code: 'quota-order', value: 90 },
      { source: 'extension', key: 'quotaWarningPercent', code: 'quota-order', value: 80 },
    ]);
  });
});

describe('check-policy: files the browsers ignore as a whole', () => {
  it('a trailing comma, with its line and column', () => {
    const text = '{\n  "3rdparty": {\n    "extensions": {\n      "x": {"passwordMinLength": 12,}\n    }\n  }\n}\n';
    const { problems } = check(text);
    expect(problems).toEqual([
      { where: '', key: '', source: 'file', code: 'json-trailing-comma', details: ['4', '37', expect.stringContaining('12,}')] },
    ]);
    const t = loadCatalogue('en');
    const { message, substitutions } = policyProblemMessage(problems[0]!);
    expect(t(message, substitutions)).toBe(
      `Not valid JSON at line 4, column 37: a comma before a closing bracket (near “${problems[0]!.details![2]}”). Browsers ignore such a file as a whole, without a message; Firefox then turns off every policy.`,
    );
  });

  it('other broken JSON, with its position', () => {
    expect(check('{"3rdparty": {"extensions" {}}}').problems).toMatchObject([
      { code: 'json-syntax', details: ['1', '28', expect.any(String)] },
    ]);
    expect(check('{"3rdparty": ').problems).toMatchObject([{ code: 'json-syntax', details: ['1', '14', expect.any(String)] }]);
  });

  it('a .reg line regedit cannot read, and a broken profile, with their line', () => {
    expect(
      check('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"passwordMinLength"=12\r\n').problems,
    ).toMatchObject([{ code: 'reg-syntax', details: ['4', '"passwordMinLength"=12'] }]);
    expect(check('<?xml version="1.0"?>\n<plist>\n<dict>\n<string>x</string>\n</dict></plist>').problems).toMatchObject([
      { code: 'plist-syntax', details: ['4', expect.stringContaining('expected <key>')] },
    ]);
  });

  it('a file for another id, or for nothing of ours, says so', () => {
    const other = 'abcdefghijklmnopabcdefghijklmnop';
    const { problems } = check(JSON.stringify({ '3rdparty': { extensions: { [other]: { passwordMinLength: 12 } } } }));
    expect(problems.map((p) => p.code)).toEqual(['other-extension-id', 'no-extension-part']);
    expect(check('{"HomepageLocation": "https://example.org"}').problems.map((p) => p.code)).toEqual(['no-extension-part']);
    // A store id given on the command line (--id) is accepted.
    expect(
      checkPolicyText(JSON.stringify({ '3rdparty': { extensions: { [other]: { passwordMinLength: 12 } } } }), {
        ...options,
        chromiumIds: [CHROMIUM_ID, other],
      }).problems,
    ).toEqual([]);
  });

  it('Firefox wants Extensions with a capital E; Chromium extensions in lower case', () => {
    expect(
      check(JSON.stringify({ policies: { '3rdparty': { extensions: { [GECKO_ID]: { passwordMinLength: 12 } } } } })).problems.map(
        (p) => p.code,
      ),
    ).toEqual(['firefox-lowercase-extensions']);
    expect(
      check(JSON.stringify({ '3rdparty': { Extensions: { [CHROMIUM_ID]: { passwordMinLength: 12 } } } })).problems.map((p) => p.code),
    ).toEqual(['chromium-capital-extensions']);
  });

  it('an installation entry without its address', () => {
    const { problems } = check(JSON.stringify({ ExtensionSettings: { [CHROMIUM_ID]: { installation_mode: 'force_installed' } } }));
    expect(brief(problems)).toEqual([{ source: 'file', key: 'update_url', code: 'install-entry', value: undefined }]);
  });

  it('a macOS Firefox profile must enable enterprise policies', () => {
    const profile = (enabled: string) =>
      `<plist><dict><key>PayloadContent</key><array><dict><key>PayloadType</key><string>org.mozilla.firefox</string>${enabled}<key>3rdparty</key><dict><key>Extensions</key><dict><key>${GECKO_ID}</key><dict><key>passwordMinLength</key><integer>12</integer></dict></dict></dict></dict></array></dict></plist>`;
    expect(check(profile('')).problems.map((p) => p.code)).toEqual(['firefox-policies-disabled']);
    expect(check(profile('<key>EnterprisePoliciesEnabled</key><true/>')).problems).toEqual([]);
  });

  it('a regedit export in UTF-16 is read', () => {
    const text = reg({ passwordMinScore: 9 });
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(brief(check(decodePolicyFile(bytes)).problems)).toEqual([
      { source: 'schema', key: 'passwordMinScore', code: 'schema-range', value: 9 },
    ]);
  });

  it('the settings object alone is checked with the schema and the parser', () => {
    expect(brief(check('{"passwordMinLength": "12", "passwordMode": "block"}').problems)).toEqual([
      { source: 'schema', key: 'passwordMinLength', code: 'schema-type', value: '12' },
    ]);
  });

  it('the report is in French too', () => {
    const { lines, problems } = reportLines('a.json', chromiumJson({ passwordMinScore: 9 }), options, 'fr');
    expect(problems).toBe(1);
    expect(lines[0]).toContain('passwordMinScore = 9');
    expect(lines[0]).toContain('le schéma attend un nombre entier de 0 à 4');
    expect(lines[1]).toBe('a.json: Problèmes trouvés : 1.');
  });
});
