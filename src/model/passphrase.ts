/**
 * Suggested passphrases: random words from a list, joined by a separator, one word capitalised and
 * one digit added so that the provider's default policy (lowercase + uppercase + digit) accepts it.
 *
 * PURE: randomness is injected. In the page, pass
 *   `random: (n) => crypto.getRandomValues(new Uint32Array(n))`
 * (never Math.random: it is not a cryptographic generator). Indexes are drawn by rejection
 * sampling, so every word is exactly equally likely whatever the list size.
 */

export interface PassphraseOptions {
  /** Distinct words, e.g. `PASSPHRASE_WORDS.fr`. */
  words: readonly string[];
  /** Number of words (default 4, at least 2). */
  count?: number;
  /** Between words (default '-'). */
  separator?: string;
  /** Returns n uniformly random 32-bit values (crypto.getRandomValues). */
  random: (n: number) => Uint32Array;
  /** Words are added beyond `count` until the phrase has at least this many characters (code
   * points), so the strictest length rule in force (the organisation's or the webmail's) passes. */
  minLength?: number;
}

/** More words than this is not a passphrase anyone types; no policy asks for that much. */
export const MAX_PASSPHRASE_WORD_COUNT = 16;

export const DEFAULT_PASSPHRASE_WORD_COUNT = 4;

/** Draws beyond this many without success mean the random source is broken (p < 2^-1000 for a
 * working one, since each draw is accepted with probability > 1/2). */
const MAX_DRAWS = 1000;

/** A uniform integer in [0, bound), bound ≤ 2^32: rejection sampling on 32-bit values, because
 * `value % bound` would favour the low indexes whenever bound does not divide 2^32. */
export function uniformIndex(bound: number, random: (n: number) => Uint32Array): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
  // The largest multiple of bound that fits in 32 bits; values at or above it are rejected.
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (let draws = 0; draws < MAX_DRAWS;) {
    const values = random(8);
    for (const value of values) {
      draws += 1;
      if (value < limit) return value % bound;
    }
    if (values.length === 0) break;
  }
  throw new Error('random source returned no usable value');
}

export function generatePassphrase({
  words,
  count = DEFAULT_PASSPHRASE_WORD_COUNT,
  separator = '-',
  random,
  minLength = 0,
}: PassphraseOptions): string {
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`count must be an integer ≥ 2, got ${count}`);
  if (words.length < count) throw new RangeError(`need at least ${count} words, got ${words.length}`);

  // Distinct words: a repeated word is a "repeat" to zxcvbn and worth much less.
  const pool = [...words];
  const chosen: string[] = [];
  // The digit added below and the separators count towards the length.
  const length = () => chosen.reduce((sum, word) => sum + [...word].length, 0) + Math.max(0, chosen.length - 1) * [...separator].length + 1;
  while (chosen.length < count || (length() < minLength && chosen.length < MAX_PASSPHRASE_WORD_COUNT && pool.length > 0)) {
    const at = uniformIndex(pool.length, random);
    chosen.push(pool[at] as string);
    pool[at] = pool[pool.length - 1] as string;
    pool.pop();
  }

  const capital = uniformIndex(chosen.length, random);
  chosen[capital] = capitalise(chosen[capital] as string);
  const digitWord = uniformIndex(chosen.length, random);
  chosen[digitWord] = `${chosen[digitWord] as string}${uniformIndex(10, random)}`;
  return chosen.join(separator);
}

function capitalise(word: string): string {
  const [first = '', ...rest] = word;
  return first.toUpperCase() + rest.join('');
}

/**
 * Entropy in bits of `generatePassphrase` output for a list of `listSize` distinct words:
 * the ordered choice of `count` distinct words, which word is capitalised, which word takes the
 * digit, and the digit.
 */
export function passphraseEntropyBits(listSize: number, count: number = DEFAULT_PASSPHRASE_WORD_COUNT): number {
  let bits = 0;
  for (let k = 0; k < count; k += 1) bits += Math.log2(listSize - k);
  return bits + 2 * Math.log2(count) + Math.log2(10);
}
