import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRoundcubeQuotaData } from '../../src/model/quota-data.ts';

describe('Roundcube boot-script quota data', () => {
  it('reads the exact KiB Roundcube got from IMAP (French page, copied from the lab)', () => {
    const script = `mail.init();\nrcmail.set_quota({"used":8603,"total":20480,"percent":42,"free":58,"type":"text","folder":"INBOX","title":"Utilisation du disque: 8.4 Mo / 20 Mo (42%)"});\n});`;
    expect(parseRoundcubeQuotaData(script)).toEqual({
      usedBytes: 8603 * 1024,
      totalBytes: 20480 * 1024,
      percent: 42,
      title: 'Utilisation du disque: 8.4 Mo / 20 Mo (42%)',
    });
  });

  it('recomputes the percent instead of trusting it, capped at 100', () => {
    expect(parseRoundcubeQuotaData('rcmail.set_quota({"used":25000,"total":20480,"percent":7,"title":""})')?.percent).toBe(100);
  });

  it('refuses a zero total, negative or fractional sizes, and broken JSON', () => {
    for (const bad of [
      'rcmail.set_quota({"used":1,"total":0,"percent":0})',
      'rcmail.set_quota({"used":-1,"total":10,"percent":0})',
      'rcmail.set_quota({"used":1.5,"total":10,"percent":0})',
      'rcmail.set_quota({"used":1,"total":10,percent:0})',
      'rcmail.set_quota({"used":"1","total":10,"percent":0})',
      'no quota here',
    ])
      expect(parseRoundcubeQuotaData(bad), bad).toBeNull();
  });

  it('never throws, and any result is coherent', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((j) => `rcmail.set_quota(${j})`),
        ),
        (text) => {
          const data = parseRoundcubeQuotaData(text);
          if (data) {
            expect(data.percent).toBeGreaterThanOrEqual(0);
            expect(data.percent).toBeLessThanOrEqual(100);
            expect(data.totalBytes).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
