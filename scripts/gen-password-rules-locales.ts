/**
 * Generates src/model/roundcube-password-rules-locales.ts from Roundcube's password plugin: the rule
 * texts it prints above the password form (`ul#ruleslist > li`), in every language it ships.
 *
 *   npx tsx scripts/gen-password-rules-locales.ts [ROUNDCUBE_DIR]   (default /usr/share/roundcube)
 *
 * Needs the `php` CLI: the localisation files are PHP, so PHP evaluates them. Each language is
 * merged over en_US as rcube::read_localization() does, so an untranslated rule shows in English,
 * as Roundcube prints it. Markup is dropped (pwned_mustnotbedisclosed holds a link) because the
 * nudge compares the list items' text, not their HTML.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The plugin's rule messages that the page can check exactly (plugins/password/password.php, 1.6.5):
 * `passwordshort` for password_minimum_length (li.required-length), and `passwordweak`
 * (li.strength-rule) when password_minimum_score > 1 without a strength driver. The strength
 * drivers' rules (zxcvbn-php's score, the pwned lookup) are decided on the server alone: the nudge
 * shows them with the page's own words as checked by the webmail, whatever their text.
 */
const KEYS = ['passwordshort', 'passwordweak'] as const;

const roundcubeDir = resolve(process.argv[2] ?? '/usr/share/roundcube');
const localizationDir = join(roundcubeDir, 'plugins', 'password', 'localization');
const outFile = fileURLToPath(new URL('../src/model/roundcube-password-rules-locales.ts', import.meta.url));

const iniset = readFileSync(join(roundcubeDir, 'program', 'include', 'iniset.php'), 'utf8');
const version = /define\('RCMAIL_VERSION',\s*'([^']+)'\)/.exec(iniset)?.[1];
if (!version) throw new Error('RCMAIL_VERSION not found in iniset.php');

let packaged = '';
try {
  const deb = execFileSync('dpkg-query', ['-S', localizationDir], { encoding: 'utf8' }).split(':')[0]?.trim();
  if (deb) packaged = ` (Debian ${deb} ${execFileSync('dpkg-query', ['-W', '-f=${Version}', deb], { encoding: 'utf8' }).trim()})`;
} catch {
  // Not a Debian install: the upstream version alone.
}

const languages = readdirSync(localizationDir)
  .filter((name) => name.endsWith('.inc'))
  .map((name) => name.slice(0, -'.inc'.length))
  .sort();

const php = String.raw`
$dir = $argv[1];
$keys = json_decode($argv[2], true);
function rc_read($file) { $labels = []; $messages = []; if (is_file($file)) { ob_start(); include $file; ob_end_clean(); } return array_merge($labels, $messages); }
$en = rc_read("$dir/en_US.inc");
$out = [];
foreach (array_slice($argv, 3) as $lang) {
  $t = array_merge($en, rc_read("$dir/$lang.inc"));
  $row = [];
  foreach ($keys as $k) { $row[$k] = isset($t[$k]) ? html_entity_decode(strip_tags($t[$k]), ENT_QUOTES | ENT_HTML5, 'UTF-8') : null; }
  $out[$lang] = $row;
}
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
`;
const raw = JSON.parse(
  execFileSync('php', ['-r', php, '--', localizationDir, JSON.stringify(KEYS), ...languages], { encoding: 'utf8' }),
) as Record<string, Record<(typeof KEYS)[number], string | null>>;

/** Whitespace as the nudge normalises list items' text: runs of spaces become one, ends trimmed. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

const templates: Record<(typeof KEYS)[number], string[]> = { passwordshort: [], passwordweak: [] };
for (const lang of languages) {
  for (const key of KEYS) {
    const text = raw[lang]?.[key];
    if (typeof text !== 'string') throw new Error(`${lang}: ${key} missing (not even in en_US)`);
    const clean = normalise(text);
    if (!templates[key].includes(clean)) templates[key].push(clean);
  }
}

const list = (values: string[]) =>
  values
    .map((v) => `    ${JSON.stringify(v).replace(/\p{Cf}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)},`)
    .join('\n');

const source = `// GENERATED FILE — do not edit by hand.
// Made by \`npx tsx scripts/gen-password-rules-locales.ts ${roundcubeDir}\` from Roundcube ${version}${packaged}
// (plugins/password/localization/*.inc, each merged over en_US as rcube::read_localization() does;
// markup dropped, whitespace collapsed). Every distinct text of each rule, all ${languages.length} languages together:
// the page's language is not needed to recognise a rule.

export const ROUNDCUBE_PASSWORD_RULES_VERSION = ${JSON.stringify(version)};

export const ROUNDCUBE_PASSWORD_RULE_TEXTS = {
  /** password_minimum_length; \`$length\` is the number (ug's translation misspells it \`length$\`: Roundcube then prints no number). */
  passwordshort: [
${list(templates.passwordshort)}
  ],
  /** password_minimum_score > 1 without a strength driver: an ASCII digit and a character outside [A-Za-z0-9]. */
  passwordweak: [
${list(templates.passwordweak)}
  ],
} as const;
`;
writeFileSync(outFile, source);
console.log(`wrote ${languages.length} languages from Roundcube ${version}'s password plugin to ${outFile}`);
