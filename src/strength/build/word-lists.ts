/**
 * Build-time: turns the zxcvbn-ts word lists into the text the estimator searches in place
 * (`SortedWordIndex` in src/strength/estimator.ts). Runs in Node (src/strength/build/vite-plugin.ts).
 *
 * Why: the estimator's start-up is the time from a new-password field appearing to the first
 * verdict with known words (the Password issue asks ≤ 150 ms). Lists in frequency order must be
 * hashed or sorted in the page before a lookup can be fast — ~0.2 s for 316 k words on the CI
 * machine. Sorted once here, the page only copies the bytes in; the index undoes the front coding
 * of a block of lines when a search first reaches it.
 * And as bytes: a 4 MB JavaScript string costs the page ~0.3–0.7 s to load (UTF-8 decoding,
 * literal scanning), the same data as gzipped bytes ~0.1 s (README, Performance). Every byte
 * counts: reading an extension file in a page costs ~20 ms plus ~50 ms per MB on that machine.
 *
 * Format (src/strength/word-columns.ts): one line per distinct word, lines in UTF-16 code-unit order
 * of the word, in blocks of BLOCK_LINES lines, in columns, because they compress so differently
 * (the sorted words well, the ranks not at all): three sizes per block, prefixes and counts (per
 * line), suffixes (front-coded words, starting over at each block), lists and ranks (per kept
 * pair, see `decidingPairs`). Ranks take `rankBits` bits each (enough for the longest
 * list), low bits first: a sorted word's rank is close to random, so these ~0.47 MB do not
 * compress, and a byte-aligned encoding would inflate them.
 * A word listed twice in one list keeps its LAST rank (zxcvbn's buildRankedDictionary
 * overwrites); `__proto__` is left out (zxcvbn's `ranked['__proto__'] = n` stores nothing).
 *
 * The bytes of the Latin-1 lines are gzipped with the ranks in stored blocks (`gzipColumns`): the
 * page then inflates only what compresses, and copies the rest.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';
import type { StrengthWordMeta, WordColumnsText } from '../estimator.ts';
import { BLOCK_LINES, BLOCK_SIZE_MAX, wordColumnsHeader, type WordColumnsShape } from '../word-columns.ts';

export interface StrengthWordFiles {
  /** Small, bundled with the estimator: everything but the Latin-1 lines (shape: src/strength/estimator.ts). */
  meta: StrengthWordMeta;
  /** Every other line, one byte per unit: a header with the shape, then block sizes, prefixes,
   * counts, suffixes and lists (they compress)… */
  latin1: Buffer;
  /** …then ranks (they do not): the page gets `latin1` and `latin1Ranks` one after the other. */
  latin1Ranks: Buffer;
}

// zxcvbn's guess floors for a match shorter than the password (its data/const; no entry point).
const { MIN_SUBMATCH_GUESSES_MULTI_CHAR, MIN_SUBMATCH_GUESSES_SINGLE_CHAR } = createRequire(import.meta.url)(
  '@zxcvbn-ts/core/dist/data/const.cjs',
) as {
  MIN_SUBMATCH_GUESSES_MULTI_CHAR: number;
  MIN_SUBMATCH_GUESSES_SINGLE_CHAR: number;
};

/**
 * Which of a word's (list, rank) pairs can ever decide a zxcvbn result; `pairs` in list order.
 *
 * zxcvbn makes one match per list holding a substring, all with the same token, hence the same
 * uppercase, l33t and reversal variations: their guesses are rank × the same factor, raised to a
 * floor (1 for the whole password, else 10 or 50: MIN_SUBMATCH_GUESSES_*). Its optimal-sequence
 * search keeps, among equal guesses, the match it met first, that is the first list. So the pair
 * of lowest rank (the first of them) always wins, except against an earlier list's pair whose
 * guesses also sit at the floor: a rank ≤ 50. Other pairs never reach a result (score, guesses,
 * sequence, feedback), and leaving them out spares the page a third of the ranks.
 */
export function decidingPairs(pairs: readonly (readonly [list: number, rank: number])[]): [number, number][] {
  let best = 0;
  pairs.forEach(([, rank], k) => {
    if (rank < (pairs[best] as readonly [number, number])[1]) best = k;
  });
  const floor = Math.max(MIN_SUBMATCH_GUESSES_MULTI_CHAR, MIN_SUBMATCH_GUESSES_SINGLE_CHAR);
  return pairs.filter(([, rank], k) => k === best || rank <= floor).map(([list, rank]) => [list, rank]);
}

/** Same test as zxcvbn's `Options.isWordSequence`. */
const WORD_SEQUENCE_LISTS = [
  'cardinalNumbers',
  'ordinalNumbers',
  'daysOfWeek',
  'months',
  'seasons',
  'timePeriods',
  'rainbowColors',
  'directions',
  'intermediateDirections',
  'sizeProgression',
  'militaryAlphabet',
  'planets',
  'zodiacSigns',
  'chineseZodiac',
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
  // Default sort: UTF-16 code units, the order the page compares in.
  const sorted = [...ranks.keys()].sort();
  // The dictionary matchers only need the deciding pairs; the word-sequence matcher reads every
  // list a word is in (it names a sequence after its words' most common list).
  const render = (keepWord: (word: string) => boolean, keepList: (d: number) => boolean, keepPairs: typeof decidingPairs) => {
    const suffixes: number[] = [];
    const prefixes: number[] = [];
    const counts: number[] = [];
    const listColumn: number[] = [];
    const ranksColumn = new BitWriter();
    // Per block: suffix units, word units, pairs.
    const blockSizes: [number, number, number][] = [];
    let previous = '';
    for (const word of sorted) {
      if (!keepWord(word)) continue;
      const all = [...(ranks.get(word) as Map<number, number>)].filter(([d]) => keepList(d)).sort(([a], [b]) => a - b);
      if (all.length === 0) continue;
      const pairs = keepPairs(all);
      // A block's first line starts over, so that a block decodes on its own.
      if (counts.length % BLOCK_LINES === 0) {
        blockSizes.push([0, 0, 0]);
        previous = '';
      }
      let shared = 0;
      while (shared < 255 && shared < word.length && word.charCodeAt(shared) === previous.charCodeAt(shared)) shared += 1;
      for (let k = shared; k < word.length; k += 1) suffixes.push(word.charCodeAt(k));
      suffixes.push(0x09);
      prefixes.push(shared);
      previous = word;
      counts.push(pairs.length);
      for (const [d, rank] of pairs) {
        listColumn.push(d);
        ranksColumn.write(rank, rankBits);
      }
      const block = blockSizes[blockSizes.length - 1] as [number, number, number];
      block[0] += word.length - shared + 1;
      block[1] += word.length + 1;
      block[2] += pairs.length;
      if (block.some((size) => size > BLOCK_SIZE_MAX))
        throw new Error(
          `a block of ${BLOCK_LINES} lines from ${JSON.stringify(word.slice(0, 20))} holds more than ${BLOCK_SIZE_MAX} units`,
        );
    }
    // Sizes in two units each, low byte first, one column per size.
    const blocks = [0, 1, 2].flatMap((column) =>
      blockSizes.flatMap((sizes) => [(sizes[column] as number) & 0xff, (sizes[column] as number) >>> 8]),
    );
    return { lines: counts.length, blocks, suffixes, prefixes, counts, lists: listColumn, ranks: ranksColumn.bytes() };
  };
  const wide = (word: string) => /[^\u0000-\u00ff]/.test(word);
  const text = (units: number[]) => String.fromCharCode(...units);
  const asText = (r: ReturnType<typeof render>): WordColumnsText => ({
    lines: r.lines,
    blocks: text(r.blocks),
    prefixes: text(r.prefixes),
    counts: text(r.counts),
    suffixes: text(r.suffixes),
    lists: text(r.lists),
    ranks: text(r.ranks),
  });
  const every = (pairs: readonly (readonly [number, number])[]) => pairs.map(([d, r]): [number, number] => [d, r]);
  const latin1 = render(
    (word) => !wide(word),
    () => true,
    decidingPairs,
  );
  const latin1Shape: WordColumnsShape = {
    lines: latin1.lines,
    wordUnits: latin1.suffixes.length + latin1.prefixes.reduce((sum, shared) => sum + shared, 0),
    suffixUnits: latin1.suffixes.length,
    pairs: latin1.lists.length,
    rankBytes: latin1.ranks.length,
  };
  return {
    meta: {
      names,
      maxWordSize,
      isWordSequence: wordSequence,
      rankBits,
      wordSequence: asText(
        render(
          () => true,
          (d) => wordSequence[d] === true,
          every,
        ),
      ),
      wide: asText(render(wide, () => true, decidingPairs)),
      latin1: latin1Shape,
    },
    latin1: Buffer.concat([
      wordColumnsHeader(latin1Shape),
      ...[latin1.blocks, latin1.prefixes, latin1.counts, latin1.suffixes, latin1.lists].map((column) => Buffer.from(column)),
    ]),
    latin1Ranks: Buffer.from(latin1.ranks),
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

/**
 * One gzip member: `compressible` deflated, then `stored` in stored blocks (copied as they are when
 * inflated, where Huffman-coding near-random bytes would save ~0.5 % and cost the page the time of
 * decoding them). DecompressionStream('gzip') and gunzip read it as any gzip file.
 */
export function gzipColumns(compressible: Buffer, stored: Buffer): Buffer {
  // A sync flush ends the deflated part on a byte boundary without a final block.
  const head = deflateRawSync(compressible, { level: 9, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const blocks: Buffer[] = [];
  const MAX_STORED = 0xffff;
  for (let at = 0; at < stored.length || at === 0; at += MAX_STORED) {
    const size = Math.min(MAX_STORED, stored.length - at);
    const header = Buffer.alloc(5);
    header[0] = at + size >= stored.length ? 1 : 0; // BFINAL on the last; BTYPE 00 = stored
    header.writeUInt16LE(size, 1);
    header.writeUInt16LE(~size & 0xffff, 3);
    blocks.push(header, stored.subarray(at, at + size));
  }
  const trailer = Buffer.alloc(8);
  // (Node's crc32 returns 0, not the running value, for some empty buffers.)
  const crc = stored.length > 0 ? crc32(stored, crc32(compressible)) : crc32(compressible);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE((compressible.length + stored.length) >>> 0, 4);
  // Magic, deflate, no flags, no time, maximum compression, unknown OS.
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  return Buffer.concat([header, head, ...blocks, trailer]);
}
