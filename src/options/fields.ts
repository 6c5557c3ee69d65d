/**
 * The options page's view of each setting: how it is edited, in which group, with which words, and
 * what to say when a value is refused. The parser in shared/settings.ts stays the judge of what is
 * valid; this table only turns its verdict into a sentence a person can act on, in their language.
 * No DOM and no browser API here, so it is testable as plain data.
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
import type { MessageKey } from '../shared/i18n.ts';

export type ListItem = 'text' | 'origin' | 'domain';

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

/** Bounds of the CO2 figures in settings.ts (`decimal(0, 10_000)`); a test keeps them in step. */
export const CO2_FIGURE_MAX = 10_000;

/**
 * Every setting, typed as a Record so a setting added to settings.ts without a field here is a type error.
 * Integer and decimal bounds repeat the parser's, so the inputs can carry min/max and the messages
 * can name them; test/dom/options.test.tsx checks them against parseSetting at each edge.
 */
export const FIELDS: Record<SettingKey, FieldSpec> = {
  webmailOrigins: {
    kind: 'list',
    item: 'origin',
    maxItems: LIMITS.webmailOrigins,
    label: 'optionsFieldWebmailOrigins',
    help: 'optionsHelpWebmailOrigins',
  },
  webmailSecureUrl: {
    kind: 'url',
    error: 'optionsErrorSecureUrl',
    label: 'optionsFieldWebmailSecureUrl',
    help: 'optionsHelpWebmailSecureUrl',
  },
  organisationNames: {
    kind: 'list',
    item: 'text',
    maxItems: LIMITS.listItems,
    label: 'optionsFieldOrganisationNames',
    help: 'optionsHelpOrganisationNames',
  },
  organisationDomains: {
    kind: 'list',
    item: 'domain',
    maxItems: LIMITS.listItems,
    label: 'optionsFieldOrganisationDomains',
    help: 'optionsHelpOrganisationDomains',
  },
  passwordNudge: { kind: 'boolean', label: 'optionsFieldPasswordNudge', help: 'optionsHelpPasswordNudge' },
  passwordMode: {
    kind: 'choice',
    choices: [
      { value: 'advise', label: 'optionsModeAdvise' },
      { value: 'block', label: 'optionsModeBlock' },
    ],
    label: 'optionsFieldPasswordMode',
    help: 'optionsHelpPasswordMode',
  },
  passwordMinLength: { kind: 'integer', min: 1, max: 128, label: 'optionsFieldPasswordMinLength', help: 'optionsHelpPasswordMinLength' },
  passwordRequireLowercase: { kind: 'boolean', label: 'optionsFieldPasswordRequireLowercase' },
  passwordRequireUppercase: { kind: 'boolean', label: 'optionsFieldPasswordRequireUppercase' },
  passwordRequireDigit: { kind: 'boolean', label: 'optionsFieldPasswordRequireDigit' },
  passwordRequireSymbol: { kind: 'boolean', label: 'optionsFieldPasswordRequireSymbol' },
  passwordForbidKnownWords: { kind: 'boolean', label: 'optionsFieldPasswordForbidKnownWords', help: 'optionsHelpPasswordForbidKnownWords' },
  passwordMinScore: { kind: 'integer', min: 0, max: 4, label: 'optionsFieldPasswordMinScore', help: 'optionsHelpPasswordMinScore' },
  passwordBlocklist: {
    kind: 'list',
    item: 'text',
    maxItems: LIMITS.listItems,
    label: 'optionsFieldPasswordBlocklist',
    help: 'optionsHelpPasswordBlocklist',
  },
  breachCheck: { kind: 'boolean', label: 'optionsFieldBreachCheck', help: 'optionsHelpBreachCheck' },
  breachRangeEndpoint: {
    kind: 'url',
    error: 'optionsErrorRangeEndpoint',
    label: 'optionsFieldBreachRangeEndpoint',
    help: 'optionsHelpBreachRangeEndpoint',
  },
  attachmentNudge: { kind: 'boolean', label: 'optionsFieldAttachmentNudge', help: 'optionsHelpAttachmentNudge' },
  attachmentThresholdMB: {
    kind: 'decimal',
    min: 0.1,
    max: 10_000,
    label: 'optionsFieldAttachmentThresholdMB',
    help: 'optionsHelpAttachmentThresholdMB',
  },
  attachmentConfirmBeforeSend: {
    kind: 'boolean',
    label: 'optionsFieldAttachmentConfirmBeforeSend',
    help: 'optionsHelpAttachmentConfirmBeforeSend',
  },
  yearsKept: { kind: 'decimal', min: 0.1, max: 100, label: 'optionsFieldYearsKept', help: 'optionsHelpYearsKept' },
  co2Override: { kind: 'co2', label: 'optionsFieldCo2Override', help: 'optionsHelpCo2Override' },
  outOfOfficeNudge: { kind: 'boolean', label: 'optionsFieldOutOfOfficeNudge', help: 'optionsHelpOutOfOfficeNudge' },
  outOfOfficeIntervalDays: {
    kind: 'integer',
    min: 1,
    max: 365,
    label: 'optionsFieldOutOfOfficeIntervalDays',
    help: 'optionsHelpOutOfOfficeIntervalDays',
  },
  quotaNudge: { kind: 'boolean', label: 'optionsFieldQuotaNudge', help: 'optionsHelpQuotaNudge' },
  quotaShownPercent: { kind: 'integer', min: 0, max: 100, label: 'optionsFieldQuotaShownPercent' },
  quotaWarningPercent: { kind: 'integer', min: 0, max: 100, label: 'optionsFieldQuotaWarningPercent' },
  quotaCriticalPercent: { kind: 'integer', min: 0, max: 100, label: 'optionsFieldQuotaCriticalPercent' },
  lookalikeWarning: { kind: 'boolean', label: 'optionsFieldLookalikeWarning', help: 'optionsHelpLookalikeWarning' },
  passwordReuseAlert: { kind: 'boolean', label: 'optionsFieldPasswordReuseAlert', help: 'optionsHelpPasswordReuseAlert' },
  passwordReuseAllowedOrigins: {
    kind: 'list',
    item: 'origin',
    maxItems: LIMITS.webmailOrigins,
    label: 'optionsFieldPasswordReuseAllowedOrigins',
    help: 'optionsHelpPasswordReuseAllowedOrigins',
  },
  passwordReuseHoldSubmit: { kind: 'boolean', label: 'optionsFieldPasswordReuseHoldSubmit', help: 'optionsHelpPasswordReuseHoldSubmit' },
  passwordReuseReportUrl: { kind: 'url', label: 'optionsFieldPasswordReuseReportUrl', help: 'optionsHelpPasswordReuseReportUrl' },
  mailClientSettings: { kind: 'mailServers', label: 'mailAppHeading' },
};

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

function co2Problem(raw: unknown, format: (n: number) => string): Problem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { message: 'optionsErrorCo2Object' };
  const record = raw as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !['gramsPerMbSent', 'gramsPerMbStoredPerYear', 'label'].includes(k));
  if (unknown.length) return { message: 'optionsErrorCo2Fields', substitutions: [unknown.join(', ')] };
  for (const figure of [record.gramsPerMbSent ?? 0, record.gramsPerMbStoredPerYear ?? 0]) {
    if (typeof figure !== 'number' || !Number.isFinite(figure) || figure < 0 || figure > CO2_FIGURE_MAX) {
      return { message: 'optionsErrorCo2Number', substitutions: [format(CO2_FIGURE_MAX)] };
    }
  }
  return { message: 'optionsErrorCo2Label' };
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
      return co2Problem(raw, format);
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
