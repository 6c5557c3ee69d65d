import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/strength/corpus.ts';
import { DEFAULT_PASSWORD_POLICY, evaluatePassword } from '../../src/model/password-policy.ts';
import { generatePassphrase, passphraseEntropyBits, uniformIndex } from '../../src/model/passphrase.ts';
import { PASSPHRASE_WORDS } from '../../src/model/passphrase-words.ts';
import type { StrengthEstimator } from '../../src/strength/estimator.ts';
import { strengthWordMeta } from '../../src/strength/dictionaries.ts';
import { SortedWordIndex } from '../../src/strength/estimator.ts';
import { testStrengthEstimator } from '../helpers/strength-words.ts';

/** What the page passes: the browser's CSPRNG. */
const cryptoRandom = (n: number) => webcrypto.getRandomValues(new Uint32Array(n));

/** Reproducible 32-bit values, for tests that must not flake. */
function seeded(seed: number) {
  const next = seededRandom(seed);
  return (n: number) => Uint32Array.from({ length: n }, () => Math.floor(next() * 2 ** 32));
}

/** A random source that returns the given values in order (then zeros). */
function scripted(values: number[]) {
  const queue = [...values];
  return (n: number) => Uint32Array.from({ length: n }, () => queue.shift() ?? 0);
}

let estimator: StrengthEstimator;
beforeAll(() => {
  estimator = testStrengthEstimator();
}, 60_000);

describe('uniformIndex', () => {
  it('rejects the values that would bias the modulo', () => {
    // 2^32 mod 1000 = 296: values ≥ 2^32 − 296 are rejected, the next one is used.
    const limit = 2 ** 32 - 296;
    expect(uniformIndex(1000, scripted([limit, 2 ** 32 - 1, 1234]))).toBe(234);
    expect(uniformIndex(1000, scripted([limit - 1]))).toBe((limit - 1) % 1000);
    // A power of two divides 2^32: nothing is rejected.
    expect(uniformIndex(1024, scripted([2 ** 32 - 1]))).toBe(1023);
  });

  it('is uniform (chi-square over 70 000 draws; seeded so the test cannot flake)', () => {
    const random = seeded(99);
    const bound = 7;
    const counts = new Array<number>(bound).fill(0);
    const draws = 70_000;
    for (let k = 0; k < draws; k += 1) counts[uniformIndex(bound, random)]! += 1;
    const expected = draws / bound;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 6 degrees of freedom: P(χ² > 22.46) = 0.001.
    expect(chi2).toBeLessThan(22.46);
  });

  it('refuses a broken random source and bad bounds', () => {
    expect(() => uniformIndex(3, () => new Uint32Array(8).fill(2 ** 32 - 1))).toThrow(/random source/);
    expect(() => uniformIndex(3, () => new Uint32Array(0))).toThrow(/random source/);
    expect(() => uniformIndex(0, cryptoRandom)).toThrow(RangeError);
    expect(() => uniformIndex(1.5, cryptoRandom)).toThrow(RangeError);
  });
});

describe('generatePassphrase', () => {
  it('joins distinct words, one capitalised, one with a digit', () => {
    const words = ['alpha', 'bravo', 'carlo', 'dingo', 'ecole'];
    for (let seed = 1; seed <= 50; seed += 1) {
      const passphrase = generatePassphrase({ words, count: 4, random: seeded(seed) });
      const parts = passphrase.split('-');
      expect(parts).toHaveLength(4);
      const bare = parts.map((p) => p.replace(/\d$/, '').toLowerCase());
      expect(new Set(bare).size).toBe(4);
      for (const w of bare) expect(words).toContain(w);
      expect(parts.filter((p) => /^[A-Z]/.test(p))).toHaveLength(1);
      expect(passphrase.match(/\d/g)).toHaveLength(1);
    }
  });

  it('uses the separator and count asked for', () => {
    const passphrase = generatePassphrase({ words: PASSPHRASE_WORDS.en, count: 6, separator: ' ', random: cryptoRandom });
    expect(passphrase.split(' ')).toHaveLength(6);
  });

  it('refuses impossible requests', () => {
    expect(() => generatePassphrase({ words: ['a', 'b'], count: 3, random: cryptoRandom })).toThrow(RangeError);
    expect(() => generatePassphrase({ words: PASSPHRASE_WORDS.fr, count: 1, random: cryptoRandom })).toThrow(RangeError);
  });

  it.each(['fr', 'en'] as const)('passes the default policy, estimator included (%s, 300 suggestions)', (language) => {
    const scores: number[] = [];
    for (let seed = 1; seed <= 300; seed += 1) {
      const passphrase = generatePassphrase({ words: PASSPHRASE_WORDS[language], random: seeded(seed) });
      const strength = estimator.check(passphrase);
      const verdict = evaluatePassword(passphrase, {
        policy: DEFAULT_PASSWORD_POLICY,
        strength,
        contextWords: [],
        confirmation: passphrase,
      });
      expect(
        verdict.rules.filter((r) => !r.ok).map((r) => r.id),
        passphrase,
      ).toEqual([]);
      scores.push(strength.score);
    }
    expect(Math.min(...scores)).toBe(4);
  });
});

describe('word lists', () => {
  const wordSequenceLists = [...SortedWordIndex.fromText(strengthWordMeta.wordSequence, strengthWordMeta.rankBits).entries()].map(
    (e) => e.word,
  );

  it.each(['fr', 'en'] as const)('%s: ~1 000 distinct, easy words, none from a zxcvbn word-sequence list', (language) => {
    const words = PASSPHRASE_WORDS[language];
    expect(words.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(words).size).toBe(words.length);
    for (const w of words) expect(w).toMatch(/^[a-z]{4,8}$/);
    // "lundi-mardi" or "four" would count as one guess to zxcvbn's word-sequence matcher.
    expect(words.filter((w) => wordSequenceLists.includes(w))).toEqual([]);
  });

  it('gives ≈ 47 bits for four words', () => {
    const fr = passphraseEntropyBits(PASSPHRASE_WORDS.fr.length, 4);
    const en = passphraseEntropyBits(PASSPHRASE_WORDS.en.length, 4);
    // 4 distinct words of ~1 050–1 170, capital position (2 bits), digit position (2 bits), digit.
    expect(fr).toBeGreaterThan(45);
    expect(en).toBeGreaterThan(45);
    expect(passphraseEntropyBits(1024, 1)).toBeCloseTo(10 + Math.log2(10), 10);
  });
});
