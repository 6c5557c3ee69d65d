import { ext as browser } from './ext.ts';
import type en from '../../public/_locales/en/messages.json';

/** Every key of the English catalogue; a test keeps French in step (same keys, same placeholders). */
export type MessageKey = keyof typeof en;

/**
 * Each message is asked of the browser once, with markers in place of its substitutions, and kept:
 * after an extension update or reload a content script that is still running has lost its
 * extension context, and `i18n.getMessage` then throws ("Extension context invalidated"). A nudge
 * resolves its strings when it starts (`resolveMessages`), so it can still speak, or take its UI
 * down, without asking the browser again. Private-use characters cannot occur in our catalogues.
 */
const MARKERS = Array.from({ length: 9 }, (_, i) => String.fromCharCode(0xe000 + i));
const MARKER = /[\ue000-\ue008]/g;
const templates = new Map<string, string>();
/** The function the templates came from: a test that swaps the catalogue gets fresh templates. */
let source: unknown = null;

function sameCatalogue(): void {
  try {
    if (browser.i18n.getMessage !== source) {
      templates.clear();
      locale = null;
      source = browser.i18n.getMessage;
    }
  } catch {
    // The context is gone: what was resolved before is all there is.
  }
}

function template(key: MessageKey): string | null {
  sameCatalogue();
  let found = templates.get(key);
  if (found === undefined) {
    try {
      found = browser.i18n.getMessage(key, MARKERS);
    } catch {
      return null;
    }
    if (!found) return null;
    templates.set(key, found);
  }
  return found;
}

/** All user-facing text goes through here, so a missing key is a type error, not a blank label. */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  const found = template(key);
  if (found === null) return key;
  const list = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return found.replace(MARKER, (marker) => list[marker.charCodeAt(0) - 0xe000] ?? '');
}

/** Asks for these messages now, while the extension context is known to be alive. */
export function resolveMessages(keys: readonly MessageKey[]): void {
  for (const key of keys) template(key);
}

let locale: string | null = null;
/** The UI language the browser chose for our catalogue (fr or en), for number and date formatting. */
export function uiLocale(): string {
  sameCatalogue();
  if (locale === null) {
    try {
      locale = browser.i18n.getUILanguage() || 'en';
    } catch {
      return 'en';
    }
  }
  return locale;
}
