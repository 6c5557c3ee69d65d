/**
 * Password strength estimate, built on @zxcvbn-ts/core 4 (`ZxcvbnFactory`).
 *
 * PURE: no DOM, no browser API, no i18n. The heavy word lists are NOT imported here: the caller
 * passes them in (see `dictionaries.ts`, the lazily loaded chunk).
 *
 * Why there is more here than `new ZxcvbnFactory(options).check(pw)`:
 * - Latency. At default options zxcvbn-ts 4 spends most of a check in its dictionary matcher:
 *   for every substring (up to the longest word, 23 characters) it slices a string and looks it
 *   up in each of the 38 ranked dictionaries, then does it again for up to `l33tMaxSubstitutions`
 *   (100) l33t-unmunged copies of the password, for the reversed password, and for the word
 *   sequence matcher. Measured here: tens of ms for ordinary passwords, seconds for a
 *   64-character string full of l33t-able digits and symbols. Our budget: p95 ≤ 10 ms per keystroke.
 * - Start-up. Building those 38 ranked dictionaries (316 k object properties) takes ~0.3 s here,
 *   after ~0.3 s of decompressing the lists.
 *
 * What we do instead, none of which changes a result:
 * 1. One index for all lists (`SortedWordIndex`): every distinct word once, sorted at build time
 *    (src/strength/build/word-lists.ts), with its (list, rank) pairs in list order. The dictionary,
 *    l33t, reverse and word-sequence matchers are replaced by mirrors of zxcvbn's code that
 *    extend a substring one character at a time, narrowing the range of words that start with it
 *    by binary search, stop as soon as none does, and compare in place, without slicing.
 * 2. In the l33t matcher, spans of a variant that contain no substitution are not even reported
 *    (zxcvbn finds them and drops them), variants are computed once per check instead of twice,
 *    and "already included" is a Set lookup instead of an array scan.
 * 3. Our matches come already estimated (zxcvbn's own estimateGuesses), because zxcvbn's
 *    optimal-sequence search re-estimates a match for every candidate sequence length.
 * 4. The index searches the build's bytes in place: no 316 k strings to decompress, allocate or
 *    hash in the page (start-up is one pass that rebuilds the front-coded words as they download).
 * 5. A word keeps only the (list, rank) pairs that can decide a result (src/strength/build/word-lists.ts,
 *    `decidingPairs`: the lowest rank, and earlier lists' ranks at zxcvbn's guess floor).
 * 6. Narrowings are remembered (`WordCursor`'s trie of prefixes): the l33t variants, the reversed
 *    password and the next keystroke walk the same substrings again. On the longest prefixes of
 *    `Covid-19Azerty!Marseille2024P@ssw0rd` (bench/max-policy.ts) this took a check from about
 *    12 ms to 2.5 ms, with nothing remembered from the keystroke before.
 * The match objects are zxcvbn's, in zxcvbn's order (same ranks and dictionary names; a word
 * listed twice keeps its last rank, as in `buildRankedDictionary`); zxcvbn's own scoring,
 * optimal-sequence search, other matchers and feedback do the rest. `l33tMaxSubstitutions` and
 * `maxLength` stay at zxcvbn's defaults: the speed comes from doing less redundant work, not from
 * looking at less. test/unit/strength.test.ts proves it on a corpus of passwords and on random
 * strings: same score, guesses, match sequence, feedback and policy verdict as the stock factory.
 *
 * One deliberate difference: the stock matcher looks words up with `rankedDict[substring]`, so
 * "constructor" or "__proto__" in a password also "matches" Object.prototype members in every
 * dictionary lacking them (rank = a function). A single such match never wins (its guesses are
 * NaN), but the word-sequence matcher turns two of them into a "sequence" of almost no guesses:
 * stock zxcvbn-ts rates "Constructorconstructor1!" score 1, "__proto____proto__" score 0. We look
 * up the lists' own entries only (score 4 and 3 there); the test pins this difference down.
 */
import {
  MatcherBaseClass,
  ZxcvbnFactory,
  type DictionaryMatch,
  type L33tMatch,
  type Matcher,
  type MatchExtended,
  type MatchOptions,
  type OptionsGraph,
  type UserInputsOptions,
  type ZxcvbnResult,
  type Options as ZxcvbnOptions,
} from '@zxcvbn-ts/core';
// Deep imports of zxcvbn-ts internals (the package has no `exports` map; version pinned in
// package.json). We reuse its l33t unmunger and its scoring/feedback functions so that only the
// word lookup is ours. The equivalence test catches any drift on upgrade.
import getCleanPasswords, {
  type PasswordWithSubs,
} from '@zxcvbn-ts/core/dist/matcher/dictionary/variants/matching/unmunger/getCleanPasswords';
import dictionaryFeedback from '@zxcvbn-ts/core/dist/matcher/dictionary/feedback';
import dictionaryScoring from '@zxcvbn-ts/core/dist/matcher/dictionary/scoring';
import estimateGuesses from '@zxcvbn-ts/core/dist/scoring/estimate';
import MatchWordSequence from '@zxcvbn-ts/core/dist/matcher/wordSequence/matching';
import wordSequenceFeedback from '@zxcvbn-ts/core/dist/matcher/wordSequence/feedback';
import wordSequenceScoring from '@zxcvbn-ts/core/dist/matcher/wordSequence/scoring';
import {
  BLOCK_LINES,
  BLOCK_SHIFT,
  decodeWordColumns,
  sameShape,
  TAB,
  type Units,
  type WordColumns,
  type WordColumnsShape,
} from './word-columns.ts';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

/**
 * Word lists by zxcvbn dictionary name, most common first, as the @zxcvbn-ts/language-* packages'
 * index modules export them; key order is zxcvbn's dictionary order. Only the reference engine
 * takes them (the indexed engine takes the build-time `StrengthWordData` of the same lists).
 */
export type StrengthWordLists = Readonly<Record<string, readonly (string | number)[]>>;

interface StrengthEstimatorCommonOptions {
  /** Keyboard adjacency graphs (`adjacencyGraphs` from @zxcvbn-ts/language-common). */
  graphs: OptionsGraph;
  /** Passed to zxcvbn; its default (100) when omitted. Lowering it CAN change results. */
  l33tMaxSubstitutions?: number;
  /** Passed to zxcvbn; its default (256) when omitted. */
  maxLength?: number;
  /**
   * Results kept per (password, user inputs). Re-checks happen without a new keystroke: typing in
   * the confirmation field re-evaluates the verdict, backspace returns to an earlier prefix. The
   * cache lives in the page, like the password itself; `clearCache()` when the feature stops.
   * Default 32; 0 disables it.
   */
  cacheSize?: number;
}

export type StrengthEstimatorOptions = StrengthEstimatorCommonOptions &
  (
    | {
        /** Our index over the lists sorted at build time: fast start, fast checks, same results. */
        engine?: 'indexed';
        words: StrengthWordData;
      }
    | {
        /** Stock zxcvbn-ts at default options with `lists`: the yardstick of tests and the bench;
         * nothing else should use it. */
        engine: 'reference';
        lists: StrengthWordLists;
      }
  );

/**
 * Why a part of the password is guessable, in the vocabulary of the policy's reasons.
 * - dictionary: a word of a list (`dictionary` names the list, `language` its origin)
 * - keyboard: a keyboard walk (`graph`: 'azerty', 'qwerty', 'qwertz', 'dvorak', 'keypad', …);
 *   also used for a dictionary word that is itself a keyboard walk ("azerty" is in the common
 *   password list, but "keyboard pattern" is the more useful explanation)
 * - year / date / sequence ('abc', '123', 'one two three') / repeat
 * - userInput: one of the context words or blocklist entries passed to `check()`
 */
export type StrengthFindingKind = 'dictionary' | 'keyboard' | 'year' | 'date' | 'sequence' | 'repeat' | 'userInput';

/**
 * One part of zxcvbn's optimal (most guessable) decomposition. It carries the part's position
 * [i, j] (UTF-16 indices, inclusive), never its text, so a StrengthResult holds no part of the
 * password; the page can still show the token with `password.slice(i, j + 1)`.
 */
export interface StrengthFinding {
  kind: StrengthFindingKind;
  i: number;
  j: number;
  /** List name without language suffix: 'passwords', 'commonWords', 'wikipedia', 'firstnames',
   * 'lastnames', 'diceware', 'months', 'userInputs', … */
  dictionary?: string;
  /** 'common', 'en', 'fr' (the suffix of the list name), when there is one. */
  language?: string;
  l33t?: boolean;
  reversed?: boolean;
  /** Keyboard graph name, for kind 'keyboard'. */
  graph?: string;
  /** zxcvbn sequence name for kind 'sequence' ('lower', 'upper', 'digits', 'unicode'). */
  sequence?: string;
}

export interface StrengthResult {
  score: StrengthScore;
  guessesLog10: number;
  /** Every non-brute-force part of the optimal sequence, left to right. */
  findings: StrengthFinding[];
  /** zxcvbn's feedback as translation KEYS (e.g. 'topHundred', 'anotherWord'), not text. */
  feedback: { warning: string | null; suggestions: string[] };
}

export interface StrengthEstimator {
  /** `userInputs`: context words and blocklist entries (lowercase), see password-policy.ts. */
  check(password: string, userInputs?: readonly string[]): StrengthResult;
  clearCache(): void;
}

// ---------------------------------------------------------------------------------------------
// Estimator
// ---------------------------------------------------------------------------------------------

export function createStrengthEstimator(options: StrengthEstimatorOptions): StrengthEstimator {
  const { factory, forget } = buildFactory(options);
  const cacheSize = options.cacheSize ?? 32;
  const cache = new Map<string, StrengthResult>();

  return {
    check(password, userInputs = []) {
      // NUL cannot be typed into a password field; it only keeps the key unambiguous.
      const key = cacheSize > 0 ? `${userInputs.join('\u0000')}\u0000\u0000${password}` : '';
      const hit = cacheSize > 0 ? cache.get(key) : undefined;
      if (hit) {
        // Refresh its place in the LRU order.
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const result = toStrengthResult(factory.check(password, [...userInputs]), options.graphs);
      if (cacheSize > 0) {
        cache.set(key, result);
        if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
      }
      return result;
    },
    clearCache() {
      cache.clear();
      forget();
    },
  };
}

/**
 * The zxcvbn factory behind an estimator, exported for the equivalence test and the bench (they
 * compare raw zxcvbn results, match by match). Not for features: use `createStrengthEstimator`.
 */
export function createFactory(options: StrengthEstimatorOptions): ZxcvbnFactory {
  return buildFactory(options).factory;
}

/** zxcvbn's option type wants mutable arrays; it never writes to them. */
function mutableLists(lists: StrengthWordLists): Record<string, (string | number)[]> {
  return Object.fromEntries(Object.entries(lists).map(([name, list]) => [name, list as (string | number)[]]));
}

/** `forget()` drops what the factory remembers of the passwords it checked (the last one's l33t
 * variants, the narrowings of the word cursors). */
function buildFactory(options: StrengthEstimatorOptions): { factory: ZxcvbnFactory; forget: () => void } {
  const tuning = {
    ...(options.l33tMaxSubstitutions === undefined ? {} : { l33tMaxSubstitutions: options.l33tMaxSubstitutions }),
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
  };
  if (options.engine === 'reference') {
    const factory = new ZxcvbnFactory({ dictionary: mutableLists(options.lists), graphs: options.graphs, ...tuning });
    return { factory, forget: () => {} };
  }
  const index = new WordIndexes(options.words);
  const memo: VariantMemo = { last: null };
  // No `dictionary` option: zxcvbn would build its 316 k-entry ranked objects, which nothing reads
  // once our matchers replace the four that do. Custom matchers registered under a built-in name
  // replace it in place (Matching's constructor assigns them over the built-ins, keeping order).
  const factory = new ZxcvbnFactory({ graphs: options.graphs, ...tuning }, indexedMatchers(index, memo));
  const forget = () => {
    memo.last = null;
    index.all.forget();
    index.wordSequence.forget();
  };
  return { factory, forget };
}

// ---------------------------------------------------------------------------------------------
// zxcvbn result → StrengthResult
// ---------------------------------------------------------------------------------------------

/** The small, text-free summary of a zxcvbn result (exported for tests and the bench). */
export function toStrengthResult(result: ZxcvbnResult, graphs: OptionsGraph): StrengthResult {
  const findings: StrengthFinding[] = [];
  for (const match of result.sequence) {
    const finding = toFinding(match, graphs);
    if (finding) findings.push(finding);
  }
  return {
    score: result.score,
    guessesLog10: result.guessesLog10,
    findings,
    feedback: { warning: result.feedback.warning, suggestions: [...result.feedback.suggestions] },
  };
}

function splitListName(name: string): { dictionary: string; language?: string } {
  const dash = name.lastIndexOf('-');
  if (dash <= 0) return { dictionary: name };
  return { dictionary: name.slice(0, dash), language: name.slice(dash + 1) };
}

function toFinding(match: MatchExtended, graphs: OptionsGraph): StrengthFinding | null {
  const at = { i: match.i, j: match.j };
  switch (match.pattern) {
    case 'dictionary': {
      const m = match as DictionaryMatch;
      if (m.dictionaryName === 'userInputs') {
        return { kind: 'userInput', ...at, dictionary: 'userInputs', l33t: m.l33t, reversed: m.reversed };
      }
      const list = splitListName(m.dictionaryName);
      const graph = m.l33t ? null : keyboardWalkGraph(m.token, graphs);
      return {
        kind: graph ? 'keyboard' : 'dictionary',
        ...at,
        ...list,
        l33t: m.l33t,
        reversed: m.reversed,
        ...(graph ? { graph } : {}),
      };
    }
    case 'spatial':
      return { kind: 'keyboard', ...at, graph: String(match.graph) };
    case 'regex':
      // zxcvbn 4 has one regex, recentYear (19xx, 200x–202x).
      return match.regexName === 'recentYear' ? { kind: 'year', ...at } : null;
    case 'date':
      return { kind: 'date', ...at };
    case 'sequence':
      return { kind: 'sequence', ...at, sequence: String(match.sequenceName) };
    case 'wordSequence':
      return { kind: 'sequence', ...at, ...splitListName(String(match.dictionaryName)) };
    case 'repeat':
      return { kind: 'repeat', ...at };
    default:
      // bruteforce, separator: nothing to explain.
      return null;
  }
}

/** Shortest dictionary token we re-label as a keyboard walk: "were" and "tree" are walks on
 * QWERTY, but they are words first; "azerty", "qwerty", "asdfg" are walks first. */
const MIN_WALK_LENGTH = 5;

/** Name of the first graph on which every consecutive pair of `token` is adjacent, or null. */
export function keyboardWalkGraph(token: string, graphs: OptionsGraph): string | null {
  if (token.length < MIN_WALK_LENGTH) return null;
  for (const [name, graph] of Object.entries(graphs)) {
    let walk = true;
    for (let k = 0; k + 1 < token.length && walk; k += 1) {
      const neighbours = graph[token[k] as string];
      const next = token[k + 1] as string;
      // Graph entries are 'aA'-style strings: the key and its shifted form.
      walk = !!neighbours && neighbours.some((keys) => keys !== null && keys.includes(next));
    }
    if (walk) return name;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Word index: the lists' words sorted once at build time, searched in place
// ---------------------------------------------------------------------------------------------

/**
 * The word lists as src/strength/build/word-lists.ts writes them at build time, in columns (see
 * word-columns.ts). The lines of words within Latin-1 are bytes (the bulk, fetched and decoded by
 * the caller: `StrengthWordData.latin1Columns`); the wide ones, and the word-sequence lists on
 * their own, are text bundled with the estimator (`StrengthWordMeta`).
 */
export interface WordColumnsText {
  lines: number;
  /** One character per unit (bytes for block sizes, prefixes, counts, lists and ranks). */
  blocks: string;
  prefixes: string;
  counts: string;
  suffixes: string;
  lists: string;
  ranks: string;
}

export interface StrengthWordMeta {
  /** zxcvbn dictionary names, in zxcvbn's order (it breaks ties between equal matches by it). */
  names: string[];
  /** Longest word per list (zxcvbn's rankedDictionariesMaxWordSize), by `names` index. */
  maxWordSize: number[];
  /** Which lists zxcvbn's word-sequence matcher also uses, by `names` index. */
  isWordSequence: boolean[];
  /** Bits of every rank. */
  rankBits: number;
  /** The word-sequence lists alone (that matcher must not see, nor stop on, other words). */
  wordSequence: WordColumnsText;
  /** Lines whose word holds a character above U+00FF. */
  wide: WordColumnsText;
  /** Shape of the Latin-1 lines (their file says it too: bytes of another build are refused). */
  latin1: WordColumnsShape;
}

export interface StrengthWordData extends StrengthWordMeta {
  /** Every other line, from the fetched file (word-columns.ts). */
  latin1Columns: WordColumns;
}

/** Code units of a text, for the small indexes (the big one is bytes already). */
export function codeUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let k = 0; k < text.length; k += 1) units[k] = text.charCodeAt(k);
  return units;
}

/**
 * Sorted lines searched with a cursor: `[lo, hi)` is the range of lines whose word starts with
 * the characters given so far; each `narrow` keeps those with the next character, by two binary
 * searches on the character at that depth (a word that ends there, at its TAB, counts as smaller
 * than any character, as in the sort). The cursor is empty as soon as no word starts with the
 * prefix, which is when zxcvbn's loop could stop too; a prefix that is itself a word is the first
 * line of the range. Narrowing never reads past a word's TAB.
 *
 * Nothing to build at start-up: the columns are searched where they are, and a block of lines is
 * decoded the first time a search reaches it (word-columns.ts). No string per word, no hashing.
 */
export class SortedWordIndex {
  private readonly columns: WordColumns;
  /** Where line k's word starts in `words` (once its block is decoded). */
  private readonly wordStart: Int32Array;
  /** Where line k's pairs start in `lists` (and its ranks, at rankBits bits per pair). */
  private readonly pairStart: Int32Array;
  private readonly words: Units;
  private readonly decoded: Uint8Array;
  private readonly counts: Units;
  private readonly lists: Units;
  private readonly ranks: Units;
  readonly lines: number;
  /** The cursor. */
  private lo = 0;
  private hi = 0;
  /** Results of the last `hits`: (list, rank) pairs in list order. Buffers: read them before the
   * next call (the hot loop allocates nothing). */
  readonly hitLists: number[] = [];
  readonly hitRanks: number[] = [];

  constructor(
    columns: WordColumns,
    private readonly rankBits: number,
  ) {
    const { shape, words, wordStart, pairStart, decoded, counts, lists, ranks } = columns;
    if (Math.ceil((lists.length * rankBits) / 8) !== ranks.length) throw new Error('word lists: the ranks do not match');
    this.columns = columns;
    this.words = words;
    this.wordStart = wordStart;
    this.pairStart = pairStart;
    this.decoded = decoded;
    this.counts = counts;
    this.lists = lists;
    this.ranks = ranks;
    this.lines = shape.lines;
  }

  static fromText(text: WordColumnsText, rankBits: number): SortedWordIndex {
    const { lines, blocks, prefixes, counts, suffixes, lists, ranks } = text;
    let wordUnits = suffixes.length;
    for (let k = 0; k < prefixes.length; k += 1) wordUnits += prefixes.charCodeAt(k);
    const shape = { lines, wordUnits, suffixUnits: suffixes.length, pairs: lists.length, rankBytes: ranks.length };
    return new SortedWordIndex(decodeWordColumns(shape, codeUnits(blocks + prefixes + counts + suffixes + lists + ranks), true), rankBits);
  }

  /** Where line `line`'s word starts in `words`, its block decoded if it was not yet. */
  private start(line: number): number {
    if (this.decoded[line >>> BLOCK_SHIFT] === 0) this.columns.decodeBlock(line >>> BLOCK_SHIFT);
    return this.wordStart[line]!;
  }

  /** Back to every line (the empty prefix). */
  reset(): void {
    this.lo = 0;
    this.hi = this.lines;
  }

  /** The cursor's range of lines, `[lo, hi)` (WordCursor keeps ranges it has narrowed to). */
  get rangeLo(): number {
    return this.lo;
  }
  get rangeHi(): number {
    return this.hi;
  }

  /** Puts the cursor on a range an earlier narrowing gave. */
  setRange(lo: number, hi: number): void {
    this.lo = lo;
    this.hi = hi;
  }

  /** Keeps the lines whose character at `depth` is `c`; whether any are left. */
  narrow(depth: number, c: number): boolean {
    const lo = this.bound(this.lo, this.hi, depth, c, false);
    const hi = this.bound(lo, this.hi, depth, c, true);
    this.lo = lo;
    this.hi = hi;
    return lo < hi;
  }

  /**
   * The first line of `[a, b)` whose character at `depth` is above `c` (`inclusive`), or at least
   * `c` (a word's end, TAB, counts as −1). Two binary searches: over the heads of the blocks in the
   * range, whose words the columns hold whole (no decoding), then within the one block where the
   * bound falls, decoded if it was not yet. All lines of the range share their first `depth`
   * characters, so no word is read past its TAB.
   */
  private bound(a: number, b: number, depth: number, c: number, inclusive: boolean): number {
    if (a >= b) return a;
    const columns = this.columns;
    const firstHead = (a + BLOCK_LINES - 1) >>> BLOCK_SHIFT;
    const endHead = ((b - 1) >>> BLOCK_SHIFT) + 1;
    let x = firstHead;
    let y = endHead;
    while (x < y) {
      const m = (x + y) >>> 1;
      const k = columns.headUnit(m, depth);
      const key = k === TAB ? -1 : k;
      if (key < c || (inclusive && key === c)) x = m + 1;
      else y = m;
    }
    // Between the last head before the bound and the first after it: one block's lines.
    let lo = x > firstHead ? ((x - 1) << BLOCK_SHIFT) + 1 : a;
    let hi = x < endHead ? x << BLOCK_SHIFT : b;
    const units = this.words;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      const k = units[this.start(m) + depth]!;
      const key = k === TAB ? -1 : k;
      if (key < c || (inclusive && key === c)) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  /**
   * After narrowing by `length` characters: how many (list, rank) pairs the prefix itself has as a
   * word (its deciding pairs; 0 if it only starts longer words); `hitLists[k]`, `hitRanks[k]` give
   * them.
   */
  hits(length: number): number {
    if (this.lo >= this.hi) return 0;
    const line = this.lo;
    if (this.words[this.start(line) + length] !== TAB) return 0;
    const ranks = this.ranks;
    const width = this.rankBits;
    const mask = (1 << width) - 1;
    const count = this.counts[line]!;
    for (let k = 0, pair = this.pairStart[line]!; k < count; k += 1, pair += 1) {
      // rankBits ≤ 24 bits from a bit offset: four bytes hold them whatever the offset.
      const bit = pair * width;
      const at = bit >>> 3;
      const bytes = (ranks[at] ?? 0) | ((ranks[at + 1] ?? 0) << 8) | ((ranks[at + 2] ?? 0) << 16) | ((ranks[at + 3] ?? 0) << 24);
      this.hitLists[k] = this.lists[pair]!;
      this.hitRanks[k] = (bytes >>> (bit & 7)) & mask;
    }
    return count;
  }

  /** `hits` for a whole word, from an empty cursor. */
  lookup(word: string): number {
    this.reset();
    for (let k = 0; k < word.length; k += 1) if (!this.narrow(k, word.charCodeAt(k))) return 0;
    return this.hits(word.length);
  }

  /** Every (word, list, rank) the index holds, for tests (they compare the lists with the
   * packages'). Slow. */
  *entries(): Generator<{ word: string; list: number; rank: number }> {
    for (let k = 0; k < this.lines; k += 1) {
      let p = this.start(k);
      let word = '';
      while (this.words[p] !== TAB) word += String.fromCharCode(this.words[p++]!);
      this.lo = k;
      this.hi = k + 1;
      const count = this.hits(word.length);
      for (let h = 0; h < count; h += 1) yield { word, list: this.hitLists[h]!, rank: this.hitRanks[h]! };
    }
  }
}

/**
 * The Latin-1 and the wide lines together, as one cursor. Their words differ (a word is in one or
 * the other), so at most one of them holds a given word; both narrow at each step, and the small
 * one is empty after a character or two.
 *
 * Narrowings are remembered in a trie of the prefixes walked so far (ranges of both indexes per
 * node). One check walks the same substrings many times: from every start, in the typed password,
 * in each of up to 100 l33t variants (which differ only where they substitute), reversed, and
 * again for the word-sequence matcher; and the next keystroke walks them all again plus the ones
 * ending at the new character. A walk that reaches a known node costs a sibling scan instead of
 * two binary searches over 300 k lines. Ranges are the index's own, so results are unchanged.
 * The trie holds prefixes of the password's substrings: `forget()` drops it with the estimator's
 * result cache, and it starts over when it reaches `MAX_NODES`.
 */
export class WordCursor {
  /** Nodes a trie may hold (7 Int32 each: ~0.9 MB at most); a 64-character password with 100
   * l33t variants walks about 10 k. */
  static readonly MAX_NODES = 1 << 15;
  hitLists: number[] = [];
  hitRanks: number[] = [];
  private inA = true;
  private inB = true;
  /** The node of the prefix narrowed so far; −1 while the trie is full (narrowing then searches
   * without remembering, until the next reset starts a new trie). */
  private node = 0;
  private nodes = 1;
  private char = new Int32Array(1024);
  private firstChild = new Int32Array(1024);
  private nextSibling = new Int32Array(1024);
  private loA = new Int32Array(1024);
  private hiA = new Int32Array(1024);
  private loB = new Int32Array(1024);
  private hiB = new Int32Array(1024);

  constructor(
    private readonly a: SortedWordIndex,
    private readonly b: SortedWordIndex,
  ) {
    this.forget();
  }

  /** Prefixes remembered (the root included). */
  get remembered(): number {
    return this.nodes;
  }

  /** Drops every remembered narrowing. The root's ranges are never read: `reset()` puts both
   * indexes on every line itself. */
  forget(): void {
    this.nodes = 1;
    this.firstChild[0] = 0;
  }

  reset(): void {
    if (this.node === -1) this.forget();
    this.node = 0;
    this.a.reset();
    this.b.reset();
    this.inA = true;
    this.inB = this.b.lines > 0;
  }

  narrow(depth: number, c: number): boolean {
    const parent = this.node;
    if (parent === -1) return this.search(depth, c);
    let child = this.firstChild[parent]!;
    while (child !== 0 && this.char[child] !== c) child = this.nextSibling[child]!;
    if (child === 0) {
      if (this.nodes === WordCursor.MAX_NODES) {
        this.node = -1;
        return this.search(depth, c);
      }
      this.search(depth, c);
      child = this.add(parent, c);
    } else {
      this.a.setRange(this.loA[child]!, this.hiA[child]!);
      this.b.setRange(this.loB[child]!, this.hiB[child]!);
      this.inA = this.loA[child]! < this.hiA[child]!;
      this.inB = this.loB[child]! < this.hiB[child]!;
    }
    this.node = child;
    return this.inA || this.inB;
  }

  /** Narrows both indexes by their binary searches. */
  private search(depth: number, c: number): boolean {
    if (this.inA) this.inA = this.a.narrow(depth, c);
    if (this.inB) this.inB = this.b.narrow(depth, c);
    return this.inA || this.inB;
  }

  /** A new child of `parent` for `c`, holding the ranges just narrowed to (empty when out). */
  private add(parent: number, c: number): number {
    if (this.nodes === this.char.length) this.grow();
    const child = this.nodes++;
    this.char[child] = c;
    this.firstChild[child] = 0;
    this.nextSibling[child] = this.firstChild[parent]!;
    this.firstChild[parent] = child;
    this.loA[child] = this.inA ? this.a.rangeLo : 0;
    this.hiA[child] = this.inA ? this.a.rangeHi : 0;
    this.loB[child] = this.inB ? this.b.rangeLo : 0;
    this.hiB[child] = this.inB ? this.b.rangeHi : 0;
    return child;
  }

  private grow(): void {
    const size = Math.min(this.char.length * 2, WordCursor.MAX_NODES);
    const grown = (old: Int32Array) => {
      const next = new Int32Array(size);
      next.set(old);
      return next;
    };
    this.char = grown(this.char);
    this.firstChild = grown(this.firstChild);
    this.nextSibling = grown(this.nextSibling);
    this.loA = grown(this.loA);
    this.hiA = grown(this.hiA);
    this.loB = grown(this.loB);
    this.hiB = grown(this.hiB);
  }

  hits(length: number): number {
    // Called for every narrowed step of every scan: no allocation here.
    const count = this.inA ? this.a.hits(length) : 0;
    if (count > 0) return this.take(this.a, count);
    return this.inB ? this.take(this.b, this.b.hits(length)) : 0;
  }

  private take(index: SortedWordIndex, count: number): number {
    this.hitLists = index.hitLists;
    this.hitRanks = index.hitRanks;
    return count;
  }

  lookup(word: string): number {
    this.reset();
    for (let k = 0; k < word.length; k += 1) if (!this.narrow(k, word.charCodeAt(k))) return 0;
    return this.hits(word.length);
  }
}

/** The indexes of one word-list set, and what zxcvbn derives from the lists. */
export class WordIndexes {
  /** The three sorted indexes of the data (exported for tests, which list their entries). */
  static parts(data: StrengthWordData): { latin1: SortedWordIndex; wide: SortedWordIndex; wordSequence: SortedWordIndex } {
    if (!sameShape(data.latin1Columns.shape, data.latin1)) throw new Error('word lists: the bytes do not belong to this build');
    return {
      latin1: new SortedWordIndex(data.latin1Columns, data.rankBits),
      wide: SortedWordIndex.fromText(data.wide, data.rankBits),
      wordSequence: SortedWordIndex.fromText(data.wordSequence, data.rankBits),
    };
  }

  readonly names: string[];
  readonly all: WordCursor;
  readonly wordSequence: WordCursor;
  readonly maxWidthAll: number;
  readonly maxWidthWordSequence: number;

  constructor(data: StrengthWordData) {
    this.names = data.names;
    const parts = WordIndexes.parts(data);
    this.all = new WordCursor(parts.latin1, parts.wide);
    this.wordSequence = new WordCursor(
      parts.wordSequence,
      SortedWordIndex.fromText({ lines: 0, blocks: '', prefixes: '', counts: '', suffixes: '', lists: '', ranks: '' }, data.rankBits),
    );
    this.maxWidthAll = Math.max(0, ...data.maxWordSize);
    this.maxWidthWordSequence = Math.max(0, ...data.maxWordSize.filter((_, d) => data.isWordSequence[d]));
  }
}

// User inputs are a handful of words per check: hashed prefixes are enough for them.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
// ---------------------------------------------------------------------------------------------
// Matchers over the index (mirror zxcvbn-ts 4.2 matcher/dictionary/**)
// ---------------------------------------------------------------------------------------------

interface DictionaryMatchInput {
  password: string;
  userInputsOptions?: UserInputsOptions | undefined;
}

/** Prefix hashes of the per-check user inputs, computed once per check (the same object is passed
 * to every matcher call of one check: plain, each l33t variant, reversed). */
const userPrefixCache = new WeakMap<object, Set<number>>();
function userPrefixHashes(dict: Record<string, number>): Set<number> {
  let set = userPrefixCache.get(dict);
  if (!set) {
    set = new Set<number>();
    for (const word of Object.keys(dict)) {
      let h = FNV_OFFSET;
      for (let k = 0; k < word.length; k += 1) {
        h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
        set.add(h);
      }
    }
    userPrefixCache.set(dict, set);
  }
  return set;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** A word found at [i, j]: `list` indexes `WordIndexes.names`, or is USER_INPUTS. */
type OnHit = (i: number, j: number, list: number, rank: number) => void;
const USER_INPUTS = -1;

/**
 * The loop of zxcvbn's MatchDictionary.match (without Levenshtein, which we never enable): same
 * (i, j) order, same per-(i, j) dictionary order (our lists in key order, then 'userInputs').
 * Hits go to `onHit` as (list, rank) pairs, without slicing the substring: the l33t matcher drops
 * most of its hits and should not pay for them.
 */
function scanWords(
  index: WordIndexes,
  lower: string,
  n: number,
  userInputsOptions: UserInputsOptions | undefined,
  wordSequenceOnly: boolean,
  onHit: OnHit,
  /** Optional: report only substrings [i, j] with j ≥ minEnd[minEndAt + i] (the l33t matcher
   * only wants spans that contain a substitution); non-decreasing in i; ≥ n means none. */
  minEnd: Int32Array | null = null,
  minEndAt = 0,
): void {
  // As mergeUserInputDictionary: userInputs only when options are given (the repeat matcher's
  // recursive call passes none), never in word-sequence mode.
  const user = !wordSequenceOnly && userInputsOptions ? userInputsOptions : null;
  const userDict = user ? user.rankedDictionary : null;
  const userMax = user ? user.rankedDictionaryMaxWordSize : 0;
  const userPrefixes = userDict ? userPrefixHashes(userDict) : null;
  const maxSearchWidth = Math.max(wordSequenceOnly ? index.maxWidthWordSequence : index.maxWidthAll, userMax);
  const words = wordSequenceOnly ? index.wordSequence : index.all;
  const userHit = (i: number, j: number, isFullPassword: boolean) => {
    if (!userDict || (j - i + 1 > userMax && !isFullPassword)) return;
    const usedPassword = lower.slice(i, j + 1);
    if (hasOwn(userDict, usedPassword)) onHit(i, j, USER_INPUTS, userDict[usedPassword] as number);
  };

  if (lower.length !== n) {
    // toLowerCase lengthened the string ('İ' → 'i̇'); zxcvbn then slices the lower-case copy with
    // the original's indices. Rare: follow it literally, slice by slice, no pruning.
    for (let i = 0; i < n; i += 1) {
      for (let j = i; j < n; j += 1) {
        const isFullPassword = i === 0 && j === n - 1;
        if (j - i + 1 > maxSearchWidth && !isFullPassword) break;
        const count = words.lookup(lower.slice(i, j + 1));
        for (let k = 0; k < count; k += 1) onHit(i, j, words.hitLists[k] as number, words.hitRanks[k] as number);
        userHit(i, j, isFullPassword);
      }
    }
    return;
  }

  for (let i = 0; i < n; i += 1) {
    const jMin = minEnd ? (minEnd[minEndAt + i] as number) : i;
    // minEnd is non-decreasing: no later start has a span to report either.
    if (jMin >= n) break;
    // Every span to report from i is wider than any word (the loop below would stop first),
    // unless the whole password is reachable (zxcvbn looks the whole password up at any width).
    if (jMin - i + 1 > maxSearchWidth && !(i === 0 && n - 1 <= maxSearchWidth)) continue;
    let h = FNV_OFFSET;
    let inLists = true;
    let inUser = userPrefixes !== null;
    words.reset();
    for (let j = i; j < n; j += 1) {
      const isFullPassword = i === 0 && j === n - 1;
      if (j - i + 1 > maxSearchWidth && !isFullPassword) break;
      const c = lower.charCodeAt(j);
      // No word starts with lower[i..j]: no longer substring from i can be a word either.
      if (inLists && !words.narrow(j - i, c)) inLists = false;
      if (inUser) {
        h = Math.imul(h ^ c, FNV_PRIME);
        if (!(userPrefixes as Set<number>).has(h)) inUser = false;
      }
      if (!inLists && !inUser) break;
      if (j < jMin) continue;
      if (inLists) {
        const count = words.hits(j - i + 1);
        for (let k = 0; k < count; k += 1) onHit(i, j, words.hitLists[k] as number, words.hitRanks[k] as number);
      }
      if (inUser) userHit(i, j, isFullPassword);
    }
  }
}

const listName = (index: WordIndexes, list: number) => (list === USER_INPUTS ? 'userInputs' : (index.names[list] as string));

/** Mirror of zxcvbn's MatchDictionary.match. */
function indexedDictionaryMatch(
  index: WordIndexes,
  { password, userInputsOptions }: DictionaryMatchInput,
  wordSequenceOnly: boolean,
): DictionaryMatch[] {
  const matches: DictionaryMatch[] = [];
  const lower = password.toLowerCase();
  scanWords(index, lower, password.length, userInputsOptions, wordSequenceOnly, (i, j, list, rank) => {
    matches.push({
      pattern: 'dictionary',
      i,
      j,
      token: password.slice(i, j + 1),
      matchedWord: lower.slice(i, j + 1),
      rank,
      dictionaryName: listName(index, list),
      reversed: false,
      l33t: false,
    });
  });
  return matches;
}

/** Mirror of zxcvbn's getExtras (l33t.ts): maps a match in the unmunged password back. */
function l33tExtras(passwordWithSubs: PasswordWithSubs, i: number, j: number) {
  let iUnsubbed = i;
  let jUnsubbed = j;
  const filtered: { letter: string; substitution: string }[] = [];
  const subDisplay: string[] = [];
  const seenSubs = new Set<string>();
  passwordWithSubs.changes.forEach((change) => {
    if (change.i < i) {
      const diff = change.substitution.length - change.letter.length;
      iUnsubbed += diff;
      jUnsubbed += diff;
    } else if (change.i <= j) {
      jUnsubbed += change.substitution.length - change.letter.length;
      const subKey = `${change.letter}-${change.substitution}`;
      if (!seenSubs.has(subKey)) {
        seenSubs.add(subKey);
        filtered.push({ letter: change.letter, substitution: change.substitution });
        subDisplay.push(`${change.substitution} -> ${change.letter}`);
      }
    }
  });
  return { i: iUnsubbed, j: jUnsubbed, subs: filtered, subDisplay: subDisplay.join(', ') };
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

interface PreparedVariant {
  subbed: PasswordWithSubs;
  lower: string;
  ascii: boolean;
  /** Offset of this variant's rows in `L33tVariants.layout`. */
  at: number;
}

/**
 * The l33t variants of a password, prepared on first use. One check asks twice (the dictionary
 * matcher, then the word-sequence matcher's), so the last password's are kept, per factory (its
 * Options hold the l33t table and limit). getCleanPasswords is pure: same input, same variants.
 *
 * `layout` holds three rows of `stride` integers per variant (one allocation for all of them):
 * - shift (at): what zxcvbn's getExtras adds to an index for the changes before x, so a span
 *   [i, j] maps back to [i + shift[i], j + shift[j + 1]] in the typed password;
 * - minEnd (at + stride): the first changed position ≥ i (n if none): [i, j] holds a
 *   substitution iff j ≥ minEnd[i];
 * - scanFrom (at + 2 × stride): what the scan must report, see indexedL33tMatch.
 */
interface L33tVariants {
  password: string;
  count: number;
  stride: number;
  layout: Int32Array;
  get(v: number): PreparedVariant;
}

/** Per factory (one zxcvbn Options): the last password's variants. */
interface VariantMemo {
  last: L33tVariants | null;
}

function l33tVariants(options: ZxcvbnOptions, password: string, memo: VariantMemo): L33tVariants {
  if (memo.last && memo.last.password === password) return memo.last;
  const subbed = getCleanPasswords(password, options.l33tMaxSubstitutions, options.trieNodeRoot);
  // Unmunging never lengthens (a letter replaces one or more characters).
  const stride = password.length + 2;
  const layout = new Int32Array(subbed.length * 3 * stride);
  const prepared: PreparedVariant[] = [];
  const prepare = (v: number): PreparedVariant => {
    const variant = subbed[v] as PasswordWithSubs;
    const text = variant.password;
    const n = text.length;
    const at = v * 3 * stride;
    const minEnd = at + stride;
    const scanFrom = at + 2 * stride;
    layout.fill(n, minEnd, minEnd + n + 1);
    for (const change of variant.changes) {
      // Temporarily keep each position's length difference in the scanFrom row.
      layout[scanFrom + change.i] = (layout[scanFrom + change.i] as number) + change.substitution.length - change.letter.length;
      layout[minEnd + change.i] = change.i;
    }
    for (let x = 0; x <= n; x += 1) layout[at + x + 1] = (layout[at + x] as number) + (layout[scanFrom + x] as number);
    for (let p = n - 1; p >= 0; p -= 1) {
      if ((layout[minEnd + p + 1] as number) < (layout[minEnd + p] as number)) layout[minEnd + p] = layout[minEnd + p + 1] as number;
    }
    if (variant.changes.length === 0) {
      // Nothing substituted: only the whole variant can matter.
      layout.fill(n, scanFrom, scanFrom + n + 1);
      if (n > 0) layout[scanFrom] = n - 1;
    } else {
      layout.copyWithin(scanFrom, minEnd, minEnd + n + 1);
    }
    return { subbed: variant, lower: text.toLowerCase(), ascii: ASCII_ONLY.test(text), at };
  };
  const entry: L33tVariants = {
    password,
    count: subbed.length,
    stride,
    layout,
    get: (v) => (prepared[v] ??= prepare(v)),
  };
  memo.last = entry;
  return entry;
}

/**
 * Mirror of zxcvbn's MatchL33t.match: dictionary-match each unmunged variant of the password, map
 * hits back, keep those with an actual substitution, once per (i, j, list, word). Same decisions
 * in the same order; we skip work zxcvbn does for hits it then drops:
 * - in an ASCII variant, a span without a substituted position is the typed text itself, so its
 *   token lower-cases to the word and zxcvbn drops it; the scan does not report such spans, except
 *   the whole variant when nothing was substituted (a hit there ends the loop: hasFullMatch);
 *   outside ASCII toLowerCase can depend on context (Greek final sigma), so we compare as zxcvbn;
 * - "already included" is a Set keyed by (i, j, list, rank), tested before building anything.
 */
function indexedL33tMatch(
  index: WordIndexes,
  options: ZxcvbnOptions,
  input: DictionaryMatchInput,
  wordSequenceOnly: boolean,
  memo: VariantMemo,
): L33tMatch[] {
  const matches: L33tMatch[] = [];
  const included = new Set<number | string>();
  const password = input.password;
  const variants = l33tVariants(options, password, memo);
  let hasFullMatch = false;
  for (let v = 0; v < variants.count; v += 1) {
    if (hasFullMatch) break;
    const { subbed: subbedPassword, lower, ascii, at } = variants.get(v);
    const { layout, stride } = variants;
    const minEnd = at + stride;
    // The variant's length, not its lower-case copy's (they differ for 'İ'; see scanWords).
    const n = subbedPassword.password.length;
    scanWords(
      index,
      lower,
      n,
      input.userInputsOptions,
      wordSequenceOnly,
      (i, j, list, rank) => {
        const iUnsubbed = i + (layout[at + i] as number);
        const jUnsubbed = j + (layout[at + j + 1] as number);
        if (!hasFullMatch) hasFullMatch = iUnsubbed === 0 && jUnsubbed === password.length - 1;
        const substituted = (layout[minEnd + i] as number) <= j;
        if (ascii && !substituted) return;
        // (list, rank) names the word: the same key as zxcvbn's (i, j, dictionaryName, matchedWord).
        const key =
          iUnsubbed < 4096 && jUnsubbed < 4096 && rank < 2 ** 20 && list < 62
            ? ((iUnsubbed * 4096 + jUnsubbed) * 64 + (list + 1)) * 2 ** 20 + rank
            : `${iUnsubbed}:${jUnsubbed}:${list}:${rank}`;
        if (included.has(key)) return;
        const usedPassword = lower.slice(i, j + 1);
        const token = password.slice(iUnsubbed, jUnsubbed + 1);
        // Only matches that contain an actual substitution.
        if (token.toLowerCase() === usedPassword) return;
        included.add(key);
        const extras = l33tExtras(subbedPassword, i, j);
        matches.push({
          pattern: 'dictionary',
          i: extras.i,
          j: extras.j,
          token,
          matchedWord: usedPassword,
          rank,
          dictionaryName: listName(index, list),
          reversed: false,
          l33t: true,
          subs: extras.subs,
          subDisplay: extras.subDisplay,
        });
      },
      ascii ? layout : null,
      at + 2 * stride,
    );
  }
  // zxcvbn drops single-character l33t matches ('1' → 'i', '4' → 'a').
  return matches.filter((match) => match.token.length > 1);
}

/** Mirror of zxcvbn's MatchReverse.match. */
function indexedReverseMatch(index: WordIndexes, input: DictionaryMatchInput, wordSequenceOnly: boolean): DictionaryMatch[] {
  const reversed = input.password.split('').reverse().join('');
  const n = input.password.length;
  return indexedDictionaryMatch(index, { ...input, password: reversed }, wordSequenceOnly).map((match) => ({
    ...match,
    token: match.token.split('').reverse().join(''),
    reversed: true,
    i: n - 1 - match.j,
    j: n - 1 - match.i,
  }));
}

interface DictionaryLikeMatcher {
  match(input: DictionaryMatchInput): DictionaryMatch[];
}

function indexedMatchers(index: WordIndexes, memo: VariantMemo): Record<string, Matcher> {
  // zxcvbn's optimal-sequence search calls estimateGuesses(match) once per match AND candidate
  // sequence length, and its "cache it" test (`guesses` already set) never hits because it
  // returns a copy. We return the matches already estimated, by the same function with the same
  // password, so the search finds `guesses` set: same numbers and objects, computed once.
  const estimated = (options: ZxcvbnOptions, password: string, matches: MatchExtended[]) =>
    matches.map((match) => estimateGuesses(options, match, password));
  class IndexedDictionary extends MatcherBaseClass {
    match(input: MatchOptions) {
      return estimated(this.options, input.password, indexedDictionaryMatch(index, input, false));
    }
  }
  class IndexedL33t extends MatcherBaseClass {
    match(input: MatchOptions) {
      return estimated(this.options, input.password, indexedL33tMatch(index, this.options, input, false, memo));
    }
  }
  class IndexedReverse extends MatcherBaseClass {
    match(input: MatchOptions) {
      return estimated(this.options, input.password, indexedReverseMatch(index, input, false));
    }
  }
  // zxcvbn's word-sequence matcher ("onetwothree") runs its own dictionary, l33t and reverse
  // matchers restricted to the word-sequence lists; we keep its logic and swap those three.
  class IndexedWordSequence extends MatchWordSequence {
    constructor(options: ZxcvbnOptions) {
      super(options);
      const restricted = (run: (input: DictionaryMatchInput) => DictionaryMatch[]): DictionaryLikeMatcher => ({ match: run });
      const self = this as unknown as Record<'dictionary' | 'dictionaryL33t' | 'dictionaryReverse', DictionaryLikeMatcher>;
      self.dictionary = restricted((input) => indexedDictionaryMatch(index, input, true));
      self.dictionaryL33t = restricted((input) => indexedL33tMatch(index, options, input, true, memo));
      self.dictionaryReverse = restricted((input) => indexedReverseMatch(index, input, true));
    }
  }
  // Scoring and feedback are looked up by match PATTERN ('dictionary', 'wordSequence'), where the
  // built-ins take precedence for scoring; we hand back zxcvbn's own functions so feedback is
  // unchanged too. The l33t/reverse keys never name a pattern; they need valid functions only.
  const dictionary = { scoring: dictionaryScoring, feedback: dictionaryFeedback };
  return {
    dictionary: { ...dictionary, Matching: IndexedDictionary },
    dictionaryL33t: { ...dictionary, Matching: IndexedL33t },
    dictionaryReverse: { ...dictionary, Matching: IndexedReverse },
    wordSequence: { scoring: wordSequenceScoring, feedback: wordSequenceFeedback, Matching: IndexedWordSequence },
  } as Record<string, Matcher>;
}
