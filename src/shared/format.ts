import { t } from './i18n.ts';

/**
 * Sizes as Roundcube shows them: binary multiples (1 MB = 1024 KB), with the unit words of the
 * user's language (MB/Mo), one decimal under 10 units.
 */
const UNITS = ['unitB', 'unitKB', 'unitMB', 'unitGB', 'unitTB'] as const;

export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  return `${number} ${t(UNITS[unit]!)}`;
}

export function formatGrams(grams: number, locale: string): string {
  if (grams >= 1000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(grams / 1000)} ${t('unitKg')}`;
  const digits = grams < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(grams)} ${t('unitG')}`;
}

export function formatDistance(metres: number, locale: string): string {
  if (metres >= 1000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(metres / 1000)} ${t('unitKm')}`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(metres)} ${t('unitM')}`;
}

/** "2 minutes ago", "à l'instant"… from the browser's own localisation. */
export function formatAge(readAt: number, now: number, locale: string): string {
  const seconds = Math.round((readAt - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, 'second');
  if (abs < 45 * 60) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}
