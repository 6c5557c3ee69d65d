import fc from 'fast-check';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as enDictionary } from '@zxcvbn-ts/language-en';
import { dictionary as frDictionary } from '@zxcvbn-ts/language-fr';
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStrengthCorpus, CORPUS_USER_INPUTS, type CorpusEntry } from '../../src/strength/corpus.ts';
import { DEFAULT_PASSWORD_POLICY, evaluatePassword } from '../../src/model/password-policy.ts';
import { PASSPHRASE_WORDS } from '../../src/model/passphrase-words.ts';
import {
  createFactory,
  createStrengthEstimator,
  keyboardWalkGraph,
  toStrengthResult,
  WordCursor,
  WordIndexes,
  type StrengthEstimator,
  type StrengthResult,
} from '../../src/strength/estimator.ts';
import { strengthGraphs } from '../../src/strength/dictionaries.ts';
import { gzipColumns } from '../../src/strength/build/word-lists.ts';
import { gunzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { testStrengthEstimatorOptions } from '../helpers/strength-words.ts';

const strengthEstimatorOptions = testStrengthEstimatorOptions();
const strengthWords = strengthEstimatorOptions.words;

/** The lists as the packages' index modules export them (the documented zxcvbn-ts set-up). */
const packages = { ...commonDictionary, ...enDictionary, ...frDictionary };

// The reference engine builds zxcvbn's ranked dictionaries (~0.3 s) and is slow on long inputs
// (up to seconds per check): generous timeouts.
const SLOW = 300_000;

let indexed: ZxcvbnFactory;
let reference: ZxcvbnFactory;
let estimator: StrengthEstimator;
let corpus: CorpusEntry[];

beforeAll(() => {
  indexed = createFactory(strengthEstimatorOptions);
  reference = createFactory({ graphs: strengthGraphs, engine: 'reference', lists: packages });
  estimator = createStrengthEstimator(strengthEstimatorOptions);
  corpus = buildStrengthCorpus({
    passwords: packages['passwords-common'].map(String),
    frenchWords: packages['commonWords-fr'].map(String),
    diceware: packages['diceware-common'].map(String),
    passphraseWords: [...PASSPHRASE_WORDS.fr, ...PASSPHRASE_WORDS.en],
  });
}, SLOW);

/** Everything zxcvbn returns except its timing. */
function comparable(result: ZxcvbnResult) {
  const { calcTime: _ignored, ...rest } = result;
  return rest;
}

function findingsOf(result: StrengthResult) {
  return result.findings.map(({ kind, dictionary, language, graph }) => ({ kind, dictionary, language, graph }));
}

describe('word lists', () => {
  it(
    'are the zxcvbn-ts packages’ lists: same names and order, every word, with the ranks that can decide a result',
    () => {
      expect(strengthWords.names).toEqual(Object.keys(packages));
      // What zxcvbn's buildRankedDictionary makes of each list: word → rank (the last one of a
      // word listed twice), keys by String(word), '__proto__' stores nothing.
      const expected = strengthWords.names.map((name) => {
        const ranked = new Map<string, number>();
        packages[name as keyof typeof packages].forEach((word, r) => {
          if (String(word) !== '__proto__') ranked.set(String(word), r + 1);
        });
        return ranked;
      });
      // word → its (list, rank) pairs in the index, in the order the index gives them.
      const ours = new Map<string, [number, number][]>();
      const parts = WordIndexes.parts(strengthWords);
      for (const { word, list, rank } of [...parts.latin1.entries(), ...parts.wide.entries()]) {
        const pairs = ours.get(word) ?? [];
        pairs.push([list, rank]);
        ours.set(word, pairs);
      }
      // Every word of every list is there, and keeps the pairs that can decide a match: zxcvbn's
      // guesses for the same token are rank × the same variations, floored at 1, 10 or 50 (its
      // MIN_SUBMATCH_GUESSES_*), and its search keeps the first of equal guesses, so only the lowest
      // rank (first list among equals) and ranks of at most 50 can ever win.
      const words = new Set(expected.flatMap((ranked) => [...ranked.keys()]));
      expect(ours.size).toBe(words.size);
      let dropped = 0;
      const wrong: string[] = [];
      for (const word of words) {
        const all = expected.flatMap((ranked, d): [number, number][] => (ranked.has(word) ? [[d, ranked.get(word) as number]] : []));
        const lowest = Math.min(...all.map(([, rank]) => rank));
        const firstLowest = all.findIndex(([, rank]) => rank === lowest);
        const deciding = all.filter(([, rank], k) => k === firstLowest || rank <= 50);
        dropped += all.length - deciding.length;
        if (JSON.stringify(ours.get(word)) !== JSON.stringify(deciding))
          wrong.push(`${word}: ${JSON.stringify(ours.get(word))}, expected ${JSON.stringify(deciding)}`);
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(dropped).toBeGreaterThan(50_000);
      strengthWords.names.forEach((name, d) => {
        const longest = Math.max(...packages[name as keyof typeof packages].map((w) => String(w).length));
        expect(strengthWords.maxWordSize[d], name).toBe(longest);
      });
      // The word-sequence text holds exactly the word-sequence lists' entries, all of them (that
      // matcher names a sequence after its words' most common list).
      const sequenceEntries = [...WordIndexes.parts(strengthWords).wordSequence.entries()];
      const sequenceExpected = expected.flatMap((ranked, d) =>
        strengthWords.isWordSequence[d] ? [...ranked].map(([word, rank]) => ({ word, list: d, rank })) : [],
      );
      const byWordThenList = (x: { word: string; list: number }, y: { word: string; list: number }) =>
        x.word < y.word ? -1 : x.word > y.word ? 1 : x.list - y.list;
      expect(sequenceEntries).toEqual(sequenceExpected.sort(byWordThenList));
    },
    SLOW,
  );

  it('are shipped as one gzip file whose incompressible part is stored as it is', () => {
    for (const [head, tail] of [
      [Buffer.from('azerty\tpassword\t'.repeat(5000)), randomBytes(200_000)],
      [Buffer.from('soleil\t'), Buffer.alloc(0)],
      [Buffer.alloc(0), randomBytes(0xffff)],
    ] as const) {
      const file = gzipColumns(head, tail);
      expect(gunzipSync(file).equals(Buffer.concat([head, tail]))).toBe(true);
      // Stored: the tail's bytes are in the file verbatim (five header bytes every 65,535).
      if (tail.length > 10) expect(file.includes(tail.subarray(0, 0xffff))).toBe(true);
      expect(file.length).toBeLessThan(head.length / 2 + tail.length + 100);
    }
  });

  it('are searched by prefix: a word, a prefix of words only, and nothing', () => {
    const index = WordIndexes.parts(strengthWords).latin1;
    const passwords = strengthWords.names.indexOf('passwords-common');
    const count = index.lookup('azerty');
    const lists = index.hitLists.slice(0, count);
    expect(lists).toContain(passwords);
    expect(index.hitRanks[lists.indexOf(passwords)]).toBe(packages['passwords-common'].indexOf('azerty') + 1);
    // A prefix of a word is found as a word only where some list holds it, with that list's rank.
    // ('aze' is in no list, 'azer' in two, 'azert' in one: each only a prefix of 'azerty' otherwise.)
    for (const prefix of ['aze', 'azer', 'azert']) {
      const holding = Object.entries(packages).filter(([, list]) => list.map(String).includes(prefix));
      const count = index.lookup(prefix);
      expect(count > 0, prefix).toBe(holding.length > 0);
      for (let k = 0; k < count; k += 1) {
        const [, list] = holding.find(([name]) => name === strengthWords.names[index.hitLists[k]!]) ?? [];
        expect(list?.map(String).lastIndexOf(prefix), prefix).toBe(index.hitRanks[k]! - 1);
      }
    }
    index.reset();
    expect(index.narrow(0, 'z'.charCodeAt(0))).toBe(true);
    expect(index.narrow(1, 'q'.charCodeAt(0))).toBe(true);
    expect(index.narrow(2, 0x1f600 & 0xffff)).toBe(false);
    expect(index.lookup('')).toBe(0);
    expect(index.lookup('qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq')).toBe(0);
  });

  it('are narrowed through remembered prefixes to the very ranges the indexes search, also once the trie is full and starts over', () => {
    const parts = WordIndexes.parts(strengthWords);
    const cursor = new WordCursor(parts.latin1, parts.wide);
    const searched = (word: string) => {
      // The indexes' own binary searches, no memory: the Latin-1 lines, then the wide ones.
      for (const index of [parts.latin1, parts.wide]) {
        const count = index.lookup(word);
        if (count > 0) return Array.from({ length: count }, (_, k) => [index.hitLists[k], index.hitRanks[k]]);
      }
      return [];
    };
    const remembered = (word: string) => {
      const count = cursor.lookup(word);
      return Array.from({ length: count }, (_, k) => [cursor.hitLists[k], cursor.hitRanks[k]]);
    };
    // Words, their prefixes and near misses, wide ones included, enough to fill the trie twice.
    const words = [...parts.latin1.entries()].filter((_, k) => k % 7 === 0).map((e) => e.word);
    const wide = [...parts.wide.entries()].map((e) => e.word);
    const probes = [...wide, ...words.slice(0, 40_000)].flatMap((w) => [w, w.slice(0, -1), `${w}é`, w.slice(1)]);
    let full = false;
    for (const word of probes) {
      expect(remembered(word), word).toEqual(searched(word));
      full ||= cursor.remembered === WordCursor.MAX_NODES;
    }
    expect(full).toBe(true);
    expect(cursor.remembered).toBeLessThan(WordCursor.MAX_NODES);
    // Twice: now from the remembered nodes.
    for (const word of probes.slice(0, 2000)) expect(remembered(word), word).toEqual(searched(word));
    cursor.forget();
    expect(cursor.remembered).toBe(1);
  });

  it('include an AZERTY keyboard graph, named "azerty", from @zxcvbn-ts/language-common', () => {
    expect(Object.keys(strengthGraphs)).toEqual(Object.keys(adjacencyGraphs));
    expect(Object.keys(strengthGraphs)).toContain('azerty');
    // On AZERTY, A is next to Z (it is not on QWERTY's top row).
    expect(strengthGraphs.azerty?.['a']?.some((keys) => keys?.includes('z'))).toBe(true);
  });
});

describe('indexed engine = zxcvbn-ts at default options', () => {
  it(
    'gives the same result (score, guesses, match sequence, feedback) and verdict on the corpus',
    () => {
      expect(corpus.length).toBeGreaterThanOrEqual(200);
      const lengths = corpus.map((e) => e.password.length);
      expect(Math.min(...lengths)).toBe(8);
      expect(Math.max(...lengths)).toBe(64);
      const differences: string[] = [];
      let refused = 0;
      for (const { password } of corpus) {
        const a = indexed.check(password, CORPUS_USER_INPUTS);
        const b = reference.check(password, CORPUS_USER_INPUTS);
        const verdict = (result: ZxcvbnResult) =>
          evaluatePassword(password, {
            policy: DEFAULT_PASSWORD_POLICY,
            strength: toStrengthResult(result, strengthGraphs),
            contextWords: CORPUS_USER_INPUTS,
          });
        const va = verdict(a);
        try {
          expect(comparable(a)).toEqual(comparable(b));
          expect(va).toEqual(verdict(b));
        } catch {
          differences.push(password);
        }
        if (!va.ok) refused += 1;
      }
      expect(differences).toEqual([]);
      // Both outcomes are exercised.
      expect(refused).toBeGreaterThan(50);
      expect(refused).toBeLessThan(corpus.length);
    },
    SLOW,
  );

  it(
    'gives the same result without user inputs',
    () => {
      for (const { password } of corpus.filter((_, k) => k % 3 === 0)) {
        expect(comparable(indexed.check(password)), password).toEqual(comparable(reference.check(password)));
      }
    },
    SLOW,
  );

  it(
    'gives the same result on arbitrary strings (property)',
    () => {
      // l33t-able symbols, upper case, digits, accents, astral characters, and words to find.
      const piece = fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.constantFrom(
          'azerty',
          'P@ss',
          'w0rd',
          'soleil',
          '2024',
          '!',
          '|_|',
          'İ',
          'ΣΑΣ',
          '😀',
          'jean',
          'motdepasse',
          'construct',
          'proto',
        ),
        fc.stringMatching(/^[a-z0-9@$!|_3457]{1,8}$/),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 4 }), fc.boolean(), (pieces, withInputs) => {
          const password = pieces.join('').slice(0, 24);
          const inputs = withInputs ? CORPUS_USER_INPUTS : undefined;
          expect(comparable(indexed.check(password, inputs))).toEqual(comparable(reference.check(password, inputs)));
        }),
        { numRuns: 200, seed: 42 },
      );
    },
    SLOW,
  );
});

describe('the one deliberate difference: Object.prototype names', () => {
  it('does not take "constructor" or "__proto__" for words of every list, as stock zxcvbn-ts does', () => {
    // Stock: `rankedDict['constructor']` is Object's constructor in every list lacking the word;
    // two of them make a word "sequence" of ~50 guesses.
    expect(reference.check('Constructorconstructor1!').score).toBe(1);
    expect(reference.check('__proto____proto__').score).toBe(0);
    expect(indexed.check('Constructorconstructor1!').score).toBe(4);
    expect(indexed.check('__proto____proto__').score).toBe(3);
    // One alone never wins: there the results are equal.
    for (const password of ['constructor', 'Myconstructor1', '__proto__x']) {
      expect(comparable(indexed.check(password))).toEqual(comparable(reference.check(password)));
    }
  });
});

describe('what the estimator reports', () => {
  it('names the matcher behind each of the six required refusals', () => {
    expect(findingsOf(estimator.check('Password'))).toEqual([
      { kind: 'dictionary', dictionary: 'passwords', language: 'common', graph: undefined },
    ]);
    // "azerty" is in the common-password list, and it is a keyboard walk: we say the latter.
    expect(findingsOf(estimator.check('Azerty01'))[0]).toEqual({
      kind: 'keyboard',
      dictionary: 'passwords',
      language: 'common',
      graph: 'azerty',
    });
    // Dropbox's zxcvbn misses it; zxcvbn-ts 4 has "covid-19" in its English common words.
    expect(findingsOf(estimator.check('Covid-19'))).toEqual([
      { kind: 'dictionary', dictionary: 'commonWords', language: 'en', graph: undefined },
    ]);
    expect(findingsOf(estimator.check('azertyuiop'))).toEqual([
      { kind: 'keyboard', dictionary: undefined, language: undefined, graph: 'azerty' },
    ]);
    expect(findingsOf(estimator.check('Motdepasse1'))[0]).toEqual({
      kind: 'dictionary',
      dictionary: 'passwords',
      language: 'common',
      graph: undefined,
    });
    // « soleil » from the French common words, then zxcvbn's recentYear regex.
    expect(findingsOf(estimator.check('Soleil2024'))).toEqual([
      { kind: 'dictionary', dictionary: 'commonWords', language: 'fr', graph: undefined },
      { kind: 'year', dictionary: undefined, language: undefined, graph: undefined },
    ]);
  });

  it('gives positions, never text', () => {
    const result = estimator.check('Soleil2024');
    expect(result.findings.map(({ i, j }) => [i, j])).toEqual([
      [0, 5],
      [6, 9],
    ]);
    const json = JSON.stringify(result).toLowerCase();
    expect(json).not.toContain('soleil');
    expect(json).not.toContain('2024');
  });

  it('counts user inputs (context words) and reports them as such', () => {
    const without = estimator.check('Dupont1975!');
    const withInputs = estimator.check('Dupont1975!', ['dupont']);
    expect(withInputs.guessesLog10).toBeLessThan(without.guessesLog10);
    expect(withInputs.findings[0]).toMatchObject({ kind: 'userInput', i: 0, j: 5 });
  });

  it('caches per password and user inputs', () => {
    const cached = createStrengthEstimator({ ...strengthEstimatorOptions, cacheSize: 2 });
    const first = cached.check('Soleil2024');
    expect(cached.check('Soleil2024')).toBe(first);
    expect(cached.check('Soleil2024', ['soleil'])).not.toBe(first);
    cached.check('a');
    cached.check('b');
    // Evicted (LRU of 2).
    expect(cached.check('Soleil2024')).not.toBe(first);
    cached.clearCache();
  });

  it('recognises keyboard walks on the graph they follow', () => {
    expect(keyboardWalkGraph('azerty', strengthGraphs)).toBe('azerty');
    expect(keyboardWalkGraph('qwerty', strengthGraphs)).toBe('qwerty');
    expect(keyboardWalkGraph('qwertz', strengthGraphs)).toBe('qwertz');
    // Words first: too short, or not a walk.
    expect(keyboardWalkGraph('were', strengthGraphs)).toBeNull();
    expect(keyboardWalkGraph('soleil', strengthGraphs)).toBeNull();
  });
});
