import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RECOMMENDED_INTERVAL_DAYS,
  MAX_FINDINGS,
  reviewOutOfOffice,
  type OutOfOfficeFindingKind,
  type OutOfOfficeInput,
} from '../../src/model/out-of-office.ts';

const base: OutOfOfficeInput = {
  subject: 'Absent',
  body: '',
  intervalDays: 7,
  repliesToExternalSenders: true,
  organisationDomains: ['mairie-lyon.fr'],
  recommendedIntervalDays: DEFAULT_RECOMMENDED_INTERVAL_DAYS,
};

/** The findings of a body, as [kind, quoted text] pairs. */
function quoted(body: string, overrides: Partial<OutOfOfficeInput> = {}): [OutOfOfficeFindingKind, string][] {
  const input = { ...base, body, ...overrides };
  return reviewOutOfOffice(input).findings.map((f) => [f.kind, (f.field === 'body' ? input.body : input.subject).slice(f.start, f.end)]);
}

describe('out-of-office advice: what a reply to every sender should not say', () => {
  const table: [string, string, [OutOfOfficeFindingKind, string][]][] = [
    // French
    ['fr: neutral reply', "Je suis absente jusqu'à lundi. Pour toute urgence, écrivez à accueil@mairie-lyon.fr.", []],
    ['fr: mobile number', 'En cas d’urgence : 06 12 34 56 78.', [['phone', '06 12 34 56 78']]],
    ['fr: number with dots', 'Joignable au 06.12.34.56.78', [['phone', '06.12.34.56.78']]],
    ['fr: international number', 'Tél. +33 6 12 34 56 78', [['phone', '+33 6 12 34 56 78']]],
    ['fr: personal address', 'Écrivez-moi sur marie.dupont@gmail.com', [['personalEmail', 'marie.dupont@gmail.com']]],
    ['fr: street address', 'Courrier : 12 rue des Lilas, 69003 Lyon', [['postalAddress', '12 rue d']]],
    ['fr: sick leave', 'Je suis en arrêt maladie.', [['privateReason', 'arrêt maladie']]],
    ['fr: hospital', 'Hospitalisée, je reviens bientôt.', [['privateReason', 'Hospitalis']]],
    ['fr: maternity', 'En congé maternité.', [['privateReason', 'congé maternité']]],
    ['fr: after surgery, accents at the edges', 'Opérée la semaine dernière.', [['privateReason', 'Opérée']]],
    [
      'fr: trip with dates',
      'En vacances à l’étranger du 3 août au 17 août.',
      [
        ['travelDates', '3 août'],
        ['travelDates', '17 août'],
      ],
    ],
    [
      'fr: trip with numeric dates',
      'En voyage du 03/08/2026 au 17/08/2026.',
      [
        ['travelDates', '03/08/2026'],
        ['travelDates', '17/08/2026'],
      ],
    ],
    ['fr: dates without a trip are fine', 'Absente du 3 au 17 août, de retour le 18 août.', []],
    ['fr: attachment', 'Vous trouverez ci-joint mon planning.', [['attachmentOrImage', 'ci-joint']]],
    // English
    ['en: neutral reply', 'I am out of the office until Monday. For anything urgent, write to reception@mairie-lyon.fr.', []],
    ['en: UK number', 'Call me on +44 20 7946 0958', [['phone', '+44 20 7946 0958']]],
    ['en: personal address', 'Reach me at jane.doe@outlook.com', [['personalEmail', 'jane.doe@outlook.com']]],
    ['en: street address', 'Post to 221 Baker Street please', [['postalAddress', '221 Baker Street']]],
    ['en: funeral', 'I am away for a funeral.', [['privateReason', 'funeral']]],
    ['en: sick', 'Off sick today.', [['privateReason', 'sick']]],
    [
      'en: holiday with dates',
      'On holiday abroad from August 3 to August 17.',
      [
        ['travelDates', 'August 3'],
        ['travelDates', 'August 17'],
      ],
    ],
    [
      'en: holiday with ISO dates',
      'Travelling 2026-08-03 to 2026-08-17.',
      [
        ['travelDates', '2026-08-03'],
        ['travelDates', '2026-08-17'],
      ],
    ],
    ['en: image', 'See the map <img src="cid:map">', [['attachmentOrImage', '<img']]],
    ['en: a date is not a phone number', 'Back on 2026-08-17.', []],
    ['en: "illustration" is not "ill"', 'The illustration team will answer.', []],
  ];
  it.each(table)('%s', (_, body, expected) => {
    expect(quoted(body)).toEqual(expected);
  });

  it('work addresses at the organisation (and its subdomains) are not personal', () => {
    expect(quoted('Contact: it@mairie-lyon.fr, rh@services.mairie-lyon.fr, jean@gmail.com')).toEqual([['personalEmail', 'jean@gmail.com']]);
    // Without the organisation's domains, only well-known personal providers are named.
    expect(quoted('Contact: it@acme.example, jean@gmail.com', { organisationDomains: [] })).toEqual([['personalEmail', 'jean@gmail.com']]);
  });

  it('travel dates matter only when strangers get the reply', () => {
    expect(quoted('On holiday from August 3 to August 17.', { repliesToExternalSenders: false })).toEqual([]);
  });

  it('reads the subject too, and lists the subject first', () => {
    const advice = reviewOutOfOffice({ ...base, subject: 'Absent (malade)', body: 'Tél. 06 12 34 56 78' });
    expect(advice.findings.map((f) => [f.field, f.kind])).toEqual([
      ['subject', 'privateReason'],
      ['body', 'phone'],
    ]);
  });

  it('recommends answering each sender at most once a week', () => {
    expect(reviewOutOfOffice({ ...base, intervalDays: 1 }).intervalTooShort).toBe(true);
    expect(reviewOutOfOffice({ ...base, intervalDays: 7 }).intervalTooShort).toBe(false);
    expect(reviewOutOfOffice({ ...base, intervalDays: null }).intervalTooShort).toBe(false);
    expect(reviewOutOfOffice({ ...base, intervalDays: 3, recommendedIntervalDays: 2 }).intervalTooShort).toBe(false);
  });
});

describe('out-of-office advice on bad input', () => {
  it('a 100,000-character reply: bounded time, bounded findings', () => {
    const body = 'Tél. 06 12 34 56 78, malade, vacances du 3 août, jean@gmail.com. '.repeat(1600);
    expect(body.length).toBeGreaterThan(100_000);
    const started = performance.now();
    const advice = reviewOutOfOffice({ ...base, body });
    expect(performance.now() - started).toBeLessThan(500);
    expect(advice.findings).toHaveLength(MAX_FINDINGS);
  });

  it('a long run of digits and separators does not backtrack for long', () => {
    const started = performance.now();
    reviewOutOfOffice({ ...base, body: '1 '.repeat(50_000) + '+' + '1.'.repeat(50_000) });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('never throws, and every finding quotes a span of its field', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.string({ maxLength: 60 }),
        fc.option(fc.double()),
        fc.boolean(),
        (body, subject, interval, external) => {
          const input = { ...base, body, subject, intervalDays: interval ?? null, repliesToExternalSenders: external };
          for (const f of reviewOutOfOffice(input).findings) {
            const text = f.field === 'body' ? body : subject;
            expect(0 <= f.start && f.start < f.end && f.end <= text.length).toBe(true);
          }
        },
      ),
    );
  });
});
