/**
 * The options page's view of each setting: how it is edited, in which group, with which words, and
 * what to say when a value is refused. What a setting is (kind, bounds, list limits) comes from the
 * settings table (shared/settings-spec.ts) and the parser (shared/settings.ts) stays the judge of what
 * is valid; this module only adds the words and turns the parser's verdict into a sentence a person
 * can act on, in their language. No DOM and no browser API here, so it is testable as plain data.
 */
import {
  LIMITS,
  isSettingKey,
  parseSetting,
  type Co2Override,
  type DroppedItem,
  type InvalidSetting,
  type SettingKey,
  type Settings,
} from '../shared/settings.ts';
import { CO2_FIGURE_MAX, CO2_LABEL_MAX, SETTINGS_SPEC, SETTING_KEYS, type ListItem, type SettingSpec } from '../shared/settings-spec.ts';
import type { MessageKey } from '../shared/i18n.ts';

export { CO2_FIGURE_MAX, CO2_LABEL_MAX, type ListItem };

export type FieldKind =
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'decimal'; min: number; max: number }
  | { kind: 'choice'; choices: readonly { value: string; label: MessageKey }[] }
  | { kind: 'list'; item: ListItem; maxItems: number }
  /** `error`: what to say of a refused address (default: the general one). */
  | { kind: 'url'; error?: MessageKey }
  | { kind: 'co2' }
  /** Managed only, never edited: a read-only card (MailAppCard), outside GROUPS. */
  | { kind: 'mailServers' };

export type FieldSpec = FieldKind & { label: MessageKey; help?: MessageKey };

/** The words of a field; its kind and bounds are the spec's. */
interface FieldWords {
  label: MessageKey;
  help?: MessageKey;
  /** `url`: what to say of a refused address. */
  error?: MessageKey;
  /** `choice`: the label of each value the spec allows. */
  choices?: Record<string, MessageKey>;
}

/** Every setting's words, typed as a Record so a setting added to the spec without words here is a type error. */
const WORDS: Record<SettingKey, FieldWords> = {
  webmailOrigins: { label: 'optionsFieldWebmailOrigins', help: 'optionsHelpWebmailOrigins' },
  webmailSecureUrl: { error: 'optionsErrorSecureUrl', label: 'optionsFieldWebmailSecureUrl', help: 'optionsHelpWebmailSecureUrl' },
  organisationNames: { label: 'optionsFieldOrganisationNames', help: 'optionsHelpOrganisationNames' },
  organisationDomains: { label: 'optionsFieldOrganisationDomains', help: 'optionsHelpOrganisationDomains' },
  passwordNudge: { label: 'optionsFieldPasswordNudge', help: 'optionsHelpPasswordNudge' },
  passwordMode: {
    choices: { advise: 'optionsModeAdvise', block: 'optionsModeBlock' },
    label: 'optionsFieldPasswordMode',
    help: 'optionsHelpPasswordMode',
  },
  passwordMinLength: { label: 'optionsFieldPasswordMinLength', help: 'optionsHelpPasswordMinLength' },
  passwordRequireLowercase: { label: 'optionsFieldPasswordRequireLowercase' },
  passwordRequireUppercase: { label: 'optionsFieldPasswordRequireUppercase' },
  passwordRequireDigit: { label: 'optionsFieldPasswordRequireDigit' },
  passwordRequireSymbol: { label: 'optionsFieldPasswordRequireSymbol' },
  passwordForbidKnownWords: { label: 'optionsFieldPasswordForbidKnownWords', help: 'optionsHelpPasswordForbidKnownWords' },
  passwordMinScore: { label: 'optionsFieldPasswordMinScore', help: 'optionsHelpPasswordMinScore' },
  passwordBlocklist: { label: 'optionsFieldPasswordBlocklist', help: 'optionsHelpPasswordBlocklist' },
  breachCheck: { label: 'optionsFieldBreachCheck', help: 'optionsHelpBreachCheck' },
  breachRangeEndpoint: {
    error: 'optionsErrorRangeEndpoint',
    label: 'optionsFieldBreachRangeEndpoint',
    help: 'optionsHelpBreachRangeEndpoint',
  },
  attachmentNudge: { label: 'optionsFieldAttachmentNudge', help: 'optionsHelpAttachmentNudge' },
  attachmentThresholdMB: { label: 'optionsFieldAttachmentThresholdMB', help: 'optionsHelpAttachmentThresholdMB' },
  attachmentConfirmBeforeSend: { label: 'optionsFieldAttachmentConfirmBeforeSend', help: 'optionsHelpAttachmentConfirmBeforeSend' },
  yearsKept: { label: 'optionsFieldYearsKept', help: 'optionsHelpYearsKept' },
  co2Override: { label: 'optionsFieldCo2Override', help: 'optionsHelpCo2Override' },
  outOfOfficeNudge: { label: 'optionsFieldOutOfOfficeNudge', help: 'optionsHelpOutOfOfficeNudge' },
  outOfOfficeIntervalDays: { label: 'optionsFieldOutOfOfficeIntervalDays', help: 'optionsHelpOutOfOfficeIntervalDays' },
  quotaNudge: { label: 'optionsFieldQuotaNudge', help: 'optionsHelpQuotaNudge' },
  quotaShownPercent: { label: 'optionsFieldQuotaShownPercent' },
  quotaWarningPercent: { label: 'optionsFieldQuotaWarningPercent' },
  quotaCriticalPercent: { label: 'optionsFieldQuotaCriticalPercent' },
  lookalikeWarning: { label: 'optionsFieldLookalikeWarning', help: 'optionsHelpLookalikeWarning' },
  passwordReuseAlert: { label: 'optionsFieldPasswordReuseAlert', help: 'optionsHelpPasswordReuseAlert' },
  passwordReuseAllowedOrigins: { label: 'optionsFieldPasswordReuseAllowedOrigins', help: 'optionsHelpPasswordReuseAllowedOrigins' },
  passwordReuseHoldSubmit: { label: 'optionsFieldPasswordReuseHoldSubmit', help: 'optionsHelpPasswordReuseHoldSubmit' },
  passwordReuseReportUrl: { label: 'optionsFieldPasswordReuseReportUrl', help: 'optionsHelpPasswordReuseReportUrl' },
  mailClientSettings: { label: 'mailAppHeading' },
};

/** The field's kind and bounds, read from the spec (the inputs carry min/max, the messages name them). */
function fieldKind(key: SettingKey, spec: SettingSpec, words: FieldWords): FieldKind {
  switch (spec.kind) {
    case 'boolean':
    case 'co2':
    case 'mailServers':
      return { kind: spec.kind };
    case 'integer':
    case 'decimal':
      return { kind: spec.kind, min: spec.min, max: spec.max };
    case 'choice':
      return {
        kind: 'choice',
        choices: spec.choices.map((value) => {
          const label = words.choices?.[value];
          if (!label) throw new Error(`options/fields.ts: no label for ${key} = ${value}`);
          return { value, label };
        }),
      };
    case 'list':
      return { kind: 'list', item: spec.item, maxItems: spec.maxItems };
    case 'url':
      return words.error ? { kind: 'url', error: words.error } : { kind: 'url' };
  }
}

/** Every setting as the options page edits it: the spec's kind and bounds with this module's words. */
export const FIELDS = Object.fromEntries(
  SETTING_KEYS.map((key) => {
    const words = WORDS[key];
    const field: FieldSpec = {
      ...fieldKind(key, SETTINGS_SPEC[key], words),
      label: words.label,
      ...(words.help ? { help: words.help } : {}),
    };
    return [key, field];
  }),
) as Record<SettingKey, FieldSpec>;

/** A fieldset inside a group (the composition rules share one NIST note). */
export interface SubGroup {
  legend: MessageKey;
  help: MessageKey;
  keys: SettingKey[];
}

export interface Group {
  id: string;
  legend: MessageKey;
  help?: MessageKey;
  items: (SettingKey | SubGroup)[];
}

/** The page's order: where staff and IT look for a setting. Every key appears exactly once (tested). */
export const GROUPS: Group[] = [
  {
    id: 'webmail',
    legend: 'optionsGroupWebmail',
    items: ['webmailOrigins', 'webmailSecureUrl', 'organisationNames', 'organisationDomains'],
  },
  {
    id: 'password',
    legend: 'optionsGroupPassword',
    items: [
      'passwordMode',
      'passwordMinLength',
      {
        legend: 'optionsGroupComposition',
        help: 'optionsHelpComposition',
        keys: ['passwordRequireLowercase', 'passwordRequireUppercase', 'passwordRequireDigit', 'passwordRequireSymbol'],
      },
      'passwordForbidKnownWords',
      'passwordMinScore',
      'passwordBlocklist',
      'breachCheck',
      'breachRangeEndpoint',
    ],
  },
  {
    id: 'attachments',
    legend: 'optionsGroupAttachments',
    items: ['attachmentThresholdMB', 'attachmentConfirmBeforeSend', 'yearsKept', 'co2Override'],
  },
  {
    id: 'outOfOffice',
    legend: 'optionsGroupOutOfOffice',
    items: ['outOfOfficeIntervalDays'],
  },
  {
    id: 'quota',
    legend: 'optionsGroupQuota',
    help: 'optionsHelpQuotaGroup',
    items: ['quotaShownPercent', 'quotaWarningPercent', 'quotaCriticalPercent'],
  },
  {
    id: 'phishing',
    legend: 'optionsGroupPhishing',
    help: 'optionsHelpPhishingGroup',
    items: ['lookalikeWarning', 'passwordReuseAlert', 'passwordReuseAllowedOrigins', 'passwordReuseHoldSubmit', 'passwordReuseReportUrl'],
  },
  {
    id: 'nudges',
    legend: 'optionsGroupNudges',
    help: 'optionsHelpNudgesGroup',
    items: ['passwordNudge', 'attachmentNudge', 'outOfOfficeNudge', 'quotaNudge'],
  },
];

/** Read-only settings shown as a card, not as a field in a group (see MANAGED_ONLY_KEYS). */
export const CARD_KEYS: readonly SettingKey[] = ['mailClientSettings'];

export function groupKeys(group: Group): SettingKey[] {
  return group.items.flatMap((item) => (typeof item === 'string' ? [item] : item.keys));
}

/** A message to show: its key and substitutions, resolved by the view through `t()`. */
export interface Problem {
  message: MessageKey;
  substitutions?: string[];
}

const QUOTA_KEYS = ['quotaShownPercent', 'quotaWarningPercent', 'quotaCriticalPercent'] as const;
export const isQuotaKey = (key: string): key is (typeof QUOTA_KEYS)[number] => (QUOTA_KEYS as readonly string[]).includes(key);

const quote = (item: string) => (item.length > 40 ? `${item.slice(0, 40)}…` : item);

/** Lines of a textarea → the list the parser expects (blank lines and surrounding spaces dropped). */
export function linesToList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** What a number input holds → a number; a French decimal comma is accepted. Empty is not zero. */
export function textToNumber(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** Why one entry of a list was dropped, said for a person (the parser's code → a message). */
export function itemProblem(dropped: Pick<DroppedItem, 'code' | 'item'>, maxItems: number, format: (n: number) => string): Problem {
  const item = typeof dropped.item === 'string' ? quote(dropped.item) : describeRaw(dropped.item);
  switch (dropped.code) {
    case 'too-many':
      return { message: 'optionsErrorTooMany', substitutions: [format(maxItems)] };
    case 'item-too-long':
      return { message: 'optionsErrorItemTooLong', substitutions: [item, format(LIMITS.itemLength)] };
    case 'item-origin':
      return { message: 'optionsErrorItemOrigin', substitutions: [item] };
    case 'item-origin-pattern':
      return { message: 'optionsErrorItemOriginPattern', substitutions: [item] };
    case 'item-domain':
      return { message: 'optionsErrorItemDomain', substitutions: [item] };
    case 'item-not-text':
      return { message: 'optionsErrorItemNotText', substitutions: [item] };
    default:
      return { message: 'optionsErrorItem', substitutions: [item] };
  }
}

function listProblem(key: SettingKey, spec: Extract<FieldKind, { kind: 'list' }>, raw: unknown, format: (n: number) => string): Problem {
  const parsed = parseSetting(key, raw);
  const first = parsed.ok ? parsed.dropped?.[0] : undefined;
  return first ? itemProblem(first, spec.maxItems, format) : { message: 'optionsErrorList' };
}

/** The parser's reason for refusing a CO2 value, said for a person. */
function co2Problem(key: SettingKey, raw: unknown, format: (n: number) => string): Problem {
  const parsed = parseSetting(key, raw);
  if (parsed.ok) return { message: 'optionsErrorCo2Label' };
  switch (parsed.code) {
    case 'co2-object':
      return { message: 'optionsErrorCo2Object' };
    case 'co2-fields':
      return { message: 'optionsErrorCo2Fields', substitutions: [(parsed.details ?? []).join(', ')] };
    case 'co2-number':
      return { message: 'optionsErrorCo2Number', substitutions: [format(CO2_FIGURE_MAX)] };
    case 'co2-sent-required':
      return { message: 'optionsErrorCo2SentRequired' };
    default:
      return { message: 'optionsErrorCo2Label' };
  }
}

/**
 * Why this value cannot be used for this setting, or null when the parser accepts it.
 * `format` writes the bounds in the reader's number style.
 */
export function fieldProblem(key: SettingKey, raw: unknown, format: (n: number) => string = String): Problem | null {
  const parsed = parseSetting(key, raw);
  // A list with a dropped entry is usable by policy (the rest applies) but not as the user typed it.
  if (parsed.ok && !parsed.dropped?.length) return null;
  const spec = FIELDS[key];
  switch (spec.kind) {
    case 'boolean':
      return { message: 'optionsErrorBoolean' };
    case 'integer':
      return { message: 'optionsErrorWhole', substitutions: [format(spec.min), format(spec.max)] };
    case 'decimal':
      return { message: 'optionsErrorNumber', substitutions: [format(spec.min), format(spec.max)] };
    case 'choice':
      return { message: 'optionsErrorChoice', substitutions: [spec.choices.map((c) => c.value).join(', ')] };
    case 'list':
      return listProblem(key, spec, raw, format);
    case 'url':
      return { message: spec.error ?? 'optionsErrorUrl' };
    case 'co2':
      return co2Problem(key, raw, format);
    case 'mailServers': {
      // The parser names the entry and the field at fault ("server 2: port must be…"): with up to
      // ten servers, IT needs that more than a general sentence. It quotes the policy's own field names.
      const parsed = parseSetting(key, raw);
      return { message: 'optionsErrorMailServers', substitutions: [parsed.ok ? '' : parsed.reason] };
    }
  }
}

/**
 * One ignored policy value (or list entry), as a message: what the options page lists for IT and
 * what `npm run check-policy` prints. `raw` is the value the policy gave for `entry.key`.
 */
export function invalidSettingProblem(
  entry: Pick<InvalidSetting, 'key' | 'code' | 'index' | 'item'>,
  raw: unknown,
  format: (n: number) => string = String,
): Problem {
  if (entry.code === 'not-object' || entry.key === '*') return { message: 'optionsInvalidNotObject' };
  if (!isSettingKey(entry.key)) return { message: 'optionsInvalidUnknown' };
  const spec = FIELDS[entry.key];
  if (spec.kind === 'list' && (entry.index !== undefined || entry.code === 'too-many')) return itemProblem(entry, spec.maxItems, format);
  if (entry.code === 'quota-order') return { message: 'optionsErrorQuotaOrder' };
  const problem = fieldProblem(entry.key, raw, format);
  if (problem) return problem;
  if (isQuotaKey(entry.key)) return { message: 'optionsErrorQuotaOrder' };
  return { message: 'optionsErrorItem', substitutions: [describeRaw(raw)] };
}

/**
 * The one rule across settings: the quota thresholds must rise (shown ≤ warning ≤ critical), or
 * mergeSettings drops all three. Checked before a user value is saved, against the values in force.
 */
export function quotaOrderProblem(key: SettingKey, value: unknown, current: Settings): Problem | null {
  if (!isQuotaKey(key) || typeof value !== 'number') return null;
  const next = { ...current, [key]: value };
  return next.quotaShownPercent <= next.quotaWarningPercent && next.quotaWarningPercent <= next.quotaCriticalPercent
    ? null
    : { message: 'optionsErrorQuotaOrder' };
}

/** The value IT set, for the list of ignored settings: short, one line. */
export function describeRaw(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** How a value is shown in an input: lists one per line, numbers as they are. */
export function toText(value: unknown): string {
  if (Array.isArray(value)) return value.join('\n');
  return value === undefined || value === null ? '' : String(value);
}

export type Co2Field = keyof Co2Override;
