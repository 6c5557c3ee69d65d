/**
 * Build-time: turns the zxcvbn-ts word lists into the text the estimator searches in place
 * (`SortedWordIndex` in src/model/strength.ts). Runs in Node (scripts/vite-plugin-strength-words.ts).
 *
 * Why: the estimator's start-up is the time from a new-password field appearing to the first
 * verdict with known words (the Password issue asks ≤ 150 ms). Lists in frequency order must be
 * hashed or sorted in the page before a lookup can be fast — ~0.2 s for 316 k words on the CI
 * machine. Sorted once here, the page only has to find where lines start. And as bytes: a 4 MB
 * JavaScript string costs the page ~0.3–0.7 s to load (UTF-8 decoding, literal scanning), the
 * same data as gzipped bytes ~0.1–0.2 s (README, Performance).
 *
 * Format: one line per distinct word, lines in UTF-16 code-unit order of the word, in four
 * columns, because they compress so differently (the sorted words well, the ranks not at all):
 * - words: each word's code units, then TAB;
 * - lengths: per line, the word's length (so line starts are additions, not a search);
 * - counts: per line, how many lists hold the word;
 * - lists: per (line, list) pair, in zxcvbn's list order, the list's index in `names`;
 * - ranks: per pair, the word's rank in that list, in `rankBits` bits (enough for the longest
 *   list), low bits first: 0.67 MB for 316 k ranks, which gzip cannot shrink (a sorted word's rank
 *   is close to random) but a byte-aligned encoding would inflate. One width for all, so pair p's
 *   rank is at bit p × rankBits.
 * A word listed twice in one list keeps its LAST rank (zxcvbn's buildRankedDictionary
 * overwrites); `__proto__` is left out (zxcvbn's `ranked['__proto__'] = n` stores nothing).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { StrengthWordMeta, WordColumnsText } from '../src/model/strength.ts';

export interface StrengthWordFiles {
  /** Small, bundled with the estimator: everything but the Latin-1 lines (shape: src/model/strength.ts). */
  meta: StrengthWordMeta;
  /** Every other line, one byte per unit: words, lengths, counts, lists, ranks, one after the other. */
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
  const rankBits = Math.ceil(Math.log2(Math.max(...names.map((name) => (lists[name] as unknown[]).length)) + 1));
  if (rankBits > 24) throw new Error(`a list of more than 2^24 words: ranks need ${rankBits} bits`);
  if (Math.max(...maxWordSize) > 255) throw new Error('a word longer than 255 characters: its length needs more than a byte');
  // Default sort: UTF-16 code units, the order the page compares in.
  const sorted = [...ranks.keys()].sort();
  const render = (keepWord: (word: string) => boolean, keepList: (d: number) => boolean) => {
    const words: number[] = [];
    const lengths: number[] = [];
    const counts: number[] = [];
    const listColumn: number[] = [];
    const ranksColumn = new BitWriter();
    for (const word of sorted) {
      if (!keepWord(word)) continue;
      const pairs = [...(ranks.get(word) as Map<number, number>)].filter(([d]) => keepList(d)).sort(([a], [b]) => a - b);
      if (pairs.length === 0) continue;
      for (let k = 0; k < word.length; k += 1) words.push(word.charCodeAt(k));
      words.push(0x09);
      lengths.push(word.length);
      counts.push(pairs.length);
      for (const [d, rank] of pairs) {
        listColumn.push(d);
        ranksColumn.write(rank, rankBits);
      }
    }
    return { lines: counts.length, words, lengths, counts, lists: listColumn, ranks: ranksColumn.bytes() };
  };
  const wide = (word: string) => /[^\u0000-\u00ff]/.test(word);
  const text = (units: number[]) => String.fromCharCode(...units);
  const asText = (r: ReturnType<typeof render>): WordColumnsText => ({
    lines: r.lines,
    words: text(r.words),
    lengths: text(r.lengths),
    counts: text(r.counts),
    lists: text(r.lists),
    ranks: text(r.ranks),
  });
  const latin1 = render((word) => !wide(word), () => true);
  return {
    meta: {
      names,
      maxWordSize,
      isWordSequence: wordSequence,
      rankBits,
      wordSequence: asText(render(() => true, (d) => wordSequence[d] === true)),
      wide: asText(render(wide, () => true)),
      latin1: { lines: latin1.lines, wordBytes: latin1.words.length, pairs: latin1.lists.length, rankBytes: latin1.ranks.length },
    },
    latin1: Buffer.concat([latin1.words, latin1.lengths, latin1.counts, latin1.lists, latin1.ranks].map((column) => Buffer.from(column))),
  };
}

/** Packs values of given widths, low bits first, into bytes. */
class BitWriter {
  private readonly out: number[] = [];
  private acc = 0;
  private filled = 0;

  write(value: number, bits: number): void {
    if (value >= 2 ** bits) throw new Error(`${value} does not fit in ${bits} bits`);
    for (let b = 0; b < bits; b += 1) {
      this.acc |= ((value >>> b) & 1) << this.filled;
      this.filled += 1;
      if (this.filled === 8) {
        this.out.push(this.acc);
        this.acc = 0;
        this.filled = 0;
      }
    }
  }

  bytes(): number[] {
    return this.filled > 0 ? [...this.out, this.acc] : [...this.out];
  }
}
