import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSizeText, parseUploadLimit } from '../../src/model/upload-limit.ts';

const MiB = 1024 * 1024;

/**
 * Roundcube 1.6's `rcmail_action::show_bytes()` (program/include/rcmail_action.php), ported to check
 * the parser against what the page really prints: binary units, "%d" (truncated) from 10 units up,
 * "%.1f" below, KB rounded, unit words from the language's labels.
 */
function showBytes(bytes: number, units: { B: string; KB: string; MB: string; GB: string }): string {
  if (bytes >= 1024 ** 3) {
    const gb = bytes / 1024 ** 3;
    return `${gb >= 10 ? Math.trunc(gb) : gb.toFixed(1)} ${units.GB}`;
  }
  if (bytes >= MiB) {
    const mb = bytes / MiB;
    return `${mb >= 10 ? Math.trunc(mb) : mb.toFixed(1)} ${units.MB}`;
  }
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} ${units.KB}`;
  return `${bytes} ${units.B}`;
}

/** Real `maxuploadsize` labels and unit words (program/localization/<lang>/labels.inc, Roundcube 1.6.5). */
const LANGUAGES = [
  { lang: 'en_US', label: 'Maximum allowed file size is $size', units: { B: 'B', KB: 'KB', MB: 'MB', GB: 'GB' } },
  { lang: 'fr_FR', label: 'La taille de fichier maximum autorisée est $size', units: { B: 'o', KB: 'ko', MB: 'Mo', GB: 'Go' } },
  { lang: 'de_DE', label: 'Maximal erlaubte Dateigröße ist $size', units: { B: 'B', KB: 'kB', MB: 'MB', GB: 'GB' } },
  { lang: 'ru_RU', label: 'Максимальный размер файла $size', units: { B: 'Б', KB: 'КБ', MB: 'МБ', GB: 'ГБ' } },
  { lang: 'ja_JP', label: '添付可能なファイルは最大で$sizeです。', units: { B: 'B', KB: 'KB', MB: 'MB', GB: 'GB' } },
  { lang: 'fa_IR', label: 'حجم پرونده حداکثر تا میزان $size می‌باشد', units: { B: 'B', KB: 'KB', MB: 'MB', GB: 'GB' } },
  { lang: 'hu_HU', label: 'A maximális feltölthető fájl mérete $size', units: { B: 'B', KB: 'KiB', MB: 'MiB', GB: 'GiB' } },
];

describe('parseUploadLimit', () => {
  it('reads the English hint Roundcube prints beside the attachment list', () => {
    expect(parseUploadLimit('Maximum allowed file size is 50 MB')).toBe(50 * MiB);
  });

  it('reads the real French hint (label maxuploadsize of fr_FR) and other French wordings', () => {
    expect(parseUploadLimit('La taille de fichier maximum autorisée est 50 Mo')).toBe(50 * MiB);
    // With French typography's no-break space before the colon.
    expect(parseUploadLimit('Taille maximale autorisée du fichier\u00a0: 50\u00a0Mo')).toBe(50 * MiB);
    expect(parseUploadLimit('Taille maximale : 1,5 Go')).toBe(1.5 * 1024 * MiB);
  });

  it('has no limit without a size, or with one no webmail would set', () => {
    expect(parseUploadLimit(null)).toBeNull();
    expect(parseUploadLimit('')).toBeNull();
    expect(parseUploadLimit('Attach a file')).toBeNull();
    expect(parseUploadLimit('Maximum allowed file size is 12 B')).toBeNull();
    expect(parseUploadLimit('Maximum allowed file size is 5000 TB')).toBeNull();
  });

  it.each(LANGUAGES)('reads every size Roundcube can print in $lang, within its rounding', ({ label, units }) => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 1024 ** 4 - 1 }), (bytes) => {
        const text = label.replace('$size', showBytes(bytes, units));
        const parsed = parseUploadLimit(text);
        expect(parsed).not.toBeNull();
        // %d truncates (≥ 10 units: error < 1 unit), %.1f rounds (error ≤ 0.05 unit), KB rounds (≤ 0.5 KB).
        const unit = bytes >= 1024 ** 3 ? 1024 ** 3 : bytes >= MiB ? MiB : 1024;
        expect(Math.abs(parsed! - bytes)).toBeLessThan(unit);
      }),
    );
  });
});

describe('parseSizeText', () => {
  it('reads the size Roundcube prints beside an attachment, in both skins and languages', () => {
    expect(parseSizeText('(6.0 MB)')).toBe(6 * MiB);
    expect(parseSizeText('(6.0 Mo)')).toBe(6 * MiB);
    expect(parseSizeText('(45 MB)')).toBe(45 * MiB);
    expect(parseSizeText('(830 KB)')).toBe(830 * 1024);
    expect(parseSizeText('(830 ko)')).toBe(830 * 1024);
    expect(parseSizeText('(512 B)')).toBe(512);
    expect(parseSizeText('(2,5 Mo)')).toBe(2.5 * MiB);
  });

  it('does not take words for units', () => {
    expect(parseSizeText('5 months ago')).toBeNull();
    expect(parseSizeText('3 tables')).toBeNull();
    expect(parseSizeText('report-2024.pdf')).toBeNull();
    expect(parseSizeText(undefined)).toBeNull();
  });
});
