/**
 * The strength estimator's word lists as columns (written by src/strength/build/word-lists.ts), and the
 * lazy decoding `SortedWordIndex` (strength.ts) searches through. PURE: the content script copies
 * the fetched bytes in as they arrive (`WordColumnsFileReader`, in
 * src/content/features/strength-words-loader.ts), and the index decodes a block of lines the
 * first time a search reaches it.
 *
 * Why lazily: undoing the front coding of all 228 k lines (1.9 MB of words) cost the page's main
 * thread ~40 ms on the CI machine, the largest part of the time from a new-password field to the
 * first verdict; the searches for "Azerty01" reach 62 of the 7,116 blocks (the index searches the
 * blocks' first words, which are stored whole, before it decodes the one block a bound falls in).
 *
 * One line per distinct word, lines sorted by UTF-16 code units, in blocks of `BLOCK_LINES` lines.
 * Columns, in this order:
 * - per block, three sizes (two units each, low byte first): its suffix units, its word units, its
 *   (list, rank) pairs; so a block is found without reading the ones before it;
 * - prefixes: per line, how many leading units the word shares with the previous line's (≤ 255;
 *   0 on a block's first line, which starts over);
 * - counts: per line, how many (list, rank) pairs it keeps;
 * - suffixes: per line, the word's units after the shared ones, then TAB (front coding: sorted
 *   words share long prefixes, which makes the transfer ~35 % smaller);
 * - lists: per pair, the list's index, in list order;
 * - ranks: per pair, the rank, bit-packed (`rankBits` bits each, low bits first).
 */

export type Units = Uint8Array | Uint16Array;

/** Lines per block (a power of two: a line's block is `line >>> BLOCK_SHIFT`). */
export const BLOCK_SHIFT = 5;
export const BLOCK_LINES = 1 << BLOCK_SHIFT;
/** A block's sizes take two units each. */
export const BLOCK_SIZE_MAX = 0xffff;

export function blockCount(lines: number): number {
  return (lines + BLOCK_LINES - 1) >>> BLOCK_SHIFT;
}

/** Column sizes, in units. */
export interface WordColumnsShape {
  lines: number;
  /** Units of the decoded words (each followed by TAB). */
  wordUnits: number;
  suffixUnits: number;
  pairs: number;
  rankBytes: number;
}

export const TAB = 0x09;

/** "SMW2": the Latin-1 file starts with it, then the shape as five little-endian uint32. */
const MAGIC = [0x53, 0x4d, 0x57, 0x32];
export const WORD_COLUMNS_HEADER_BYTES = MAGIC.length + 5 * 4;

export function wordColumnsHeader(shape: WordColumnsShape): Uint8Array {
  const header = new Uint8Array(WORD_COLUMNS_HEADER_BYTES);
  header.set(MAGIC);
  const view = new DataView(header.buffer);
  [shape.lines, shape.wordUnits, shape.suffixUnits, shape.pairs, shape.rankBytes].forEach((n, k) =>
    view.setUint32(MAGIC.length + 4 * k, n, true),
  );
  return header;
}

function readHeader(bytes: Uint8Array): WordColumnsShape {
  if (MAGIC.some((b, k) => bytes[k] !== b)) throw new Error('word lists: not a word-columns file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, WORD_COLUMNS_HEADER_BYTES);
  const [lines, wordUnits, suffixUnits, pairs, rankBytes] = [0, 1, 2, 3, 4].map((k) => view.getUint32(MAGIC.length + 4 * k, true)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { lines, wordUnits, suffixUnits, pairs, rankBytes };
}

export function sameShape(a: WordColumnsShape, b: WordColumnsShape): boolean {
  return (
    a.lines === b.lines &&
    a.wordUnits === b.wordUnits &&
    a.suffixUnits === b.suffixUnits &&
    a.pairs === b.pairs &&
    a.rankBytes === b.rankBytes
  );
}

/** Units the columns of `shape` take, block sizes included. */
export function columnUnits(shape: WordColumnsShape): number {
  return 6 * blockCount(shape.lines) + 2 * shape.lines + shape.suffixUnits + shape.pairs + shape.rankBytes;
}

/**
 * All the columns, with the words decoded block by block on demand. `words`, `wordStart` and
 * `pairStart` hold a line only once `decoded[line >>> BLOCK_SHIFT]` is 1: call `decodeBlock`
 * before reading them.
 */
export class WordColumns {
  readonly shape: WordColumnsShape;
  /** The decoded words, each followed by TAB, in line order. */
  readonly words: Units;
  /** Where line k's word starts in `words`. */
  readonly wordStart: Int32Array;
  /** Where line k's pairs start in `lists` (and its rank, at rankBits bits per pair). */
  readonly pairStart: Int32Array;
  readonly counts: Units;
  readonly lists: Units;
  readonly ranks: Units;
  /** Per block: 1 once decoded. */
  readonly decoded: Uint8Array;
  private readonly data: Units;
  private readonly prefixesAt: number;
  private readonly suffixesAt: number;
  // Per block, where its suffixes, words and pairs start (and, at index `blocks`, the totals).
  private readonly suffixFrom: Int32Array;
  private readonly wordFrom: Int32Array;
  private readonly pairFrom: Int32Array;

  /** `data`: every column (`columnUnits(shape)` units). Checks the block sizes add up. */
  constructor(shape: WordColumnsShape, data: Units) {
    if (data.length !== columnUnits(shape)) throw new Error('word lists: the columns do not match');
    const { lines, wordUnits, suffixUnits, pairs } = shape;
    const blocks = blockCount(lines);
    this.shape = shape;
    this.data = data;
    this.prefixesAt = 6 * blocks;
    const countsAt = this.prefixesAt + lines;
    this.suffixesAt = countsAt + lines;
    const listsAt = this.suffixesAt + suffixUnits;
    const ranksAt = listsAt + pairs;
    this.counts = data.subarray(countsAt, this.suffixesAt);
    this.lists = data.subarray(listsAt, ranksAt);
    this.ranks = data.subarray(ranksAt);
    const Array = data instanceof Uint16Array ? Uint16Array : Uint8Array;
    this.words = new Array(wordUnits);
    this.wordStart = new Int32Array(lines);
    this.pairStart = new Int32Array(lines);
    this.decoded = new Uint8Array(blocks);
    this.suffixFrom = new Int32Array(blocks + 1);
    this.wordFrom = new Int32Array(blocks + 1);
    this.pairFrom = new Int32Array(blocks + 1);
    for (let b = 0; b < blocks; b += 1) {
      this.suffixFrom[b + 1] = this.suffixFrom[b]! + data[2 * b]! + (data[2 * b + 1]! << 8);
      this.wordFrom[b + 1] = this.wordFrom[b]! + data[2 * (blocks + b)]! + (data[2 * (blocks + b) + 1]! << 8);
      this.pairFrom[b + 1] = this.pairFrom[b]! + data[2 * (2 * blocks + b)]! + (data[2 * (2 * blocks + b) + 1]! << 8);
    }
    if (this.suffixFrom[blocks] !== suffixUnits || this.wordFrom[blocks] !== wordUnits || this.pairFrom[blocks] !== pairs) {
      throw new Error('word lists: the blocks do not match the columns');
    }
  }

  /** Unit `depth` of block `b`'s first word, without decoding the block: it is stored whole. */
  headUnit(b: number, depth: number): number {
    return this.data[this.suffixesAt + this.suffixFrom[b]! + depth]!;
  }

  /** Undoes the front coding of block `b`'s lines (once). */
  decodeBlock(b: number): void {
    if (this.decoded[b] === 1) return;
    const { data, words, wordStart, pairStart, counts } = this;
    const end = Math.min(this.shape.lines, (b + 1) << BLOCK_SHIFT);
    const prefixes = this.prefixesAt;
    let from = this.suffixesAt + this.suffixFrom[b]!;
    let out = this.wordFrom[b]!;
    let pair = this.pairFrom[b]!;
    let previous = out;
    const wordEnd = this.wordFrom[b + 1]!;
    for (let line = b << BLOCK_SHIFT; line < end; line += 1) {
      const start = out;
      const shared = data[prefixes + line]!;
      if (shared > 0 && shared >= out - previous) throw new Error('word lists: a word shares more than the previous one has');
      for (let k = 0; k < shared; k += 1) words[out++] = words[previous + k]!;
      let unit: number;
      do {
        unit = data[from++]!;
        words[out++] = unit;
      } while (unit !== TAB && out < wordEnd);
      wordStart[line] = start;
      pairStart[line] = pair;
      pair += counts[line]!;
      previous = start;
    }
    if (from !== this.suffixesAt + this.suffixFrom[b + 1]! || out !== wordEnd || pair !== this.pairFrom[b + 1]! || words[out - 1] !== TAB) {
      throw new Error('word lists: a block does not match its sizes');
    }
    this.decoded[b] = 1;
  }

  /** Every block (tests; the index decodes only what its searches reach). */
  decodeAll(): this {
    for (let b = 0; b < this.decoded.length; b += 1) this.decodeBlock(b);
    return this;
  }
}

/** The columns as received, before `WordColumns` checks their blocks. */
export interface ReceivedWordColumns {
  shape: WordColumnsShape;
  data: Units;
}

/**
 * Takes the columns in chunks of any size as they download: copying is all there is to do until
 * a search needs a block. `finish()` checks that everything came.
 */
export class WordColumnsReader {
  readonly shape: WordColumnsShape;
  private readonly data: Units;
  private received = 0;

  constructor(shape: WordColumnsShape, wide: boolean) {
    this.shape = shape;
    this.data = new (wide ? Uint16Array : Uint8Array)(columnUnits(shape));
  }

  /** Takes `chunk` from unit `from` on. */
  push(chunk: Units, from = 0): void {
    const length = chunk.length - from;
    if (this.received + length > this.data.length) throw new Error('word lists: more data than announced');
    if (from === 0) this.data.set(chunk, this.received);
    // Unit by unit rather than `chunk.subarray(from)`: Firefox's chunks belong to the page's
    // compartment, where typed-array methods reached from a content script throw.
    else for (let k = from; k < chunk.length; k += 1) this.data[this.received + k - from] = chunk[k]!;
    this.received += length;
  }

  finish(): ReceivedWordColumns {
    if (this.received !== this.data.length) throw new Error('word lists: the columns do not match');
    return { shape: this.shape, data: this.data };
  }
}

/** Columns that are all there (the small text parts, tests), ready to be searched. */
export function decodeWordColumns(shape: WordColumnsShape, units: Units, wide: boolean): WordColumns {
  const reader = new WordColumnsReader(shape, wide);
  reader.push(units);
  return columnsOf(reader.finish());
}

/**
 * The Latin-1 file (inflated), fed in chunks of any size from its first byte: its header, which
 * says the columns' shape, then the columns.
 */
export class WordColumnsFileReader {
  private readonly header = new Uint8Array(WORD_COLUMNS_HEADER_BYTES);
  private headerBytes = 0;
  private columns: WordColumnsReader | null = null;

  push(chunk: Uint8Array): void {
    if (this.columns) return this.columns.push(chunk);
    let k = 0;
    while (k < chunk.length && this.headerBytes < WORD_COLUMNS_HEADER_BYTES) this.header[this.headerBytes++] = chunk[k++]!;
    if (this.headerBytes < WORD_COLUMNS_HEADER_BYTES) return;
    this.columns = new WordColumnsReader(readHeader(this.header), false);
    this.columns.push(chunk, k);
  }

  finish(): ReceivedWordColumns {
    if (!this.columns) throw new Error('word lists: the file ends before its header does');
    return this.columns.finish();
  }
}

/** The Latin-1 file's inflated bytes, header included, all there. */
export function decodeLatin1WordColumns(bytes: Uint8Array): WordColumns {
  const reader = new WordColumnsFileReader();
  reader.push(bytes);
  return columnsOf(reader.finish());
}

/** The received columns, ready to be searched (their block sizes checked). */
export function columnsOf(received: ReceivedWordColumns): WordColumns {
  return new WordColumns(received.shape, received.data);
}
