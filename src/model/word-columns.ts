/**
 * The strength estimator's word lists as columns (written by scripts/strength-words.ts), and their
 * decoding into what `SortedWordIndex` (strength.ts) searches. PURE: the password nudge decodes the
 * fetched bytes with it chunk by chunk as they arrive, so that the index is ready at the last byte
 * (src/content/features/strength-words-loader.ts).
 *
 * One line per distinct word, lines sorted by UTF-16 code units. Columns, in this order:
 * - prefixes: per line, how many leading units the word shares with the previous line's (≤ 255);
 * - counts: per line, how many (list, rank) pairs it keeps;
 * - suffixes: per line, the word's units after the shared ones, then TAB (front coding: sorted
 *   words share long prefixes, which makes the transfer ~35 % smaller);
 * - lists: per pair, the list's index, in list order;
 * - ranks: per pair, the rank, bit-packed (`rankBits` bits each, low bits first).
 * Prefixes and counts come first so that a line can be decoded as soon as its suffix is there.
 */

export type Units = Uint8Array | Uint16Array;

/** Column sizes, in units. */
export interface WordColumnsShape {
  lines: number;
  /** Units of the decoded words (each followed by TAB). */
  wordUnits: number;
  suffixUnits: number;
  pairs: number;
  rankBytes: number;
}

/** What `SortedWordIndex` needs: the words in full, where each line's word and pairs start. */
export interface DecodedWordColumns {
  shape: WordColumnsShape;
  words: Units;
  /** Where line k's word starts in `words` (k = 0..lines). */
  wordStart: Int32Array;
  /** Where line k's pairs start in `lists` (and its rank, at rankBits bits per pair). */
  pairStart: Int32Array;
  counts: Units;
  lists: Units;
  ranks: Units;
}

export const TAB = 0x09;

/** "SMW1": the Latin-1 file starts with it, then the shape as five little-endian uint32. */
const MAGIC = [0x53, 0x4d, 0x57, 0x31];
export const WORD_COLUMNS_HEADER_BYTES = MAGIC.length + 5 * 4;

export function wordColumnsHeader(shape: WordColumnsShape): Uint8Array {
  const header = new Uint8Array(WORD_COLUMNS_HEADER_BYTES);
  header.set(MAGIC);
  const view = new DataView(header.buffer);
  [shape.lines, shape.wordUnits, shape.suffixUnits, shape.pairs, shape.rankBytes].forEach((n, k) => view.setUint32(MAGIC.length + 4 * k, n, true));
  return header;
}

function readHeader(bytes: Uint8Array): WordColumnsShape {
  if (MAGIC.some((b, k) => bytes[k] !== b)) throw new Error('word lists: not a word-columns file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, WORD_COLUMNS_HEADER_BYTES);
  const [lines, wordUnits, suffixUnits, pairs, rankBytes] = [0, 1, 2, 3, 4].map((k) => view.getUint32(MAGIC.length + 4 * k, true)) as [number, number, number, number, number];
  return { lines, wordUnits, suffixUnits, pairs, rankBytes };
}

export function sameShape(a: WordColumnsShape, b: WordColumnsShape): boolean {
  return a.lines === b.lines && a.wordUnits === b.wordUnits && a.suffixUnits === b.suffixUnits && a.pairs === b.pairs && a.rankBytes === b.rankBytes;
}

/**
 * Decodes columns fed in chunks of any size, as far as each chunk allows: what arrives while the
 * rest downloads costs nothing at the end. `finish()` checks that everything came and fits.
 */
export class WordColumnsDecoder {
  readonly shape: WordColumnsShape;
  private readonly data: Units;
  private readonly words: Units;
  private readonly wordStart: Int32Array;
  private readonly pairStart: Int32Array;
  private received = 0;
  // Where the columns start in `data`.
  private readonly countsAt: number;
  private readonly suffixesAt: number;
  private readonly listsAt: number;
  private readonly ranksAt: number;
  // Decoding state: next line, next unit of `words` to write, next suffix unit to read, the
  // previous word's start, pairs so far.
  private line = 0;
  private out = 0;
  private from: number;
  private previous = 0;
  private pair = 0;

  constructor(shape: WordColumnsShape, wide: boolean) {
    this.shape = shape;
    const { lines, wordUnits, suffixUnits, pairs, rankBytes } = shape;
    this.countsAt = lines;
    this.suffixesAt = 2 * lines;
    this.listsAt = this.suffixesAt + suffixUnits;
    this.ranksAt = this.listsAt + pairs;
    this.from = this.suffixesAt;
    const Array = wide ? Uint16Array : Uint8Array;
    this.data = new Array(this.ranksAt + rankBytes);
    this.words = new Array(wordUnits);
    this.wordStart = new Int32Array(lines + 1);
    this.pairStart = new Int32Array(lines + 1);
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
    this.decodeAvailable();
  }

  finish(): DecodedWordColumns {
    const { lines, wordUnits, pairs } = this.shape;
    if (this.received !== this.data.length || this.line !== lines || this.out !== wordUnits || this.from !== this.listsAt || this.pair !== pairs) {
      throw new Error('word lists: the columns do not match');
    }
    return {
      shape: this.shape,
      words: this.words,
      wordStart: this.wordStart,
      pairStart: this.pairStart,
      counts: this.data.subarray(this.countsAt, this.suffixesAt),
      lists: this.data.subarray(this.listsAt, this.ranksAt),
      ranks: this.data.subarray(this.ranksAt),
    };
  }

  /** Decodes every line whose suffix has fully arrived (prefixes and counts first). */
  private decodeAvailable(): void {
    if (this.received < this.suffixesAt || this.line >= this.shape.lines) return;
    const data = this.data;
    const end = Math.min(this.received, this.listsAt);
    // The last TAB received: every line that starts before it ends at it or earlier.
    const lastTab = data.lastIndexOf(TAB, end - 1);
    if (lastTab < this.from) return;
    const { words, wordStart, pairStart, countsAt } = this;
    const lines = this.shape.lines;
    let { line, out, from, previous, pair } = this;
    while (line < lines && from <= lastTab) {
      const start = out;
      const shared = data[line]!;
      if (shared > 0 && shared >= out - previous) throw new Error('word lists: a word shares more than the previous one has');
      for (let k = 0; k < shared; k += 1) words[out++] = words[previous + k]!;
      let unit: number;
      do {
        unit = data[from++]!;
        words[out++] = unit;
      } while (unit !== TAB);
      previous = start;
      pair += data[countsAt + line]!;
      line += 1;
      wordStart[line] = out;
      pairStart[line] = pair;
    }
    this.line = line;
    this.out = out;
    this.from = from;
    this.previous = previous;
    this.pair = pair;
  }
}

/** Decodes columns that are all there (the small text parts, tests). */
export function decodeWordColumns(shape: WordColumnsShape, units: Units, wide: boolean): DecodedWordColumns {
  const decoder = new WordColumnsDecoder(shape, wide);
  decoder.push(units);
  return decoder.finish();
}

/**
 * The Latin-1 file (inflated), fed in chunks of any size from its first byte: its header, which
 * says the columns' shape, then the columns.
 */
export class WordColumnsFileDecoder {
  private readonly header = new Uint8Array(WORD_COLUMNS_HEADER_BYTES);
  private headerBytes = 0;
  private columns: WordColumnsDecoder | null = null;

  push(chunk: Uint8Array): void {
    if (this.columns) return this.columns.push(chunk);
    let k = 0;
    while (k < chunk.length && this.headerBytes < WORD_COLUMNS_HEADER_BYTES) this.header[this.headerBytes++] = chunk[k++]!;
    if (this.headerBytes < WORD_COLUMNS_HEADER_BYTES) return;
    this.columns = new WordColumnsDecoder(readHeader(this.header), false);
    this.columns.push(chunk, k);
  }

  finish(): DecodedWordColumns {
    if (!this.columns) throw new Error('word lists: the file ends before its header does');
    return this.columns.finish();
  }
}

/** Decodes the Latin-1 file's inflated bytes, header included, all there. */
export function decodeLatin1WordColumns(bytes: Uint8Array): DecodedWordColumns {
  const decoder = new WordColumnsFileDecoder();
  decoder.push(bytes);
  return decoder.finish();
}
