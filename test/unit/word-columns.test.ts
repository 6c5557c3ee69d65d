import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decidingPairs, gzipColumns, strengthWordFiles } from '../../src/strength/build/word-lists.ts';
import { SortedWordIndex } from '../../src/strength/estimator.ts';
import {
  BLOCK_LINES,
  blockCount,
  columnsOf,
  decodeLatin1WordColumns,
  WORD_COLUMNS_HEADER_BYTES,
  WordColumnsFileReader,
  type WordColumns,
} from '../../src/strength/word-columns.ts';

/** Small word lists: Latin-1 and wider characters, repeats, shared prefixes (one longer than the
 * 255 units a line can say it shares). */
const lists = fc.dictionary(
  fc.constantFrom('alpha-en', 'beta-fr', 'gamma-common'),
  fc.array(
    fc.oneof(
      fc.stringMatching(/^[a-cé]{0,6}$/),
      fc.constantFrom('azerty', 'azer', 'ab', 'été', 'жук', 'жуки', '😀x', 'z'.repeat(300), `${'z'.repeat(300)}a`),
    ),
    { maxLength: 40 },
  ),
  { minKeys: 1 },
);

/** The inflated Latin-1 file, as the extension gets it. */
function latin1Bytes(files: ReturnType<typeof strengthWordFiles>): Uint8Array {
  return new Uint8Array(gunzipSync(gzipColumns(files.latin1, files.latin1Ranks)));
}

/** Splits `bytes` at the given cut points (any order, duplicates allowed). */
function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  return out;
}

/** As the loader does: chunks cut anywhere, the header's bytes included. */
function decodeInChunks(bytes: Uint8Array, cuts: number[]): WordColumns {
  const reader = new WordColumnsFileReader();
  for (const chunk of chunks(bytes, cuts)) reader.push(chunk);
  return columnsOf(reader.finish());
}

/** What zxcvbn ranks: word → rank per list (last rank of a repeated word), then the deciding pairs. */
function expectedEntries(input: Record<string, string[]>, names: string[]) {
  const byWord = new Map<string, [number, number][]>();
  names.forEach((name, d) => {
    const ranked = new Map<string, number>();
    (input[name] ?? []).forEach((word, r) => ranked.set(word, r + 1));
    for (const [word, rank] of ranked) {
      if (word === '__proto__') continue;
      byWord.set(word, [...(byWord.get(word) ?? []), [d, rank]]);
    }
  });
  return [...byWord.keys()]
    .sort()
    .flatMap((word) => decidingPairs(byWord.get(word) as [number, number][]).map(([list, rank]) => ({ word, list, rank })));
}

describe('word columns', () => {
  it('decode to the same index whatever the chunks they arrive in, holding every word with its deciding pairs (property)', () => {
    fc.assert(
      // Small cuts too, so that some fall inside the header.
      fc.property(lists, fc.array(fc.oneof(fc.nat({ max: 40 }), fc.nat()), { maxLength: 12 }), (input, cuts) => {
        const files = strengthWordFiles(input);
        const bytes = latin1Bytes(files);
        const whole = decodeLatin1WordColumns(bytes);
        const split = decodeInChunks(bytes, cuts);
        expect(split).toEqual(whole);
        expect(split.decodeAll()).toEqual(whole.decodeAll());
        const latin1 = [...new SortedWordIndex(whole, files.meta.rankBits).entries()];
        const wide = [...SortedWordIndex.fromText(files.meta.wide, files.meta.rankBits).entries()];
        const byWord = (a: { word: string }, b: { word: string }) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);
        expect([...latin1, ...wide].sort(byWord)).toEqual(expectedEntries(input, files.meta.names));
      }),
      { numRuns: 150 },
    );
  });

  it('are looked up by prefix after decoding in chunks, each word with the pairs that can decide', () => {
    const filler = Array.from({ length: 60 }, (_, k) => `mot${k}`);
    // 'soleil': rank 63 in the first list, 1 in the second: the first list's pair can never win.
    // 'azer': ranks 2 and 3 (both at zxcvbn's guess floor): both kept.
    const files = strengthWordFiles({
      'passwords-common': ['azerty', 'azer', ...filler, 'soleil'],
      'commonWords-fr': ['soleil', 'azertyuiop', 'azer'],
    });
    const bytes = latin1Bytes(files);
    const index = new SortedWordIndex(decodeInChunks(bytes, [1, 2, 3, 30, 31, 40, 200]), files.meta.rankBits);
    const hits = (word: string) => Array.from({ length: index.lookup(word) }, (_, k) => [index.hitLists[k], index.hitRanks[k]]);
    expect(hits('soleil')).toEqual([[1, 1]]);
    expect(hits('azer')).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(hits('azerty')).toEqual([[0, 1]]);
    expect(hits('azertyuiop')).toEqual([[1, 2]]);
    expect(hits('mot59')).toEqual([[0, 62]]);
    expect(hits('aze')).toEqual([]);
    expect(hits('soleils')).toEqual([]);
  });

  it('refuse a file that is not theirs, cut short, too long or inconsistent', () => {
    const files = strengthWordFiles({ 'passwords-common': ['azerty', 'azer', 'soleil'] });
    const bytes = latin1Bytes(files);
    const notOurs = bytes.slice();
    notOurs[0] = 0;
    expect(() => decodeLatin1WordColumns(notOurs)).toThrow(/not a word-columns file/);
    expect(() => decodeLatin1WordColumns(bytes.subarray(0, WORD_COLUMNS_HEADER_BYTES - 1))).toThrow(/ends before its header/);
    expect(() => decodeLatin1WordColumns(bytes.subarray(0, bytes.length - 1))).toThrow(/do not match/);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => decodeLatin1WordColumns(longer)).toThrow(/more data than announced/);
    // The first line cannot share characters with a previous one.
    // A block's first line cannot share characters with a previous one (it is decoded on its own).
    const prefixesAt = WORD_COLUMNS_HEADER_BYTES + 6 * blockCount(3);
    const shares = bytes.slice();
    shares[prefixesAt] = 2;
    expect(() => decodeLatin1WordColumns(shares).decodeAll()).toThrow(/shares more/);
    // Block sizes that do not add up to the shape's.
    const sizes = bytes.slice();
    sizes[WORD_COLUMNS_HEADER_BYTES] = sizes[WORD_COLUMNS_HEADER_BYTES]! + 1;
    expect(() => decodeLatin1WordColumns(sizes)).toThrow(/blocks do not match/);
    // A line that says it shares one unit more than it does: its block no longer fits its sizes.
    const uneven = bytes.slice();
    uneven[prefixesAt + 1] = uneven[prefixesAt + 1]! + 1;
    expect(() => decodeLatin1WordColumns(uneven).decodeAll()).toThrow(/does not match its sizes|shares more/);
  });

  it('are searched without decoding more than the blocks a search reaches', () => {
    // 1,280 words in 40 blocks, 26 initials.
    const words = Array.from({ length: 40 * BLOCK_LINES }, (_, k) => `${String.fromCharCode(97 + (k % 26))}${k}`);
    const files = strengthWordFiles({ 'passwords-common': words });
    const bytes = latin1Bytes(files);
    const lazy = decodeLatin1WordColumns(bytes);
    expect(lazy.decoded.every((d) => d === 0)).toBe(true);
    const index = new SortedWordIndex(lazy, files.meta.rankBits);
    expect(index.lookup('h761')).toBe(1);
    expect([index.hitLists[0], index.hitRanks[0]]).toEqual([0, 762]);
    // Two binary searches over every line for the first character, then within its ~2 blocks.
    const reached = lazy.decoded.reduce((n, d) => n + d, 0);
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThan(20);
    // The same answers as with every block decoded first.
    const eager = new SortedWordIndex(decodeLatin1WordColumns(bytes).decodeAll(), files.meta.rankBits);
    const hits = (i: SortedWordIndex, word: string) => Array.from({ length: i.lookup(word) }, (_, k) => [i.hitLists[k], i.hitRanks[k]]);
    for (const word of ['h761', 'f1279', 'a0', 'b1', 'h77', 'h7777', 'q', '', 'é']) expect(hits(index, word)).toEqual(hits(eager, word));
  });
});
