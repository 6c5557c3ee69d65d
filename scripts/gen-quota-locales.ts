/**
 * Generates src/model/quota-locales.ts from a Roundcube installation's own localisation files.
 *
 *   npx tsx scripts/gen-quota-locales.ts [ROUNDCUBE_DIR]   (default /usr/share/roundcube)
 *
 * Needs the `php` CLI: labels.inc / messages.inc are PHP files (single and double quoted
 * strings, escapes), so PHP itself evaluates them rather than a regex guessing at PHP syntax.
 * Texts are merged exactly as rcube::load_language() does in Roundcube 1.6: en_US labels,
 * en_US messages, then the language's labels and messages on top — a label a translation
 * lacks is shown in English.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const KEYS = ['quota', 'unknown', 'unlimited', 'B', 'KB', 'MB', 'GB'] as const;
type Key = (typeof KEYS)[number];

const roundcubeDir = resolve(process.argv[2] ?? '/usr/share/roundcube');
const localizationDir = join(roundcubeDir, 'program', 'localization');
const outFile = fileURLToPath(new URL('../src/model/quota-locales.ts', import.meta.url));

// RCMAIL_VERSION is defined in program/include/iniset.php, e.g. define('RCMAIL_VERSION', '1.6.5');
const iniset = readFileSync(join(roundcubeDir, 'program', 'include', 'iniset.php'), 'utf8');
const version = /define\('RCMAIL_VERSION',\s*'([^']+)'\)/.exec(iniset)?.[1];
if (!version) throw new Error('RCMAIL_VERSION not found in iniset.php');

// The distribution package, when there is one, says which patches the files carry.
let packaged = '';
try {
  const deb = execFileSync('dpkg-query', ['-S', localizationDir], { encoding: 'utf8' }).split(':')[0]?.trim();
  if (deb) packaged = ` (Debian ${deb} ${execFileSync('dpkg-query', ['-W', '-f=${Version}', deb], { encoding: 'utf8' }).trim()})`;
} catch {
  // Not a Debian install: the upstream version alone.
}

const languages = readdirSync(localizationDir)
  .filter((name) => statSync(join(localizationDir, name)).isDirectory())
  .sort();

const php = String.raw`
$dir = $argv[1];
function rc_read($file) { $labels = []; $messages = []; if (is_file($file)) { ob_start(); include $file; ob_end_clean(); } return array_merge($labels, $messages); }
$en = array_merge(rc_read("$dir/en_US/labels.inc"), rc_read("$dir/en_US/messages.inc"));
$out = [];
foreach (array_slice($argv, 2) as $lang) {
  $t = $lang === 'en_US' ? $en : array_merge($en, rc_read("$dir/$lang/labels.inc"), rc_read("$dir/$lang/messages.inc"));
  $row = [];
  foreach (['quota', 'unknown', 'unlimited', 'B', 'KB', 'MB', 'GB'] as $k) { $row[$k] = $t[$k] ?? null; }
  $out[$lang] = $row;
}
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
`;
const raw = JSON.parse(execFileSync('php', ['-r', php, '--', localizationDir, ...languages], { encoding: 'utf8' })) as Record<
  string,
  Record<Key, string | null>
>;

const rows = languages.map((lang) => {
  const row = raw[lang];
  if (!row) throw new Error(`no labels for ${lang}`);
  for (const key of KEYS) {
    if (typeof row[key] !== 'string') throw new Error(`${lang}: label ${key} missing (not even in en_US)`);
  }
  // Invisible format characters (fa_AF's label starts with U+200C) are written as escapes so the
  // generated file shows them.
  const s = (k: Key) => JSON.stringify(row[k]).replace(/\p{Cf}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `  ${JSON.stringify(lang)}: { quota: ${s('quota')}, unknown: ${s('unknown')}, unlimited: ${s('unlimited')}, units: [${s('B')}, ${s('KB')}, ${s('MB')}, ${s('GB')}] },`;
});

const source = `// GENERATED FILE — do not edit by hand.
// Made by \`npx tsx scripts/gen-quota-locales.ts ${roundcubeDir}\` from Roundcube ${version}${packaged}
// (program/localization/*/labels.inc + messages.inc, each merged over en_US as rcube::load_language()
// does, so an untranslated label appears in English as Roundcube shows it).
// Labels used by rcmail_action::quota_content() and show_bytes(): the title is
// "<quota>: <used> / <total> (<n>%)" when a limit exists, else the bare "unknown" label
// ("unlimited" with quota_zero_as_unlimited). show_bytes() never goes above GB: there is no TB label.

export interface RoundcubeQuotaLabels {
  readonly quota: string;
  readonly unknown: string;
  readonly unlimited: string;
  /** Unit words for 1024^0 .. 1024^3 (labels B, KB, MB, GB). */
  readonly units: readonly [string, string, string, string];
}

export const ROUNDCUBE_LOCALES_VERSION = ${JSON.stringify(version)};

export const ROUNDCUBE_QUOTA_LOCALES: Readonly<Record<string, RoundcubeQuotaLabels>> = {
${rows.join('\n')}
};
`;
writeFileSync(outFile, source);
console.log(`wrote ${languages.length} languages from Roundcube ${version} to ${outFile}`);
