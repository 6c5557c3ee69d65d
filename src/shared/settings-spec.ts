/**
 * One source per setting: its kind, bounds and default. From this table come the `Settings` type
 * and `DEFAULT_SETTINGS`, the parser (shared/settings.ts builds one check per kind), the options
 * page's bounds (options/fields.ts adds only words), `managed_schema.json` (shared/settings-schema.ts
 * adds the title and description IT reads; generated at build time and by `npm run schema`) and the
 * password model's defaults.
 *
 * Pure data: no browser API and no parser here, so the model may import it. The words for IT live
 * in settings-schema.ts rather than here because every content script reads settings: they would
 * add about 9 KB to each.
 */
import type { MailServerSetting } from '../model/mail-client-settings.ts';
import type { Co2Override } from './co2-override.ts';

/** Limits that keep a hostile or mistaken policy from slowing every keystroke or page. */
export const LIST_LIMITS = {
  listItems: 10_000,
  itemLength: 256,
  webmailOrigins: 200,
  reportUrlLength: 2048,
} as const;

export { CO2_FIGURE_MAX, CO2_LABEL_MAX, type Co2Override } from './co2-override.ts';

export type ListItem = 'text' | 'origin' | 'domain';
/** Which address check a `url` setting gets (the checks are in shared/settings.ts). */
export type UrlCheck = 'secure' | 'range-endpoint' | 'report';

const boolean = (value: boolean) => ({ kind: 'boolean', default: value }) as const;
const integer = (min: number, max: number, value: number) => ({ kind: 'integer', min, max, default: value }) as const;
/** Chromium's schema cannot bound a number with decimals: the description must state the range (tested). */
const decimal = (min: number, max: number, value: number) => ({ kind: 'decimal', min, max, default: value }) as const;
const choice = <const C extends readonly string[]>(choices: C, value: C[number]) => ({ kind: 'choice', choices, default: value }) as const;
const list = (item: ListItem, maxItems: number, value: readonly string[]) => ({ kind: 'list', item, maxItems, default: value }) as const;
const url = (check: UrlCheck, value: string) => ({ kind: 'url', check, default: value }) as const;
const co2 = (value: Co2Override) => ({ kind: 'co2', default: value }) as const;
/** Managed only (see MANAGED_ONLY_KEYS); its check is model/mail-client-settings.ts's. */
const mailServers = (value: readonly MailServerSetting[]) => ({ kind: 'mailServers', managedOnly: true, default: value }) as const;

/**
 * Every setting, in the order of the schema (and so of chrome://policy and the ADMX templates).
 * A default's reason is written beside it.
 */
export const SETTINGS_SPEC = {
  webmailOrigins: list('origin', LIST_LIMITS.webmailOrigins, []),
  // Empty: the clear-text warning then links to a listed https address of the same host, if any.
  webmailSecureUrl: url('secure', ''),
  organisationNames: list('text', LIST_LIMITS.listItems, []),
  organisationDomains: list('domain', LIST_LIMITS.listItems, []),
  passwordNudge: boolean(true),
  // Advise by default: staff did not choose this extension, so it should not stop them unless IT says so.
  passwordMode: choice(['advise', 'block'], 'advise'),
  // The provider's policy: at least 8 characters, lowercase + uppercase + digit, no known word.
  passwordMinLength: integer(1, 128, 8),
  passwordRequireLowercase: boolean(true),
  passwordRequireUppercase: boolean(true),
  passwordRequireDigit: boolean(true),
  passwordRequireSymbol: boolean(false),
  passwordForbidKnownWords: boolean(true),
  // zxcvbn's 3 = "safely unguessable: moderate protection from offline slow-hash scenario".
  passwordMinScore: integer(0, 4, 3),
  passwordBlocklist: list('text', LIST_LIMITS.listItems, []),
  // Off: it is the one feature that sends something (a 5-digit hash prefix) over the network.
  breachCheck: boolean(false),
  breachRangeEndpoint: url('range-endpoint', ''),
  attachmentNudge: boolean(true),
  // Thunderbird offers FileLink for attachments over 5 MB (mail.compose.big_attachments.threshold_kb = 5120).
  attachmentThresholdMB: decimal(0.1, 10_000, 5),
  attachmentConfirmBeforeSend: boolean(false),
  yearsKept: decimal(0.1, 100, 1),
  co2Override: co2({ gramsPerMbSent: 0, gramsPerMbStoredPerYear: 0, label: '' }),
  outOfOfficeNudge: boolean(true),
  // RFC 5230 (Sieve vacation): 7 days between two replies to one sender by default.
  outOfOfficeIntervalDays: integer(1, 365, 7),
  quotaNudge: boolean(true),
  // Thunderbird's quota alerts: shown from 75 % (mail.quota.mainwindow_threshold.show),
  // warning 80 % (…warning), critical 95 % (…critical).
  quotaShownPercent: integer(0, 100, 75),
  quotaWarningPercent: integer(0, 100, 80),
  quotaCriticalPercent: integer(0, 100, 95),
  // Phishing and password reuse. Both warnings are on by default: they only speak once
  // webmailOrigins names the organisation's webmail (by policy, or the address the user confirmed).
  lookalikeWarning: boolean(true),
  passwordReuseAlert: boolean(true),
  // Single sign-on and the organisation's other services where the same password is expected.
  passwordReuseAllowedOrigins: list('origin', LIST_LIMITS.webmailOrigins, []),
  // Warn only by default, like Google Password Alert; IT may make the warning hold the form.
  passwordReuseHoldSubmit: boolean(false),
  // Off by default: nothing leaves the browser unless IT names its own collector.
  passwordReuseReportUrl: url('report', ''),
  // Managed only: the servers to type into a mail app are the organisation's to state; nothing is
  // shown until IT sets them.
  mailClientSettings: mailServers([]),
} as const;

export type SettingKey = keyof typeof SETTINGS_SPEC;
export type SettingSpec = (typeof SETTINGS_SPEC)[SettingKey];

/** The value a setting holds, by its kind. */
type ValueOf<S> = S extends { kind: 'boolean' }
  ? boolean
  : S extends { kind: 'integer' | 'decimal' }
    ? number
    : S extends { kind: 'choice'; choices: readonly (infer C)[] }
      ? C
      : S extends { kind: 'list' }
        ? string[]
        : S extends { kind: 'url' }
          ? string
          : S extends { kind: 'co2' }
            ? Co2Override
            : S extends { kind: 'mailServers' }
              ? MailServerSetting[]
              : never;

export type Settings = { [K in SettingKey]: ValueOf<(typeof SETTINGS_SPEC)[K]> };
export type PasswordMode = Settings['passwordMode'];

export const SETTING_KEYS = Object.keys(SETTINGS_SPEC) as SettingKey[];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(
  // A copy of each default, so that no caller can change the table through a settings object.
  JSON.parse(JSON.stringify(Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS_SPEC[key].default])))) as Settings,
);

/**
 * Settings only IT can set: a user value is ignored (and the options page offers no field), since
 * staff copying a server name from their own typing would defeat the card's point.
 */
export const MANAGED_ONLY_KEYS: readonly SettingKey[] = SETTING_KEYS.filter((key) => 'managedOnly' in SETTINGS_SPEC[key]);
