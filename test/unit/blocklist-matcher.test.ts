/**
 * Issue 19, item 4: a 10,000-entry blocklist is prepared once per page. The blocklist rule finds
 * what it found before (spelling-insensitively, forwards and backwards), and the estimator gets only
 * the entries that may occur in the password, with the same score as with the whole list.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PASSWORD_POLICY,
  evaluatePasswordInPage,
  strengthUserInputs,
  WordMatcher,
  type PasswordPolicy,
} from '../../src/model/password-policy.ts';
import type { StrengthEstimator } from '../../src/strength/estimator.ts';
import { testStrengthEstimator } from '../helpers/strength-words.ts';

let estimator: StrengthEstimator;
beforeAll(() => {
  estimator = testStrengthEstimator();
}, 60_000);

// Entries that look like an organisation's: project names and words, most not in any dictionary.
const entries = Array.from({ length: 10_000 }, (_, i) => `proj${i.toString(36)}x${(i * 7919).toString(36)}`);
entries.push('Dupont', 'mairie', 'zorglub');
const policy: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, blocklist: entries };

describe('the blocklist rule with a 10,000-entry list', () => {
  it.each([
    ['D-u-p-0-n-t!2026', ['Dupont']],
    ['tnopuD-2026xyz', ['Dupont']],
    ['M@iRie-lyon-9', ['mairie']],
    [`xx${entries[4321]}yy`, [entries[4321]]],
    ['Tigre-Lampe-Orage-7', []],
  ])('%s → %j', (password, found) => {
    const { verdict, display } = evaluatePasswordInPage(password, { policy, contextWords: [], strength: null });
    expect(display.blocklist).toEqual(found);
    expect(verdict.rules.find((r) => r.id === 'blocklist')?.ok).toBe(found.length === 0);
  });

  it('finds exactly what a one-by-one search finds, for any password', () => {
    const words = ['dupont', 'Mairie', 'zorg', 'abc', 'été', 'l1on'];
    const matcher = new WordMatcher(words, (t) =>
      t
        .toLowerCase()
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/[^\p{L}\p{N}]/gu, ''),
    );
    const norm = (t: string) =>
      t
        .toLowerCase()
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/[^\p{L}\p{N}]/gu, '');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'dupontmairezgbcéèl1-_ '), maxLength: 24 }), (password) => {
        const f = norm(password);
        const b = [...f].reverse().join('');
        const oneByOne = words.filter((w) => norm(w).length >= 3 && (f.includes(norm(w)) || b.includes(norm(w))));
        expect(new Set(matcher.find(password))).toEqual(new Set(oneByOne));
      }),
    );
  });
});

describe('the estimator gets the entries that may occur in the password only', () => {
  it('a handful of words instead of 10,000', () => {
    expect(strengthUserInputs(policy, ['alice'], 'Tigre-Lampe-Orage-7')).toEqual(['alice']);
    expect(strengthUserInputs(policy, [], 'z0rg1ub!')).toEqual(['zorglub']);
  });

  it.each(['Tigre-Lampe-Orage-7', 'Correct-Horse-Battery-9', 'Azerty123!'])(
    '%s, no entry in it: the same score and findings as with the whole list',
    (password) => {
      const whole = estimator.check(password, strengthUserInputs(policy, ['alice']));
      const filtered = estimator.check(password, strengthUserInputs(policy, ['alice'], password));
      expect(filtered.score).toBe(whole.score);
      expect(filtered.guessesLog10).toBeCloseTo(whole.guessesLog10, 9);
      expect(filtered.findings).toEqual(whole.findings);
    },
  );

  it.each(['zorglub2026', 'Z0rg|ub!!', 'bulgroz-77', `${entries[17]}`, `Xx${entries[9000]!.replace(/o/g, '0')}`, 'dup0nt-mairie'])(
    '%s, an entry in it: refused either way, found by the estimator at the same places, and never scored higher',
    (password) => {
      const whole = estimator.check(password, strengthUserInputs(policy, []));
      const filtered = estimator.check(password, strengthUserInputs(policy, [], password));
      expect(evaluatePasswordInPage(password, { policy, contextWords: [], strength: filtered }).verdict.ok).toBe(false);
      // An entry is ranked among the few found, not by its place in IT's list: as guessable or more.
      expect(filtered.guessesLog10).toBeLessThanOrEqual(whole.guessesLog10 + 1e-9);
      const userInputSpans = (r: typeof whole) => r.findings.filter((f) => f.kind === 'userInput').map((f) => [f.i, f.j]);
      expect(userInputSpans(filtered)).toEqual(expect.arrayContaining(userInputSpans(whole)));
    },
  );
});
