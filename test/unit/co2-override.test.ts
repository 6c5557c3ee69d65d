/**
 * The organisation's CO2 figures from a policy value to the figures shown: the one settings parser,
 * the merge of layers, the background's conversion (background/co2-settings.ts), the estimate the
 * attachment banner receives (background/attachment.ts, checked as the content script checks it in
 * shared/attachment-estimate.ts) and the mailbox figure of the popup. docs/co2-method.md §7 says
 * what a partial value does; these tests hold it to that.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mergeSettings, parseSetting, type Settings } from '../../src/shared/settings.ts';
import { CO2_FIGURE_MAX, CO2_LABEL_MAX } from '../../src/shared/settings-spec.ts';
import { BYTES_PER_MB, estimateAttachment, estimateStorage } from '../../src/model/co2.ts';
import { isAttachmentEstimateReply } from '../../src/shared/attachment-estimate.ts';
import { organisationFactors } from '../../src/background/co2-settings.ts';
import { invalidSettingProblem } from '../../src/options/fields.ts';

vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { estimateForSettings, clearEstimateCache } = await import('../../src/background/attachment.ts');

const MB = BYTES_PER_MB;

/** What IT's policy gives, as the background ends up using it. */
function fromPolicy(co2Override: unknown, changes: Partial<Settings> = {}) {
  const merged = mergeSettings(undefined, { co2Override, ...changes });
  const banner = estimateForSettings(6 * MB, 3, merged.values);
  const mailbox = estimateStorage({ storedBytes: 100 * MB, override: organisationFactors(merged.values) });
  return { merged, banner, mailbox };
}

const ademeBanner = (yearsKept = 1) => estimateAttachment({ attachmentBytes: 6 * MB, recipients: 3, yearsKept });

beforeEach(() => clearEstimateCache());

describe('co2Override, from the policy to the figures shown', () => {
  it('a sent figure replaces ADEME in the banner; the mailbox figure stays ADEME without a storage figure', () => {
    const { merged, banner, mailbox } = fromPolicy({ gramsPerMbSent: 19, label: 'Hébergeur, ADEME 2011' });
    expect(merged.invalidManaged).toEqual([]);
    expect(merged.locked).toContain('co2Override');
    expect(isAttachmentEstimateReply(banner)).toBe(true);
    // docs/co2-method.md §7: 6 MB to 3 recipients → 6 × 3 × 19 = 342 g.
    expect(banner.grams).toBeCloseTo(342, 9);
    expect(banner.source).toEqual({ kind: 'organisation', label: 'Hébergeur, ADEME 2011' });
    expect(banner.shareLinkSource.kind).toBe('ademe');
    expect(mailbox.source.kind).toBe('ademe');
  });

  it('both figures: sent per recipient, stored per copy and per year, in the banner and the mailbox figure', () => {
    const { banner, mailbox } = fromPolicy({ gramsPerMbSent: 19, gramsPerMbStoredPerYear: 10, label: 'Hébergeur' }, { yearsKept: 2 });
    expect(banner.grams).toBeCloseTo(6 * 3 * 19 + 6 * 4 * 2 * 10, 9);
    expect(banner.source).toEqual({ kind: 'organisation', label: 'Hébergeur' });
    expect(mailbox.gramsPerYear).toBeCloseTo(1000, 9);
    expect(mailbox.source).toEqual({ kind: 'organisation', label: 'Hébergeur' });
  });

  it('a storage figure alone is refused with its reason (listed for IT), and ADEME is used everywhere', () => {
    const { merged, banner, mailbox } = fromPolicy({ gramsPerMbStoredPerYear: 10, label: 'Hébergeur' });
    expect(merged.invalidManaged).toMatchObject([{ key: 'co2Override', code: 'co2-sent-required' }]);
    expect(merged.locked).not.toContain('co2Override');
    expect(invalidSettingProblem(merged.invalidManaged[0]!, { gramsPerMbStoredPerYear: 10, label: 'Hébergeur' })).toEqual({
      message: 'optionsErrorCo2SentRequired',
    });
    expect(banner.source.kind).toBe('ademe');
    expect(banner.grams).toBe(ademeBanner().grams);
    expect(mailbox.source.kind).toBe('ademe');
    // Also with the sent figure written as 0 ("0 = ADEME's model").
    expect(parseSetting('co2Override', { gramsPerMbSent: 0, gramsPerMbStoredPerYear: 10, label: 'x' })).toMatchObject({
      ok: false,
      code: 'co2-sent-required',
    });
  });

  it('one cap for the source label: the options page and the banner show the same text', () => {
    const long = 'L'.repeat(150);
    const { merged, banner } = fromPolicy({ gramsPerMbSent: 19, label: long });
    expect(merged.invalidManaged).toEqual([]);
    expect(merged.values.co2Override.label).toBe(long.slice(0, CO2_LABEL_MAX));
    expect(banner.source.label).toBe(merged.values.co2Override.label);
    expect(isAttachmentEstimateReply(banner)).toBe(true);
  });

  // Moved from co2.test.ts when the model stopped checking the factors a second time.
  it('an unusable override is ignored, never trusted', () => {
    const plain = ademeBanner(5);
    const bad: unknown[] = [
      null,
      undefined,
      'nineteen',
      42,
      {},
      { gramsPerMbSent: -1, label: 'neg' },
      { gramsPerMbSent: Number.NaN, label: 'nan' },
      { gramsPerMbSent: Number.POSITIVE_INFINITY, label: 'inf' },
      { gramsPerMbSent: '19', label: 'string' },
      { gramsPerMbSent: CO2_FIGURE_MAX + 1, label: 'typo' },
    ];
    for (const override of bad) {
      const { banner } = fromPolicy(override, { yearsKept: 5 });
      expect(banner.source.kind, JSON.stringify(override)).toBe('ademe');
      expect(banner.grams).toBe(plain.grams);
    }
  });

  it('parses managed values once, in the settings parser', () => {
    const parsed = parseSetting('co2Override', { gramsPerMbSent: 19, gramsPerMbStoredPerYear: 10, label: '  Hébergeur  ' });
    expect(parsed).toEqual({ ok: true, value: { gramsPerMbSent: 19, gramsPerMbStoredPerYear: 10, label: 'Hébergeur' } });
    expect(organisationFactors({ co2Override: parsed.ok && parsed.value } as Settings)).toEqual({
      gramsPerMbSent: 19,
      gramsPerMbStoredPerYear: 10,
      label: 'Hébergeur',
    });
    // A bad storage figure refuses the whole value, with its reason, rather than quietly dropping that field.
    expect(parseSetting('co2Override', { gramsPerMbSent: 19, gramsPerMbStoredPerYear: -3, label: 'x' })).toMatchObject({
      ok: false,
      code: 'co2-number',
    });
    expect(parseSetting('co2Override', { gramsPerMbSent: 1, label: 'x'.repeat(500) })).toMatchObject({
      ok: true,
      value: { label: 'x'.repeat(CO2_LABEL_MAX) },
    });
    expect(parseSetting('co2Override', { gramsPerMbStoredPerYear: 10, label: 'no sent factor' }).ok).toBe(false);
  });
});
