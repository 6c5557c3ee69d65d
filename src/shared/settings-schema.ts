/**
 * `managed_schema.json`, generated from the settings table (settings-spec.ts: kinds, bounds) and
 * the words IT reads for each setting here (chrome://policy shows the title and description).
 * The build writes it into each dist/<browser>/ (vite.config.ts); `npm run schema` into public/,
 * where test/unit/managed-schema.test.ts checks it is the generated one. The options page's policy
 * check reads it from here too. Kept apart from the table so the content scripts, which read
 * settings, do not carry these words.
 *
 * Chromium's dialect (components/policy/core/common/schema.cc): type, title, description,
 * properties, items, enum, and minimum/maximum on integers only. Firefox does not read it.
 */
import type { MailProtocol, MailSecurity } from '../model/mail-client-settings.ts';
import type { SchemaNode } from './policy-formats.ts';
import {
  CO2_FIGURE_MAX,
  CO2_LABEL_MAX,
  SETTINGS_SPEC,
  SETTING_KEYS,
  type Co2Override,
  type SettingKey,
  type SettingSpec,
} from './settings-spec.ts';

interface Doc {
  title: string;
  description: string;
}

const thousands = (n: number) => n.toLocaleString('en');

const CO2_FIELDS: Record<keyof Co2Override, Doc & { type: 'number' | 'string' }> = {
  gramsPerMbSent: {
    title: 'Grams CO2e per MB sent',
    description: `Per megabyte and recipient, from 0 to ${thousands(CO2_FIGURE_MAX)}. 0 = ADEME's model.`,
    type: 'number',
  },
  gramsPerMbStoredPerYear: {
    title: 'Grams CO2e per MB stored per year',
    description: `Per stored copy, from 0 to ${thousands(CO2_FIGURE_MAX)}; needs gramsPerMbSent. 0 = storage is not counted apart (the sent figure covers the mail's whole life) and the mailbox figure stays ADEME's.`,
    type: 'number',
  },
  label: {
    title: 'Source of the figures',
    description: `Shown next to every figure they produce; required when a figure is set. At most ${CO2_LABEL_MAX} characters (longer is cut).`,
    type: 'string',
  },
};

/** One server of mailClientSettings, as model/mail-client-settings.ts checks it. */
const MAIL_SERVER: SchemaNode = {
  type: 'object',
  properties: {
    protocol: { type: 'string', enum: ['imap', 'pop3', 'smtp'] satisfies MailProtocol[] },
    host: { type: 'string' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    security: { type: 'string', enum: ['tls', 'starttls', 'none'] satisfies MailSecurity[] },
  },
};

/** Every setting's words for IT, typed as a Record so a setting without them is a type error. */
const DOCS: Record<SettingKey, Doc> = {
  webmailOrigins: {
    title: "The organisation's webmail addresses",
    description:
      "Origins such as https://mail.example.org, up to 200: the organisation's webmail. Each entry is checked on its own (a bad one is dropped, the others apply); patterns such as https://*.example.org are refused: list each address. Every nudge runs there, whatever the webmail. Once at least one is listed, a webmail page at any other address is a look-alike: it gets the look-alike warning and nothing is read from it (quota, account, savings). With none listed, Roundcube is recognised at any address.",
  },
  webmailSecureUrl: {
    title: 'Secure (https) webmail address',
    description:
      'The https:// address staff should use. When the webmail, its sign-in or its password-change page is loaded over http:// (except on this computer: localhost, 127.0.0.0/8, ::1), a warning in the page and in the popup says the password would travel in clear, with a link to this address. Empty: the warning links to a listed https:// webmail address of the same host, if any. https only, no credentials.',
  },
  organisationNames: {
    title: 'Organisation names',
    description:
      'Names of the organisation (and its brands) refused inside passwords, as context words; up to 10,000 names of at most 256 characters.',
  },
  organisationDomains: {
    title: 'Organisation domains',
    description: 'Mail and web domains of the organisation (example.org), up to 10,000; their labels are refused inside passwords.',
  },
  passwordNudge: {
    title: 'Password-change nudge',
    description: 'Check new passwords live against the password policy on password-change forms.',
  },
  passwordMode: {
    title: 'Password policy mode',
    description: 'advise: show the verdict only. block: also stop the form from being saved while a rule fails.',
  },
  passwordMinLength: {
    title: 'Minimum password length',
    description:
      'Fewest characters a new password may have (1 to 128). NIST SP 800-63B-4 asks for at least 8, 15 where the password is the only factor.',
  },
  passwordRequireLowercase: {
    title: 'Require a lowercase letter',
    description: 'Composition rule. NIST SP 800-63B-4 advises against composition rules; keep it if your policy requires it.',
  },
  passwordRequireUppercase: { title: 'Require an uppercase letter', description: 'Composition rule (see passwordRequireLowercase).' },
  passwordRequireDigit: { title: 'Require a digit', description: 'Composition rule (see passwordRequireLowercase).' },
  passwordRequireSymbol: { title: 'Require a symbol', description: 'Composition rule (see passwordRequireLowercase).' },
  passwordForbidKnownWords: {
    title: 'Refuse known words',
    description:
      'Refuse passwords built on dictionary words (French, English, common passwords), keyboard patterns (AZERTY, QWERTY), dates and sequences, as found by the zxcvbn-ts estimator.',
  },
  passwordMinScore: {
    title: 'Minimum strength score',
    description: 'Lowest zxcvbn-ts score accepted, from 0 (any) to 4 (very strong). 3 = about 10^10 guesses.',
  },
  passwordBlocklist: {
    title: 'Password blocklist',
    description: 'Words the organisation refuses inside passwords (case-insensitive), up to 10,000 words of at most 256 characters.',
  },
  breachCheck: {
    title: 'Check new passwords against known breaches',
    description:
      'Off by default. When on, with a range endpoint set, the password panel adds the rule "not found in known data breaches": only the first 5 hexadecimal digits of the password\'s SHA-1 leave the browser (k-anonymity range protocol of Pwned Passwords), after typing pauses, never for a field shorter than 8 characters. A failure to reach the service says "not checked" and never blocks.',
  },
  breachRangeEndpoint: {
    title: 'Known-breach range endpoint',
    description:
      'The range service: GET <endpoint>/range/<first 5 hex digits of SHA-1>, answered with SUFFIX:COUNT lines (padding asked). https only (http only on a loopback address), no query: for example https://api.pwnedpasswords.com, or your own copy of the range files.',
  },
  attachmentNudge: {
    title: 'Big-attachment nudge',
    description: 'Warn before sending messages whose attachments exceed the threshold, with their CO2 estimate and a better option.',
  },
  attachmentThresholdMB: {
    title: 'Attachment threshold (MB)',
    description:
      "Total attachment size of a message, in megabytes (MiB), above which the nudge shows, from 0.1 to 10,000 (other values are ignored and listed on the options page). Default 5, as Thunderbird's FileLink suggestion.",
  },
  attachmentConfirmBeforeSend: {
    title: 'Confirm before sending big attachments',
    description: 'Hold the Send click once per message while the attachments exceed the threshold, until the user confirms.',
  },
  yearsKept: {
    title: 'Years a message is kept',
    description:
      "How many years recipients keep a message, from 0.1 to 100, used to estimate the storage part of an attachment's CO2 cost (other values are ignored and listed on the options page).",
  },
  co2Override: {
    title: 'Organisation CO2 figures',
    description:
      "Figures of the organisation's own, used instead of ADEME's model; the interface then says the figures are the organisation's and shows the label. gramsPerMbSent is required: an object that sets only gramsPerMbStoredPerYear is ignored and listed on the options page. All 0 (or unset) keeps ADEME's figures.",
  },
  outOfOfficeNudge: {
    title: 'Out-of-office nudge',
    description:
      'Advise staff on their out-of-office reply before they switch it on: what it should not say to every sender (phone numbers, personal addresses, private reasons, travel dates), how often it answers, no attachment or image. Advice only, never blocking.',
  },
  outOfOfficeIntervalDays: {
    title: 'Days between two out-of-office replies to one sender',
    description:
      'The out-of-office nudge recommends answering each sender at most once in this many days (1 to 365; the Sieve default is 7).',
  },
  quotaNudge: { title: 'Mailbox-size badge', description: 'Show how full the mailbox is on the toolbar button and in the popup.' },
  quotaShownPercent: {
    title: 'Quota: show from (%)',
    description: 'Percent used from which the badge is coloured at all (below, it stays neutral). Default 75, as Thunderbird.',
  },
  quotaWarningPercent: {
    title: 'Quota: warning from (%)',
    description: 'Percent used from which the badge is a warning. Default 80, as Thunderbird.',
  },
  quotaCriticalPercent: {
    title: 'Quota: critical from (%)',
    description: 'Percent used from which the badge is critical. Default 95, as Thunderbird.',
  },
  lookalikeWarning: {
    title: 'Look-alike sign-in warning',
    description:
      "Warn on a webmail sign-in page at an address that is not in webmailOrigins, naming the organisation's address. Needs webmailOrigins.",
  },
  passwordReuseAlert: {
    title: 'Password-reuse alert',
    description:
      'Keep a salted PBKDF2-SHA-256 fingerprint of the mail password, taken at sign-in on an address of webmailOrigins, and warn when the same password is typed on any other site. Set to true to lock it on (staff then cannot forget the fingerprint).',
  },
  passwordReuseAllowedOrigins: {
    title: 'Addresses where the mail password is expected',
    description:
      "Origins such as https://sso.example.org (single sign-on, the organisation's other services), up to 200: no reuse warning there.",
  },
  passwordReuseHoldSubmit: {
    title: 'Hold forms holding the mail password',
    description:
      'false: the first submission after the warning is stopped so it can be read, the next one goes. true: a form is not submitted while a password field holds the mail password.',
  },
  passwordReuseReportUrl: {
    title: 'Password-reuse report URL',
    description:
      'Empty (default): nothing is sent. Otherwise an http(s) URL that receives a JSON POST {type, account, page, time} for each warning (at most one per site every 10 minutes); never the password nor its fingerprint.',
  },
  mailClientSettings: {
    title: 'Mail-app settings (servers staff type into a mail app)',
    description:
      'Up to 10 servers shown read-only, with copy buttons, in the popup and the options page; nothing is shown when unset. Each: protocol (imap, pop3 or smtp), host (a server name), port (1 to 65535), security (tls, starttls or none). Plain ports (IMAP 143, POP 110, SMTP 25 and 26) and security none are marked not recommended, with the reason. A bad entry makes the whole list ignored and listed, with its reason, in the options page.',
  },
};

/** One setting in Chromium's dialect: its words, type, and the bounds Chromium checks. */
function schemaNode(spec: SettingSpec, doc: Doc): SchemaNode {
  const words = { title: doc.title, description: doc.description };
  switch (spec.kind) {
    case 'boolean':
      return { ...words, type: 'boolean' };
    case 'integer':
      return { ...words, type: 'integer', minimum: spec.min, maximum: spec.max };
    case 'decimal':
      // minimum/maximum are allowed on integers only: Chromium refuses the whole schema otherwise.
      return { ...words, type: 'number' };
    case 'choice':
      return { ...words, type: 'string', enum: [...spec.choices] };
    case 'list':
      return { ...words, type: 'array', items: { type: 'string' } };
    case 'url':
      return { ...words, type: 'string' };
    case 'co2':
      return { ...words, type: 'object', properties: CO2_FIELDS };
    case 'mailServers':
      return { ...words, type: 'array', items: MAIL_SERVER };
  }
}

/** The extension's managed_schema.json as an object. */
export function managedSchema(): SchemaNode {
  return { type: 'object', properties: Object.fromEntries(SETTING_KEYS.map((key) => [key, schemaNode(SETTINGS_SPEC[key], DOCS[key])])) };
}

/** The schema file's text, as written to public/ and to each build. */
export const managedSchemaText = (): string => `${JSON.stringify(managedSchema(), null, 2)}\n`;
