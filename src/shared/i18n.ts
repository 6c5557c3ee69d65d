import { ext as browser } from './ext.ts';
import type en from '../../public/_locales/en/messages.json';

/** Every key of the English catalogue; a test keeps French in step (same keys, same placeholders). */
export type MessageKey = keyof typeof en;

/** All user-facing text goes through here, so a missing key is a type error, not a blank label. */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The UI language the browser chose for our catalogue (fr or en), for number and date formatting. */
export function uiLocale(): string {
  return browser.i18n.getUILanguage() || 'en';
}
