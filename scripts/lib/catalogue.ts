/**
 * `chrome.i18n.getMessage` outside the browser, over public/_locales/<lang>/messages.json, so the
 * command-line tools say the same sentences as the extension (and in French too).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MessageKey } from '../../src/shared/i18n.ts';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

export type Lang = 'en' | 'fr';

export function loadCatalogue(lang: Lang): (key: MessageKey, substitutions?: string | string[]) => string {
  const catalogue = JSON.parse(
    readFileSync(join(resolve(import.meta.dirname, '../../public/_locales'), lang, 'messages.json'), 'utf8'),
  ) as Catalogue;
  return (key, subs) => {
    const entry = catalogue[key];
    if (!entry) throw new Error(`no message ${key}`);
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    return entry.message
      .replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '')
      .replace(/\$(\d)/g, (_, d: string) => list[Number(d) - 1] ?? '');
  };
}

/** fr when the environment's language is French (LANG, LC_ALL, LC_MESSAGES), else en. */
export function environmentLang(): Lang {
  const value = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return /^fr/i.test(value) ? 'fr' : 'en';
}
