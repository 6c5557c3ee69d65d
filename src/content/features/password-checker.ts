import {
  contextWordsFrom,
  evaluatePasswordInPage,
  strengthUserInputs,
  type ContextSource,
  type PasswordPolicy,
  type PasswordVerdict,
  type PasswordVerdictDisplay,
} from '../../model/password-policy.ts';
import { generatePassphrase } from '../../model/passphrase.ts';
import { PASSPHRASE_WORDS } from '../../model/passphrase-words.ts';
import type { StrengthEstimator, StrengthScore } from '../../model/strength.ts';
import { createDefaultStrengthEstimator } from '../../model/strength-dictionaries.ts';
import { decodeRestWhenIdle, loadStrengthWords } from './strength-words-loader.ts';
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
  check(password: string, confirmation: string | null): PasswordCheck;
  /** Settles once the dictionaries are indexed (known-word rules pending until then) or failed to
   * load (those rules then unchecked). */
  ready: Promise<void>;
  passphrase(): string;
}

/**
 * The policy, the estimator and the page's context words, put together once per page. The estimator
 * is built when its word lists have arrived (fetched as bytes, see strength-words-loader.ts); the
 * length and class rules answer at once.
 */
export function createPasswordChecker(policy: PasswordPolicy, context: ContextSource): PasswordChecker {
  const contextWords = contextWordsFrom(context);
  const userInputs = strengthUserInputs(policy, contextWords);
  const needsEstimator = policy.forbidKnownWords || policy.minScore > 0;
  let estimator: StrengthEstimator | null = null;
  let estimatorUnavailable = false;
  const ready = needsEstimator
    ? loadStrengthWords().then(
        (columns) => {
          estimator = createDefaultStrengthEstimator(columns);
          decodeRestWhenIdle(columns);
        },
        (error: unknown) => {
          // Its rules are shown as not checked and hold nothing back; the others keep answering.
          estimatorUnavailable = true;
          console.error('[sobre-mail] the password word lists did not load', error);
        },
      )
    : Promise.resolve();
  const words = uiLocale().toLowerCase().startsWith('fr') ? PASSPHRASE_WORDS.fr : PASSPHRASE_WORDS.en;

  return {
    ready,
    check(password, confirmation) {
      const strength = estimator && password ? estimator.check(password, userInputs) : null;
      const { verdict, display } = evaluatePasswordInPage(password, {
        policy,
        ...(confirmation === null ? {} : { confirmation }),
        strength,
        strengthUnavailable: estimatorUnavailable,
        contextWords,
      });
      return { verdict, display, length: [...password].length };
    },
    passphrase() {
      // Drawn here, in the page's isolated world, from the browser's CSPRNG.
      return generatePassphrase({ words, random: (n) => crypto.getRandomValues(new Uint32Array(n)) });
    },
  };
}
