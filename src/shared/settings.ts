/**
 * Settings: every read parsed and repaired. What each setting is (type, default, bounds) is in
 * settings-spec.ts, its words for IT in settings-schema.ts; this module holds the check each kind
 * of setting gets, and is the only place a value is checked.
 *
 * Three layers, highest wins: managed (IT, through browser policy) > user (options page) > defaults.
 * A managed key is locked: the options page shows it disabled and the user value is ignored.
 * Pure module: no browser API here (see settings-store.ts for the reads), so it is unit-testable.
 */

import { normaliseRangeEndpoint } from '../model/breach-range.ts';
import { parseMailClientSettings } from '../model/mail-client-settings.ts';
import { normaliseSecureUrl } from '../model/clear-connection.ts';
import {
  CO2_FIGURE_MAX,
  CO2_LABEL_MAX,
  DEFAULT_SETTINGS,
  LIST_LIMITS as LIMITS,
  MANAGED_ONLY_KEYS,
  SETTINGS_SPEC,
  SETTING_KEYS,
  type Co2Override,
  type ListItem,
  type SettingKey,
  type SettingSpec,
  type Settings,
  type UrlCheck,
} from './settings-spec.ts';

export {
  CO2_FIGURE_MAX,
  CO2_LABEL_MAX,
  DEFAULT_SETTINGS,
  LIST_LIMITS as LIMITS,
  MANAGED_ONLY_KEYS,
  SETTING_KEYS,
  type Co2Override,
  type PasswordMode,
  type SettingKey,
  type Settings,
} from './settings-spec.ts';

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
  | 'co2-object'
  | 'co2-fields'
  | 'co2-number'
  | 'co2-sent-required'
  | 'co2-label'
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

/** A refusal: `code` says why for the options page, `details` the facts its message needs (field names). */
export type Parsed<T> =
  { ok: true; value: T; dropped?: DroppedItem[] } | { ok: false; reason: string; code: ProblemCode; details?: string[] };

const ok = <T>(value: T, dropped?: DroppedItem[]): Parsed<T> => (dropped?.length ? { ok: true, value, dropped } : { ok: true, value });
const fail = (reason: string, code: ProblemCode, details?: string[]): Parsed<never> =>
  details ? { ok: false, reason, code, details } : { ok: false, reason, code };

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

/**
 * The organisation's CO2 figures, checked here only: the background turns the result into the
 * model's factors (background/co2-settings.ts) without checking again. A storage figure alone is
 * refused, with its reason, rather than quietly ignored: the model needs the sent figure to replace
 * ADEME's (docs/co2-method.md §7).
 */
function co2Override(raw: unknown): Parsed<Co2Override> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`expected an object, got ${describe(raw)}`, 'co2-object');
  const record = raw as Record<string, unknown>;
  const fields = Object.keys(DEFAULT_SETTINGS.co2Override);
  const unknownKeys = Object.keys(record).filter((k) => !fields.includes(k));
  if (unknownKeys.length) return fail(`unknown field ${unknownKeys.join(', ')}`, 'co2-fields', unknownKeys);
  const figure = decimal(0, CO2_FIGURE_MAX);
  const sent = figure(record.gramsPerMbSent ?? 0);
  if (!sent.ok) return fail(`gramsPerMbSent: ${sent.reason}`, 'co2-number');
  const stored = figure(record.gramsPerMbStoredPerYear ?? 0);
  if (!stored.ok) return fail(`gramsPerMbStoredPerYear: ${stored.reason}`, 'co2-number');
  if (stored.value > 0 && sent.value === 0)
    return fail("gramsPerMbStoredPerYear: needs gramsPerMbSent, which replaces ADEME's figure", 'co2-sent-required');
  const label = typeof record.label === 'string' ? record.label.trim().slice(0, CO2_LABEL_MAX).trim() : '';
  // A figure without its source would break the rule that every number shown names its source.
  if ((sent.value > 0 || stored.value > 0) && !label) return fail('label: a source is required when a figure is set', 'co2-label');
  return ok({ gramsPerMbSent: sent.value, gramsPerMbStoredPerYear: stored.value, label });
}

type Parsers = { [K in SettingKey]: (raw: unknown) => Parsed<Settings[K]> };

const ITEM_CHECKS: Record<ListItem, ItemCheck> = { text: plainItem, origin: originItem, domain: domainItem };
const URL_CHECKS: Record<UrlCheck, (raw: unknown) => Parsed<string>> = {
  secure: secureUrl,
  'range-endpoint': rangeEndpoint,
  report: reportUrl,
};

function mailServers(raw: unknown): Parsed<Settings['mailClientSettings']> {
  const parsed = parseMailClientSettings(raw);
  return parsed.ok ? parsed : fail(parsed.reason, 'mail-servers');
}

/** The check a setting gets, from its kind and bounds in the spec. */
function parserFor(spec: SettingSpec): (raw: unknown) => Parsed<unknown> {
  switch (spec.kind) {
    case 'boolean':
      return bool;
    case 'integer':
      return integer(spec.min, spec.max);
    case 'decimal':
      return decimal(spec.min, spec.max);
    case 'choice':
      return oneOf(...spec.choices);
    case 'list':
      return stringList(spec.maxItems, ITEM_CHECKS[spec.item]);
    case 'url':
      return URL_CHECKS[spec.check];
    case 'co2':
      return co2Override;
    case 'mailServers':
      return mailServers;
  }
}

const PARSERS = Object.fromEntries(SETTING_KEYS.map((key) => [key, parserFor(SETTINGS_SPEC[key])])) as Parsers;

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
