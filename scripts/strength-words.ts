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
 * Format: one line per distinct word, lines in UTF-16 code-unit order of the word:
 *   word's code units, TAB, then for each list holding the word, in zxcvbn's list order, the
 *   list's index in `names` (one unit) and the word's rank there (LEB128: 7 bits per unit, low
 *   bits first, high bit set on all but the last).
 * No separator between lines: their lengths come apart, LEB128 too, so the page computes where
 * lines start with additions instead of searching the text. A word listed twice in one list keeps
 * its LAST rank (zxcvbn's buildRankedDictionary overwrites); `__proto__` is left out (zxcvbn's
 * `ranked['__proto__'] = n` stores nothing).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Lines as a page reads them (see SortedWordLines in src/model/strength.ts), in text form. */
export interface WordLinesText {
  lines: number;
  /** The lines' code units, one character each. */
  units: string;
  /** Their lengths, LEB128 bytes, one character each. */
  lengths: string;
}

export interface StrengthWordFiles {
  /** Small, bundled with the estimator: everything but the Latin-1 lines. */
  meta: {
    names: string[];
    maxWordSize: number[];
    isWordSequence: boolean[];
    /** The word-sequence lists alone (zxcvbn's wordSequence matcher searches only those). */
    wordSequence: WordLinesText;
    /** Lines whose word holds a character above U+00FF (a hundred or so). */
    wide: WordLinesText;
    /** Sizes of the two parts of `latin1`, to check that the bytes belong to this meta. */
    latin1: { lines: number; unitBytes: number; lengthBytes: number };
  };
  /** Every other line, one byte per unit, then their lengths: the bulk, loaded as bytes. */
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
  if (names.length > 255) throw new Error(`${names.length} lists: more than one byte can name`);
  const wordSequence = names.map(isWordSequenceList);
  const maxWordSize = names.map(() => 0);
  // word → (list → last rank), lists in order of first appearance = list order.
  const ranks = new Map<string, Map<number, number>>();
  names.forEach((name, d) => {
    (lists[name] as readonly (string | number)[]).forEach((entry, r) => {
      // zxcvbn keys its ranked dictionaries by String(word) (lists may hold numbers).
      const word = String(entry);
      if (word.includes('\t')) throw new Error(`${name}: word ${JSON.stringify(word)} holds a TAB`);
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
    const units: number[] = [];
    const lengths: number[] = [];
    let lines = 0;
    for (const word of sorted) {
      if (!keepWord(word)) continue;
      const pairs = [...(ranks.get(word) as Map<number, number>)].filter(([d]) => keepList(d)).sort(([a], [b]) => a - b);
      if (pairs.length === 0) continue;
      const start = units.length;
      for (let k = 0; k < word.length; k += 1) units.push(word.charCodeAt(k));
      units.push(0x09);
      for (const [d, rank] of pairs) {
        units.push(d);
        leb128(rank, units);
      }
      leb128(units.length - start, lengths);
      lines += 1;
    }
    return { lines, units, lengths };
  };
  const wide = (word: string) => /[^\u0000-\u00ff]/.test(word);
  const asText = (r: ReturnType<typeof render>): WordLinesText => ({
    lines: r.lines,
    units: String.fromCharCode(...r.units),
    lengths: String.fromCharCode(...r.lengths),
  });
  const latin1 = render((word) => !wide(word), () => true);
  return {
    meta: {
      names,
      maxWordSize,
      isWordSequence: wordSequence,
      wordSequence: asText(render(() => true, (d) => wordSequence[d] === true)),
      wide: asText(render(wide, () => true)),
      latin1: { lines: latin1.lines, unitBytes: latin1.units.length, lengthBytes: latin1.lengths.length },
    },
    latin1: Buffer.concat([Buffer.from(latin1.units), Buffer.from(latin1.lengths)]),
  };
}

function leb128(value: number, out: number[]): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}
