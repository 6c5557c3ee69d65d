/**
 * Generates src/model/sogo-password-rules-locales.ts from SOGo's Preferences translations: the rule
 * texts it prints under the new password field (`.sg-hint li`), in every language it ships.
 *
 *   npx tsx scripts/gen-sogo-password-rules-locales.ts [RESOURCES_DIR]
 *   (default /usr/share/GNUstep/SOGo/PreferencesUI.SOGo/Resources, Debian 12's sogo-common)
 *
 * SOGo prints one item per entry of the source's `userPasswordPolicy`: the label's translation with
 * `%{0}` replaced by the entry's value (SoObjects/SOGo/SOGoPasswordPolicy.m
 * `createPasswordPolicyLabels:withTranslations:`, SOGo 5.8.0). A language that does not translate a
 * label shows another language's text (UIxComponent `labelForKey:` looks it up in the user's
 * languages): every text found in any language is kept, so the page's language does not matter.
 * Sixteen-bit .strings files (GNUstep reads both) are decoded from their byte order mark.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** SOGoPasswordPolicy.m's `policies`, SOGo 5.8.0: the only labels it turns into checks. */
const KEYS = [
  'POLICY_MIN_LENGTH',
  'POLICY_MIN_LOWERCASE_LETTER',
  'POLICY_MIN_UPPERCASE_LETTER',
  'POLICY_MIN_DIGIT',
  'POLICY_MIN_SPECIAL_SYMBOLS',
] as const;
type Key = (typeof KEYS)[number];

const resourcesDir = resolve(process.argv[2] ?? '/usr/share/GNUstep/SOGo/PreferencesUI.SOGo/Resources');
const outFile = fileURLToPath(new URL('../src/model/sogo-password-rules-locales.ts', import.meta.url));

let packaged = '';
let version = '';
try {
  const file = join(resourcesDir, 'English.lproj', 'Localizable.strings');
  const deb = execFileSync('dpkg-query', ['-S', file], { encoding: 'utf8' }).split(':')[0]?.trim();
  if (deb) {
    const debVersion = execFileSync('dpkg-query', ['-W', '-f=${Version}', deb], { encoding: 'utf8' }).trim();
    version = debVersion.split('-')[0] ?? '';
    packaged = ` (Debian ${deb} ${debVersion})`;
  }
} catch {
  // Not a Debian install: no version to name.
}
if (!version) version = 'unknown';

function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes,
  );
}

/** The policy labels of one .strings file: `"KEY" = "value";` lines, with their backslash escapes undone. */
function policyLabels(text: string): Partial<Record<Key, string>> {
  const found: Partial<Record<Key, string>> = {};
  for (const match of text.matchAll(/^\s*"(POLICY_MIN_[A-Z_]+)"\s*=\s*"((?:[^"\\]|\\.)*)"\s*;/gm)) {
    const key = match[1] as Key;
    if (!KEYS.includes(key)) continue;
    found[key] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  return found;
}

/** Whitespace as the nudge normalises list items' text: runs of spaces become one, ends trimmed. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

const languages = readdirSync(resourcesDir)
  .filter((name) => name.endsWith('.lproj') && existsSync(join(resourcesDir, name, 'Localizable.strings')))
  .map((name) => name.slice(0, -'.lproj'.length))
  .sort();

const templates: Record<Key, string[]> = Object.fromEntries(KEYS.map((key) => [key, []])) as unknown as Record<Key, string[]>;
const owner = new Map<string, Key>();
const translating: string[] = [];
for (const lang of languages) {
  const labels = policyLabels(decode(readFileSync(join(resourcesDir, `${lang}.lproj`, 'Localizable.strings'))));
  if (Object.keys(labels).length > 0) translating.push(lang);
  for (const key of KEYS) {
    const text = labels[key];
    if (text === undefined) continue;
    if (!text.includes('%{0}')) throw new Error(`${lang}: ${key} has no %{0}: ${text}`);
    const clean = normalise(text);
    // A text two rules share could not be told apart on the page.
    if (owner.has(clean) && owner.get(clean) !== key) throw new Error(`${lang}: "${clean}" is both ${owner.get(clean)} and ${key}`);
    owner.set(clean, key);
    if (!templates[key].includes(clean)) templates[key].push(clean);
  }
}
if (!translating.includes('English')) throw new Error(`no POLICY_MIN_* labels in ${resourcesDir}/English.lproj`);

const list = (values: string[]) =>
  values
    .map((v) => `    ${JSON.stringify(v).replace(/\p{Cf}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)},`)
    .join('\n');

const source = `// GENERATED FILE — do not edit by hand.
// Made by \`npx tsx scripts/gen-sogo-password-rules-locales.ts ${resourcesDir}\` from SOGo ${version}${packaged}
// (PreferencesUI.SOGo/Resources/*.lproj/Localizable.strings; whitespace collapsed). ${languages.length} languages ship,
// ${translating.length} translate the password policy labels (${translating.join(', ')}); the others show one of these.
// Every distinct text of each label, all languages together: the page's language is not needed to recognise a rule.
// \`%{0}\` is the policy's value, printed by NSNumber's stringValue (ASCII digits).

export const SOGO_PASSWORD_RULES_VERSION = ${JSON.stringify(version)};

export const SOGO_PASSWORD_RULE_TEXTS = {
${KEYS.map((key) => `  ${key}: [\n${list(templates[key])}\n  ],`).join('\n')}
} as const;
`;
writeFileSync(outFile, source);
console.log(`wrote ${translating.length} of ${languages.length} languages from SOGo ${version}'s Preferences to ${outFile}`);
