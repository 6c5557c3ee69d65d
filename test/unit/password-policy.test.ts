import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  blockingFailure,
  contextWordsFrom,
  DEFAULT_PASSWORD_POLICY,
  evaluatePassword,
  evaluatePasswordInPage,
  passesEveryPageRule,
  strengthUserInputs,
  type PasswordPolicy,
  type PasswordRuleResult,
  type PasswordVerdict,
} from '../../src/model/password-policy.ts';
import type { StrengthEstimator } from '../../src/strength/estimator.ts';
import { testStrengthEstimator } from '../helpers/strength-words.ts';
import { parseWebmailPasswordRules, sogoCharacterCount, type SogoCharacterSet } from '../../src/model/webmail-password-rules.ts';
import { generatePassphrase } from '../../src/model/passphrase.ts';
import { PASSPHRASE_WORDS } from '../../src/model/passphrase-words.ts';

let estimator: StrengthEstimator;
beforeAll(() => {
  estimator = testStrengthEstimator();
}, 60_000);

const user = { email: 'jean.dupont@mairie-lyon.fr', displayName: 'Jean Dupont' };

/** What the page does on each keystroke. */
function check(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY, confirmation?: string) {
  const contextWords = contextWordsFrom({ ...user, organisationNames: ['Mairie de Lyon'], organisationDomains: ['mairie-lyon.fr'] });
  const strength = estimator.check(password, strengthUserInputs(policy, contextWords));
  return evaluatePasswordInPage(password, {
    policy,
    strength,
    contextWords,
    ...(confirmation === undefined ? {} : { confirmation }),
  });
}

const failing = (verdict: PasswordVerdict) => verdict.rules.filter((r) => !r.ok).map((r) => r.id);
const rule = <Id extends PasswordRuleResult['id']>(verdict: PasswordVerdict, id: Id) =>
  verdict.rules.find((r): r is Extract<PasswordRuleResult, { id: Id }> => r.id === id);
const reasons = (verdict: PasswordVerdict) =>
  (rule(verdict, 'knownWord')?.params.reasons ?? []).map(({ kind, dictionary, language, graph }) => ({
    kind,
    ...(dictionary ? { dictionary } : {}),
    ...(language ? { language } : {}),
    ...(graph ? { graph } : {}),
  }));

describe('the six passwords the issue requires us to refuse', () => {
  it('Password: the common password', () => {
    const { verdict, display } = check('Password');
    expect(verdict.ok).toBe(false);
    expect(reasons(verdict)).toEqual([{ kind: 'dictionary', dictionary: 'passwords', language: 'common' }]);
    expect(display.knownWord).toEqual(['Password']);
  });

  it('Azerty01: a keyboard pattern (AZERTY)', () => {
    const { verdict, display } = check('Azerty01');
    expect(failing(verdict)).toContain('knownWord');
    expect(reasons(verdict)).toEqual([{ kind: 'keyboard', dictionary: 'passwords', language: 'common', graph: 'azerty' }]);
    expect(display.knownWord).toEqual(['Azerty']);
  });

  it('Covid-19: the common (English) word', () => {
    const { verdict, display } = check('Covid-19');
    expect(failing(verdict)).toEqual(['knownWord', 'minScore']);
    expect(reasons(verdict)).toEqual([{ kind: 'dictionary', dictionary: 'commonWords', language: 'en' }]);
    expect(display.knownWord).toEqual(['Covid-19']);
  });

  it('azertyuiop: a keyboard pattern (AZERTY)', () => {
    const { verdict } = check('azertyuiop');
    expect(failing(verdict)).toEqual(['uppercase', 'digit', 'knownWord', 'minScore']);
    expect(reasons(verdict)).toEqual([{ kind: 'keyboard', graph: 'azerty' }]);
  });

  it('Motdepasse1: the common password (French)', () => {
    const { verdict, display } = check('Motdepasse1');
    expect(failing(verdict)).toEqual(['knownWord', 'minScore']);
    expect(reasons(verdict)).toEqual([{ kind: 'dictionary', dictionary: 'passwords', language: 'common' }]);
    expect(display.knownWord).toEqual(['Motdepasse']);
  });

  it('Soleil2024: a common (French) word and a year', () => {
    const { verdict, display } = check('Soleil2024');
    expect(failing(verdict)).toEqual(['knownWord', 'minScore']);
    expect(reasons(verdict)).toEqual([{ kind: 'dictionary', dictionary: 'commonWords', language: 'fr' }, { kind: 'year' }]);
    expect(display.knownWord).toEqual(['Soleil', '2024']);
  });

  it('still refuses them dressed up enough to reach score 3', () => {
    // zxcvbn rates "Soleil2024!" 10^8 guesses (score 3): minScore passes, knownWord does not.
    const { verdict } = check('Soleil2024!');
    expect(failing(verdict)).toEqual(['knownWord']);
    expect(reasons(verdict).map((r) => r.kind)).toEqual(['dictionary', 'year']);
  });
});

describe('good passwords', () => {
  it.each(['Tigre-Lampe-Orage-Fleuve7', 'Correct-Horse-Battery-Staple-9', 'Chaton-Violon-Radeau-Sapin4', 'x7#Kq9!mZ2@pL4vB', 'Vg8!rT2#qL'])(
    'accepts %s',
    (password) => {
      const { verdict } = check(password, DEFAULT_PASSWORD_POLICY, password);
      expect(failing(verdict)).toEqual([]);
      expect(verdict.ok).toBe(true);
      expect(verdict.score).toBeGreaterThanOrEqual(3);
    },
  );

  it('shows the default rules in display order', () => {
    const { verdict } = check('Tigre-Lampe-Orage-Fleuve7', DEFAULT_PASSWORD_POLICY, 'Tigre-Lampe-Orage-Fleuve7');
    expect(verdict.rules.map((r) => r.id)).toEqual([
      'minLength',
      'lowercase',
      'uppercase',
      'digit',
      'knownWord',
      'contextWord',
      'minScore',
      'confirmation',
    ]);
    expect(rule(verdict, 'minLength')?.params).toEqual({ min: 8, source: 'organisation' });
    expect(rule(verdict, 'minScore')?.params).toEqual({ min: 3, score: 4 });
  });

  it('refuses a random string too short to resist guessing (minScore only)', () => {
    const { verdict } = check('Kq9!mZ2p');
    expect(failing(verdict)).toEqual(['minScore']);
  });
});

describe('context words', () => {
  it('are taken from the address, the name, the organisation and its domains', () => {
    expect(
      contextWordsFrom({
        email: 'Jean-Pierre.Dupont+news@mail.mairie-lyon.fr',
        displayName: 'Jean-Pierre Dupont',
        organisationNames: ['Mairie de Lyon', 'Hôtel de Ville'],
        organisationDomains: ['lyon.fr', 'ville-lyon.gouv.fr'],
      }),
    ).toEqual([
      'jean',
      'pierre',
      'dupont',
      'news',
      'mairielyon',
      'mairie',
      'lyon',
      'jeanpierre',
      'mairiedelyon',
      'hôtel',
      'hotel',
      'ville',
      'hôteldeville',
      'hoteldeville',
      'villelyon',
      'gouv',
    ]);
  });

  it('ignores missing parts, short parts and stop words', () => {
    expect(contextWordsFrom({})).toEqual([]);
    expect(contextWordsFrom({ email: 'al@www.example.com', organisationNames: ['Les Amis du Web'] })).toEqual([
      'example',
      'amis',
      'web',
      'lesamisduweb',
    ]);
  });

  it('refuses the user’s own name, in any case, with l33t, separators, or backwards', () => {
    for (const password of ['Dupont1975!Xy', 'Dup0nt-Velo-Tigre9', 'DU-PONT-velo-tigre9', 'tnopuD-Velo-Tigre9A']) {
      const { verdict, display } = check(password);
      expect(failing(verdict), password).toContain('contextWord');
      expect(display.contextWord, password).toEqual(['dupont']);
    }
  });

  it('refuses the organisation’s name and domain', () => {
    expect(failing(check('Velo-MairieLyon-Tigre9').verdict)).toContain('contextWord');
  });

  it('can be turned off', () => {
    const { verdict } = check('Dup0nt-Velo-Tigre9-Radeau', { ...DEFAULT_PASSWORD_POLICY, forbidContextWords: false });
    expect(verdict.rules.map((r) => r.id)).not.toContain('contextWord');
    expect(verdict.ok).toBe(true);
  });
});

describe('organisation blocklist', () => {
  const policy = { ...DEFAULT_PASSWORD_POLICY, blocklist: ['Sobremail', 'ab', ' '] };

  it('refuses an entry anywhere in the password, spelling-insensitively', () => {
    const { verdict, display } = check('Sobr3mail-Velo-Tigre9', policy);
    expect(failing(verdict)).toEqual(['blocklist']);
    expect(display.blocklist).toEqual(['Sobremail']);
  });

  it('is shown only when the organisation has (usable) entries', () => {
    expect(check('Tigre-Lampe-Orage-Fleuve7', policy).verdict.rules.map((r) => r.id)).toContain('blocklist');
    expect(check('Tigre-Lampe-Orage-Fleuve7').verdict.rules.map((r) => r.id)).not.toContain('blocklist');
    // Entries under 3 characters would refuse half of all passwords: ignored.
    const tiny = { ...DEFAULT_PASSWORD_POLICY, blocklist: ['ab'] };
    expect(check('Tigre-Lampe-Orage-Fleuve7', tiny).verdict.rules.map((r) => r.id)).not.toContain('blocklist');
  });

  it('feeds the estimator too', () => {
    expect(strengthUserInputs(policy, ['jean'])).toEqual(['jean', 'sobremail']);
  });
});

describe('confirmation', () => {
  it('passes only when both fields match', () => {
    const password = 'Tigre-Lampe-Orage-Fleuve7';
    expect(rule(check(password, DEFAULT_PASSWORD_POLICY, password).verdict, 'confirmation')?.ok).toBe(true);
    expect(rule(check(password, DEFAULT_PASSWORD_POLICY, 'Tigre-Lampe-Orage-Fleuve').verdict, 'confirmation')?.ok).toBe(false);
    expect(check(password, DEFAULT_PASSWORD_POLICY, 'x').verdict.ok).toBe(false);
  });

  it('fails while empty, and is absent when the page has no confirmation field', () => {
    expect(rule(check('', DEFAULT_PASSWORD_POLICY, '').verdict, 'confirmation')?.ok).toBe(false);
    expect(check('Tigre-Lampe-Orage-Fleuve7').verdict.rules.map((r) => r.id)).not.toContain('confirmation');
  });
});

describe('policy settings', () => {
  it('enables only the rules the organisation asks for', () => {
    const policy: PasswordPolicy = {
      minLength: 12,
      requireLowercase: false,
      requireUppercase: false,
      requireDigit: false,
      requireSymbol: true,
      forbidKnownWords: false,
      forbidContextWords: false,
      minScore: 0,
      blocklist: [],
    };
    const { verdict } = check('correct horse battery', policy);
    expect(verdict.rules.map((r) => r.id)).toEqual(['minLength', 'symbol']);
    expect(verdict.ok).toBe(true);
    expect(failing(check('correcthorse', policy).verdict)).toEqual(['symbol']);
  });

  it('counts length in characters, not UTF-16 units', () => {
    const policy = { ...DEFAULT_PASSWORD_POLICY, minLength: 4 };
    expect(rule(check('😀😀😀', policy).verdict, 'minLength')?.ok).toBe(false);
    expect(rule(check('😀😀😀😀', policy).verdict, 'minLength')?.ok).toBe(true);
  });

  it('recognises accented letters as lower and upper case', () => {
    const { verdict } = check('ÉTÉ-été');
    expect(rule(verdict, 'lowercase')?.ok).toBe(true);
    expect(rule(verdict, 'uppercase')?.ok).toBe(true);
  });

  it('marks estimator rules pending until the estimator is ready', () => {
    const verdict = evaluatePassword('Tigre-Lampe-Orage-Fleuve7', { policy: DEFAULT_PASSWORD_POLICY, strength: null, contextWords: [] });
    expect(verdict.ok).toBe(false);
    expect(verdict.score).toBeNull();
    expect(verdict.rules.filter((r) => r.pending).map((r) => r.id)).toEqual(['knownWord', 'minScore']);
    expect(verdict.rules.filter((r) => !r.pending).every((r) => r.ok)).toBe(true);
    // Pending rules hold Save in block mode: the answer is coming.
    expect(blockingFailure(verdict)?.id).toBe('knownWord');
  });

  it('marks estimator rules unchecked when the estimator could not load, and they hold nothing back', () => {
    const input = { policy: DEFAULT_PASSWORD_POLICY, strength: null, strengthUnavailable: true, contextWords: [] };
    const verdict = evaluatePassword('Tigre-Lampe-Orage-Fleuve7', input);
    expect(verdict.ok).toBe(false);
    expect(verdict.rules.filter((r) => r.unchecked).map((r) => r.id)).toEqual(['knownWord', 'minScore']);
    expect(verdict.rules.some((r) => r.pending)).toBe(false);
    expect(blockingFailure(verdict)).toBeUndefined();
    // The rules that need no estimator still stop a password that fails them.
    expect(blockingFailure(evaluatePassword('tigre', input))?.id).toBe('minLength');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/** Every string a verdict may contain: rule ids, reason kinds, list names, languages, graphs. */
const VOCABULARY = new Set([
  'ok',
  'rules',
  'score',
  'id',
  'pending',
  'unchecked',
  'params',
  'min',
  'reasons',
  'kind',
  'finding',
  'dictionary',
  'language',
  'graph',
  'l33t',
  'reversed',
  'source',
  'index',
  'minLength',
  'lowercase',
  'uppercase',
  'digit',
  'symbol',
  'knownWord',
  'contextWord',
  'blocklist',
  'minScore',
  'webmailDigitAndPunctuation',
  'webmailChecked',
  'confirmation',
  'organisation',
  'webmail',
  'keyboard',
  'year',
  'date',
  'sequence',
  'repeat',
  'passwords',
  'diceware',
  'commonWords',
  'firstnames',
  'lastnames',
  'wikipedia',
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
  'common',
  'en',
  'fr',
  'azerty',
  'dvorak',
  'keypad',
  'keypadMac',
  'qwerty',
  'qwertz',
]);

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  }
  return out;
}

const passwords = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  // Words the verdict could be tempted to echo: dictionary words, walks, names, years.
  fc
    .tuple(
      fc.constantFrom('soleil', 'azerty', 'Password', 'dupont', 'jean', 'motdepasse', 'covid', 'qwerty', 'sobremail', 'marseille'),
      fc.constantFrom('', '1', '2024', '!', 'Xy', '-velo'),
      fc.boolean(),
    )
    .map(([w, s, up]) => (up ? w.toUpperCase() : w) + s),
);

describe('properties', () => {
  it('never throws, whatever is typed, with or without the estimator and confirmation', () => {
    fc.assert(
      fc.property(passwords, fc.option(fc.string({ maxLength: 10 })), fc.boolean(), (password, confirmation, ready) => {
        const contextWords = contextWordsFrom(user);
        const verdict = evaluatePassword(password, {
          policy: { ...DEFAULT_PASSWORD_POLICY, blocklist: ['sobremail'] },
          strength: ready ? estimator.check(password, contextWords) : null,
          contextWords,
          ...(confirmation === null ? {} : { confirmation }),
        });
        expect(typeof verdict.ok).toBe('boolean');
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('the verdict (what may travel) holds no part of the password', () => {
    const literals = [...VOCABULARY, 'true', 'false', 'null'].map((w) => w.toLowerCase());
    // Whether `text` could only be in the verdict's JSON by leaking: letters that are no part of
    // a vocabulary word ("azerty" is a graph name: it may appear), or a number of 4+ digits (a
    // verdict's numbers are small), or any character no verdict JSON contains.
    const wouldLeak = (text: string) =>
      [...text].length >= 4 &&
      (/^\p{L}+$/u.test(text) ? !literals.some((w) => w.includes(text.toLowerCase())) : /^\d+$/.test(text) || /[^\w":,{}[\].-]/.test(text));
    let meaningful = 0;
    fc.assert(
      fc.property(passwords, (password) => {
        const policy = { ...DEFAULT_PASSWORD_POLICY, blocklist: ['sobremail', 'marseille'] };
        const contextWords = contextWordsFrom(user);
        const { verdict, display } = evaluatePasswordInPage(password, {
          policy,
          strength: estimator.check(password, strengthUserInputs(policy, contextWords)),
          contextWords,
          confirmation: password,
        });
        // 1. Only the closed vocabulary (keys and values), numbers and booleans.
        for (const s of stringsIn(verdict)) expect(VOCABULARY.has(s), s).toBe(true);
        // 2. Neither the password nor any matched part of it (≥ 4 characters) is in the JSON.
        const json = JSON.stringify(verdict).toLowerCase();
        for (const text of [password, ...display.knownWord, ...display.contextWord, ...display.blocklist]) {
          if (!wouldLeak(text)) continue;
          meaningful += 1;
          expect(json, text).not.toContain(text.toLowerCase());
        }
      }),
      { numRuns: 400, seed: 11 },
    );
    expect(meaningful).toBeGreaterThan(200);
  });

  it('display tokens are parts of the password (they stay in the page)', () => {
    fc.assert(
      fc.property(passwords, (password) => {
        const { display } = check(password);
        for (const token of display.knownWord) expect(password.includes(token)).toBe(true);
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe("the webmail's own rules (Roundcube's password plugin, as its page states them)", () => {
  const webmailRules = parseWebmailPasswordRules([
    'Password must be at least 10 characters long.',
    'Password must include at least one number and one punctuation character.',
  ]);
  const withWebmail = (password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY) =>
    evaluatePasswordInPage(password, { policy, strength: estimator.check(password, []), contextWords: [], webmailRules }).verdict;

  it('refuses what Roundcube refuses: no punctuation in Cheval7Batterie9Agrafe', () => {
    const verdict = withWebmail('Cheval7Batterie9Agrafe');
    expect(verdict.ok).toBe(false);
    expect(failing(verdict)).toEqual(['webmailDigitAndPunctuation']);
    expect(blockingFailure(verdict)?.id).toBe('webmailDigitAndPunctuation');
    expect(withWebmail('Cheval7-Batterie9-Agrafe').ok).toBe(true);
  });

  it('the stricter length applies and says whose it is', () => {
    expect(rule(withWebmail('Ab1-Ab1-a'), 'minLength')).toEqual({ id: 'minLength', ok: false, params: { min: 10, source: 'webmail' } });
    const looser = { ...DEFAULT_PASSWORD_POLICY, minLength: 14 };
    expect(rule(withWebmail('Ab1-cdefghijk', looser), 'minLength')).toEqual({
      id: 'minLength',
      ok: false,
      params: { min: 14, source: 'organisation' },
    });
  });

  it("counts the webmail's length in UTF-8 bytes, as its server does, and the organisation's in characters", () => {
    const policy: PasswordPolicy = {
      ...DEFAULT_PASSWORD_POLICY,
      minLength: 4,
      requireUppercase: false,
      forbidKnownWords: false,
      minScore: 0,
    };
    // 6 characters, 11 bytes: Roundcube's strlen() takes it.
    expect(rule(withWebmail('éàèù1-', policy), 'minLength')?.ok).toBe(true);
    expect(rule(withWebmail('abcd1-', policy), 'minLength')?.ok).toBe(false);
  });

  it('a rule only the server can check is shown unchecked: never "meets every rule", never blocking', () => {
    const rules = parseWebmailPasswordRules(['Password must not be commonly known.']);
    const { verdict, display } = evaluatePasswordInPage('Glacier-Tortue-Velours7-Boussole', {
      policy: DEFAULT_PASSWORD_POLICY,
      strength: estimator.check('Glacier-Tortue-Velours7-Boussole', []),
      contextWords: [],
      webmailRules: rules,
    });
    expect(verdict.ok).toBe(false);
    expect(passesEveryPageRule(verdict)).toBe(true);
    expect(blockingFailure(verdict)).toBeUndefined();
    expect(rule(verdict, 'webmailChecked')).toEqual({ id: 'webmailChecked', ok: false, unchecked: true, params: { index: 0 } });
    expect(display.webmailChecked).toEqual(['Password must not be commonly known.']);
  });

  it("a suggested passphrase passes every rule the page checks, the webmail's included, whatever the lengths", () => {
    const random = (n: number) => crypto.getRandomValues(new Uint32Array(n));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(PASSPHRASE_WORDS.fr, PASSPHRASE_WORDS.en),
        (orgMin, webmailMin, requireSymbol, digitAndPunctuation, words) => {
          const policy: PasswordPolicy = {
            ...DEFAULT_PASSWORD_POLICY,
            minLength: orgMin,
            requireSymbol,
            forbidKnownWords: false,
            minScore: 0,
          };
          const rules = parseWebmailPasswordRules([
            `Password must be at least ${webmailMin} characters long.`,
            ...(digitAndPunctuation ? ['Password must include at least one number and one punctuation character.'] : []),
          ]);
          const phrase = generatePassphrase({ words, random, minLength: Math.max(orgMin, webmailMin) });
          const { verdict } = evaluatePasswordInPage(phrase, { policy, strength: null, contextWords: [], webmailRules: rules });
          expect([phrase, failing(verdict)]).toEqual([phrase, []]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the webmail's own rules (SOGo 5.8's userPasswordPolicy, as its page states them)", () => {
  // The lab's policy (10 characters, 1 digit, 1 special symbol), as the English page prints it.
  const webmailRules = parseWebmailPasswordRules(['Minimum length of 10 characters', 'Minimum of 1 digit', 'Minimum of 1special symbols']);
  const policy: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, forbidKnownWords: false, minScore: 0 };
  const withSogo = (password: string) =>
    evaluatePasswordInPage(password, { policy, strength: null, contextWords: [], webmailRules }).verdict;

  it('refuses what SOGo refuses: a hyphen is not one of its special symbols', () => {
    const verdict = withSogo('Glacier-Tortue-Velours7-Boussole');
    expect(failing(verdict)).toEqual(['webmailMinCharacters']);
    expect(blockingFailure(verdict)).toEqual({ id: 'webmailMinCharacters', ok: false, params: { characters: 'sogoSymbol', min: 1 } });
    expect(passesEveryPageRule(verdict)).toBe(false);
    const passing = withSogo('Glacier!Tortue-Velours7-Boussole');
    expect([passing.ok, passesEveryPageRule(passing), blockingFailure(passing)]).toEqual([true, true, undefined]);
  });

  it('each rule is its own line, in the order the page lists them, after the length', () => {
    expect(withSogo('Glacier!Tortue-Velours7-Boussole').rules.map((r) => r.id)).toEqual([
      'minLength',
      'lowercase',
      'uppercase',
      'digit',
      'webmailMinCharacters',
      'webmailMinCharacters',
      'contextWord',
    ]);
    expect(rule(withSogo('Ab1!'), 'minLength')).toEqual({ id: 'minLength', ok: false, params: { min: 10, source: 'webmail' } });
  });

  it("counts SOGo's length in characters on one line, not in bytes", () => {
    const lengthOnly = { ...policy, minLength: 1, requireLowercase: false, requireUppercase: false, requireDigit: false };
    const rules = parseWebmailPasswordRules(['Minimum length of 10 characters']);
    const ok = (password: string) =>
      rule(
        evaluatePasswordInPage(password, { policy: lengthOnly, strength: null, contextWords: [], webmailRules: rules }).verdict,
        'minLength',
      )?.ok;
    // 5 characters in 10 bytes: Roundcube's strlen() would take it, SOGo's .{10,} does not.
    expect(ok('ééééé')).toBe(false);
    expect(ok('éééééééééé')).toBe(true);
    expect(ok('abcdefghi\u2028j')).toBe(false);
  });

  it('property: a character rule is met exactly when SOGo finds that many, and the verdict holds no part of the password', () => {
    const sets: SogoCharacterSet[] = ['asciiLowercase', 'asciiUppercase', 'asciiDigit', 'sogoSymbol'];
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 24 }),
        fc.constantFrom(...sets),
        fc.integer({ min: 1, max: 4 }),
        (password, set, min) => {
          const text = {
            asciiLowercase: `Minimum of ${min} lowercase letter`,
            asciiUppercase: `Au moins ${min} lettre(s) majuscule(s)`,
            asciiDigit: `Minimum of ${min} digit`,
            sogoSymbol: `Au moins ${min} caractère(s) special(aux)`,
          }[set];
          const { verdict } = evaluatePasswordInPage(password, {
            policy,
            strength: null,
            contextWords: [],
            webmailRules: parseWebmailPasswordRules([text]),
          });
          expect(rule(verdict, 'webmailMinCharacters')).toEqual({
            id: 'webmailMinCharacters',
            ok: sogoCharacterCount(password, set) >= min,
            params: { characters: set, min },
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
