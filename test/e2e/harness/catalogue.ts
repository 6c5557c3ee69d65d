/**
 * Our own strings as a user reads them in a language: public/_locales/<lang>/messages.json, with
 * placeholders filled the way chrome.i18n.getMessage fills them ($NAME$ → its `content`, "$1" → the
 * first substitution). Webmail strings are not here: scenarios write Roundcube's own words out, as
 * the French or English user sees them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type en from '../../../public/_locales/en/messages.json';
import type { UiLanguage } from '../../../lab/index.ts';

export type MessageKey = keyof typeof en;

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const catalogues = new Map<UiLanguage, Record<string, Entry>>();

function catalogue(lang: UiLanguage): Record<string, Entry> {
  let messages = catalogues.get(lang);
  if (!messages) {
    messages = JSON.parse(readFileSync(resolve(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<
      string,
      Entry
    >;
    catalogues.set(lang, messages);
  }
  return messages;
}

export function ourText(lang: UiLanguage, key: MessageKey, ...substitutions: string[]): string {
  const entry = catalogue(lang)[key];
  if (!entry) throw new Error(`No message ${key} in ${lang}`);
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content;
    if (content === undefined) return whole;
    return content.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  });
}

/** A number as our UI prints it in that language (src/shared/format.ts uses Intl with the UI locale). */
export function ourNumber(lang: UiLanguage, value: number, fractionDigits: { min?: number; max: number }): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr' : 'en-US', {
    minimumFractionDigits: fractionDigits.min ?? 0,
    maximumFractionDigits: fractionDigits.max,
  }).format(value);
}

/** Sizes as src/shared/format.ts formatBytes prints them: binary units, one decimal under 10. */
export function ourBytes(lang: UiLanguage, bytes: number): string {
  const units = ['unitB', 'unitKB', 'unitMB', 'unitGB', 'unitTB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  return `${ourNumber(lang, value, { min: digits, max: digits })} ${ourText(lang, units[unit]!)}`;
}

/** Grams as formatGrams prints them under 1 kg: one decimal under 10 g. */
export function ourGrams(lang: UiLanguage, grams: number): string {
  return `${ourNumber(lang, grams, { max: grams < 10 ? 1 : 0 })} ${ourText(lang, 'unitG')}`;
}

/** Texts compared as a screen reader reads them: runs of spaces (no-break ones included) as one space. */
export const spoken = (text: string) => text.replace(/\s+/g, ' ').trim();
