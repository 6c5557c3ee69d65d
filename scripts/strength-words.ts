/**
 * Build-time: turns the zxcvbn-ts word lists into the text the estimator searches in place
 * (`SortedWordIndex` in src/model/strength.ts). Runs in Node (scripts/vite-plugin-strength-words.ts).
 *
 * Why: the estimator's start-up is the time from a new-password field appearing to the first
 * verdict with known words (the Password issue asks ≤ 150 ms). Lists in frequency order must be
 * hashed or sorted in the page before a lookup can be fast — ~0.2 s for 316 k words on the CI
 * machine. Sorted once here, the page only has to find where lines start. And as bytes: a 4 MB
 * JavaScript string costs the page ~0.3–0.7 s to load (UTF-8 decoding, literal scanning), 4 MB
 * of bytes ~0.1 s (see docs/performance.md).
 *
 * Format, one line per distinct word, lines in UTF-16 code-unit order of the word:
 *   word TAB pairs LF
 * pairs: for each list holding the word, in zxcvbn's list order, one letter naming the list
 * (`A` + its position in `names`) and the word's rank in that list, in decimal. A word listed
 * twice in one list keeps its LAST rank (zxcvbn's buildRankedDictionary overwrites); `__proto__`
 * is left out (zxcvbn's `ranked['__proto__'] = n` stores nothing).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface StrengthWordFiles {
  /** Small, bundled with the estimator: everything but the Latin-1 lines. */
  meta: {
    names: string[];
    maxWordSize: number[];
    wordSequence: boolean[];
    /** Lines of the word-sequence lists alone (zxcvbn's wordSequence matcher searches only those). */
    wordSequenceText: string;
    /** Lines whose word holds a character above U+00FF (a hundred or so). */
    wideText: string;
  };
  /** Every other line, one byte per character (Latin-1): the bulk, loaded as bytes. */
  latin1: Buffer;
}

/** Same test as zxcvbn's `Options.isWordSequence`. */
const WORD_SEQUENCE_LISTS = [
  'cardinalNumbers', 'ordinalNumbers', 'daysOfWeek', 'months', 'seasons', 'timePeriods',
  'rainbowColors', 'directions', 'intermediateDirections', 'sizeProgression', 'militaryAlphabet',
  'planets', 'zodiacSigns', 'chineseZodiac',
];
export function isWordSequenceList(name: string): boolean {
  return WORD_SEQUENCE_LISTS.some((list) => name === list || name.startsWith(`${list}-`));
}

/**
 * The lists as `{ ...common.dictionary, ...en.dictionary, ...fr.dictionary }` from the packages'
 * index modules would give them (same names, key order and words), read from their `src/*.json`.
 */
export function zxcvbnLists(): Record<string, (string | number)[]> {
  const require = createRequire(import.meta.url);
  const read = (file: string) => JSON.parse(readFileSync(require.resolve(file), 'utf8'));
  return {
    'diceware-common': read('@zxcvbn-ts/language-common/src/diceware.json'),
    'passwords-common': read('@zxcvbn-ts/language-common/src/passwords.json'),
    'commonWords-en': read('@zxcvbn-ts/language-en/src/commonWords.json'),
    'firstnames-en': read('@zxcvbn-ts/language-en/src/firstnames.json'),
    'lastnames-en': read('@zxcvbn-ts/language-en/src/lastnames.json'),
    'wikipedia-en': read('@zxcvbn-ts/language-en/src/wikipedia.json'),
    ...read('@zxcvbn-ts/language-en/src/wordSequences.json'),
    'commonWords-fr': read('@zxcvbn-ts/language-fr/src/commonWords.json'),
    'firstnames-fr': read('@zxcvbn-ts/language-fr/src/firstnames.json'),
    'lastnames-fr': read('@zxcvbn-ts/language-fr/src/lastnames.json'),
    'wikipedia-fr': read('@zxcvbn-ts/language-fr/src/wikipedia.json'),
    ...read('@zxcvbn-ts/language-fr/src/wordSequences.json'),
  };
}

export function strengthWordFiles(lists: Record<string, readonly (string | number)[]>): StrengthWordFiles {
  const names = Object.keys(lists);
  if (names.length > 26 * 2) throw new Error(`${names.length} lists: more than the list letters can name`);
  const wordSequence = names.map(isWordSequenceList);
  const maxWordSize = names.map(() => 0);
  // word → (list → last rank), lists in order of first appearance = list order.
  const ranks = new Map<string, Map<number, number>>();
  names.forEach((name, d) => {
    (lists[name] as readonly (string | number)[]).forEach((entry, r) => {
      // zxcvbn keys its ranked dictionaries by String(word) (lists may hold numbers).
      const word = String(entry);
      if (/[\t\n]/.test(word)) throw new Error(`${name}: word ${JSON.stringify(word)} holds a TAB or LF`);
      if (word.length > (maxWordSize[d] as number)) maxWordSize[d] = word.length;
      if (word === '__proto__') return;
      let byList = ranks.get(word);
      if (!byList) ranks.set(word, (byList = new Map()));
      byList.set(d, r + 1);
    });
  });
  // Default sort: UTF-16 code units, the order the page compares in.
  const sorted = [...ranks.keys()].sort();
  const render = (keepWord: (word: string) => boolean, keepList: (d: number) => boolean) => {
    const lines: string[] = [];
    for (const word of sorted) {
      if (!keepWord(word)) continue;
      const pairs = [...(ranks.get(word) as Map<number, number>)]
        .filter(([d]) => keepList(d))
        .sort(([a], [b]) => a - b)
        .map(([d, rank]) => `${listLetter(d)}${rank}`);
      if (pairs.length > 0) lines.push(`${word}\t${pairs.join('')}\n`);
    }
    return lines.join('');
  };
  const wide = (word: string) => /[^\u0000-\u00ff]/.test(word);
  return {
    meta: {
      names,
      maxWordSize,
      wordSequence,
      wordSequenceText: render(() => true, (d) => wordSequence[d] === true),
      wideText: render(wide, () => true),
    },
    latin1: Buffer.from(render((word) => !wide(word), () => true), 'latin1'),
  };
}

/** A, B, …, Z, a, b, …: never a digit, so a rank ends where the next letter starts. */
export function listLetter(d: number): string {
  return String.fromCharCode(d < 26 ? 0x41 + d : 0x61 + d - 26);
}
