/**
 * Settings: typed from their defaults, every read parsed and repaired.
 *
 * Three layers, highest wins: managed (IT, through browser policy) > user (options page) > defaults.
 * A managed key is locked: the options page shows it disabled and the user value is ignored.
 * Pure module: no browser API here (see settings-store.ts for the reads), so it is unit-testable.
 */

import { normaliseRangeEndpoint } from '../model/breach-range.ts';
import { parseMailClientSettings, type MailServerSetting } from '../model/mail-client-settings.ts';
import { normaliseSecureUrl } from '../model/clear-connection.ts';

export type PasswordMode = 'advise' | 'block';

export interface Co2Override {
  /** Grams of CO2e per megabyte sent to one recipient; 0 = use ADEME's model. */
  gramsPerMbSent: number;
  /** Grams of CO2e per megabyte stored for a year; 0 = use ADEME's model. */
  gramsPerMbStoredPerYear: number;
  /** Where the organisation's figures come from, shown next to every figure they produce. */
  label: string;
}

export interface Settings {
  webmailOrigins: string[];
  webmailSecureUrl: string;
  organisationNames: string[];
  organisationDomains: string[];
  passwordNudge: boolean;
  passwordMode: PasswordMode;
  passwordMinLength: number;
  passwordRequireLowercase: boolean;
  passwordRequireUppercase: boolean;
  passwordRequireDigit: boolean;
  passwordRequireSymbol: boolean;
  passwordForbidKnownWords: boolean;
  passwordMinScore: number;
  passwordBlocklist: string[];
  breachCheck: boolean;
  breachRangeEndpoint: string;
  attachmentNudge: boolean;
  attachmentThresholdMB: number;
  attachmentConfirmBeforeSend: boolean;
  yearsKept: number;
  co2Override: Co2Override;
  outOfOfficeNudge: boolean;
  outOfOfficeIntervalDays: number;
  quotaNudge: boolean;
  quotaShownPercent: number;
  quotaWarningPercent: number;
  quotaCriticalPercent: number;
  lookalikeWarning: boolean;
  passwordReuseAlert: boolean;
  passwordReuseAllowedOrigins: string[];
  passwordReuseHoldSubmit: boolean;
  passwordReuseReportUrl: string;
  mailClientSettings: MailServerSetting[];
}

export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  webmailOrigins: [],
  // Empty: the clear-text warning then links to a listed https address of the same host, if any.
  webmailSecureUrl: '',
  organisationNames: [],
  organisationDomains: [],
  passwordNudge: true,
  // Advise by default: staff did not choose this extension, so it should not stop them unless IT says so.
  passwordMode: 'advise',
  // The provider's policy: at least 8 characters, lowercase + uppercase + digit, no known word.
  passwordMinLength: 8,
  passwordRequireLowercase: true,
  passwordRequireUppercase: true,
  passwordRequireDigit: true,
  passwordRequireSymbol: false,
  passwordForbidKnownWords: true,
  // zxcvbn's 3 = "safely unguessable: moderate protection from offline slow-hash scenario".
  passwordMinScore: 3,
  passwordBlocklist: [],
  // Off: it is the one feature that sends something (a 5-digit hash prefix) over the network.
  breachCheck: false,
  breachRangeEndpoint: '',
  attachmentNudge: true,
  // Thunderbird offers FileLink for attachments over 5 MB (mail.compose.big_attachments.threshold_kb = 5120).
  attachmentThresholdMB: 5,
  attachmentConfirmBeforeSend: false,
  yearsKept: 1,
  co2Override: { gramsPerMbSent: 0, gramsPerMbStoredPerYear: 0, label: '' },
  outOfOfficeNudge: true,
  // RFC 5230 (Sieve vacation): 7 days between two replies to one sender by default.
  outOfOfficeIntervalDays: 7,
  quotaNudge: true,
  // Thunderbird's quota alerts: shown from 75 % (mail.quota.mainwindow_threshold.show),
  // warning 80 % (…warning), critical 95 % (…critical).
  quotaShownPercent: 75,
  quotaWarningPercent: 80,
  quotaCriticalPercent: 95,
  // Phishing and password reuse (DESIGN §2b). Both warnings are on by default: they only speak once
  // webmailOrigins names the organisation's webmail (by policy, or the address the user confirmed).
  lookalikeWarning: true,
  passwordReuseAlert: true,
  // Single sign-on and the organisation's other services where the same password is expected.
  passwordReuseAllowedOrigins: [],
  // Warn only by default, like Google Password Alert; IT may make the warning hold the form.
  passwordReuseHoldSubmit: false,
  // Off by default: nothing leaves the browser unless IT names its own collector.
  passwordReuseReportUrl: '',
  // Managed only (see MANAGED_ONLY_KEYS): the servers to type into a mail app are the organisation's
  // to state; nothing is shown until IT sets them.
  mailClientSettings: [],
});

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

/**
 * Settings only IT can set: a user value is ignored (and the options page offers no field), since
 * staff copying a server name from their own typing would defeat the card's point.
 */
export const MANAGED_ONLY_KEYS: readonly SettingKey[] = ['mailClientSettings'];

/** Limits that keep a hostile or mistaken policy from slowing every keystroke or page. */
export const LIMITS = {
  listItems: 10_000,
  itemLength: 256,
  webmailOrigins: 200,
  reportUrlLength: 2048,
} as const;

/**
 * Why a value (or one entry of a list) cannot be used, as a code the options page and
 * `npm run check-policy` turn into a sentence in the reader's language (src/options/fields.ts
 * `problemMessage`); `reason` beside it is the same in plain English, for logs.
 */
export type ProblemCode =
  | 'not-object'
  | 'unknown-setting'
  | 'boolean'
  | 'whole-number'
  | 'number'
  | 'choice'
  | 'list'
  | 'too-many'
  | 'item-not-text'
  | 'item-too-long'
  | 'item-invalid'
  | 'item-origin'
  | 'item-origin-pattern'
  | 'item-domain'
  | 'url'
  | 'range-endpoint'
  | 'co2'
  | 'mail-servers'
  | 'quota-order';

/** One entry of a list that was dropped while the others were kept. `index` counts from 1. */
export interface DroppedItem {
  code: ProblemCode;
  reason: string;
  /** Position in the list as received, from 1; absent for `too-many` (every entry after the limit). */
  index?: number;
  item?: unknown;
}

export type Parsed<T> = { ok: true; value: T; dropped?: DroppedItem[] } | { ok: false; reason: string; code: ProblemCode };

const ok = <T>(value: T, dropped?: DroppedItem[]): Parsed<T> => (dropped?.length ? { ok: true, value, dropped } : { ok: true, value });
const fail = (reason: string, code: ProblemCode): Parsed<never> => ({ ok: false, reason, code });

function bool(raw: unknown): Parsed<boolean> {
  return typeof raw === 'boolean' ? ok(raw) : fail(`expected true or false, got ${describe(raw)}`, 'boolean');
}

function integer(min: number, max: number) {
  return (raw: unknown): Parsed<number> => {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) return fail(`expected a whole number, got ${describe(raw)}`, 'whole-number');
    if (raw < min || raw > max) return fail(`expected a number from ${min} to ${max}, got ${raw}`, 'whole-number');
    return ok(raw);
  };
}

function decimal(min: number, max: number) {
  return (raw: unknown): Parsed<number> => {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(`expected a number, got ${describe(raw)}`, 'number');
    if (raw < min || raw > max) return fail(`expected a number from ${min} to ${max}, got ${raw}`, 'number');
    return ok(raw);
  };
}

function oneOf<T extends string>(...values: T[]) {
  return (raw: unknown): Parsed<T> =>
    typeof raw === 'string' && (values as string[]).includes(raw)
      ? ok(raw as T)
      : fail(`expected one of ${values.join(', ')}, got ${describe(raw)}`, 'choice');
}

/** What a list entry becomes: the normalised entry, or why it is dropped. */
type ItemCheck = (item: string) => string | { code: ProblemCode; reason: string };

const plainItem: ItemCheck = (s) => s.trim() || { code: 'item-invalid', reason: 'empty entry' };

/**
 * A list checked entry by entry: a bad entry is dropped with its reason and the others kept (one
 * typo must not empty the organisation's webmail addresses). Only a value that is not a list at all
 * is refused whole; entries past `maxItems` are dropped.
 */
function stringList(maxItems: number, check: ItemCheck = plainItem) {
  return (raw: unknown): Parsed<string[]> => {
    if (!Array.isArray(raw)) return fail(`expected a list of text, got ${describe(raw)}`, 'list');
    const dropped: DroppedItem[] = [];
    // A Set keeps 10,000-word lists linear: this runs in the background and on every options render.
    const out = new Set<string>();
    for (const [position, item] of raw.slice(0, maxItems).entries()) {
      const index = position + 1;
      if (typeof item !== 'string') {
        dropped.push({ code: 'item-not-text', reason: `item ${index} is not text`, index, item });
        continue;
      }
      if (item.length > LIMITS.itemLength) {
        dropped.push({ code: 'item-too-long', reason: `item ${index} is longer than ${LIMITS.itemLength} characters`, index, item });
        continue;
      }
      const checked = check(item);
      if (typeof checked === 'string') out.add(checked);
      else dropped.push({ ...checked, reason: `item ${index} ("${item.slice(0, 40)}"): ${checked.reason}`, index, item });
    }
    if (raw.length > maxItems)
      dropped.push({ code: 'too-many', reason: `expected at most ${maxItems} items, got ${raw.length}: the ones after are ignored` });
    return ok([...out], dropped);
  };
}

/** `https://mail.example.org` or `https://mail.example.org/roundcube/` → its origin; anything else is refused. */
export function normaliseOrigin(item: string): string | null {
  try {
    const url = new URL(item.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    // `https://*.example.org` parses, but an origin is one exact host: a pattern would never match.
    if (url.hostname.includes('*') || url.hostname === '') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * A list entry of `webmailOrigins` or `passwordReuseAllowedOrigins`. A pattern (`*`,
 * `https://*.example.org`) is refused with its own reason rather than matched: these addresses are
 * the trust anchor of the look-alike warning, and a pattern would make look-alikes trusted.
 */
const originItem: ItemCheck = (item) => {
  if (item.includes('*'))
    return { code: 'item-origin-pattern', reason: 'a pattern is not an address: list each address, such as https://mail.example.org' };
  return normaliseOrigin(item) ?? { code: 'item-origin', reason: 'not a web address such as https://mail.example.org' };
};

const domainItem: ItemCheck = (item) => domainName(item) ?? { code: 'item-domain', reason: 'not a domain name such as example.org' };

/**
 * The known-breach range service: empty (none), or https (http only on a loopback address), no
 * query, fragment or credentials, at most 2,048 characters (model/breach-range.ts).
 */
function rangeEndpoint(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string') return fail(`expected a web address, got ${describe(raw)}`, 'range-endpoint');
  const text = raw.trim();
  if (text === '') return ok('');
  if (text.length > LIMITS.reportUrlLength) return fail(`expected at most ${LIMITS.reportUrlLength} characters`, 'range-endpoint');
  const endpoint = normaliseRangeEndpoint(text);
  return endpoint
    ? ok(endpoint)
    : fail(`"${text.slice(0, 40)}" is not an https address without query (http only on this computer)`, 'range-endpoint');
}

/** The webmail's https address, linked from the clear-text warning (model/clear-connection.ts). */
function secureUrl(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string') return fail(`expected a web address, got ${describe(raw)}`, 'url');
  const url = normaliseSecureUrl(raw);
  return url === null ? fail(`"${raw.trim().slice(0, 40)}" is not an https address`, 'url') : ok(url);
}

/** The report URL: empty (off), or an http(s) URL without credentials, at most 2,048 characters. */
function reportUrl(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string') return fail(`expected a web address, got ${describe(raw)}`, 'url');
  const text = raw.trim();
  if (text === '') return ok('');
  if (text.length > LIMITS.reportUrlLength) return fail(`expected at most ${LIMITS.reportUrlLength} characters`, 'url');
  try {
    const url = new URL(text);
    // A user name or password in the URL would be sent with every report and shown in the options page.
    if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password) return ok(url.href);
  } catch {
    // Falls through to the refusal below.
  }
  return fail(`"${text.slice(0, 40)}" is not an http(s) address`, 'url');
}

function domainName(item: string): string | null {
  const domain = item
    .trim()
    .toLowerCase()
    .replace(/^\.+|\.+$/g, '');
  return /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u.test(domain) ? domain : null;
}

function co2Override(raw: unknown): Parsed<Co2Override> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`expected an object, got ${describe(raw)}`, 'co2');
  const record = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((k) => !['gramsPerMbSent', 'gramsPerMbStoredPerYear', 'label'].includes(k));
  if (unknownKeys.length) return fail(`unknown field ${unknownKeys.join(', ')}`, 'co2');
  const sent = decimal(0, 10_000)(record.gramsPerMbSent ?? 0);
  if (!sent.ok) return fail(`gramsPerMbSent: ${sent.reason}`, 'co2');
  const stored = decimal(0, 10_000)(record.gramsPerMbStoredPerYear ?? 0);
  if (!stored.ok) return fail(`gramsPerMbStoredPerYear: ${stored.reason}`, 'co2');
  const label = typeof record.label === 'string' ? record.label.trim().slice(0, 200) : '';
  // A figure without its source would break the rule that every number shown names its source.
  if ((sent.value > 0 || stored.value > 0) && !label) return fail('label: a source is required when a figure is set', 'co2');
  return ok({ gramsPerMbSent: sent.value, gramsPerMbStoredPerYear: stored.value, label });
}

type Parsers = { [K in SettingKey]: (raw: unknown) => Parsed<Settings[K]> };

const PARSERS: Parsers = {
  webmailOrigins: stringList(LIMITS.webmailOrigins, originItem),
  webmailSecureUrl: secureUrl,
  organisationNames: stringList(LIMITS.listItems),
  organisationDomains: stringList(LIMITS.listItems, domainItem),
  passwordNudge: bool,
  passwordMode: oneOf('advise', 'block'),
  passwordMinLength: integer(1, 128),
  passwordRequireLowercase: bool,
  passwordRequireUppercase: bool,
  passwordRequireDigit: bool,
  passwordRequireSymbol: bool,
  passwordForbidKnownWords: bool,
  passwordMinScore: integer(0, 4),
  passwordBlocklist: stringList(LIMITS.listItems),
  breachCheck: bool,
  breachRangeEndpoint: rangeEndpoint,
  attachmentNudge: bool,
  attachmentThresholdMB: decimal(0.1, 10_000),
  attachmentConfirmBeforeSend: bool,
  yearsKept: decimal(0.1, 100),
  co2Override,
  outOfOfficeNudge: bool,
  outOfOfficeIntervalDays: integer(1, 365),
  quotaNudge: bool,
  quotaShownPercent: integer(0, 100),
  quotaWarningPercent: integer(0, 100),
  quotaCriticalPercent: integer(0, 100),
  lookalikeWarning: bool,
  passwordReuseAlert: bool,
  passwordReuseAllowedOrigins: stringList(LIMITS.webmailOrigins, originItem),
  passwordReuseHoldSubmit: bool,
  passwordReuseReportUrl: reportUrl,
  mailClientSettings: (raw) => {
    const parsed = parseMailClientSettings(raw);
    return parsed.ok ? parsed : fail(parsed.reason, 'mail-servers');
  },
};

export function parseSetting<K extends SettingKey>(key: K, raw: unknown): Parsed<Settings[K]> {
  return PARSERS[key](raw);
}

/**
 * A managed value (or one entry of a managed list) that was ignored. `index` and `item` are set when
 * only that entry of a list was dropped: the rest of the list applies and the setting stays locked.
 */
export interface InvalidSetting {
  key: string;
  reason: string;
  code: ProblemCode;
  index?: number;
  item?: unknown;
}

export interface ParsedLayer {
  values: Partial<Settings>;
  invalid: InvalidSetting[];
}

/** Parses one layer (user or managed) key by key: a bad value is dropped with its reason, the rest apply. */
export function parseLayer(raw: unknown): ParsedLayer {
  const values: Partial<Settings> = {};
  const invalid: InvalidSetting[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    if (raw !== undefined && raw !== null)
      invalid.push({ key: '*', reason: `expected an object, got ${describe(raw)}`, code: 'not-object' });
    return { values, invalid };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!isSettingKey(key)) {
      invalid.push({ key, reason: 'unknown setting', code: 'unknown-setting' });
      continue;
    }
    const parsed = parseSetting(key, value);
    if (parsed.ok) {
      // A list whose every entry was dropped gives nothing usable: it neither applies nor locks.
      const nothingLeft = Array.isArray(parsed.value) && parsed.value.length === 0 && parsed.dropped?.length;
      if (!nothingLeft) (values as Record<string, unknown>)[key] = parsed.value;
      for (const d of parsed.dropped ?? []) invalid.push({ key, ...d });
    } else invalid.push({ key, reason: parsed.reason, code: parsed.code });
  }
  return { values, invalid };
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(DEFAULT_SETTINGS, key);
}

export interface EffectiveSettings {
  values: Settings;
  /** Keys set by the organisation: shown disabled, user values ignored. */
  locked: SettingKey[];
  /** Managed values that were ignored, for the admin (options page). */
  invalidManaged: InvalidSetting[];
}

/** Merges defaults < user < managed, then repairs what only makes sense across keys. */
export function mergeSettings(userRaw: unknown, managedRaw: unknown): EffectiveSettings {
  const user = parseLayer(userRaw);
  const managed = parseLayer(managedRaw);
  for (const key of MANAGED_ONLY_KEYS) delete user.values[key];
  const values = { ...structuredCloneSettings(DEFAULT_SETTINGS), ...user.values, ...managed.values } as Settings;
  const invalidManaged = [...managed.invalid];

  // Thresholds must rise; a policy that breaks the order falls back to the defaults for all three.
  if (!(values.quotaShownPercent <= values.quotaWarningPercent && values.quotaWarningPercent <= values.quotaCriticalPercent)) {
    for (const key of ['quotaShownPercent', 'quotaWarningPercent', 'quotaCriticalPercent'] as const) {
      if (key in managed.values)
        invalidManaged.push({ key, reason: 'quota thresholds must be in rising order (shown ≤ warning ≤ critical)', code: 'quota-order' });
      values[key] = DEFAULT_SETTINGS[key];
      delete managed.values[key];
    }
  }
  return { values, locked: Object.keys(managed.values) as SettingKey[], invalidManaged };
}

function structuredCloneSettings(settings: Readonly<Settings>): Settings {
  return JSON.parse(JSON.stringify(settings)) as Settings;
}

function describe(raw: unknown): string {
  if (raw === null) return 'nothing';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'string') return `"${raw.slice(0, 40)}"`;
  if (typeof raw === 'object') return 'an object';
  return String(raw);
}
