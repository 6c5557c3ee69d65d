/**
 * Advice on an out-of-office reply before it is switched on.
 *
 * PURE: the reply's text and settings in, findings out. An automatic reply answers every sender,
 * spammers and phishers included, and confirms to them that the address is alive: it should say
 * that you are away and whom to contact, not where you are, why, how to reach you privately, or
 * when your home is empty. It should answer each sender once in a while, not on every message (a
 * sobriety point too: fewer messages), and carry no attachment or image.
 *
 * French and English: the provider's staff write in both. Each finding gives the span of the text
 * that raised it, so the page can quote it back; the text is the user's own and stays in the page.
 */

export type OutOfOfficeFindingKind =
  /** A phone number: staff often give their mobile, which then reaches every spammer. */
  | 'phone'
  /** An address outside the organisation's domains (a personal mailbox). */
  | 'personalEmail'
  /** A street address. */
  | 'postalAddress'
  /** Health, family or other private reasons for the absence. */
  | 'privateReason'
  /** A trip or holiday, with exact dates: tells strangers when a home is empty. */
  | 'travelDates'
  /** An attachment or image mentioned in the reply (each reply would carry it). */
  | 'attachmentOrImage';

export interface OutOfOfficeFinding {
  kind: OutOfOfficeFindingKind;
  /** Which field the text is in. */
  field: 'subject' | 'body';
  /** UTF-16 offsets of the quoted text in that field: [start, end). */
  start: number;
  end: number;
}

export interface OutOfOfficeInput {
  subject: string;
  body: string;
  /** Days between two replies to the same sender, as the form says it; null when the form has no such field. */
  intervalDays: number | null;
  /** False only where the webmail can limit replies to the organisation's own senders. */
  repliesToExternalSenders: boolean;
  /** The organisation's mail domains: addresses there are work addresses, not personal ones. */
  organisationDomains: readonly string[];
  /** Recommended least number of days between two replies to one sender. */
  recommendedIntervalDays: number;
}

export interface OutOfOfficeAdvice {
  findings: OutOfOfficeFinding[];
  /** The reply would go to the same sender more often than recommended. */
  intervalTooShort: boolean;
}

/**
 * RFC 5230 (Sieve vacation) defaults to 7 days and allows 1; 7 means one reply a week per sender,
 * enough to tell a correspondent you are away.
 */
export const DEFAULT_RECOMMENDED_INTERVAL_DAYS = 7;

/** A reply is a few paragraphs; past this, the rest is not read (bounded time on a pasted book). */
export const MAX_REVIEWED_LENGTH = 20_000;
/** No reply needs more quotes than this to make its point. */
export const MAX_FINDINGS = 50;

// ---------------------------------------------------------------------------------------------
// Patterns. Every one is linear: no nested quantifier can backtrack on long inputs. Word edges are
// written as Unicode look-arounds: JavaScript's \b is ASCII-only even with the u flag, so it finds
// no edge before "à" or after "opéré".
// ---------------------------------------------------------------------------------------------

const START = '(?<![\\p{L}\\p{N}_])';
const END = '(?![\\p{L}\\p{N}_])';

/**
 * Phone numbers: international (+33 6 12 34 56 78, 0044 20 7946 0958, +33 (0)6…) with 9 to 15
 * digits in all, or French national (06 12 34 56 78, 06.12.34.56.78, 0612345678). Groups are
 * separated by one space, dot or hyphen, so a date next to a number is not swallowed into it.
 */
const PHONE = /(?:\+|(?<!\d)00)\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\d{1,4}){2,6}(?!\d)|(?<!\d)0[1-9](?:[ .-]?\d{2}){4}(?!\d)/g;

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;

/** French and English street addresses: a number, then the kind of way (FR) or the way then its kind (EN). */
const STREET_FR = new RegExp(
  `${START}\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s+(?:rue|avenue|av\\.|boulevard|bd|chemin|all[ée]e|impasse|place|route|quai|cours|square|villa)\\s+\\p{L}`,
  'giu',
);
/** English: "221 Baker Street": capitalised name words, so "3 people need this way" is not one. */
const STREET_EN_KINDS = [
  'street',
  'st\\.',
  'road',
  'rd\\.',
  'avenue',
  'ave\\.',
  'lane',
  'drive',
  'dr\\.',
  'boulevard',
  'blvd\\.?',
  'way',
  'close',
  'court',
  'place',
]
  .map((kind) => `[${kind[0]!.toUpperCase()}${kind[0]}]${kind.slice(1)}`)
  .join('|');
const STREET_EN = new RegExp(`${START}\\d{1,5}\\s+(?:\\p{Lu}[\\p{L}'-]*\\s+){1,3}(?:${STREET_EN_KINDS})${END}`, 'gu');

/**
 * Private reasons for an absence, French and English: health, family events. Word starts are
 * matched, endings left open so plurals and genders count ("hospitalisé", "hospitalisée").
 */
const PRIVATE_REASON = new RegExp(
  [
    // French
    'malad(?:e|ie)',
    'arr[êe]t maladie',
    'hospitalis',
    'h[ôo]pital',
    'op[ée]ration chirurgicale',
    `op[ée]r[ée]e?${END}`,
    'chirurgi',
    'enterrement',
    'obs[èe]ques',
    'd[ée]c[èe]s',
    'deuil',
    'cong[ée] (?:de )?(?:maternit[ée]|paternit[ée]|parental)',
    'grossesse',
    'accouch',
    'naissance',
    'mariage',
    'lune de miel',
    'convalescen',
    'soins m[ée]dicaux',
    'rendez-vous m[ée]dical',
    // English
    'sick',
    'illness',
    `ill${END}`,
    'hospital',
    'surgery',
    'medical',
    'funeral',
    'bereavement',
    'passed away',
    'maternity',
    'paternity',
    'parental leave',
    'pregnan',
    'giving birth',
    'wedding',
    'honeymoon',
    'recover(?:y|ing)',
  ]
    .map((word) => `${START}${word}`)
    .join('|'),
  'giu',
);

/** Travel and holiday words: alone they are fine ("on leave"), with exact dates they say when a home is empty. */
const TRAVEL = new RegExp(
  `${START}(?:vacances|voyage|s[ée]jour|[àa] l'[ée]tranger|en d[ée]placement|holiday|vacation|travel+ing|trip|abroad|overseas)`,
  'iu',
);

const MONTHS_FR =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|janv\\.?|f[ée]vr?\\.?|avr\\.?|juil\\.?|sept?\\.?|oct\\.?|nov\\.?|d[ée]c\\.?';
const MONTHS_EN =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan\\.?|feb\\.?|mar\\.?|apr\\.?|jun\\.?|jul\\.?|aug\\.?|sept?\\.?|oct\\.?|nov\\.?|dec\\.?';
/** Exact dates: 17/08, 17/08/2026, 2026-08-17, "17 août", "August 17", "17th of August". */
const EXACT_DATE = new RegExp(
  [
    `${START}\\d{1,2}[/.]\\d{1,2}(?:[/.]\\d{2,4})?${END}`,
    `${START}\\d{4}-\\d{2}-\\d{2}${END}`,
    `${START}(?:1er|\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS_FR}|${MONTHS_EN})${END}`,
    `${START}(?:${MONTHS_EN})\\s+\\d{1,2}(?:st|nd|rd|th)?${END}`,
  ].join('|'),
  'giu',
);

const ATTACHMENT_OR_IMAGE = new RegExp(
  `<img${END}|\\[(?:image|cid):|${START}(?:pi[èe]ces? jointes?|ci-jointe?s?|attached|attachments?|enclosed)${END}`,
  'giu',
);

/** Mailbox providers whose addresses are personal wherever the organisation's domains are unknown. */
const PERSONAL_PROVIDERS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.fr',
  'hotmail.com',
  'hotmail.fr',
  'outlook.com',
  'outlook.fr',
  'live.com',
  'live.fr',
  'msn.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'gmx.com',
  'gmx.fr',
  'proton.me',
  'protonmail.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'neuf.fr',
  'laposte.net',
  'bbox.fr',
  'numericable.fr',
  'yandex.com',
  'mail.com',
]);

function isPhoneNumber(found: string): boolean {
  const digits = found.replace(/\D/g, '').length;
  // "2026-08-17" is a date, not an international number: dates have fewer digits.
  return digits >= 9 && digits <= 15;
}

function isPersonalAddress(address: string, organisationDomains: readonly string[]): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const own = organisationDomains.map((d) => d.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
  if (own.some((d) => domain === d || domain.endsWith(`.${d}`))) return false;
  return own.length > 0 || PERSONAL_PROVIDERS.has(domain);
}

function* matches(pattern: RegExp, text: string): Generator<[number, number, string]> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] === '') {
      pattern.lastIndex += 1;
      continue;
    }
    yield [m.index, m.index + m[0].length, m[0]];
  }
}

function reviewField(field: 'subject' | 'body', raw: string, input: OutOfOfficeInput, out: OutOfOfficeFinding[]): void {
  const text = raw.slice(0, MAX_REVIEWED_LENGTH);
  const add = (kind: OutOfOfficeFindingKind, start: number, end: number) => {
    if (out.length < MAX_FINDINGS) out.push({ kind, field, start, end });
  };
  for (const [start, end, found] of matches(PHONE, text)) if (isPhoneNumber(found)) add('phone', start, end);
  for (const [start, end, found] of matches(EMAIL, text))
    if (isPersonalAddress(found, input.organisationDomains)) add('personalEmail', start, end);
  for (const pattern of [STREET_FR, STREET_EN]) for (const [start, end] of matches(pattern, text)) add('postalAddress', start, end);
  for (const [start, end] of matches(PRIVATE_REASON, text)) add('privateReason', start, end);
  // Dates alone are fine ("back on 3 March"); dates in a reply that speaks of a trip are not, when
  // strangers receive it.
  if (input.repliesToExternalSenders && TRAVEL.test(text)) {
    for (const [start, end] of matches(EXACT_DATE, text)) add('travelDates', start, end);
  }
  for (const [start, end] of matches(ATTACHMENT_OR_IMAGE, text)) add('attachmentOrImage', start, end);
}

export function reviewOutOfOffice(input: OutOfOfficeInput): OutOfOfficeAdvice {
  const findings: OutOfOfficeFinding[] = [];
  reviewField('subject', input.subject, input, findings);
  reviewField('body', input.body, input, findings);
  findings.sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === 'subject' ? -1 : 1));
  const intervalTooShort =
    input.intervalDays !== null && Number.isFinite(input.intervalDays) && input.intervalDays < input.recommendedIntervalDays;
  return { findings, intervalTooShort };
}
