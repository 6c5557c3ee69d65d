/**
 * Password strength estimate, built on @zxcvbn-ts/core 4 (`ZxcvbnFactory`).
 *
 * PURE: no DOM, no browser API, no i18n. The heavy word lists are NOT imported here: the caller
 * passes them in (see `strength-dictionaries.ts`, the lazily loaded chunk).
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
 * 1. One index for all lists (`WordIndex`): a hash table in typed arrays (word → its (list, rank)
 *    pairs, in list order) and a filter of the hashes of every word prefix. The dictionary,
 *    l33t, reverse and word-sequence matchers are replaced by mirrors of zxcvbn's code that
 *    extend a substring one character at a time with a rolling hash and stop as soon as no word
 *    starts with it, and compare candidates in place, without slicing.
 * 2. In the l33t matcher, spans of a variant that contain no substitution are not even reported
 *    (zxcvbn finds them and drops them), variants are computed once per check instead of twice,
 *    and "already included" is a Set lookup instead of an array scan.
 * 3. Our matches come already estimated (zxcvbn's own estimateGuesses), because zxcvbn's
 *    optimal-sequence search re-estimates a match for every candidate sequence length.
 * 4. The index reads the lists' JSON text in place: no 316 k strings to decompress or allocate.
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

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

/**
 * A word list, most common first: an array (as the @zxcvbn-ts/language-* packages export them),
 * or the TEXT of a JSON array of strings (their `src/*.json` files). The index reads the text in
 * place; the arrays cost ~300 ms to decompress and 316 k strings to allocate (see
 * strength-dictionaries.ts).
 */
export type WordList = readonly (string | number)[] | { readonly json: string };

/** Word lists by zxcvbn dictionary name (`'commonWords-fr'`); key order is zxcvbn's order. */
export type StrengthDictionary = Readonly<Record<string, WordList>>;

export interface StrengthEstimatorOptions {
  /** Word lists; their key order is zxcvbn's dictionary order (it decides ties). */
  dictionary: StrengthDictionary;
  /** Keyboard adjacency graphs (`adjacencyGraphs` from @zxcvbn-ts/language-common). */
  graphs: OptionsGraph;
  /**
   * 'indexed' (default): our word index (fast start, fast checks, same results).
   * 'reference': stock zxcvbn-ts at default options with the same lists. Tests and the bench use it
   * as the yardstick; nothing else should.
   */
  engine?: 'indexed' | 'reference';
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

/**
 * Why a part of the password is guessable, in the vocabulary of the policy's reasons.
 * - dictionary: a word of a list (`dictionary` names the list, `language` its origin)
 * - keyboard: a keyboard walk (`graph`: 'azerty', 'qwerty', 'qwertz', 'dvorak', 'keypad', …);
 *   also used for a dictionary word that is itself a keyboard walk ("azerty" is in the common
 *   password list, but "keyboard pattern" is the more useful explanation)
 * - year / date / sequence ('abc', '123', 'one two three') / repeat
 * - userInput: one of the context words or blocklist entries passed to `check()`
 */
export type StrengthFindingKind =
  | 'dictionary'
  | 'keyboard'
  | 'year'
  | 'date'
  | 'sequence'
  | 'repeat'
  | 'userInput';

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

/** `forget()` drops what the factory remembers of the last password (its l33t variants). */
function buildFactory(options: StrengthEstimatorOptions): { factory: ZxcvbnFactory; forget: () => void } {
  const tuning = {
    ...(options.l33tMaxSubstitutions === undefined ? {} : { l33tMaxSubstitutions: options.l33tMaxSubstitutions }),
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
  };
  if (options.engine === 'reference') {
    const factory = new ZxcvbnFactory({ dictionary: toWordArrays(options.dictionary), graphs: options.graphs, ...tuning });
    return { factory, forget: () => {} };
  }
  const index = new WordIndex(options.dictionary);
  const memo: VariantMemo = { last: null };
  // No `dictionary` option: zxcvbn would build its 316 k-entry ranked objects, which nothing reads
  // once our matchers replace the four that do. Custom matchers registered under a built-in name
  // replace it in place (Matching's constructor assigns them over the built-ins, keeping order).
  const factory = new ZxcvbnFactory({ graphs: options.graphs, ...tuning }, indexedMatchers(index, memo));
  return { factory, forget: () => (memo.last = null) };
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
// Word index: one hash table for all lists, plus a prefix filter
// ---------------------------------------------------------------------------------------------

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Final mix (murmur3 fmix32) so the table and the filter use well-spread bits of FNV-1a. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** Same test as zxcvbn's `Options.isWordSequence`: these lists also feed its wordSequence matcher. */
const WORD_SEQUENCE_LISTS = [
  'cardinalNumbers', 'ordinalNumbers', 'daysOfWeek', 'months', 'seasons', 'timePeriods',
  'rainbowColors', 'directions', 'intermediateDirections', 'sizeProgression', 'militaryAlphabet',
  'planets', 'zodiacSigns', 'chineseZodiac',
];
function isWordSequenceList(name: string): boolean {
  return WORD_SEQUENCE_LISTS.some((list) => name === list || name.startsWith(`${list}-`));
}

// 2^24 bits (2 MB) for ~1.2 M distinct prefixes: ~7 % false positives, which only cost an
// extra step (a false positive never hides a word: the filter has no false negatives).
const PREFIX_BITS_LOG2 = 24;
/** Multiplicative (Fibonacci) hashing: the top bits of h × 2^32/φ pick a filter bit. One multiply,
 * because the filter is written 3 M times at start-up. */
const PREFIX_MULTIPLIER = 0x9e3779b1 | 0;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * All word lists in one hash table. Each entry is one (list, word) pair with its rank; entries of
 * the same word are chained in list order. The word text is not copied: an entry points into the
 * list's JSON text (offset, length) or, for array lists, at `list[rank - 1]`.
 */
export class WordIndex {
  readonly names: string[];
  readonly isWordSequence: boolean[];
  /** Longest word per list, as zxcvbn's `rankedDictionariesMaxWordSize`. */
  readonly maxWordSize: number[];
  readonly maxWidthAll: number;
  readonly maxWidthWordSequence: number;

  private readonly arrays: (string[] | null)[];
  private readonly texts: (string | null)[];
  /** Words that needed JSON unescaping (none in zxcvbn-ts 4.2's lists), by entry. */
  private readonly decoded = new Map<number, string>();
  private readonly bucketMask: number;
  private readonly heads: Int32Array;
  private readonly entryHash: Int32Array;
  private readonly entryList: Int32Array;
  private readonly entryRank: Int32Array;
  private readonly entryNext: Int32Array;
  private readonly entryOffset: Int32Array;
  private readonly entryLength: Int32Array;
  private entryCount = 0;
  private readonly prefixBits = new Int32Array(1 << (PREFIX_BITS_LOG2 - 5));
  /** Exact prefix hashes of the (few hundred) word-sequence words: the word-sequence matcher
   * scans every l33t variant again, and should stop at once where no such word starts. */
  private readonly wordSequencePrefixes = new Set<number>();

  constructor(dictionary: StrengthDictionary) {
    this.names = Object.keys(dictionary);
    const sources = this.names.map((name) => dictionary[name] as WordList);
    // zxcvbn keys its ranked dictionaries by String(word) (lists may hold numbers).
    this.arrays = sources.map((src) => (isJsonList(src) ? null : src.map((w) => String(w))));
    this.texts = sources.map((src) => (isJsonList(src) ? src.json : null));
    this.isWordSequence = this.names.map(isWordSequenceList);
    this.maxWordSize = this.names.map(() => 0);

    // Upper bound on the number of words: array lengths, or the commas of a JSON text.
    const capacity = sources.reduce((n, src) => n + (isJsonList(src) ? countCommas(src.json) + 1 : src.length), 0);
    let buckets = 1024;
    while (buckets < capacity * 2) buckets *= 2;
    this.bucketMask = buckets - 1;
    this.heads = new Int32Array(buckets).fill(-1);
    this.entryHash = new Int32Array(capacity);
    this.entryList = new Int32Array(capacity);
    this.entryRank = new Int32Array(capacity);
    this.entryNext = new Int32Array(capacity);
    this.entryOffset = new Int32Array(capacity);
    this.entryLength = new Int32Array(capacity);

    for (let d = 0; d < sources.length; d += 1) {
      const text = this.texts[d];
      if (text !== null && text !== undefined) this.addJsonList(d, text);
      else this.addArrayList(d, this.arrays[d] as string[]);
    }
    this.maxWidthAll = Math.max(0, ...this.maxWordSize);
    this.maxWidthWordSequence = Math.max(0, ...this.maxWordSize.filter((_, d) => this.isWordSequence[d]));
  }

  private addArrayList(d: number, list: string[]): void {
    for (let r = 0; r < list.length; r += 1) {
      const word = list[r] as string;
      if (word.length > (this.maxWordSize[d] as number)) this.maxWordSize[d] = word.length;
      // `result['__proto__'] = n` in zxcvbn sets the prototype and stores nothing.
      if (word === '__proto__') continue;
      this.insert(this.hashWithPrefixes(word, 0, word.length, this.isWordSequence[d] === true), d, r + 1, -1, word.length, null);
    }
  }

  /**
   * Reads `["w1","w2",…]` in place: no array, no 300 k strings, one pass over the text that finds
   * each word's end, hashes it and marks its prefixes at once. This runs once, cold (before the
   * JIT has warmed up), over 3.2 M characters: it is the estimator's start-up time, so the loop is
   * kept flat (no call per character).
   */
  private addJsonList(d: number, text: string): void {
    const bits = this.prefixBits;
    const wordSequence = this.isWordSequence[d] === true;
    let maxWordSize = 0;
    let pos = text.indexOf('[') + 1;
    let rank = 0;
    const n = text.length;
    for (;;) {
      let c = text.charCodeAt(pos);
      // Skip whitespace and commas between elements.
      while (pos < n && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c)) c = text.charCodeAt(++pos);
      if (pos >= n || c === 0x5d /* ] */) break;
      if (c !== QUOTE) throw new Error(`word list ${this.names[d]}: only strings are supported`);
      rank += 1;
      const start = pos + 1;
      let end = start;
      let escaped = false;
      let h = FNV_OFFSET;
      while (end < n && (c = text.charCodeAt(end)) !== QUOTE) {
        if (c === BACKSLASH) {
          escaped = true;
          end += 2;
          continue;
        }
        h = Math.imul(h ^ c, FNV_PRIME);
        const bit = Math.imul(h, PREFIX_MULTIPLIER) >>> (32 - PREFIX_BITS_LOG2);
        bits[bit >>> 5]! |= 1 << (bit & 31);
        if (wordSequence) this.wordSequencePrefixes.add(h);
        end += 1;
      }
      pos = end + 1;
      if (!escaped) {
        const length = end - start;
        if (length > maxWordSize) maxWordSize = length;
        // `result['__proto__'] = n` in zxcvbn sets the prototype and stores nothing.
        if (length === 9 && text.startsWith('__proto__', start)) continue;
        this.insert(h, d, rank, start, length, null);
      } else {
        // Never happens in zxcvbn-ts 4.2's lists; done right anyway. (The prefixes marked while
        // scanning the escaped form are extra: harmless false positives.)
        const word = JSON.parse(text.slice(start - 1, end + 1)) as string;
        if (word.length > maxWordSize) maxWordSize = word.length;
        if (word === '__proto__') continue;
        this.insert(this.hashWithPrefixes(word, 0, word.length, wordSequence), d, rank, -1, word.length, word);
      }
    }
    this.maxWordSize[d] = maxWordSize;
  }

  /** FNV-1a of text[start, end), marking every prefix in the prefix filter on the way. */
  // eslint-disable-next-line max-params
  private hashWithPrefixes(text: string, start: number, end: number, wordSequence: boolean): number {
    const bits = this.prefixBits;
    let h = FNV_OFFSET;
    for (let k = start; k < end; k += 1) {
      h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
      const bit = Math.imul(h, PREFIX_MULTIPLIER) >>> (32 - PREFIX_BITS_LOG2);
      bits[bit >>> 5]! |= 1 << (bit & 31);
      if (wordSequence) this.wordSequencePrefixes.add(h);
    }
    return h;
  }

  // eslint-disable-next-line max-params
  private insert(hash: number, list: number, rank: number, offset: number, length: number, decoded: string | null): void {
    // Prepend: O(1), no chain walk while loading. Entries are inserted in (list, rank) order, so a
    // chain holds them newest first; `lookup` restores list order and handles duplicates.
    const bucket = mix(hash) & this.bucketMask;
    const e = this.entryCount;
    this.entryCount += 1;
    this.entryHash[e] = hash;
    this.entryList[e] = list;
    this.entryRank[e] = rank;
    this.entryOffset[e] = offset;
    this.entryLength[e] = length;
    if (decoded !== null) this.decoded.set(e, decoded);
    this.entryNext[e] = this.heads[bucket]!;
    this.heads[bucket] = e;
  }

  /** Whether entry e's word is text[start, start + length) (compared in place, no slice). */
  private wordEquals(e: number, text: string, start: number, length: number): boolean {
    if (this.entryLength[e] !== length) return false;
    const list = this.entryList[e]!;
    const offset = this.entryOffset[e]!;
    const source = offset >= 0 ? (this.texts[list] as string) : (this.arrays[list]?.[this.entryRank[e]! - 1] ?? this.decoded.get(e) ?? '');
    const from = offset >= 0 ? offset : 0;
    for (let k = 0; k < length; k += 1) {
      if (source.charCodeAt(from + k) !== text.charCodeAt(start + k)) return false;
    }
    return true;
  }

  /** Whether some word (of the word-sequence lists only, if asked) starts with the text whose
   * FNV-1a is `hash`. The big filter has false positives (harmless); the small one is exact. */
  hasPrefixHash(hash: number, wordSequenceOnly: boolean): boolean {
    if (wordSequenceOnly) return this.wordSequencePrefixes.has(hash);
    const bit = Math.imul(hash, PREFIX_MULTIPLIER) >>> (32 - PREFIX_BITS_LOG2);
    return (this.prefixBits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  private readonly foundEntries: number[] = [];
  /** Results of the last `lookupAt`: (list, rank) pairs. Buffers, so the hot loop allocates
   * nothing; read them before the next call. */
  readonly hitLists: number[] = [];
  readonly hitRanks: number[] = [];

  /**
   * Finds the lists holding the word text[start, start + length) (hash = its FNV-1a) and returns
   * how many; `hitLists[k]`, `hitRanks[k]` give them in list order, as zxcvbn iterates its
   * dictionaries. A word listed twice in one list counts with its LAST rank only, as zxcvbn's
   * buildRankedDictionary overwrites.
   */
  // eslint-disable-next-line max-params
  lookupAt(hash: number, text: string, start: number, length: number, wordSequenceOnly: boolean): number {
    const entries = this.foundEntries;
    entries.length = 0;
    // Chain order is newest first, i.e. descending (list, rank).
    for (let e = this.heads[mix(hash) & this.bucketMask]!; e !== -1; e = this.entryNext[e]!) {
      if (this.entryHash[e] !== hash) continue;
      if (wordSequenceOnly && !this.isWordSequence[this.entryList[e]!]) continue;
      if (this.wordEquals(e, text, start, length)) entries.push(e);
    }
    let count = 0;
    for (let k = entries.length - 1; k >= 0; k -= 1) {
      const e = entries[k]!;
      const list = this.entryList[e]!;
      // The next one (k - 1) is a later entry of the same list: it wins.
      if (k > 0 && this.entryList[entries[k - 1]!] === list) continue;
      this.hitLists[count] = list;
      this.hitRanks[count] = this.entryRank[e]!;
      count += 1;
    }
    return count;
  }
}

function isJsonList(list: WordList): list is { readonly json: string } {
  return !Array.isArray(list);
}

function countCommas(text: string): number {
  let count = 0;
  for (let k = text.indexOf(','); k !== -1; k = text.indexOf(',', k + 1)) count += 1;
  return count;
}

/** Word arrays for zxcvbn itself (the reference engine): parses JSON texts. */
export function toWordArrays(dictionary: StrengthDictionary): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  for (const [name, list] of Object.entries(dictionary)) {
    out[name] = isJsonList(list) ? (JSON.parse(list.json) as (string | number)[]) : [...list];
  }
  return out;
}

export function fnv1a(text: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < text.length; k += 1) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
  return h;
}

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

/** A word found at [i, j]: `list` indexes `WordIndex.names`, or is USER_INPUTS. */
type OnHit = (i: number, j: number, list: number, rank: number) => void;
const USER_INPUTS = -1;

/**
 * The loop of zxcvbn's MatchDictionary.match (without Levenshtein, which we never enable): same
 * (i, j) order, same per-(i, j) dictionary order (our lists in key order, then 'userInputs').
 * Hits go to `onHit` as (list, rank) pairs, without slicing the substring: the l33t matcher drops
 * most of its hits and should not pay for them.
 */
// eslint-disable-next-line max-params
function scanWords(
  index: WordIndex,
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
        const sub = lower.slice(i, j + 1);
        const count = index.lookupAt(fnv1a(sub), sub, 0, sub.length, wordSequenceOnly);
        for (let k = 0; k < count; k += 1) onHit(i, j, index.hitLists[k] as number, index.hitRanks[k] as number);
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
    for (let j = i; j < n; j += 1) {
      const isFullPassword = i === 0 && j === n - 1;
      if (j - i + 1 > maxSearchWidth && !isFullPassword) break;
      h = Math.imul(h ^ lower.charCodeAt(j), FNV_PRIME);
      // No word starts with lower[i..j]: no longer substring from i can be a word either. The
      // filters have no false negatives, so this stop never hides a match.
      if (inLists && !index.hasPrefixHash(h, wordSequenceOnly)) inLists = false;
      if (inUser && !(userPrefixes as Set<number>).has(h)) inUser = false;
      if (!inLists && !inUser) break;
      if (j < jMin) continue;
      if (inLists) {
        const count = index.lookupAt(h, lower, i, j - i + 1, wordSequenceOnly);
        for (let k = 0; k < count; k += 1) onHit(i, j, index.hitLists[k] as number, index.hitRanks[k] as number);
      }
      if (inUser) userHit(i, j, isFullPassword);
    }
  }
}

const listName = (index: WordIndex, list: number) => (list === USER_INPUTS ? 'userInputs' : (index.names[list] as string));

/** Mirror of zxcvbn's MatchDictionary.match. */
function indexedDictionaryMatch(
  index: WordIndex,
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
// eslint-disable-next-line max-params
function indexedL33tMatch(
  index: WordIndex,
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
    scanWords(index, lower, n, input.userInputsOptions, wordSequenceOnly, (i, j, list, rank) => {
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
    }, ascii ? layout : null, at + 2 * stride);
  }
  // zxcvbn drops single-character l33t matches ('1' → 'i', '4' → 'a').
  return matches.filter((match) => match.token.length > 1);
}

/** Mirror of zxcvbn's MatchReverse.match. */
function indexedReverseMatch(index: WordIndex, input: DictionaryMatchInput, wordSequenceOnly: boolean): DictionaryMatch[] {
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

function indexedMatchers(index: WordIndex, memo: VariantMemo): Record<string, Matcher> {
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
