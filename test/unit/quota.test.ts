import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  badgeText,
  DEFAULT_QUOTA_THRESHOLDS,
  parseRoundcubeQuota,
  quotaLevel,
  type QuotaLevel,
  type QuotaReading,
} from '../../src/model/quota.ts';
import { ROUNDCUBE_QUOTA_LOCALES } from '../../src/model/quota-locales.ts';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const LANGS = Object.keys(ROUNDCUBE_QUOTA_LOCALES);
const BADGE = /^(\d|[1-9]\d|100)%$/;

/**
 * Roundcube 1.6.5's rcmail_action::show_bytes() for a size in KiB (IMAP quotas count KiB), written
 * again for the tests. Checked once against the real PHP function on 3000 random (language, used,
 * total) triples: identical output. "%.1f" in PHP rounds exact ties to even (8.25 → "8.2"), which
 * Number#toFixed does not (it gives "8.3"), hence the integer arithmetic.
 */
function oneDecimal(kib: number, unitKiB: number, mark: string): string {
  let tenths = Math.floor((kib * 10) / unitKiB);
  const rest = kib * 10 - tenths * unitKiB;
  if (2 * rest > unitKiB || (2 * rest === unitKiB && tenths % 2 === 1)) tenths += 1;
  return `${Math.floor(tenths / 10)}${mark}${tenths % 10}`;
}
function showBytes(kib: number, units: readonly string[], mark: string): string {
  if (kib >= 1024 * 1024)
    return `${kib >= 10 * 1024 * 1024 ? Math.floor(kib / (1024 * 1024)) : oneDecimal(kib, 1024 * 1024, mark)} ${units[3]}`;
  if (kib >= 1024) return `${kib >= 10 * 1024 ? Math.floor(kib / 1024) : oneDecimal(kib, 1024, mark)} ${units[2]}`;
  if (kib >= 1) return `${kib} ${units[1]}`;
  return `0 ${units[0]}`;
}
/** quota_content(): min(100, round(used / total * 100)), PHP's round being half away from zero. */
function roundcubePercent(usedKiB: number, totalKiB: number): number {
  return Math.min(100, Math.floor((200 * usedKiB + totalKiB) / (2 * totalKiB)));
}
/** What set_quota() leaves in the widget: text "<percent>%" and the title. */
function renderWidget(lang: string, usedKiB: number, totalKiB: number, mark: '.' | ','): { text: string; title: string } {
  const l = ROUNDCUBE_QUOTA_LOCALES[lang]!;
  const percent = roundcubePercent(usedKiB, totalKiB);
  return {
    text: `${percent}%`,
    title: `${l.quota}: ${showBytes(usedKiB, l.units, mark)} / ${showBytes(totalKiB, l.units, mark)} (${percent}%)`,
  };
}

const limited = (percent: number, usedBytes: number | null, totalBytes: number | null): QuotaReading => ({
  state: 'limited',
  percent,
  usedBytes,
  totalBytes,
});

describe('parseRoundcubeQuota: real Roundcube 1.6.5 titles', () => {
  // Produced by the real rcmail_action::quota_content() + show_bytes() of Debian's roundcube-core
  // 1.6.5 (storage/config stubbed, each language's labels loaded as Roundcube does), under glibc
  // locales built with localedef so LC_NUMERIC is what a server with that locale installed uses.
  // [language, used KiB, total KiB, text, title, used shown, total shown]
  type Row = [string, number, number, string, string, number, number];
  it.each<Row>([
    ['en_US', 8601, 20480, '42%', 'Disk usage: 8.4 MB / 20 MB (42%)', 8.4 * MiB, 20 * MiB],
    ['en_US', 18900, 20480, '92%', 'Disk usage: 18 MB / 20 MB (92%)', 18 * MiB, 20 * MiB],
    ['en_US', 0, 20480, '0%', 'Disk usage: 0 B / 20 MB (0%)', 0, 20 * MiB],
    ['en_US', 512, 2097152, '0%', 'Disk usage: 512 KB / 2.0 GB (0%)', 512 * KiB, 2 * GiB],
    ['en_US', 8448, 20480, '41%', 'Disk usage: 8.2 MB / 20 MB (41%)', 8.2 * MiB, 20 * MiB],
    ['en_US', 1610612736, 2147483648, '75%', 'Disk usage: 1536 GB / 2048 GB (75%)', 1536 * GiB, 2048 * GiB],
    ['fr_FR', 8601, 20480, '42%', 'Utilisation du disque: 8,4 Mo / 20 Mo (42%)', 8.4 * MiB, 20 * MiB],
    ['fr_FR', 8601, 20480, '42%', 'Utilisation du disque: 8.4 Mo / 20 Mo (42%)', 8.4 * MiB, 20 * MiB], // no fr_FR locale on the server
    ['fr_FR', 7130317, 10485760, '68%', 'Utilisation du disque: 6,8 Go / 10 Go (68%)', 6.8 * GiB, 10 * GiB],
    ['fr_FR', 850, 1024, '83%', 'Utilisation du disque: 850 ko / 1,0 Mo (83%)', 850 * KiB, 1 * MiB],
    ['de_DE', 512, 1024, '50%', 'Speicherplatz: 512 KB / 1,0 MB (50%)', 512 * KiB, 1 * MiB],
    ['de_DE', 4718592, 5242880, '90%', 'Speicherplatz: 4,5 GB / 5,0 GB (90%)', 4.5 * GiB, 5 * GiB],
    ['de_DE', 4718592, 5242880, '90%', 'Speicherplatz: 4.5 GB / 5.0 GB (90%)', 4.5 * GiB, 5 * GiB],
    ['ru_RU', 18900, 20480, '92%', 'Квота: 18 МБ / 20 МБ (92%)', 18 * MiB, 20 * MiB],
    ['ru_RU', 1572864, 2097152, '75%', 'Квота: 1,5 ГБ / 2,0 ГБ (75%)', 1.5 * GiB, 2 * GiB],
    ['ja_JP', 6963, 2097152, '0%', 'ディスクの使用状況: 6.8 MB / 2.0 GB (0%)', 6.8 * MiB, 2 * GiB],
    ['ar', 8601, 20480, '42%', 'المساحة المستخدمة: 8.4 م.ب / 20 م.ب (42%)', 8.4 * MiB, 20 * MiB],
    ['he_IL', 300, 1000, '30%', 'ניצול קיבולת: 300 ק"ב / 1000 ק"ב (30%)', 300 * KiB, 1000 * KiB],
    ['fa_AF', 9216, 102400, '9%', '\u200cطريقه استعمال ديسک: 9.0 میگا بایت / 100 میگا بایت (9%)', 9 * MiB, 100 * MiB],
    ['ps', 2048, 4096, '50%', 'ټيکلي لارښود: 2.0 ام بي / 4.0 ام بي (50%)', 2 * MiB, 4 * MiB],
    ['bn_BD', 1, 100, '1%', 'ডিস্ক এ খালি যায়গা: 1 কিলোবাইট / 100 কিলোবাইট (1%)', 1 * KiB, 100 * KiB],
    ['fi_FI', 12345, 51200, '24%', 'Levytila: 12 Mt / 50 Mt (24%)', 12 * MiB, 50 * MiB],
    ['ro_RO', 15000, 20480, '73%', 'Spaţiu folosit: 14 MO / 20 MO (73%)', 14 * MiB, 20 * MiB],
    ['uk_UA', 8601, 20480, '42%', 'Використано: 8,4 Мб / 20 Мб (42%)', 8.4 * MiB, 20 * MiB],
    ['zh_CN', 204800, 1048576, '20%', '邮箱容量: 200 MB / 1.0 GB (20%)', 200 * MiB, 1 * GiB],
    ['et_EE', 9000, 10240, '88%', 'Kettakasutus: 8,8 MiB / 10 MiB (88%)', 8.8 * MiB, 10 * MiB],
    ['br', 8960, 20480, '44%', 'Arver ar gantenn: 8.8 ME / 20 ME (44%)', 8.8 * MiB, 20 * MiB],
  ])('%s %i/%i KiB: %s', (_lang, usedKiB, totalKiB, text, title, usedShown, totalShown) => {
    const reading = parseRoundcubeQuota({ text, title });
    expect(reading).toEqual(limited(Number.parseInt(text, 10), Math.round(usedShown), Math.round(totalShown)));
    // The sizes are what the user reads, not the server's exact KiB: within one displayed unit.
    if (reading?.state !== 'limited') throw new Error('unreachable');
    for (const [shown, exactKiB] of [
      [reading.usedBytes!, usedKiB],
      [reading.totalBytes!, totalKiB],
    ] as const) {
      const unit = exactKiB >= 1024 * 1024 ? GiB : exactKiB >= 1024 ? MiB : KiB;
      expect(Math.abs(shown - exactKiB * KiB)).toBeLessThan(unit);
    }
  });

  it('keeps over-quota sizes: Roundcube caps the percent at 100 but prints the real sizes', () => {
    expect(parseRoundcubeQuota({ text: '100%', title: 'Disk usage: 25 MB / 20 MB (100%)' })).toEqual(limited(100, 25 * MiB, 20 * MiB));
  });

  it('reads "10.0 MB" (9.95 to 10 MiB: one decimal below 10 units, even when it rounds up to 10)', () => {
    expect(parseRoundcubeQuota({ text: '100%', title: 'Disk usage: 10.0 MB / 10 MB (100%)' })).toEqual(limited(100, 10 * MiB, 10 * MiB));
    expect(parseRoundcubeQuota({ text: '100%', title: 'Utilisation du disque: 10,0 Mo / 10 Mo (100%)' })).toEqual(
      limited(100, 10 * MiB, 10 * MiB),
    );
  });

  it('reads a petabyte quota (shown in GB: Roundcube has no TB unit) and refuses sizes beyond it', () => {
    expect(parseRoundcubeQuota({ text: '100%', title: 'Disk usage: 1048576 GB / 1048576 GB (100%)' })).toEqual(
      limited(100, 2 ** 50, 2 ** 50),
    );
    expect(parseRoundcubeQuota({ text: '50%', title: 'Disk usage: 1048576 GB / 2097152 GB (50%)' })).toEqual(limited(50, null, null));
    expect(parseRoundcubeQuota({ text: '50%', title: 'Disk usage: 1 TB / 2 TB (50%)' })).toEqual(limited(50, null, null));
    expect(parseRoundcubeQuota({ text: '50%', title: 'Disk usage: 1e15 B / 2e15 B (50%)' })).toEqual(limited(50, null, null));
  });

  it('does not depend on the spaces and invisible marks the page or a translator used', () => {
    expect(parseRoundcubeQuota({ text: ' 42 % ', title: 'Disk usage:\u00a08.4\u00a0MB /\u00a020\u00a0MB\u00a0(42%)' })).toEqual(
      limited(42, Math.round(8.4 * MiB), 20 * MiB),
    );
    expect(parseRoundcubeQuota({ text: '42%', title: '\u200fالمساحة المستخدمة: 8.4 م.ب / 20 م.ب (42%)\u200f' })).toEqual(
      limited(42, Math.round(8.4 * MiB), 20 * MiB),
    );
  });
});

describe('parseRoundcubeQuota: no limit', () => {
  it.each([
    ['en_US unknown', 'unknown'],
    ['en_US unlimited (quota_zero_as_unlimited)', 'unlimited'],
    ['fr_FR', 'inconnue'],
    ['fr_FR', 'illimitée'],
    ['de_DE', 'unbekannt'],
    ['ru_RU', 'без ограничений'],
    ['ja_JP', '不明'],
    ['fa_AF (contains a slash)', 'نامعين/ نامحدود'],
  ])('%s: "%s"', (_name, title) => {
    expect(parseRoundcubeQuota({ text: '0%', title })).toEqual({ state: 'unlimited' });
  });

  it("recognises every shipped language's unknown/unlimited label, with or without the 0% text", () => {
    for (const [lang, l] of Object.entries(ROUNDCUBE_QUOTA_LOCALES)) {
      for (const title of [l.unknown, l.unlimited]) {
        expect(parseRoundcubeQuota({ text: '0%', title }), `${lang} ${title}`).toEqual({ state: 'unlimited' });
        expect(parseRoundcubeQuota({ text: '', title }), `${lang} ${title}`).toEqual({ state: 'unlimited' });
      }
    }
  });

  it('treats a customised label with 0% as no limit: a limited title always ends with "(n%)"', () => {
    expect(parseRoundcubeQuota({ text: '0%', title: 'Pas de quota' })).toEqual({ state: 'unlimited' });
    // …but a percent beside it wins: that is not the no-limit branch.
    expect(parseRoundcubeQuota({ text: '42%', title: 'unknown' })).toEqual(limited(42, null, null));
  });
});

describe('parseRoundcubeQuota: falls back, never guesses', () => {
  it("keeps the percentage, sizes unknown, when the unit words are not Roundcube's", () => {
    expect(parseRoundcubeQuota({ text: '42%', title: 'Usage: 8.4 zorgs / 20 zorgs (42%)' })).toEqual(limited(42, null, null));
    // A show_bytes plugin printing thousands separators: "1,024" is not Roundcube's one decimal.
    expect(parseRoundcubeQuota({ text: '50%', title: 'Disk usage: 1,024 MB / 2,048 MB (50%)' })).toEqual(limited(50, null, null));
  });

  it('uses the text alone when the title is missing or blank (elastic moves the outer title into a tooltip)', () => {
    expect(parseRoundcubeQuota({ text: '42%', title: '' })).toEqual(limited(42, null, null));
    expect(parseRoundcubeQuota({ text: '42,4%', title: '' })).toEqual(limited(42, null, null));
  });

  it('uses the title alone when the text is not a percent', () => {
    expect(parseRoundcubeQuota({ text: '\u00a0', title: 'Disk usage: 8.4 MB / 20 MB (42%)' })).toEqual(
      limited(42, Math.round(8.4 * MiB), 20 * MiB),
    );
  });

  it('drops sizes that cannot be what Roundcube printed beside that percent', () => {
    expect(parseRoundcubeQuota({ text: '42%', title: 'Disk usage: 30 MB / 20 MB (42%)' })).toEqual(limited(42, null, null));
    expect(parseRoundcubeQuota({ text: '0%', title: 'Disk usage: 0 B / 0 B (0%)' })).toEqual(limited(0, null, null));
    expect(parseRoundcubeQuota({ text: '42%', title: 'Disk usage: 84 MB / 20 MB (42%)' })).toEqual(limited(42, null, null));
  });

  it('gives no reading for contradictions, out-of-range percents and nonsense', () => {
    expect(parseRoundcubeQuota({ text: '42%', title: 'Disk usage: 8.4 MB / 20 MB (93%)' })).toBeNull();
    expect(parseRoundcubeQuota({ text: '250%', title: '' })).toBeNull();
    expect(parseRoundcubeQuota({ text: '', title: 'Disk usage: 50 MB / 20 MB (250%)' })).toBeNull();
    expect(parseRoundcubeQuota({ text: '-5%', title: '' })).toBeNull();
    expect(parseRoundcubeQuota({ text: 'full', title: 'nothing here' })).toBeNull();
    expect(parseRoundcubeQuota({ text: '', title: '' })).toBeNull();
    // Markup a page put in the widget is only ever read as text.
    expect(parseRoundcubeQuota({ text: '<img src=x onerror=alert(1)>', title: '<script>alert(1)</script>' })).toBeNull();
    expect(parseRoundcubeQuota({ text: '42%', title: 'Disk usage: <img src=x onerror=alert(1)> / 20 MB (42%)' })).toEqual(
      limited(42, null, null),
    );
  });

  it('survives what a DOM read may really give despite the types (null, numbers, huge strings)', () => {
    expect(parseRoundcubeQuota({ text: null, title: undefined } as unknown as { text: string; title: string })).toBeNull();
    expect(parseRoundcubeQuota({ text: 42, title: 42 } as unknown as { text: string; title: string })).toBeNull();
    expect(parseRoundcubeQuota(null as unknown as { text: string; title: string })).toBeNull();
    expect(parseRoundcubeQuota({ text: '42%', title: `${'9 '.repeat(50_000)}MB / 20 MB (42%)` })).toEqual(limited(42, null, null));
  });
});

describe('parseRoundcubeQuota: properties', () => {
  it('round-trips what Roundcube prints, in every shipped language and both decimal marks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LANGS),
        fc.oneof(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 20 * 1024 }), fc.integer({ min: 1, max: 2 ** 40 })),
        fc.double({ min: 0, max: 1.3, noNaN: true }),
        fc.constantFrom('.' as const, ',' as const),
        (lang, totalKiB, ratio, mark) => {
          // Up to 1 PiB used, the most a reading may hold.
          const usedKiB = Math.min(Math.round(totalKiB * ratio), 2 ** 40);
          const reading = parseRoundcubeQuota(renderWidget(lang, usedKiB, totalKiB, mark));
          expect(reading).not.toBeNull();
          if (reading?.state !== 'limited') throw new Error(`not limited: ${JSON.stringify(reading)}`);
          expect(reading.percent).toBe(roundcubePercent(usedKiB, totalKiB));
          // Every language's unit words are known, so the sizes must come back…
          expect(reading.usedBytes).not.toBeNull();
          expect(reading.totalBytes).not.toBeNull();
          // …within display precision: KB exact, "%.1f" ± 0.05 unit, "%d" truncated (0 to 1 unit below).
          for (const [shown, exactKiB] of [
            [reading.usedBytes!, usedKiB],
            [reading.totalBytes!, totalKiB],
          ] as const) {
            const exact = exactKiB * KiB;
            const unit = exactKiB >= 1024 * 1024 ? GiB : exactKiB >= 1024 ? MiB : KiB;
            const integerShown = exactKiB >= 10 * (unit / KiB) || unit === KiB;
            if (unit === KiB) expect(shown).toBe(exact);
            else if (integerShown) {
              expect(exact - shown).toBeGreaterThanOrEqual(0);
              expect(exact - shown).toBeLessThan(unit);
            } else expect(Math.abs(exact - shown)).toBeLessThanOrEqual(0.05 * unit + 1);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  function checkReading(reading: QuotaReading | null): void {
    const badge = badgeText(reading);
    expect(badge === '' || BADGE.test(badge)).toBe(true);
    if (reading === null) return;
    expect(['limited', 'unlimited']).toContain(reading.state);
    if (reading.state !== 'limited') return;
    expect(Number.isInteger(reading.percent) && reading.percent >= 0 && reading.percent <= 100).toBe(true);
    expect(badge).toBe(`${reading.percent}%`);
    expect(reading.usedBytes === null).toBe(reading.totalBytes === null);
    for (const v of [reading.usedBytes, reading.totalBytes]) {
      if (v !== null) expect(Number.isSafeInteger(v) && v >= 0 && v <= 2 ** 50).toBe(true);
    }
    // Coherent: sizes only ever come with a percent they can produce (within display rounding).
    if (reading.usedBytes !== null && reading.totalBytes !== null) {
      expect(reading.totalBytes).toBeGreaterThan(0);
      const ratio = (reading.usedBytes / reading.totalBytes) * 100;
      if (reading.percent < 100) expect(Math.abs(ratio - reading.percent)).toBeLessThan(60);
    }
  }

  it('any strings: no throw, percent an integer 0..100, badge never NaN, negative or over 100', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: 'grapheme' }), (text, title) => {
        checkReading(parseRoundcubeQuota({ text, title }));
      }),
      { numRuns: 2000 },
    );
  });

  it('title-like noise: no throw, still coherent', () => {
    const piece = fc.constantFrom(
      ...'0123456789.,% /()-'.split(''),
      ' MB',
      ' GB',
      ' KB',
      ' B',
      ' Mo',
      ' ko',
      ' МБ',
      ' م.ب',
      'Disk usage: ',
      'unknown',
      '\u00a0',
      '\u200f',
      'e15',
      '99999999999999999999',
    );
    const noise = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(noise, noise, (text, title) => {
        checkReading(parseRoundcubeQuota({ text, title }));
        checkReading(parseRoundcubeQuota({ text: title, title }));
      }),
      { numRuns: 3000 },
    );
  });

  it('a reading that keeps sizes agrees with them: used / total rounds to the percent (within display precision)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('en_US', 'fr_FR', 'de_DE', 'ru_RU', 'ja_JP'),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (lang, totalKiB, fakePercent, usedKiB) => {
          // A forged percent beside real sizes: kept only if Roundcube could have printed it.
          const { title } = renderWidget(lang, usedKiB, totalKiB, '.');
          const forged = title.replace(/\(\d+%\)$/, `(${fakePercent}%)`);
          const reading = parseRoundcubeQuota({ text: `${fakePercent}%`, title: forged });
          if (reading?.state === 'limited' && reading.usedBytes !== null) {
            const truth = Math.min(100, (usedKiB / totalKiB) * 100);
            // Display rounding of two sizes: up to 10 % relative on each ("10 MB" is 10 to 11 MiB),
            // plus Roundcube's rounding to a whole percent.
            expect(Math.abs(truth - fakePercent)).toBeLessThanOrEqual(truth * 0.25 + 1);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('quotaLevel (Thunderbird: hidden below 75 %, warning from 80 %, critical from 95 %)', () => {
  it.each<[number, QuotaLevel]>([
    [0, 'none'],
    [74, 'none'],
    [74.4, 'none'],
    [74.5, 'shown'],
    [75, 'shown'],
    [79, 'shown'],
    [80, 'warning'],
    [94, 'warning'],
    [95, 'critical'],
    [100, 'critical'],
    [150, 'critical'],
    [-3, 'none'],
    [Number.NaN, 'none'],
    [Number.POSITIVE_INFINITY, 'none'],
  ])('%s percent → %s', (percent, level) => {
    expect(quotaLevel(percent)).toBe(level);
    expect(quotaLevel(percent, { shown: 75, warning: 80, critical: 95 })).toBe(level);
  });

  it('uses the organisation thresholds', () => {
    const t = { shown: 0, warning: 50, critical: 90 };
    expect(quotaLevel(0, t)).toBe('shown');
    expect(quotaLevel(50, t)).toBe('warning');
    expect(quotaLevel(90, t)).toBe('critical');
  });

  it('falls back to Thunderbird defaults for broken thresholds instead of calling everything critical', () => {
    const broken = { shown: Number.NaN, warning: 'x', critical: undefined } as unknown as typeof DEFAULT_QUOTA_THRESHOLDS;
    expect(quotaLevel(50, broken)).toBe('none');
    expect(quotaLevel(85, broken)).toBe('warning');
  });

  it('never goes down as the percent goes up', () => {
    const order: QuotaLevel[] = ['none', 'shown', 'warning', 'critical'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(order.indexOf(quotaLevel(lo))).toBeLessThanOrEqual(order.indexOf(quotaLevel(hi)));
      }),
    );
  });
});

describe('badgeText', () => {
  it('shows the percent of a limited quota and nothing otherwise', () => {
    expect(badgeText(limited(42, 1, 2))).toBe('42%');
    expect(badgeText(limited(0, null, null))).toBe('0%');
    expect(badgeText({ state: 'unlimited' })).toBe('');
    expect(badgeText({ state: 'none' })).toBe('');
    expect(badgeText(null)).toBe('');
  });

  it('repairs a reading restored from storage rather than show NaN, a negative or more than 100 %', () => {
    expect(badgeText(limited(Number.NaN, null, null))).toBe('');
    expect(badgeText(limited(-3, null, null))).toBe('0%');
    expect(badgeText(limited(150, null, null))).toBe('100%');
    expect(badgeText(limited(42.6, null, null))).toBe('43%');
    fc.assert(
      fc.property(fc.double(), (percent) => {
        const badge = badgeText(limited(percent, null, null));
        expect(badge === '' || BADGE.test(badge)).toBe(true);
      }),
    );
  });
});

describe('generated Roundcube locale table', () => {
  it('has four unit words per language, none of which can be mistaken for a number or the separator', () => {
    expect(LANGS.length).toBeGreaterThanOrEqual(80);
    for (const [lang, l] of Object.entries(ROUNDCUBE_QUOTA_LOCALES)) {
      expect(l.units, lang).toHaveLength(4);
      for (const unit of l.units) {
        expect(unit.trim(), lang).not.toBe('');
        expect(unit, lang).not.toMatch(/\d|\s\/\s|%|\(/);
      }
    }
  });

  it('gives each unit word a single size across languages (the parser looks them up in one table)', () => {
    const seen = new Map<string, number>();
    for (const [lang, l] of Object.entries(ROUNDCUBE_QUOTA_LOCALES)) {
      l.units.forEach((unit, exponent) => {
        expect(seen.get(unit) ?? exponent, `${lang} ${unit}`).toBe(exponent);
        seen.set(unit, exponent);
      });
    }
  });

  const localization = '/usr/share/roundcube/program/localization';
  it.skipIf(!existsSync(localization))('lists every language of the installed Roundcube (regenerate after an upgrade)', () => {
    const installed = readdirSync(localization).filter((name) => statSync(join(localization, name)).isDirectory());
    expect(LANGS.slice().sort()).toEqual(installed.sort());
  });
});
