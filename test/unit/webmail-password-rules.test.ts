import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasDigitAndPunctuation,
  MAX_WEBMAIL_RULES,
  MAX_WEBMAIL_RULE_TEXT,
  parseWebmailPasswordRules,
  utf8Length,
  webmailMinLength,
} from '../../src/model/webmail-password-rules.ts';
import { ROUNDCUBE_PASSWORD_RULE_TEXTS } from '../../src/model/roundcube-password-rules-locales.ts';

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
