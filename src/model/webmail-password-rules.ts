/**
 * The password rules a webmail prints on its own password page, recognised from their text.
 *
 * PURE: the list items' text in, rules out. The organisation's real policy is the one its server
 * enforces: a panel that approves what the server then refuses loses the user's trust at the first
 * try. So each rule the webmail states becomes a line of our panel, checked exactly as the server
 * checks it where we know how, and shown as "checked by your webmail" where we do not.
 *
 * Texts are recognised in every language the webmail ships (generated from its own translation
 * files: roundcube-password-rules-locales.ts, sogo-password-rules-locales.ts), so the page's
 * language does not matter.
 */
import { ROUNDCUBE_PASSWORD_RULE_TEXTS } from './roundcube-password-rules-locales.ts';
import { SOGO_PASSWORD_RULE_TEXTS } from './sogo-password-rules-locales.ts';

export type WebmailPasswordRule =
  /**
   * Roundcube's `password_minimum_length`: the server compares PHP `strlen()`, i.e. UTF-8 bytes
   * (plugins/password/password.php, 1.6.5), so "éééé" is 8 long to it.
   */
  | { kind: 'minLength'; min: number; counts: 'utf8Bytes' }
  /**
   * SOGo's POLICY_MIN_LENGTH: the server searches the password for `.{N,}` (see `sogoLines`), so N
   * code points on one line: "😀" is 1, "é" written e + accent is 2, a line break starts again.
   */
  | { kind: 'minLength'; min: number; counts: 'codePointsOnOneLine' }
  /**
   * SOGo's POLICY_MIN_LOWERCASE_LETTER, _UPPERCASE_LETTER, _DIGIT, _SPECIAL_SYMBOLS: at least `min`
   * characters of the set on one line (see `SOGO_CHARACTER_SETS` and `sogoLines`).
   */
  | { kind: 'minCharacters'; characters: SogoCharacterSet; min: number }
  /**
   * Roundcube's `password_minimum_score` ≥ 2 without a strength driver: refused unless the password
   * matches /[0-9]/ and /[^A-Za-z0-9]/ (password.php `_check_strength`, 1.6.5). So an ASCII digit,
   * and anything that is not an ASCII letter or digit: punctuation, a space, or "é" all count.
   */
  | { kind: 'digitAndPunctuation' }
  /**
   * A rule we cannot check in the page (Roundcube's zxcvbn-php score, its Have I Been Pwned lookup,
   * or a text we do not know): shown with the webmail's own words, checked by the server on save.
   * `text` is page text: our UI renders it as text only.
   */
  | { kind: 'checkedByWebmail'; text: string };

/**
 * The sets SOGo 5.8 counts, from the regular expressions its server runs on a new password
 * (SoObjects/SOGo/SOGoPasswordPolicy.m `regexPoliciesWithCount:`, tag SOGo-5.8.0), with N the
 * policy's value: `(.*[a-z].*){N}`, `(.*[A-Z].*){N}`, `(.*[0-9].*){N}` and the special symbols'
 * `([%$&*(){}!?\@#].*){N,}`. The source builds them with a format string whose "%" is a directive,
 * so the strings were read out of Debian 12's built libSOGo.so.5 (sogo 5.8.0-2+deb12u4) and tried
 * with the call SQLSource.m `changePasswordForLogin:` makes (GNUstep's `rangeOfString:options:
 * NSRegularExpressionSearch`, ICU). So only ASCII letters and digits count, and the special
 * symbols are exactly % $ & * ( ) { } ! ? @ #: not "-", "_", ".", a space or "é" (SOGo 5.10 added
 * more). Only an SQL user source checks them (LDAPSource has no `userPasswordPolicy`), and only its
 * users see the list.
 */
export const SOGO_SYMBOLS = '%$&*(){}!?@#';
export const SOGO_CHARACTER_SETS = {
  asciiLowercase: /[a-z]/g,
  asciiUppercase: /[A-Z]/g,
  asciiDigit: /[0-9]/g,
  sogoSymbol: /[%$&*(){}!?@#]/g,
} as const;
export type SogoCharacterSet = keyof typeof SOGO_CHARACTER_SETS;

/** A page shows a handful; more is not a real rules list, and each item is a sentence. */
export const MAX_WEBMAIL_RULES = 20;
export const MAX_WEBMAIL_RULE_TEXT = 300;

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Matcher {
  pattern: RegExp;
  rule: (match: RegExpExecArray) => WebmailPasswordRule | null;
}

/** Built once, on first use: only pages with a webmail rules list pay for it. */
let matchers: Matcher[] | null = null;
function allMatchers(): Matcher[] {
  if (matchers) return matchers;
  const exact = (texts: readonly string[], rule: () => WebmailPasswordRule): Matcher[] =>
    texts.map((text) => ({ pattern: new RegExp(`^${escapeRegExp(text)}$`, 'iu'), rule }));
  const lengths: Matcher[] = ROUNDCUBE_PASSWORD_RULE_TEXTS.passwordshort
    .filter((text) => text.includes('$length'))
    .map((text) => ({
      // PHP prints the number with ASCII digits in every language.
      pattern: new RegExp(`^${text.split('$length').map(escapeRegExp).join('(\\d{1,4})')}$`, 'iu'),
      rule: (match) => {
        const min = Number(match[1]);
        return Number.isInteger(min) && min > 0 ? { kind: 'minLength', min, counts: 'utf8Bytes' } : null;
      },
    }));
  // SOGo prints NSNumber's stringValue, ASCII digits. A value of 0 is printed too, but its
  // expressions ({0}) then match nothing or anything: left to the server.
  const sogo = (texts: readonly string[], rule: (min: number) => WebmailPasswordRule): Matcher[] =>
    texts.map((text) => ({
      pattern: new RegExp(`^${text.split('%{0}').map(escapeRegExp).join('(\\d{1,4})')}$`, 'iu'),
      rule: (match) => {
        const min = Number(match[1]);
        return Number.isInteger(min) && min > 0 ? rule(min) : null;
      },
    }));
  const characters = (characters: SogoCharacterSet) => (min: number) => ({ kind: 'minCharacters', characters, min }) as const;
  matchers = [
    ...lengths,
    ...exact(ROUNDCUBE_PASSWORD_RULE_TEXTS.passwordweak, () => ({ kind: 'digitAndPunctuation' })),
    ...sogo(SOGO_PASSWORD_RULE_TEXTS.POLICY_MIN_LENGTH, (min) => ({ kind: 'minLength', min, counts: 'codePointsOnOneLine' })),
    ...sogo(SOGO_PASSWORD_RULE_TEXTS.POLICY_MIN_LOWERCASE_LETTER, characters('asciiLowercase')),
    ...sogo(SOGO_PASSWORD_RULE_TEXTS.POLICY_MIN_UPPERCASE_LETTER, characters('asciiUppercase')),
    ...sogo(SOGO_PASSWORD_RULE_TEXTS.POLICY_MIN_DIGIT, characters('asciiDigit')),
    ...sogo(SOGO_PASSWORD_RULE_TEXTS.POLICY_MIN_SPECIAL_SYMBOLS, characters('sogoSymbol')),
  ];
  return matchers;
}

/**
 * The rules in the order the page lists them. Empty items are skipped (Roundcube prints an empty
 * `li.strength-rule` when no minimum score is set); anything not recognised is kept as
 * `checkedByWebmail` with its text, so the panel never claims a rule it did not check.
 */
export function parseWebmailPasswordRules(texts: readonly string[]): WebmailPasswordRule[] {
  const rules: WebmailPasswordRule[] = [];
  for (const raw of texts.slice(0, MAX_WEBMAIL_RULES)) {
    const text = normalise(raw.slice(0, MAX_WEBMAIL_RULE_TEXT * 2)).slice(0, MAX_WEBMAIL_RULE_TEXT);
    if (!text) continue;
    let rule: WebmailPasswordRule | null = null;
    for (const { pattern, rule: make } of allMatchers()) {
      const match = pattern.exec(text);
      if (match && (rule = make(match))) break;
    }
    rules.push(rule ?? { kind: 'checkedByWebmail', text });
  }
  return rules;
}

/** UTF-8 length, as PHP's strlen() counts a UTF-8 string. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Roundcube's default strength check (see the rule's comment): the exact expressions the server runs. */
export function hasDigitAndPunctuation(password: string): boolean {
  return /[0-9]/.test(password) && /[^A-Za-z0-9]/.test(password);
}

/**
 * The password as SOGo's expressions see it: ICU's "." (no DOTALL flag) stops at a line
 * terminator, so every count is made within one line. Checked with the server's call (above) on
 * "abcd" + terminator + "efghi" against `.{9,}`: refused for \n \r \v \f U+0085 U+2028 U+2029,
 * accepted for a tab, U+00A0, U+001C.
 */
export function sogoLines(password: string): string[] {
  return password.split(/[\n\v\f\r\u0085\u2028\u2029]/);
}

/** The most characters of the set that SOGo's `(.*[set].*){N}` can find: the best line's count. */
export function sogoCharacterCount(password: string, characters: SogoCharacterSet): number {
  let best = 0;
  for (const line of sogoLines(password)) best = Math.max(best, line.match(SOGO_CHARACTER_SETS[characters])?.length ?? 0);
  return best;
}

/** The length SOGo's `.{N,}` can find: the longest line, in code points. */
export function sogoLength(password: string): number {
  let best = 0;
  for (const line of sogoLines(password)) best = Math.max(best, [...line].length);
  return best;
}

/** Every minimum length the webmail states is met, each counted as its server counts. */
export function meetsWebmailLengths(password: string, rules: readonly WebmailPasswordRule[]): boolean {
  return rules.every(
    (rule) => rule.kind !== 'minLength' || (rule.counts === 'utf8Bytes' ? utf8Length(password) : sogoLength(password)) >= rule.min,
  );
}

/** The strictest minimum length among the webmail's rules (each in its server's unit), 0 when it states none. */
export function webmailMinLength(rules: readonly WebmailPasswordRule[]): number {
  let min = 0;
  for (const rule of rules) if (rule.kind === 'minLength') min = Math.max(min, rule.min);
  return min;
}
