import type { KnownWordReason, PasswordRuleResult, PasswordVerdictDisplay } from '../../model/password-policy.ts';
import { SOGO_SYMBOLS, type SogoCharacterSet } from '../../model/webmail-password-rules.ts';
import { t, uiLocale, type MessageKey } from '../../shared/i18n.ts';

const CHARACTERS_MESSAGE: Record<SogoCharacterSet, MessageKey> = {
  asciiLowercase: 'passwordRuleWebmailLowercase',
  asciiUppercase: 'passwordRuleWebmailUppercase',
  asciiDigit: 'passwordRuleWebmailDigits',
  sogoSymbol: 'passwordRuleWebmailSymbols',
};

function knownWordText(reason: KnownWordReason, token: string): string {
  switch (reason.kind) {
    case 'keyboard':
      return t('passwordKnownKeyboard', [token, (reason.graph ?? 'keyboard').toUpperCase()]);
    case 'year':
      return t('passwordKnownYear', token);
    case 'date':
      return t('passwordKnownDate', token);
    case 'sequence':
      return t('passwordKnownSequence', token);
    case 'repeat':
      return t('passwordKnownRepeat', token);
    case 'dictionary':
      if (reason.dictionary === 'passwords') return t('passwordKnownCommonPassword', token);
      if (reason.dictionary === 'firstnames' || reason.dictionary === 'lastnames') return t('passwordKnownName', token);
      return t('passwordKnownWord', token);
  }
}

/** A webmail's "at least `min` of these characters", in the user's language (the panel and the options page). */
export function describeWebmailCharacters(characters: SogoCharacterSet, min: number): string {
  // The symbols are a substitution: a "$" in a catalogue's message would be read as a placeholder.
  return t(CHARACTERS_MESSAGE[characters], [String(min), [...SOGO_SYMBOLS].join(' ')]);
}

/** One rule of the verdict in the user's language; the tokens come from the page-only display part. */
export function describeRule(rule: PasswordRuleResult, display: PasswordVerdictDisplay, length: number): string {
  switch (rule.id) {
    case 'minLength': {
      const text = t('passwordRuleMinLength', [String(rule.params.min), String(length)]);
      return rule.params.source === 'webmail' ? t('passwordRuleFromWebmail', text) : text;
    }
    case 'lowercase':
      return t('passwordRuleLowercase');
    case 'uppercase':
      return t('passwordRuleUppercase');
    case 'digit':
      return t('passwordRuleDigit');
    case 'symbol':
      return t('passwordRuleSymbol');
    case 'knownWord':
      if (rule.pending) return `${t('passwordRuleNoKnownWord')} (${t('passwordEstimatorLoading')})`;
      if (rule.unchecked) return `${t('passwordRuleNoKnownWord')} (${t('passwordEstimatorUnavailable')})`;
      if (rule.ok || rule.params.reasons.length === 0) return t('passwordRuleNoKnownWord');
      return rule.params.reasons.map((reason, k) => knownWordText(reason, display.knownWord[k] ?? '')).join('; ');
    case 'contextWord':
      // Which word is never said, not even in our frame: the organisation's names and its
      // blocklist are IT's to know, and a verdict that named them would let whoever sees the panel
      // (a shoulder, a screenshot) learn them one guess at a time.
      return rule.ok ? t('passwordRuleNoContextWord') : t('passwordContextWord');
    case 'blocklist':
      return rule.ok ? t('passwordRuleNotBlocklisted') : t('passwordBlocklisted');
    case 'minScore':
      if (rule.unchecked) return `${t('passwordRuleMinScore', ['?', String(rule.params.min)])} (${t('passwordEstimatorUnavailable')})`;
      return t('passwordRuleMinScore', [rule.params.score === null ? '…' : String(rule.params.score), String(rule.params.min)]);
    case 'webmailDigitAndPunctuation':
      return t('passwordRuleFromWebmail', t('passwordRuleWebmailDigitAndPunctuation'));
    case 'webmailMinCharacters':
      return t('passwordRuleFromWebmail', describeWebmailCharacters(rule.params.characters, rule.params.min));
    case 'webmailChecked':
      return t('passwordRuleCheckedByWebmail', display.webmailChecked[rule.params.index] ?? '');
    case 'notBreached':
      if (rule.pending) return `${t('passwordRuleNotBreached')} (${t('passwordBreachWaiting')})`;
      if (rule.unchecked) return `${t('passwordRuleNotBreached')} (${t('passwordBreachUnavailable')})`;
      return rule.ok
        ? t('passwordRuleNotBreached')
        : t('passwordBreachSeen', new Intl.NumberFormat(uiLocale()).format(rule.params.count ?? 0));
    case 'confirmation':
      return t('passwordRuleConfirmation');
  }
}

/** Every message the password nudge can show, resolved when it starts (shared/i18n.ts): a unit test keeps the list whole. */
export const PASSWORD_MESSAGES: readonly MessageKey[] = [
  'passwordAllPassed',
  'passwordAnotherPassphrase',
  'passwordBlocklisted',
  'passwordBreachSeen',
  'passwordBreachUnavailable',
  'passwordBreachWaiting',
  'passwordContextWord',
  'passwordEmpty',
  'passwordEstimatorLoading',
  'passwordEstimatorUnavailable',
  'passwordKnownCommonPassword',
  'passwordKnownDate',
  'passwordKnownKeyboard',
  'passwordKnownName',
  'passwordKnownRepeat',
  'passwordKnownSequence',
  'passwordKnownWord',
  'passwordKnownYear',
  'passwordPageRulesPassed',
  'passwordPanelHeading',
  'passwordPassphraseIntro',
  'passwordRuleCheckedByWebmail',
  'passwordRuleConfirmation',
  'passwordRuleDigit',
  'passwordRuleFailed',
  'passwordRuleFromWebmail',
  'passwordRuleLowercase',
  'passwordRuleMinLength',
  'passwordRuleMinScore',
  'passwordRuleNoContextWord',
  'passwordRuleNoKnownWord',
  'passwordRuleNotBlocklisted',
  'passwordRuleNotBreached',
  'passwordRuleNotChecked',
  'passwordRulePassed',
  'passwordRuleSymbol',
  'passwordRuleUppercase',
  'passwordRuleWebmailDigitAndPunctuation',
  'passwordRuleWebmailDigits',
  'passwordRuleWebmailLowercase',
  'passwordRuleWebmailSymbols',
  'passwordRuleWebmailUppercase',
  'passwordSaveBlocked',
  'passwordSomeFail',
  'passwordStartTyping',
  'passwordSuggest',
  'passwordUsePassphrase',
];
