import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from '@webext-core/fake-browser';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string): Catalogue =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${lang}/messages.json`), 'utf8'));
export const CATALOGUES = { en: load('en'), fr: load('fr') };

/** chrome.i18n.getMessage as the browser does it: named placeholders → $1…, then the substitutions. */
export function useLanguage(lang: 'en' | 'fr', uiLanguage: string = lang): void {
  const catalogue = CATALOGUES[lang];
  fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) => {
    const entry = catalogue[key];
    if (!entry) return '';
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    return entry.message
      .replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '')
      .replace(/\$(\d)/g, (_, d: string) => list[Number(d) - 1] ?? '');
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => uiLanguage;
}

export const useEnglish = (): void => useLanguage('en', 'en-US');

/**
 * Keeps every shadow root our UI attaches (closed ones included, which only a test can reach) until
 * `release()` puts attachShadow back.
 */
export function captureShadowRoots(): { roots: ShadowRoot[]; release(): void } {
  const real = Element.prototype.attachShadow;
  const roots: ShadowRoot[] = [];
  Element.prototype.attachShadow = function (init: ShadowRootInit) {
    const root = real.call(this, init);
    roots.push(root);
    return root;
  };
  return { roots, release: () => (Element.prototype.attachShadow = real) };
}
