import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { badgeText, parseRoundcubeQuota, quotaLevel, type QuotaReading } from '../../src/model/quota.ts';
import LOCALES from '../../src/model/quota-locales.json' with { type: 'json' };

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** Roundcube 1.6's rcmail_action::show_bytes, reimplemented for the round-trip property. */
function showBytes(bytes: number, units: { B: string; KB: string; MB: string; GB: string }, comma = false): string {
  const dec = (n: number) => (comma ? n.toFixed(1).replace('.', ',') : n.toFixed(1));
  if (bytes >= GiB) return `${bytes / GiB >= 10 ? Math.trunc(bytes / GiB) : dec(bytes / GiB)} ${units.GB}`;
  if (bytes >= MiB) return `${bytes / MiB >= 10 ? Math.trunc(bytes / MiB) : dec(bytes / MiB)} ${units.MB}`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} ${units.KB}`;
  return `${bytes} ${units.B}`;
}
function title(lang: keyof typeof LOCALES, usedKiB: number, totalKiB: number, comma = false): { text: string; title: string } {
  const l = LOCALES[lang];
  const percent = Math.min(100, Math.round((usedKiB / totalKiB) * 100));
  return { text: `${percent}%`, title: `${l.quota}: ${showBytes(usedKiB * 1024, l, comma)} / ${showBytes(totalKiB * 1024, l, comma)} (${percent}%)` };
}

describe('Roundcube quota titles', () => {
  // Real titles (the first two copied from the lab's Roundcube 1.6.5 pages).
  it.each<[string, string, string, QuotaReading]>([
    ['en_US', '42%', 'Disk usage: 8.4 MB / 20 MB (42%)', { state: 'limited', percent: 42, usedBytes: Math.round(8.4 * MiB), totalBytes: 20 * MiB }],
    ['fr_FR', '42%', 'Utilisation du disque: 8.4 Mo / 20 Mo (42%)', { state: 'limited', percent: 42, usedBytes: Math.round(8.4 * MiB), totalBytes: 20 * MiB }],
    ['fr_FR comma', '42%', 'Utilisation du disque: 8,4 Mo / 20 Mo (42%)', { state: 'limited', percent: 42, usedBytes: Math.round(8.4 * MiB), totalBytes: 20 * MiB }],
    ['en_US larry 93', '93%', 'Disk usage: 18 MB / 20 MB (93%)', { state: 'limited', percent: 93, usedBytes: 18 * MiB, totalBytes: 20 * MiB }],
    ['de_DE', '93%', 'Speicherplatz: 18 MB / 20 MB (93%)', { state: 'limited', percent: 93, usedBytes: 18 * MiB, totalBytes: 20 * MiB }],
    ['ru_RU', '75%', 'Квота: 1.5 ГБ / 2.0 ГБ (75%)', { state: 'limited', percent: 75, usedBytes: Math.round(1.5 * GiB), totalBytes: 2 * GiB }],
    ['ja_JP KB', '0%', 'ディスクの使用状況: 830 KB / 2.0 GB (0%)', { state: 'limited', percent: 0, usedBytes: 830 * 1024, totalBytes: 2 * GiB }],
    ['en_US terabytes as GB', '75%', 'Disk usage: 1536 GB / 2048 GB (75%)', { state: 'limited', percent: 75, usedBytes: 1536 * GiB, totalBytes: 2048 * GiB }],
    ['en_US bytes', '0%', 'Disk usage: 512 B / 20 MB (0%)', { state: 'limited', percent: 0, usedBytes: 512, totalBytes: 20 * MiB }],
    ['en_US unknown', '0%', 'unknown', { state: 'unlimited' }],
    ['fr_FR illimitée', '0%', 'illimitée', { state: 'unlimited' }],
    ['de_DE unbekannt', '0%', 'unbekannt', { state: 'unlimited' }],
  ])('%s: %s', (_name, text, titleText, expected) => {
    expect(parseRoundcubeQuota({ text, title: titleText })).toEqual(expected);
  });

  it('falls back to the percentage, sizes unknown, when the unit words are not Roundcube\'s', () => {
    expect(parseRoundcubeQuota({ text: '42%', title: 'Usage: 8.4 zorgs / 20 zorgs (42%)' })).toEqual({ state: 'limited', percent: 42, usedBytes: null, totalBytes: null });
    // elastic blanks the outer widget's title for its tooltip; the count keeps the percentage.
    expect(parseRoundcubeQuota({ text: '42%', title: '' })).toEqual({ state: 'limited', percent: 42, usedBytes: null, totalBytes: null });
  });

  it('never guesses: contradictions and nonsense give no reading or no sizes', () => {
    expect(parseRoundcubeQuota({ text: '42%', title: 'Disk usage: 8.4 MB / 20 MB (93%)' })).toBeNull();
    expect(parseRoundcubeQuota({ text: 'full', title: 'nothing here' })).toBeNull();
    expect(parseRoundcubeQuota({ text: '250%', title: '' })).toBeNull();
    // Used over total, a zero total: the sizes cannot be what Roundcube printed for that percent.
    expect(parseRoundcubeQuota({ text: '42%', title: 'Disk usage: 30 MB / 20 MB (42%)' })).toEqual({ state: 'limited', percent: 42, usedBytes: null, totalBytes: null });
    expect(parseRoundcubeQuota({ text: '0%', title: 'Disk usage: 0 B / 0 B (0%)' })).toEqual({ state: 'limited', percent: 0, usedBytes: null, totalBytes: null });
    // Text a page injected into the widget is only ever read as text.
    expect(parseRoundcubeQuota({ text: '<img src=x onerror=alert(1)>', title: '<script>alert(1)</script>' })).toBeNull();
  });

  it('round-trips what Roundcube would print, in every language it ships, within display precision', () => {
    const langs = Object.keys(LOCALES) as (keyof typeof LOCALES)[];
    fc.assert(
      fc.property(fc.constantFrom(...langs), fc.integer({ min: 1, max: 2 ** 31 }), fc.double({ min: 0, max: 1.2, noNaN: true }), fc.boolean(), (lang, totalKiB, ratio, comma) => {
        const usedKiB = Math.round(totalKiB * ratio);
        const facts = title(lang, usedKiB, totalKiB, comma);
        const reading = parseRoundcubeQuota(facts);
        expect(reading?.state).toBe('limited');
        if (reading?.state !== 'limited') return;
        expect(reading.percent).toBe(Math.min(100, Math.round((usedKiB / totalKiB) * 100)));
        if (reading.usedBytes !== null && reading.totalBytes !== null) {
          for (const [shown, exact] of [[reading.usedBytes, usedKiB * 1024], [reading.totalBytes, totalKiB * 1024]] as const) {
            // ≥ 10 units: truncated (one unit); < 10: one decimal (a tenth of a unit).
            const unit = exact >= GiB ? GiB : exact >= MiB ? MiB : 1024;
            expect(Math.abs(shown - exact)).toBeLessThanOrEqual(unit);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('any input: no throw, never NaN, negative or over-100 badge', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, t) => {
        const reading = parseRoundcubeQuota({ text, title: t });
        const badge = badgeText(reading);
        expect(badge === '' || /^(\d|[1-9]\d|100)%$/.test(badge)).toBe(true);
        if (reading?.state === 'limited') {
          expect(Number.isNaN(reading.percent)).toBe(false);
          for (const v of [reading.usedBytes, reading.totalBytes]) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.,% /()MBGKo'.split('')) }), (t) => {
        const badge = badgeText(parseRoundcubeQuota({ text: t, title: t }));
        expect(badge === '' || /^(\d|[1-9]\d|100)%$/.test(badge)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('quota levels (Thunderbird thresholds by default)', () => {
  const thresholds = { shown: 75, warning: 80, critical: 95 };
  it.each([
    [0, 'none'],
    [74, 'none'],
    [75, 'shown'],
    [80, 'warning'],
    [94, 'warning'],
    [95, 'critical'],
    [100, 'critical'],
    [Number.NaN, 'none'],
  ] as const)('%d %% is %s', (percent, level) => {
    expect(quotaLevel(percent, thresholds)).toBe(level);
  });
});
