import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasDigitAndPunctuation,
  MAX_WEBMAIL_RULES,
  MAX_WEBMAIL_RULE_TEXT,
  meetsWebmailLengths,
  parseWebmailPasswordRules,
  SOGO_SYMBOLS,
  sogoCharacterCount,
  sogoLength,
  utf8Length,
  webmailMinLength,
  type SogoCharacterSet,
} from '../../src/model/webmail-password-rules.ts';
import { ROUNDCUBE_PASSWORD_RULE_TEXTS } from '../../src/model/roundcube-password-rules-locales.ts';
import { SOGO_PASSWORD_RULE_TEXTS } from '../../src/model/sogo-password-rules-locales.ts';

describe('parseWebmailPasswordRules: Roundcube 1.6.5 password plugin', () => {
  it('reads the rules the plugin prints in English and in French', () => {
    expect(
      parseWebmailPasswordRules([
        'Password must be at least 10 characters long.',
        'Password must include at least one number and one punctuation character.',
      ]),
    ).toEqual([{ kind: 'minLength', min: 10, counts: 'utf8Bytes' }, { kind: 'digitAndPunctuation' }]);
    expect(
      parseWebmailPasswordRules([
        'Le mot de passe doit comporter au moins 12 caractères.',
        'Le mot de passe doit comporter au moins un chiffre et un signe de ponctuation.',
      ]),
    ).toEqual([{ kind: 'minLength', min: 12, counts: 'utf8Bytes' }, { kind: 'digitAndPunctuation' }]);
  });

  it('recognises the length rule in every language the plugin ships, whatever the number', () => {
    const templates = ROUNDCUBE_PASSWORD_RULE_TEXTS.passwordshort.filter((text) => text.includes('$length'));
    // 75 languages share fewer distinct texts; one of them (ug) misspells the placeholder.
    expect(templates.length).toBeGreaterThan(50);
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.integer({ min: 1, max: 9999 }), (template, min) => {
        expect(parseWebmailPasswordRules([template.replace('$length', String(min))])).toEqual([
          { kind: 'minLength', min, counts: 'utf8Bytes' },
        ]);
      }),
    );
  });

  it('recognises the number-and-punctuation rule in every language', () => {
    for (const text of ROUNDCUBE_PASSWORD_RULE_TEXTS.passwordweak) {
      expect(parseWebmailPasswordRules([text])).toEqual([{ kind: 'digitAndPunctuation' }]);
    }
  });

  it('keeps whitespace and case differences of the page out of the way', () => {
    expect(parseWebmailPasswordRules(['\n   password MUST be at least\n 8 characters long.  '])).toEqual([
      { kind: 'minLength', min: 8, counts: 'utf8Bytes' },
    ]);
  });

  it('keeps a rule it does not know as checked by the webmail, with its words', () => {
    expect(
      parseWebmailPasswordRules(['Password should not be a common word or name.', 'Password must not be commonly known.', '']),
    ).toEqual([
      { kind: 'checkedByWebmail', text: 'Password should not be a common word or name.' },
      { kind: 'checkedByWebmail', text: 'Password must not be commonly known.' },
    ]);
    // ug's translation prints "length$" literally: no number to check against.
    const ug = ROUNDCUBE_PASSWORD_RULE_TEXTS.passwordshort.find((text) => !text.includes('$length'))!;
    expect(parseWebmailPasswordRules([ug])).toEqual([{ kind: 'checkedByWebmail', text: ug }]);
  });

  it('bounds what a hostile page can make it hold', () => {
    const rules = parseWebmailPasswordRules(Array.from({ length: 500 }, (_, k) => `rule ${k} ${'x'.repeat(100_000)}`));
    expect(rules).toHaveLength(MAX_WEBMAIL_RULES);
    for (const rule of rules) expect(rule.kind === 'checkedByWebmail' && rule.text.length).toBe(MAX_WEBMAIL_RULE_TEXT);
  });

  it('takes the strictest length', () => {
    expect(
      webmailMinLength(
        parseWebmailPasswordRules(['Password must be at least 10 characters long.', 'Password must be at least 12 characters long.']),
      ),
    ).toBe(12);
    expect(webmailMinLength([])).toBe(0);
  });
});

describe("the server's own checks", () => {
  it('number and punctuation: an ASCII digit and anything but an ASCII letter or digit (password.php _check_strength)', () => {
    const table: [string, boolean][] = [
      ['Cheval7Batterie9Agrafe', false],
      ['Cheval7-Batterie9-Agrafe', true],
      ['cheval batterie 7', true],
      ['été7', true],
      ['Lab-Alice-2024!x', true],
      ['sans-chiffre', false],
      // Arabic-Indic digits are digits to \p{Nd}, not to PHP's [0-9].
      ['٣-٤', false],
      ['', false],
    ];
    for (const [password, expected] of table) expect([password, hasDigitAndPunctuation(password)]).toEqual([password, expected]);
  });

  it('number and punctuation, property: same answer as reading the characters one by one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (password) => {
        const chars = [...password];
        const digit = chars.some((c) => c >= '0' && c <= '9');
        const other = chars.some((c) => !/^[A-Za-z0-9]$/.test(c));
        expect(hasDigitAndPunctuation(password)).toBe(digit && other);
      }),
    );
  });

  it('length in UTF-8 bytes, as PHP strlen() counts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
      }),
    );
  });
});

describe('parseWebmailPasswordRules: SOGo 5.8 userPasswordPolicy', () => {
  const KINDS = {
    POLICY_MIN_LENGTH: (min: number) => ({ kind: 'minLength', min, counts: 'codePointsOnOneLine' }),
    POLICY_MIN_LOWERCASE_LETTER: (min: number) => ({ kind: 'minCharacters', characters: 'asciiLowercase', min }),
    POLICY_MIN_UPPERCASE_LETTER: (min: number) => ({ kind: 'minCharacters', characters: 'asciiUppercase', min }),
    POLICY_MIN_DIGIT: (min: number) => ({ kind: 'minCharacters', characters: 'asciiDigit', min }),
    POLICY_MIN_SPECIAL_SYMBOLS: (min: number) => ({ kind: 'minCharacters', characters: 'sogoSymbol', min }),
  } as const;

  it("reads the lab's rules as the page prints them in English and in French", () => {
    const expected = [
      { kind: 'minLength', min: 10, counts: 'codePointsOnOneLine' },
      { kind: 'minCharacters', characters: 'asciiDigit', min: 1 },
      { kind: 'minCharacters', characters: 'sogoSymbol', min: 1 },
    ];
    expect(parseWebmailPasswordRules(['Minimum length of 10 characters', 'Minimum of 1 digit', 'Minimum of 1special symbols'])).toEqual(
      expected,
    );
    expect(
      parseWebmailPasswordRules(["Longueur d'au moins 10 caractère(s)", 'Au moins 1 chiffre(s)', 'Au moins 1 caractère(s) special(aux)']),
    ).toEqual(expected);
    expect(parseWebmailPasswordRules(['Minimum of 2 lowercase letter', 'Au moins 3 lettre(s) majuscule(s)'])).toEqual([
      { kind: 'minCharacters', characters: 'asciiLowercase', min: 2 },
      { kind: 'minCharacters', characters: 'asciiUppercase', min: 3 },
    ]);
  });

  it('recognises every label in every language SOGo translates it into, whatever the number', () => {
    const cases = Object.entries(SOGO_PASSWORD_RULE_TEXTS).flatMap(([key, texts]) =>
      texts.map((text) => [key as keyof typeof KINDS, text] as const),
    );
    // 6 languages translate the five labels (the other 37 show one of these texts).
    expect(cases.length).toBeGreaterThanOrEqual(30);
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.integer({ min: 1, max: 9999 }), ([key, template], min) => {
        expect(parseWebmailPasswordRules([template.replace('%{0}', String(min))])).toEqual([KINDS[key](min)]);
      }),
    );
  });

  it('leaves a rule of 0 to the server: its expression ({0}) matches nothing or anything there', () => {
    expect(parseWebmailPasswordRules(['Minimum of 0 digit'])).toEqual([{ kind: 'checkedByWebmail', text: 'Minimum of 0 digit' }]);
  });

  it("takes SOGo's length into the strictest length", () => {
    expect(webmailMinLength(parseWebmailPasswordRules(['Minimum length of 14 characters', 'Minimum of 1 digit']))).toBe(14);
  });
});

describe("SOGo 5.8's server checks", () => {
  /**
   * Each row was put to Debian 12's SOGo itself: the expressions built by libSOGo.so.5's
   * SOGoPasswordPolicy `regexPoliciesWithCount:`, matched with GNUstep's `rangeOfString:options:
   * NSRegularExpressionSearch` as SQLSource `changePasswordForLogin:` does (sogo 5.8.0-2+deb12u4).
   */
  const SERVER: [string, SogoCharacterSet | 'length', number, boolean][] = [
    ['Glacier-Tortue-Velours7-Boussole', 'sogoSymbol', 1, false],
    ['Glacier-Tortue-Velours7-Boussole', 'asciiDigit', 1, true],
    ['Glacier-Tortue-Velours7-Boussole', 'asciiUppercase', 1, true],
    ['Glacier-Tortue-Velours7-Boussole', 'length', 10, true],
    ['Nouveau-Mot2passe!', 'sogoSymbol', 1, true],
    ['abcdefghij12', 'sogoSymbol', 1, false],
    ['a-b_c.d,e;f:g+h=i[j]k|l<m>n/o~p^q\'r"s`t', 'sogoSymbol', 1, false],
    ['\\\\', 'sogoSymbol', 1, false],
    ['%$', 'sogoSymbol', 2, true],
    ['&*', 'sogoSymbol', 2, true],
    ['(){}', 'sogoSymbol', 2, true],
    ['?@#', 'sogoSymbol', 2, true],
    ['!a!', 'sogoSymbol', 2, true],
    ['!a!', 'sogoSymbol', 5, false],
    ['!\n!', 'sogoSymbol', 1, true],
    ['!\n!', 'sogoSymbol', 2, false],
    ['ÉÀ', 'asciiUppercase', 1, false],
    ['Ａｚ', 'asciiUppercase', 1, false],
    ['Ａｚ', 'asciiLowercase', 1, false],
    ['é', 'asciiLowercase', 1, false],
    ['a b', 'asciiLowercase', 2, true],
    ['a١٢', 'asciiDigit', 1, false],
    ['1a1', 'asciiDigit', 2, true],
    ['1\u20281', 'asciiDigit', 1, true],
    ['1\u20281', 'asciiDigit', 2, false],
    ['abcdefghi\n', 'asciiLowercase', 10, false],
    ['abcdefghij', 'length', 10, true],
    ['éééééééééé', 'length', 10, true],
    ['ééééééééé', 'length', 10, false],
    ['😀😀😀😀😀😀😀😀😀😀', 'length', 10, true],
    ['😀😀😀😀😀😀😀😀😀', 'length', 10, false],
    ['e\u0301e\u0301e\u0301e\u0301e\u0301', 'length', 10, true],
    ['abcdefghi\n', 'length', 10, false],
    ['abc\ndefghijkl', 'length', 10, false],
    ['\u2028'.repeat(10) + 'x', 'length', 10, false],
    ...['\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029'].map(
      (sep) => [`abcd${sep}efghi`, 'length', 9, false] as [string, 'length', number, boolean],
    ),
    ...['\t', '\u00a0', '\u001c', '\u001e'].map((sep) => [`abcd${sep}efghi`, 'length', 9, true] as [string, 'length', number, boolean]),
  ];

  it('answers as the server did, row by row', () => {
    for (const [password, what, min, expected] of SERVER) {
      const rules = parseWebmailPasswordRules([
        what === 'length'
          ? `Minimum length of ${min} characters`
          : {
              asciiLowercase: `Minimum of ${min} lowercase letter`,
              asciiUppercase: `Minimum of ${min} uppercase letter`,
              asciiDigit: `Minimum of ${min} digit`,
              sogoSymbol: `Minimum of ${min}special symbols`,
            }[what],
      ]);
      const met = what === 'length' ? meetsWebmailLengths(password, rules) : sogoCharacterCount(password, what) >= min;
      expect([password, what, min, met]).toEqual([password, what, min, expected]);
    }
  });

  it("the symbols are exactly SOGo 5.8's twelve", () => {
    expect([...SOGO_SYMBOLS].sort()).toEqual([...'%$&*(){}!?@#'].sort());
    for (let code = 0; code < 0x250; code += 1) {
      const ch = String.fromCodePoint(code);
      expect([ch, sogoCharacterCount(ch, 'sogoSymbol')]).toEqual([ch, SOGO_SYMBOLS.includes(ch) ? 1 : 0]);
    }
  });

  it("property: counts are the best line's, read character by character", () => {
    const alphabet = fc.constantFrom(...'aZ7!-é😀 \n\u2028#%', 'e\u0301');
    const inSet: Record<SogoCharacterSet, (c: string) => boolean> = {
      asciiLowercase: (c) => c >= 'a' && c <= 'z',
      asciiUppercase: (c) => c >= 'A' && c <= 'Z',
      asciiDigit: (c) => c >= '0' && c <= '9',
      sogoSymbol: (c) => '%$&*(){}!?@#'.includes(c),
    };
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join('')),
        (password) => {
          const lines: string[][] = [[]];
          for (const c of password) {
            if ('\n\r\v\f\u0085\u2028\u2029'.includes(c)) lines.push([]);
            else lines.at(-1)!.push(c);
          }
          expect(sogoLength(password)).toBe(Math.max(...lines.map((line) => line.length)));
          for (const set of Object.keys(inSet) as SogoCharacterSet[]) {
            expect(sogoCharacterCount(password, set)).toBe(Math.max(...lines.map((line) => line.filter(inSet[set]).length)));
          }
        },
      ),
    );
  });

  it("each length is counted in its own server's unit", () => {
    // 5 characters, 10 bytes: enough for Roundcube's 10, not for SOGo's.
    const both = parseWebmailPasswordRules(['Password must be at least 10 characters long.', 'Minimum length of 10 characters']);
    expect(meetsWebmailLengths('ééééé', both.slice(0, 1))).toBe(true);
    expect(meetsWebmailLengths('ééééé', both.slice(1))).toBe(false);
    expect(meetsWebmailLengths('ééééé', both)).toBe(false);
    expect(meetsWebmailLengths('éééééééééé', both)).toBe(true);
  });
});
