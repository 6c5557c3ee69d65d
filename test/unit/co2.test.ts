import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Engine, { type RawPublicodes } from 'publicodes';
import ademeRules from '@incubateur-ademe/publicodes-acv-numerique/publicodes-acv-numerique.model.json';
import {
  ADEME_MODEL,
  BYTES_PER_GB,
  BYTES_PER_MB,
  CAR_FACTOR,
  LIMITS,
  ademeDefaults,
  estimateAttachment,
  estimateStorage,
  gramsToCarMetres,
  type AttachmentEstimate,
  type OrganisationFactors,
} from '../../src/model/co2.ts';

// An engine of our own, evaluated the plain way: the module must report what ADEME's model
// says for the same situation, not a re-implementation of it.
const reference = new Engine(ademeRules as unknown as RawPublicodes<string>);
// publicodes reads a situation number from its string form, so 9.5e-7 would be read as 9.5
// (see the test "publicodes misreads …" below): give it plain decimals, as the module does.
const plain = (x: number): number | string => (x !== 0 && Math.abs(x) < 1e-6 ? x.toFixed(40) : x);
function ademe(rule: string, situation: Record<string, number>): number {
  reference.setSituation(Object.fromEntries(Object.entries(situation).map(([k, v]) => [k, plain(v)])));
  const value = reference.evaluate(rule).nodeValue;
  if (typeof value !== 'number') throw new Error(`${rule}: ${String(value)}`);
  return value;
}
function emailSituation(mb: number, recipients: number, years: number): Record<string, number> {
  return { 'email . taille': mb, 'email . destinataires': recipients, 'email . durée stockage mail': years };
}
const emailParts = ['email . terminaux', 'email . transmission', 'email . data center'];
const oneMailbox = ['email . data center . construction . émetteur', 'email . data center . usage . émetteur'];
const sum = (rules: string[], situation: Record<string, number>) => rules.reduce((total, rule) => total + ademe(rule, situation), 0);

const MB = BYTES_PER_MB;
const relClose = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe('the numbers are ADEME’s model, evaluated for the same situation', () => {
  const cases: Array<[bytes: number, recipients: number, years: number]> = [
    [1 * MB, 1, 10],
    [1 * MB, 1, 1],
    [6 * MB, 3, 10],
    [6 * MB, 3, 1],
    [25 * MB, 12, 5],
    [300 * 1024, 2, 0],
    // Sizes that JS prints in exponent notation in MB or GB (see toSituationValue).
    [1, 1, 10],
    [900, 4, 3],
  ];
  it.each(cases)('%d bytes, %d recipient(s), %d year(s)', (bytes, recipients, years) => {
    const mb = bytes / MB;
    const estimate = estimateAttachment({ attachmentBytes: bytes, recipients, yearsKept: years });
    const mail = ademe('email', emailSituation(mb, recipients, years));
    const empty = sum(emailParts, emailSituation(0, recipients, years));
    const notKept = ademe('email', emailSituation(mb, recipients, 0));
    const oneCopy = sum(oneMailbox, emailSituation(mb, 1, years)) - sum(oneMailbox, emailSituation(mb, 1, 0));
    const transfer = ademe('fichier', { 'fichier . taille': bytes / BYTES_PER_GB });

    expect(estimate.ademe.mailGrams).toBe(mail);
    relClose(estimate.ademe.mailWithoutAttachmentGrams, empty);
    relClose(estimate.grams, mail - empty);
    relClose(estimate.ademe.attachmentSendGrams, notKept - empty);
    relClose(estimate.ademe.attachmentStorageGrams, mail - notKept);
    relClose(estimate.ademe.shareLinkTransferGrams, transfer * (1 + recipients));
    relClose(estimate.shareLinkGrams, transfer * (1 + recipients) + (years > 0 ? oneCopy : 0));
    relClose(estimate.ademe.attachmentSendGrams + estimate.ademe.attachmentStorageGrams, estimate.grams, 1e-9);
    expect(estimate.source).toEqual({ kind: 'ademe', label: expect.stringContaining('ADEME') });
    expect(estimate.modelVersion).toBe(ADEME_MODEL.version);
  });

  it('a 1 MB mail to one recipient, kept the model’s default 10 years, is ≈ 2.9 g (the design’s “≈ 3 g”)', () => {
    const estimate = estimateAttachment({ attachmentBytes: MB, recipients: 1, yearsKept: 10 });
    expect(estimate.ademe.mailGrams).toBeCloseTo(2.922, 3);
    // Most of it is the devices' share (3 min writing, 10 s reading), not the megabyte.
    expect(estimate.ademe.mailWithoutAttachmentGrams).toBeCloseTo(1.8565, 4);
    expect(estimate.grams).toBeCloseTo(1.0655, 4);
    expect(estimate.shareLinkGrams).toBeLessThan(estimate.grams);
  });

  it('the model’s default storage duration is read from the model (10 years)', () => {
    reference.setSituation({});
    expect(ademeDefaults().yearsKept).toBe(reference.evaluate('email . durée stockage mail').nodeValue);
    expect(ademeDefaults().yearsKept).toBe(10);
  });

  it('mailbox storage per year is one mailbox copy’s storage in rule `email`, for one year', () => {
    for (const bytes of [0, MB, 512 * MB, 20 * 1024 * MB]) {
      const mb = bytes / MB;
      const expected = bytes === 0 ? 0 : sum(oneMailbox, emailSituation(mb, 1, 1)) - sum(oneMailbox, emailSituation(mb, 1, 0));
      const estimate = estimateStorage({ storedBytes: bytes });
      relClose(estimate.gramsPerYear, expected, 1e-9);
      expect(estimate.source.kind).toBe('ademe');
    }
    // ≈ 0.051 g per MB per year: 0.046 storage hardware's manufacture + 0.005 its electricity.
    expect(estimateStorage({ storedBytes: MB }).gramsPerYear).toBeCloseTo(0.0515, 4);
  });

  it('publicodes misreads a situation number in exponent notation (why the module sends decimals)', () => {
    // If this starts failing, publicodes fixed it and toSituationValue can go.
    const quiet = new Engine(ademeRules as unknown as RawPublicodes<string>, {
      logger: { log() {}, warn() {}, error() {} },
    });
    quiet.setSituation({ 'email . taille': 9.5e-7 });
    expect(quiet.evaluate('email . taille').nodeValue).toBe(9.5);
    expect(estimateAttachment({ attachmentBytes: 1, recipients: 1, yearsKept: 0 }).grams).toBeLessThan(1e-6);
  });

  it('the model version is the installed package’s', () => {
    const require = createRequire(import.meta.url);
    const path = require.resolve('@incubateur-ademe/publicodes-acv-numerique/package.json');
    expect(ADEME_MODEL.version).toBe(JSON.parse(readFileSync(path, 'utf8')).version);
  });
});

describe('car equivalence (ADEME Impact CO2, voiture thermique 2025)', () => {
  it('uses 142.25 g CO2e per km', () => {
    expect(CAR_FACTOR.gramsPerKm).toBeCloseTo(142.253, 3);
    expect(gramsToCarMetres(CAR_FACTOR.gramsPerKm)).toBeCloseTo(1000, 9);
  });
  it('converts the estimate’s own grams', () => {
    const estimate = estimateAttachment({ attachmentBytes: 6 * MB, recipients: 3, yearsKept: 10 });
    expect(estimate.carMetres).toBeCloseTo((estimate.grams / CAR_FACTOR.gramsPerKm) * 1000, 9);
    const storage = estimateStorage({ storedBytes: 1024 * MB });
    expect(storage.carMetres).toBeCloseTo((storage.gramsPerYear / CAR_FACTOR.gramsPerKm) * 1000, 9);
  });
});

// Engine-bound (each estimate ~60–80 ms): a loaded 2-core CI machine needs more than vitest's 5 s default.
describe('monotonic: more bytes, recipients or years never cost less', { timeout: 60_000 }, () => {
  // Each estimate runs the engine (~60 ms warm): enough runs to find a broken factor, few
  // enough to keep the suite quick.
  const RUNS = 25;
  // Engine results are summed and subtracted: allow float noise, nothing more.
  const atLeast = (bigger: number, smaller: number) => bigger >= smaller - 1e-9 * Math.max(1, smaller);
  const bytes = fc.integer({ min: 0, max: 200 * MB });
  const recipients = fc.integer({ min: 1, max: 500 });
  const years = fc.double({ min: 0, max: 30, noNaN: true });
  const override = fc.option(
    fc.record({
      gramsPerMbSent: fc.double({ min: 0, max: 100, noNaN: true }),
      gramsPerMbStoredPerYear: fc.double({ min: 0, max: 20, noNaN: true }),
      label: fc.constant('IT'),
    }),
  );
  const both = (a: AttachmentEstimate, b: AttachmentEstimate) =>
    atLeast(b.grams, a.grams) && atLeast(b.shareLinkGrams, a.shareLinkGrams) && atLeast(b.carMetres, a.carMetres);

  it('in size', () => {
    fc.assert(
      fc.property(bytes, bytes, recipients, years, override, (x, y, n, t, o) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = estimateAttachment({ attachmentBytes: lo, recipients: n, yearsKept: t, override: o });
        const b = estimateAttachment({ attachmentBytes: hi, recipients: n, yearsKept: t, override: o });
        return both(a, b);
      }),
      { numRuns: RUNS },
    );
  });
  it('in recipients', () => {
    fc.assert(
      fc.property(bytes, recipients, recipients, years, override, (s, x, y, t, o) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = estimateAttachment({ attachmentBytes: s, recipients: lo, yearsKept: t, override: o });
        const b = estimateAttachment({ attachmentBytes: s, recipients: hi, yearsKept: t, override: o });
        return both(a, b);
      }),
      { numRuns: RUNS },
    );
  });
  it('in years kept', () => {
    fc.assert(
      fc.property(bytes, recipients, years, years, override, (s, n, x, y, o) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = estimateAttachment({ attachmentBytes: s, recipients: n, yearsKept: lo, override: o });
        const b = estimateAttachment({ attachmentBytes: s, recipients: n, yearsKept: hi, override: o });
        return both(a, b);
      }),
      { numRuns: RUNS },
    );
  });
  it('in mailbox size', () => {
    const stored = fc.integer({ min: 0, max: 2 ** 42 });
    fc.assert(
      fc.property(stored, stored, (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        return atLeast(estimateStorage({ storedBytes: hi }).gramsPerYear, estimateStorage({ storedBytes: lo }).gramsPerYear);
      }),
      { numRuns: RUNS },
    );
  });
  it('per ADEME, a share link never costs more than the attachment it replaces', () => {
    fc.assert(
      fc.property(bytes, recipients, years, (s, n, t) => {
        const e = estimateAttachment({ attachmentBytes: s, recipients: n, yearsKept: t });
        return e.shareLinkGrams <= e.grams + 1e-12;
      }),
      { numRuns: RUNS },
    );
  });
});

describe('organisation override (managed setting co2Override)', () => {
  const provider: OrganisationFactors = { gramsPerMbSent: 19, gramsPerMbStoredPerYear: 10, label: 'Hébergeur' };

  it('sent per recipient, stored per copy (recipients + sender) and per year', () => {
    const e = estimateAttachment({ attachmentBytes: 6 * MB, recipients: 3, yearsKept: 2, override: provider });
    expect(e.grams).toBeCloseTo(6 * 3 * 19 + 6 * 4 * 2 * 10, 9);
    expect(e.source).toEqual({ kind: 'organisation', label: 'Hébergeur' });
    expect(e.carMetres).toBeCloseTo(gramsToCarMetres(e.grams), 9);
    // Nothing in the organisation's factors describes links: that figure stays ADEME's, and says so.
    const plain = estimateAttachment({ attachmentBytes: 6 * MB, recipients: 3, yearsKept: 2 });
    expect(e.shareLinkGrams).toBe(plain.shareLinkGrams);
    expect(e.shareLinkSource.kind).toBe('ademe');
    expect(e.ademe).toEqual(plain.ademe);
  });

  it('without a storage factor, the sent factor stands for the whole mail', () => {
    const e = estimateAttachment({
      attachmentBytes: 2 * MB,
      recipients: 2,
      yearsKept: 10,
      override: { gramsPerMbSent: 19, label: 'ADEME 2011' },
    });
    expect(e.grams).toBeCloseTo(2 * 2 * 19, 9);
  });

  it('storage uses the organisation’s factor only when it has one', () => {
    const withFactor = estimateStorage({ storedBytes: 100 * MB, override: provider });
    expect(withFactor.gramsPerYear).toBeCloseTo(1000, 9);
    expect(withFactor.source).toEqual({ kind: 'organisation', label: 'Hébergeur' });
    const without = estimateStorage({ storedBytes: 100 * MB, override: { gramsPerMbSent: 19, label: 'x' } });
    expect(without.source.kind).toBe('ademe');
    expect(without.gramsPerYear).toBe(estimateStorage({ storedBytes: 100 * MB }).gramsPerYear);
  });
  // What a policy may put in co2Override, and what reaches these functions: test/unit/co2-override.test.ts.
});

describe('bad input never throws and is repaired as documented', () => {
  const weird = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -0, 0, 0.5, 1e300, '12', null, undefined, {}];

  it('every field, any value: finite, non-negative figures', () => {
    // Each estimate runs the engine (~60 ms), so sample the cross product rather than walk it.
    const value = fc.constantFrom(...weird);
    fc.assert(
      fc.property(value, value, value, (attachmentBytes, recipients, yearsKept) => {
        const e = estimateAttachment({ attachmentBytes, recipients, yearsKept } as unknown as Parameters<typeof estimateAttachment>[0]);
        const figures = [e.grams, e.shareLinkGrams, e.carMetres, ...Object.values(e.ademe)];
        return figures.every((n) => Number.isFinite(n) && n >= 0) && e.input.recipients >= 1 && Number.isInteger(e.input.recipients);
      }),
      { numRuns: 40 },
    );
  });

  it('repairs each field: bytes → 0, recipients → 1, years → ADEME default, out of range → bound', () => {
    expect(estimateAttachment({ attachmentBytes: Number.NaN, recipients: Number.NaN, yearsKept: Number.NaN }).input).toEqual({
      attachmentBytes: 0,
      recipients: 1,
      yearsKept: 10,
    });
    expect(estimateAttachment({ attachmentBytes: -5, recipients: 0, yearsKept: -2 }).input).toEqual({
      attachmentBytes: 0,
      recipients: 1,
      yearsKept: 0,
    });
    expect(estimateAttachment({ attachmentBytes: 1e300, recipients: 1e9, yearsKept: 1e9 }).input).toEqual({
      attachmentBytes: LIMITS.maxBytes,
      recipients: LIMITS.maxRecipients,
      yearsKept: LIMITS.maxYearsKept,
    });
    expect(estimateAttachment({ attachmentBytes: 10.7, recipients: 2.9, yearsKept: 1.5 }).input).toEqual({
      attachmentBytes: 10,
      recipients: 2,
      yearsKept: 1.5,
    });
  });

  it('no attachment costs nothing, with or without an override', () => {
    const e = estimateAttachment({ attachmentBytes: 0, recipients: 4, yearsKept: 10 });
    expect(e.grams).toBe(0);
    expect(e.shareLinkGrams).toBe(0);
    expect(e.carMetres).toBe(0);
    expect(
      estimateAttachment({ attachmentBytes: 0, recipients: 4, yearsKept: 10, override: { gramsPerMbSent: 19, label: '' } }).grams,
    ).toBe(0);
  });

  it('storage: bad sizes give 0, huge ones are clamped and stay finite', () => {
    for (const storedBytes of weird) {
      const s = estimateStorage({ storedBytes } as unknown as Parameters<typeof estimateStorage>[0]);
      expect(Number.isFinite(s.gramsPerYear) && s.gramsPerYear >= 0).toBe(true);
    }
    expect(estimateStorage({ storedBytes: -1 }).gramsPerYear).toBe(0);
    expect(estimateStorage({ storedBytes: Number.NaN }).storedBytes).toBe(0);
    expect(estimateStorage({ storedBytes: 1e300 }).storedBytes).toBe(LIMITS.maxBytes);
  });
});
