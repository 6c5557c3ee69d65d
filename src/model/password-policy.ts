/**
 * The organisation's password policy, checked rule by rule as the user types.
 *
 * PURE: plain data in, a verdict out (rule ids + parameters, no text): the UI translates.
 *
 * The password never leaves the page (DESIGN §2); only the verdict may travel (messages to the
 * background, logs). So a `PasswordVerdict` holds no part of the password: no matched token, no
 * matched word (a word found in the password IS a part of it), no length, no positions. What it
 * does hold is a closed vocabulary: rule ids, reason kinds, list names ('passwords', 'commonWords'),
 * languages, keyboard graph names, the policy's own numbers and the score. The page, which has
 * the password anyway, gets the tokens to show ("contains the common word « soleil »") from
 * `evaluatePasswordInPage`, whose `display` part must stay in the page.
 */
import type { StrengthFinding, StrengthResult, StrengthScore } from '../strength/estimator.ts';
import {
  hasDigitAndPunctuation,
  meetsWebmailLengths,
  sogoCharacterCount,
  webmailMinLength,
  type SogoCharacterSet,
  type WebmailPasswordRule,
} from './webmail-password-rules.ts';
import { SETTINGS_SPEC } from '../shared/settings-spec.ts';

// ---------------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------------

export interface PasswordPolicy {
  /** Minimum length in Unicode code points (what NIST SP 800-63B counts, and Roundcube's
   * password plugin with mb_strlen). */
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
  /** Refuse passwords made guessable by known words or patterns (see `KNOWN_WORD_SAFE_GUESSES_LOG10`). */
  forbidKnownWords: boolean;
  /** Refuse passwords containing context words: the user's address and name, the organisation's
   * names and domains (NIST: "context-specific words"). */
  forbidContextWords: boolean;
  /** Minimum zxcvbn score, 0 = rule off. */
  minScore: StrengthScore;
  /** Organisation blocklist: refused anywhere in the password, case, accents and common l33t
   * substitutions ignored. Entries shorter than 3 characters are ignored (they would refuse
   * half of all passwords). */
  blocklist: readonly string[];
}

/**
 * The provider's defaults: ≥ 8 characters, lowercase + uppercase + digit, no known word (their
 * reasons are beside them in the settings table, shared/settings-spec.ts, which this reads).
 * NIST SP 800-63B-4 advises against composition rules (it asks for length, a blocklist and a
 * reason for each refusal); the provider requires them, so they are on by default and an
 * organisation may turn them off. `minScore: 3` is zxcvbn's "safely unguessable" threshold.
 */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: SETTINGS_SPEC.passwordMinLength.default,
  requireLowercase: SETTINGS_SPEC.passwordRequireLowercase.default,
  requireUppercase: SETTINGS_SPEC.passwordRequireUppercase.default,
  requireDigit: SETTINGS_SPEC.passwordRequireDigit.default,
  requireSymbol: SETTINGS_SPEC.passwordRequireSymbol.default,
  forbidKnownWords: SETTINGS_SPEC.passwordForbidKnownWords.default,
  // Not a setting: the user's own names and the organisation's are always refused.
  forbidContextWords: true,
  minScore: SETTINGS_SPEC.passwordMinScore.default as StrengthScore,
  blocklist: SETTINGS_SPEC.passwordBlocklist.default,
};

/**
 * "No known word" cannot mean "contains no dictionary word": with 316 k words and names in the
 * lists, nearly every password contains one, and passphrases (what NIST and we recommend) are
 * made of them. It means: the known words and patterns zxcvbn found make the password guessable.
 * So the rule fails when zxcvbn's most guessable decomposition contains at least one known part
 * AND the whole needs fewer than 10^10 guesses (zxcvbn score < 4, "resists an offline attack on a
 * slow hash"). "Soleil2024!" (10^8) is refused for « soleil » and the year; a four-word
 * passphrase (> 10^12) passes.
 */
export const KNOWN_WORD_SAFE_GUESSES_LOG10 = 10;

/** Known parts shorter than this are not given as reasons ('01' in 'Azerty01' is, as part of
 * zxcvbn's decomposition, a "sequence", but not one worth naming). Years and dates always count. */
const MIN_REASON_TOKEN_LENGTH = 3;

// ---------------------------------------------------------------------------------------------
// Verdict
// ---------------------------------------------------------------------------------------------

export type PasswordRuleId =
  | 'minLength'
  | 'lowercase'
  | 'uppercase'
  | 'digit'
  | 'symbol'
  | 'knownWord'
  | 'contextWord'
  | 'blocklist'
  | 'minScore'
  | 'webmailDigitAndPunctuation'
  | 'webmailMinCharacters'
  | 'webmailChecked'
  | 'notBreached'
  | 'confirmation';

export type KnownWordReasonKind = 'dictionary' | 'keyboard' | 'year' | 'date' | 'sequence' | 'repeat';

/** One reason for a knownWord failure. No token: see the file comment. */
export interface KnownWordReason {
  kind: KnownWordReasonKind;
  /** Index in `strength.findings` (the page can slice the token from the finding's span). */
  finding: number;
  /** For dictionary (and keyboard walks found in a list): 'passwords', 'commonWords',
   * 'wikipedia', 'firstnames', 'lastnames', 'diceware', 'months', … */
  dictionary?: string;
  /** 'common', 'en', 'fr'. */
  language?: string;
  /** For keyboard: 'azerty', 'qwerty', 'qwertz', 'dvorak', 'keypad', 'keypadMac'. */
  graph?: string;
  l33t?: boolean;
  reversed?: boolean;
}

interface RuleBase<Id extends PasswordRuleId> {
  id: Id;
  ok: boolean;
  /** The estimator is not loaded yet: the rule cannot be decided (ok is false meanwhile). */
  pending?: true;
  /** The estimator could not be loaded: the rule was not checked (ok is false; it must not hold
   * the user back either, see `blockingFailure`). */
  unchecked?: true;
}

export type PasswordRuleResult =
  /** `source: 'webmail'` when the webmail's own minimum is the stricter one (it then applies). */
  | (RuleBase<'minLength'> & { params: { min: number; source: RuleSource } })
  | RuleBase<'lowercase'>
  | RuleBase<'uppercase'>
  | RuleBase<'digit'>
  | RuleBase<'symbol'>
  | (RuleBase<'knownWord'> & { params: { reasons: KnownWordReason[] } })
  | RuleBase<'contextWord'>
  | RuleBase<'blocklist'>
  | (RuleBase<'minScore'> & { params: { min: StrengthScore; score: StrengthScore | null } })
  /** The webmail's "a number and a punctuation character" (Roundcube's default strength check). */
  | RuleBase<'webmailDigitAndPunctuation'>
  /** The webmail's "at least `min` of these characters" (SOGo's letter, digit and symbol rules). */
  | (RuleBase<'webmailMinCharacters'> & { params: { characters: SogoCharacterSet; min: number } })
  /** A rule the webmail states that only its server can check: always `unchecked`, never blocking.
   * `index` points into the display's `webmailChecked` texts. */
  | (RuleBase<'webmailChecked'> & { params: { index: number } })
  /** Not listed by the known-breach range service IT named; `count`: times seen, when known. */
  | (RuleBase<'notBreached'> & { params: { count: number | null } })
  | RuleBase<'confirmation'>;

/**
 * What the known-breach lookup (breach-range.ts) says of the password now: still to ask (typing,
 * a short field, or the answer on its way), seen N times, not seen, or not reachable.
 */
export type BreachStatus = { state: 'waiting' } | { state: 'seen'; count: number } | { state: 'notSeen' } | { state: 'unavailable' };

/** Who asks for a rule: the organisation's settings, or the webmail's own password page. */
export type RuleSource = 'organisation' | 'webmail';

/** Safe to send anywhere: holds no part of the password. */
export interface PasswordVerdict {
  /** Every shown rule passes (false while a rule is pending). */
  ok: boolean;
  /** Rules the policy enables, in display order. */
  rules: PasswordRuleResult[];
  /** zxcvbn score, null until the estimator is ready. */
  score: StrengthScore | null;
}

export interface PasswordEvaluationInput {
  policy: PasswordPolicy;
  /** The confirmation field's value; omit when the page has no confirmation field. */
  confirmation?: string;
  /** The estimate for this password (with `strengthUserInputs(...)` as user inputs), or null
   * while the estimator loads. */
  strength: StrengthResult | null;
  /** The estimator failed to load (strength stays null): its rules are unchecked, not pending. */
  strengthUnavailable?: boolean;
  /** From `contextWordsFrom`. */
  contextWords: readonly string[];
  /** The rules the webmail's password page states (`parseWebmailPasswordRules`); checked too, and
   * the stricter of its length and the policy's applies. */
  webmailRules?: readonly WebmailPasswordRule[];
  /** Present only when IT turned the known-breach lookup on. */
  breach?: BreachStatus;
}

/**
 * PAGE ONLY, never sent, stored or logged: the parts of the password behind each failure.
 * `knownWord[k]` is the token of the verdict's knownWord reason k.
 */
export interface PasswordVerdictDisplay {
  knownWord: string[];
  /** The context words found (from `contextWords`, as given). */
  contextWord: string[];
  /** The blocklist entries found (as the organisation wrote them). */
  blocklist: string[];
  /** The webmail's own words for the rules only its server checks (page text, shown as text). */
  webmailChecked: string[];
}

export function evaluatePassword(password: string, input: PasswordEvaluationInput): PasswordVerdict {
  return evaluatePasswordInPage(password, input).verdict;
}

/** The verdict plus what the page may show next to it; send only `.verdict` anywhere else. */
export function evaluatePasswordInPage(
  password: string,
  { policy, confirmation, strength, strengthUnavailable = false, contextWords, webmailRules = [], breach }: PasswordEvaluationInput,
): { verdict: PasswordVerdict; display: PasswordVerdictDisplay } {
  const rules: PasswordRuleResult[] = [];
  const display: PasswordVerdictDisplay = { knownWord: [], contextWord: [], blocklist: [], webmailChecked: [] };
  const undecided = strengthUnavailable ? ({ unchecked: true } as const) : ({ pending: true } as const);

  // One length line: the policy's minimum in code points (an emoji is one character to the user),
  // and the webmail's as its server counts (Roundcube: UTF-8 bytes; SOGo: code points on one line).
  // The stricter one is named.
  const webmailMin = webmailMinLength(webmailRules);
  const lengthOk = [...password].length >= policy.minLength && meetsWebmailLengths(password, webmailRules);
  rules.push({
    id: 'minLength',
    ok: lengthOk,
    params: webmailMin > policy.minLength ? { min: webmailMin, source: 'webmail' } : { min: policy.minLength, source: 'organisation' },
  });
  if (policy.requireLowercase) rules.push({ id: 'lowercase', ok: /\p{Ll}/u.test(password) });
  if (policy.requireUppercase) rules.push({ id: 'uppercase', ok: /\p{Lu}/u.test(password) });
  if (policy.requireDigit) rules.push({ id: 'digit', ok: /\p{Nd}/u.test(password) });
  // Symbol: anything that is neither a letter nor a number (space and punctuation included).
  if (policy.requireSymbol) rules.push({ id: 'symbol', ok: /[^\p{L}\p{N}]/u.test(password) });
  // The webmail's other rules, each its own line: they are not the organisation's settings, and
  // "a digit" (any script's digits) is not the server's "0-9".
  if (webmailRules.some((rule) => rule.kind === 'digitAndPunctuation')) {
    rules.push({ id: 'webmailDigitAndPunctuation', ok: hasDigitAndPunctuation(password) });
  }
  for (const rule of webmailRules) {
    if (rule.kind !== 'minCharacters') continue;
    const { characters, min } = rule;
    rules.push({ id: 'webmailMinCharacters', ok: sogoCharacterCount(password, characters) >= min, params: { characters, min } });
  }
  for (const rule of webmailRules) {
    if (rule.kind !== 'checkedByWebmail') continue;
    rules.push({ id: 'webmailChecked', ok: false, unchecked: true, params: { index: display.webmailChecked.length } });
    display.webmailChecked.push(rule.text);
  }

  if (policy.forbidKnownWords) {
    if (!strength) {
      rules.push({ id: 'knownWord', ok: false, ...undecided, params: { reasons: [] } });
    } else {
      const reasons: KnownWordReason[] = [];
      strength.findings.forEach((finding, index) => {
        const reason = knownWordReason(finding, index);
        if (reason) {
          reasons.push(reason);
          display.knownWord.push(password.slice(finding.i, finding.j + 1));
        }
      });
      const guessable = strength.guessesLog10 < KNOWN_WORD_SAFE_GUESSES_LOG10;
      if (!guessable) display.knownWord = [];
      rules.push({
        id: 'knownWord',
        ok: !guessable || reasons.length === 0,
        params: { reasons: guessable ? reasons : [] },
      });
    }
  }

  if (policy.forbidContextWords) {
    display.contextWord = findWordsIn(password, contextWords);
    rules.push({ id: 'contextWord', ok: display.contextWord.length === 0 });
  }

  const blocklist = preparedBlocklist(policy.blocklist);
  if (blocklist.size > 0) {
    display.blocklist = blocklist.find(password);
    rules.push({ id: 'blocklist', ok: display.blocklist.length === 0 });
  }

  if (policy.minScore > 0) {
    rules.push(
      strength
        ? { id: 'minScore', ok: strength.score >= policy.minScore, params: { min: policy.minScore, score: strength.score } }
        : { id: 'minScore', ok: false, ...undecided, params: { min: policy.minScore, score: null } },
    );
  }

  if (breach) {
    // A service that cannot be reached leaves the rule unchecked: it never holds the user back.
    rules.push(
      breach.state === 'seen'
        ? { id: 'notBreached', ok: false, params: { count: breach.count } }
        : breach.state === 'notSeen'
          ? { id: 'notBreached', ok: true, params: { count: 0 } }
          : breach.state === 'unavailable'
            ? { id: 'notBreached', ok: false, unchecked: true, params: { count: null } }
            : { id: 'notBreached', ok: false, pending: true, params: { count: null } },
    );
  }

  // Empty confirmation fails too: "the two passwords match" is not yet true.
  if (confirmation !== undefined) rules.push({ id: 'confirmation', ok: confirmation.length > 0 && confirmation === password });

  return {
    verdict: { ok: rules.every((rule) => rule.ok), rules, score: strength ? strength.score : null },
    display,
  };
}

/**
 * The first rule that should stop the user (block mode holds Save on it): a failed rule, but not
 * one left unchecked because the estimator could not load — a broken download must not keep staff
 * from changing their password; the webmail's own policy still applies on the server.
 */
export function blockingFailure(verdict: PasswordVerdict): PasswordRuleResult | undefined {
  return verdict.rules.find((rule) => !rule.ok && !rule.unchecked);
}

/**
 * Every rule the page can decide passes: what is left (rules only the webmail's server checks) is
 * for the server to say on save. The panel never says "meets every rule" while such a rule remains.
 */
export function passesEveryPageRule(verdict: PasswordVerdict): boolean {
  return verdict.rules.every((rule) => rule.ok || rule.id === 'webmailChecked');
}

function knownWordReason(finding: StrengthFinding, index: number): KnownWordReason | null {
  const { kind } = finding;
  // Context words and blocklist entries have their own rules.
  if (kind === 'userInput') return null;
  const length = finding.j - finding.i + 1;
  if (length < MIN_REASON_TOKEN_LENGTH && kind !== 'year' && kind !== 'date') return null;
  const reason: KnownWordReason = { kind, finding: index };
  if (finding.dictionary !== undefined) reason.dictionary = finding.dictionary;
  if (finding.language !== undefined) reason.language = finding.language;
  if (finding.graph !== undefined) reason.graph = finding.graph;
  if (finding.l33t) reason.l33t = true;
  if (finding.reversed) reason.reversed = true;
  return reason;
}

// ---------------------------------------------------------------------------------------------
// Context words and blocklist
// ---------------------------------------------------------------------------------------------

const MIN_WORD_LENGTH = 3;

/**
 * Frequent short words that name nothing personal: a context or blocklist word must not refuse
 * every password that contains "les" because the organisation is "Les Jardins de Lyon".
 */
const STOP_WORDS = new Set([
  'les',
  'des',
  'aux',
  'sur',
  'par',
  'une',
  'pour',
  'avec',
  'dans',
  'chez',
  'the',
  'and',
  'for',
  'with',
  'from',
  'of',
  'inc',
  'ltd',
  'sas',
  'sarl',
  'asso',
  'www',
  'mail',
  'email',
  'webmail',
  'smtp',
  'imap',
  'mx',
]);

export interface ContextSource {
  /** The user's address, e.g. read from the webmail page. */
  email?: string | null;
  /** The user's display name. */
  displayName?: string | null;
  /** From managed settings. */
  organisationNames?: readonly string[];
  organisationDomains?: readonly string[];
}

/**
 * Lower-case words (≥ 3 characters) a password must not contain: the address's local part split on
 * . _ - +, the domains' labels without the TLD (and their parts split on -), the name's parts,
 * the organisation names' words and each name run together ("mairiedelyon"). When a word has
 * accents, its unaccented spelling is added too (zxcvbn compares literally).
 */
export function contextWordsFrom(source: ContextSource): string[] {
  const out = new Set<string>();
  const add = (word: string) => {
    const lower = word.toLowerCase().normalize('NFC');
    for (const w of [lower, stripAccents(lower)]) {
      if ([...w].length >= MIN_WORD_LENGTH && !STOP_WORDS.has(w) && !/^\d+$/.test(w)) out.add(w);
    }
  };
  const addDomain = (domain: string) => {
    const labels = domain.trim().toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
    // Drop the TLD; keep every other label (mail.mairie-lyon.fr → mairie-lyon; "mail" is a stop word).
    for (const label of labels.slice(0, -1)) {
      add(label.replace(/-/g, ''));
      label.split('-').forEach(add);
    }
  };

  const email = source.email?.trim() ?? '';
  const at = email.lastIndexOf('@');
  if (at > 0) {
    email
      .slice(0, at)
      .split(/[._+-]/)
      .forEach(add);
    addDomain(email.slice(at + 1));
  }
  if (source.displayName) {
    const parts = source.displayName.split(/[\s,.'’]+/).filter(Boolean);
    for (const part of parts) {
      // Jean-Pierre → jean, pierre and jeanpierre.
      part.split('-').forEach(add);
      if (part.includes('-')) add(part.replace(/-/g, ''));
    }
  }
  for (const name of source.organisationNames ?? []) {
    const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    words.forEach(add);
    if (words.length > 1) add(words.join(''));
  }
  for (const domain of source.organisationDomains ?? []) addDomain(domain);
  return [...out];
}

/**
 * What to pass as zxcvbn `userInputs` for this policy: context words and blocklist entries, so the
 * score also counts them as known (zxcvbn finds them reversed and in l33t too).
 */
export function strengthUserInputs(policy: PasswordPolicy, contextWords: readonly string[], password?: string): string[] {
  const words = new Set<string>(policy.forbidContextWords ? contextWords : []);
  // With the password: only the entries that may occur in it (see looseBlocklist), so a
  // 10,000-entry list costs the estimator a few words per keystroke instead of 10,000. An entry
  // found is then ranked among those few (zxcvbn ranks user inputs by position), no longer by its
  // place in IT's list: as guessable or more, and the blocklist rule refuses it anyway.
  const entries = password === undefined ? policy.blocklist : looseBlocklist(policy.blocklist).find(password);
  for (const entry of entries) {
    const lower = entry.trim().toLowerCase();
    if (canonical(lower).length >= MIN_WORD_LENGTH) words.add(lower);
  }
  return [...words];
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * A spelling-insensitive form: lower case, no accents, and the usual l33t digits and symbols read
 * as the letters they stand for ('Dup0nt' ~ 'dupont', 'M@rie' ~ 'marie'). 1, !, | and l all read
 * as 'i' so both 'l' and 'i' spellings meet; the same map applies to both sides.
 */
const L33T: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '|': 'i',
  l: 'i',
  '3': 'e',
  '4': 'a',
  '@': 'a',
  '5': 's',
  $: 's',
  '7': 't',
  '+': 't',
};
function canonical(text: string): string {
  let out = '';
  for (const ch of stripAccents(text.toLowerCase())) out += L33T[ch] ?? ch;
  return out.replace(/[^\p{L}\p{N}]/gu, '');
}

/** The words (as given) found in the password, forwards or backwards, spelling-insensitively. */
function findWordsIn(password: string, words: readonly string[]): string[] {
  // Separators are dropped so 'du-pont' and 'du pont' still meet 'dupont'.
  const forward = canonical(password);
  const backward = [...forward].reverse().join('');
  const found: string[] = [];
  for (const word of words) {
    const w = canonical(word);
    if (w.length >= MIN_WORD_LENGTH && (forward.includes(w) || backward.includes(w))) found.push(word);
  }
  return found;
}

/**
 * A multi-pattern matcher over a word list, prepared once: every entry normalised once and indexed
 * by its normal form; a password is then normalised (forwards and backwards) and each of its
 * substrings of an indexed length looked up. A check costs (password length × distinct entry
 * lengths) lookups, whatever the number of entries: 10,000 entries were canonicalised again and
 * searched one by one on every keystroke before.
 */
export class WordMatcher {
  readonly #byForm = new Map<string, string[]>();
  readonly #lengths: number[];

  constructor(
    words: readonly string[],
    private readonly normalise: (text: string) => string,
  ) {
    for (const word of words) {
      const form = normalise(word);
      if (form.length < MIN_WORD_LENGTH) continue;
      const list = this.#byForm.get(form);
      if (list) list.push(word);
      else this.#byForm.set(form, [word]);
    }
    this.#lengths = [...new Set([...this.#byForm.keys()].map((form) => form.length))].sort((a, b) => a - b);
  }

  get size(): number {
    return this.#byForm.size;
  }

  /** The entries (as given) found in the password, forwards or backwards, in list order. */
  find(password: string): string[] {
    if (this.#byForm.size === 0) return [];
    const forward = this.normalise(password);
    const found = new Set<string>();
    for (const text of [forward, [...forward].reverse().join('')]) {
      for (let i = 0; i < text.length; i += 1) {
        for (const length of this.#lengths) {
          if (i + length > text.length) break;
          const words = this.#byForm.get(text.slice(i, i + length));
          if (words) for (const word of words) found.add(word);
        }
      }
    }
    return [...found];
  }
}

/** One prepared matcher per list (the settings' array): built on the first check, reused on every keystroke. */
const blocklists = new WeakMap<readonly string[], WordMatcher>();
function preparedBlocklist(list: readonly string[]): WordMatcher {
  let matcher = blocklists.get(list);
  if (!matcher) blocklists.set(list, (matcher = new WordMatcher(list, canonical)));
  return matcher;
}

/**
 * zxcvbn-ts 4.2's l33t table (data/l33tTable), its one-character substitutions closed into classes:
 * a letter, what may stand for it, and every letter sharing a substitute with it, read as one
 * (6 stands for d and g, so d, g, 6, 9, & and q are one class). Looser than zxcvbn, never stricter.
 * Its few multi-character substitutions ('|<' for k, 'nn' for m) are not followed: an entry written
 * with one of them in the password is then scored as zxcvbn's own dictionaries see it.
 */
const LOOSE_CLASSES = ['a4@', 'b8', 'c({[<kv>/', 'dg69&q', 'e3', 'fh#', 'il1!|7t+', 'o0', 's$5', 'x%', 'z2'];
const LOOSE: Record<string, string> = Object.fromEntries(LOOSE_CLASSES.flatMap((members) => [...members].map((ch) => [ch, members[0]!])));
function loose(text: string): string {
  let out = '';
  for (const ch of stripAccents(text.toLowerCase())) out += LOOSE[ch] ?? ch;
  return out.replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The blocklist entries the estimator could match in a password. zxcvbn finds a user input as a
 * lower-case substring, reversed or through l33t substitutions; the loose form maps every such
 * spelling to the same letters (and drops separators and accents on both sides), so an entry it
 * could match is always found here: the score is the one the whole list would give.
 */
const looseBlocklists = new WeakMap<readonly string[], WordMatcher>();
function looseBlocklist(list: readonly string[]): WordMatcher {
  let matcher = looseBlocklists.get(list);
  if (!matcher) looseBlocklists.set(list, (matcher = new WordMatcher(list, loose)));
  return matcher;
}
