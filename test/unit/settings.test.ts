import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SETTINGS, SETTING_KEYS, mergeSettings, parseLayer, parseSetting, normaliseOrigin } from '../../src/shared/settings.ts';

describe('settings', () => {
  it('no policy and no user values = the defaults, nothing locked', () => {
    for (const managed of [undefined, null, {}]) {
      const merged = mergeSettings(undefined, managed);
      expect(merged.values).toEqual(DEFAULT_SETTINGS);
      expect(merged.locked).toEqual([]);
      expect(merged.invalidManaged).toEqual([]);
    }
  });

  it('managed beats user, and locks the key', () => {
    const merged = mergeSettings({ passwordMinLength: 10, attachmentThresholdMB: 2 }, { passwordMinLength: 12 });
    expect(merged.values.passwordMinLength).toBe(12);
    expect(merged.values.attachmentThresholdMB).toBe(2);
    expect(merged.locked).toEqual(['passwordMinLength']);
  });

  it('ignores invalid managed values one by one, with a reason, and applies the rest', () => {
    const merged = mergeSettings(
      {},
      {
        passwordMinLength: '12',
        passwordMinScore: 7,
        attachmentThresholdMB: -1,
        passwordMode: 'block',
        unknownKey: true,
        webmailOrigins: ['https://mail.example.org/roundcube/', 'javascript:alert(1)'],
      },
    );
    expect(merged.values.passwordMode).toBe('block');
    expect(merged.values.passwordMinLength).toBe(8);
    expect(merged.values.passwordMinScore).toBe(3);
    expect(merged.values.attachmentThresholdMB).toBe(5);
    // Item by item: the bad origin is dropped, the good one kept, and the list stays the organisation's.
    expect(merged.values.webmailOrigins).toEqual(['https://mail.example.org']);
    expect(merged.locked.sort()).toEqual(['passwordMode', 'webmailOrigins']);
    expect(merged.invalidManaged.map((i) => i.key).sort()).toEqual(
      ['attachmentThresholdMB', 'passwordMinLength', 'passwordMinScore', 'unknownKey', 'webmailOrigins'].sort(),
    );
    for (const entry of merged.invalidManaged) expect(entry.reason.length).toBeGreaterThan(5);
  });

  it('normalises webmail addresses to origins', () => {
    expect(normaliseOrigin('https://mail.example.org/roundcube/?_task=mail')).toBe('https://mail.example.org');
    expect(normaliseOrigin('ftp://x')).toBeNull();
    expect(normaliseOrigin('not a url')).toBeNull();
  });

  it('accepts a 10,000-word blocklist and refuses a longer one', () => {
    const words = Array.from({ length: 10_000 }, (_, i) => `word${i}`);
    expect(parseSetting('passwordBlocklist', words).ok).toBe(true);
    const tooMany = parseSetting('passwordBlocklist', [...words, 'one-more']);
    // The first 10,000 apply; the rest are dropped with one reason.
    expect(tooMany).toMatchObject({ ok: true, dropped: [{ code: 'too-many' }] });
    expect(tooMany.ok && tooMany.value.length).toBe(10_000);
  });

  it('requires a source label with organisation CO2 figures', () => {
    expect(parseSetting('co2Override', { gramsPerMbSent: 19 }).ok).toBe(false);
    const ok = parseSetting('co2Override', { gramsPerMbSent: 19, label: 'ADEME 2011' });
    expect(ok).toEqual({ ok: true, value: { gramsPerMbSent: 19, gramsPerMbStoredPerYear: 0, label: 'ADEME 2011' } });
  });

  it('falls back to default thresholds when they are not in rising order', () => {
    const merged = mergeSettings({}, { quotaShownPercent: 90, quotaWarningPercent: 80 });
    expect([merged.values.quotaShownPercent, merged.values.quotaWarningPercent, merged.values.quotaCriticalPercent]).toEqual([75, 80, 95]);
    expect(merged.locked).not.toContain('quotaShownPercent');
    expect(merged.invalidManaged.some((i) => i.key === 'quotaShownPercent')).toBe(true);
  });

  it('every default parses as valid', () => {
    for (const key of SETTING_KEYS) expect(parseSetting(key, DEFAULT_SETTINGS[key]).ok, key).toBe(true);
  });

  it('never throws and always yields a complete, valid settings object, whatever the layers hold', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.dictionary(fc.constantFrom(...SETTING_KEYS), fc.anything()), (user, managed, keyed) => {
        for (const merged of [mergeSettings(user, managed), mergeSettings(keyed, keyed)]) {
          expect(Object.keys(merged.values).sort()).toEqual([...SETTING_KEYS].sort());
          for (const key of SETTING_KEYS) expect(parseSetting(key, merged.values[key]).ok).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parseLayer drops non-objects without throwing', () => {
    expect(parseLayer('x').values).toEqual({});
    expect(parseLayer([1, 2]).invalid.length).toBe(1);
  });
});
