/**
 * `npm run check-policy -- FILE…`: checks policy files before they ship (Chromium, Chrome and Edge
 * JSON; Firefox policies.json; Windows .reg, UTF-16 as regedit exports or ASCII; macOS
 * .mobileconfig). For each file: finds this extension's part, checks it against
 * public/managed_schema.json as Chrome and Edge do (they drop what fails without a message) and with
 * the extension's own parser, and prints every problem with its key, value and reason.
 *
 * Options: `--id ID` (repeatable) adds a Chromium id, such as a store's, to the key's id;
 * `--lang en|fr` (default: from LANG). Exit status: 0 no problem, 1 problems, 2 a file could not be read.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkPolicyText, type CheckOptions } from '../src/shared/policy-check.ts';
import type { SchemaNode } from '../src/shared/policy-formats.ts';
import { policyProblemMessage, SOURCE_MESSAGE, describeProblemValue } from '../src/options/policy-problems.ts';
import { environmentLang, loadCatalogue, type Lang } from './lib/catalogue.ts';
import { CHROMIUM_ID, GECKO_ID } from './lib/ids.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** A .reg file exported by regedit is UTF-16 LE with a byte-order mark; others are UTF-8. */
export function decodePolicyFile(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}

export function checkOptions(extraIds: string[] = []): CheckOptions {
  const schema = JSON.parse(readFileSync(resolve(ROOT, 'public/managed_schema.json'), 'utf8')) as SchemaNode;
  return { chromiumIds: [CHROMIUM_ID, ...extraIds], geckoId: GECKO_ID, schema };
}

/** The report for one file's text, as printed lines, and whether it had problems. */
export function reportLines(name: string, text: string, options: CheckOptions, lang: Lang): { lines: string[]; problems: number } {
  const t = loadCatalogue(lang);
  const format = (n: number) => n.toLocaleString(lang);
  const result = checkPolicyText(text, options);
  const lines: string[] = [];
  for (const problem of result.problems) {
    const { message, substitutions } = policyProblemMessage(problem, format);
    const where = [
      problem.where,
      problem.key && `${problem.key}${problem.index !== undefined ? ` (${t('checkEntry', String(problem.index))})` : ''}`,
    ]
      .filter(Boolean)
      .join(' → ');
    const value = describeProblemValue(problem);
    lines.push(
      `${name}: [${t(SOURCE_MESSAGE[problem.source])}] ${where ? `${where}` : ''}${value !== null ? ` = ${value}` : ''}${where || value !== null ? ': ' : ''}${t(message, substitutions)}`,
    );
  }
  const checked = result.parts.reduce((n, p) => n + Object.keys(p.settings).length, 0);
  lines.push(`${name}: ${result.problems.length ? t('checkFound', String(result.problems.length)) : t('checkClean', String(checked))}`);
  return { lines, problems: result.problems.length };
}

function main(argv: string[]): number {
  const files: string[] = [];
  const ids: string[] = [];
  let lang: Lang = environmentLang();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--id') ids.push(argv[++i] ?? '');
    else if (arg === '--lang') lang = argv[++i] === 'fr' ? 'fr' : 'en';
    else files.push(arg);
  }
  if (files.length === 0) {
    console.error('usage: npm run check-policy -- [--id CHROMIUM_ID]… [--lang en|fr] FILE…');
    return 2;
  }
  const options = checkOptions(ids);
  let status = 0;
  for (const file of files) {
    let text: string;
    try {
      text = decodePolicyFile(readFileSync(file));
    } catch (e) {
      console.error(`${file}: ${(e as Error).message}`);
      status = 2;
      continue;
    }
    const { lines, problems } = reportLines(file, text, options, lang);
    for (const line of lines) (problems ? console.error : console.log)(line);
    if (problems && status === 0) status = 1;
  }
  return status;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
