import {
  contextWordsFrom,
  evaluatePasswordInPage,
  strengthUserInputs,
  type BreachStatus,
  type ContextSource,
  type PasswordPolicy,
  type PasswordVerdict,
  type PasswordVerdictDisplay,
} from '../../model/password-policy.ts';
import { DEFAULT_PASSPHRASE_WORD_COUNT, MAX_PASSPHRASE_WORD_COUNT, generatePassphrase } from '../../model/passphrase.ts';
import { webmailMinLength, type WebmailPasswordRule } from '../../model/webmail-password-rules.ts';
import { PASSPHRASE_WORDS } from '../../model/passphrase-words.ts';
import type { StrengthEstimator, StrengthScore } from '../../strength/estimator.ts';
import { loadStrengthEstimator } from './strength-words-loader.ts';
import { uiLocale } from '../../shared/i18n.ts';
import type { Settings } from '../../shared/settings.ts';

export function policyFromSettings(settings: Settings): PasswordPolicy {
  return {
    minLength: settings.passwordMinLength,
    requireLowercase: settings.passwordRequireLowercase,
    requireUppercase: settings.passwordRequireUppercase,
    requireDigit: settings.passwordRequireDigit,
    requireSymbol: settings.passwordRequireSymbol,
    forbidKnownWords: settings.passwordForbidKnownWords,
    forbidContextWords: true,
    minScore: settings.passwordMinScore as StrengthScore,
    blocklist: settings.passwordBlocklist,
  };
}

export interface PasswordCheck {
  verdict: PasswordVerdict;
  /** Parts of the password behind each failure: shown in the page, never sent or stored. */
  display: PasswordVerdictDisplay;
  length: number;
}

export interface PasswordChecker {
  /** `breach`: what the known-breach lookup says of this password, when IT turned it on. */
  check(password: string, confirmation: string | null, breach?: BreachStatus): PasswordCheck;
  /** Settles once the dictionaries are indexed (known-word rules pending until then) or failed to
   * load (those rules then unchecked). They load after `loadWords()`, or the first check of a
   * password that is not empty. */
  ready: Promise<void>;
  /** Starts loading the dictionaries, if the policy needs them and they are not loading yet. */
  loadWords(): void;
  passphrase(): string;
}

/** Draws that all miss a rule mean the rule cannot be met by a passphrase (a blocklist entry that
 * is a common syllable, say): the last one is offered anyway, and the panel shows what it misses. */
const PASSPHRASE_ATTEMPTS = 20;

/**
 * The policy, the webmail's own rules, the estimator and the page's context words, put together
 * once per form. The estimator is built when its code (a script of its own) and its word lists
 * (fetched as bytes) have both arrived, see strength-words-loader.ts; the length and class rules
 * answer at once. Both load when the nudge asks (once its panel is on screen) or when there is a
 * password to judge, whichever comes first: the lists' download and reading took the page's main
 * thread for 40–60 ms, in which the panel's first height waited (Chromium 156, bench/password-frame.ts).
 */
export function createPasswordChecker(
  policy: PasswordPolicy,
  context: ContextSource,
  webmailRules: readonly WebmailPasswordRule[] = [],
): PasswordChecker {
  const contextWords = contextWordsFrom(context);
  const needsEstimator = policy.forbidKnownWords || policy.minScore > 0;
  let estimator: StrengthEstimator | null = null;
  let estimatorUnavailable = false;
  let loadWords!: () => void;
  const asked = new Promise<void>((resolve) => (loadWords = resolve));
  const ready = needsEstimator
    ? asked.then(loadStrengthEstimator).then(
        (loaded) => {
          estimator = loaded;
        },
        (error: unknown) => {
          // Its rules are shown as not checked and hold nothing back; the others keep answering.
          estimatorUnavailable = true;
          console.error('[sobre-mail] the strength estimator or its word lists did not load', error);
        },
      )
    : Promise.resolve();
  const words = uiLocale().toLowerCase().startsWith('fr') ? PASSPHRASE_WORDS.fr : PASSPHRASE_WORDS.en;

  const check = (password: string, confirmation: string | null, breach?: BreachStatus): PasswordCheck => {
    if (password) loadWords();
    // The blocklist's entries that may occur in this password, found by a matcher prepared once per page.
    // The empty field too, once the estimator is there: its rules are then judged (nothing known
    // found, strength 0), not left "checking" until the user types.
    const strength = estimator ? estimator.check(password, strengthUserInputs(policy, contextWords, password)) : null;
    const { verdict, display } = evaluatePasswordInPage(password, {
      policy,
      ...(confirmation === null ? {} : { confirmation }),
      strength,
      strengthUnavailable: estimatorUnavailable,
      contextWords,
      webmailRules,
      ...(breach ? { breach } : {}),
    });
    return { verdict, display, length: [...password].length };
  };
  // The strictest length in force; a passphrase's words give it the other rules by construction
  // (lower and upper case, an ASCII digit, '-' as punctuation).
  const minLength = Math.max(policy.minLength, webmailMinLength(webmailRules));
  // SOGo counts only its own symbols, not '-': where its rule asks for some, the words are joined by
  // one of them, with enough words for the count it asks.
  const symbolsAsked = Math.max(
    0,
    ...webmailRules.map((rule) => (rule.kind === 'minCharacters' && rule.characters === 'sogoSymbol' ? rule.min : 0)),
  );
  const separator = symbolsAsked > 0 ? '!' : '-';
  const count = Math.min(MAX_PASSPHRASE_WORD_COUNT, Math.max(DEFAULT_PASSPHRASE_WORD_COUNT, symbolsAsked + 1));

  return {
    ready,
    loadWords,
    check,
    passphrase() {
      let phrase = '';
      for (let attempt = 0; attempt < PASSPHRASE_ATTEMPTS; attempt += 1) {
        // Drawn here, in the page's isolated world, from the browser's CSPRNG.
        phrase = generatePassphrase({ words, count, separator, minLength, random: (n) => crypto.getRandomValues(new Uint32Array(n)) });
        // A context word or blocklist entry can still turn up inside the words: draw again. Rules
        // still waiting for the estimator, or left to the webmail's server, cannot be judged here.
        if (check(phrase, null).verdict.rules.every((rule) => rule.ok || rule.pending || rule.unchecked)) break;
      }
      return phrase;
    },
  };
}
