import { ext as browser } from './ext.ts';

/**
 * What the always-loaded content script needs to decide anything, published by the background under
 * its own small key: the addresses and the on/off flags. Every http(s) page reads it, so it is a few
 * hundred bytes, parsed with a few type checks; the whole published settings (lists of up to 10,000
 * items, about 7 MB at the schema's maximums) are read only by the nudges injected where they apply.
 */
export const PAGE_SETTINGS_KEY = 'pageSettings';

export interface PageSettings {
  webmailOrigins: string[];
  passwordReuseAllowedOrigins: string[];
  passwordNudge: boolean;
  attachmentNudge: boolean;
  outOfOfficeNudge: boolean;
  quotaNudge: boolean;
  lookalikeWarning: boolean;
  passwordReuseAlert: boolean;
}

type Flag = Exclude<keyof PageSettings, 'webmailOrigins' | 'passwordReuseAllowedOrigins'>;

/** The defaults of settings.ts, repeated so this file does not bring its parsers along (a unit test keeps them equal). */
export const PAGE_DEFAULTS: Readonly<PageSettings> = Object.freeze({
  webmailOrigins: [],
  passwordReuseAllowedOrigins: [],
  passwordNudge: true,
  attachmentNudge: true,
  outOfOfficeNudge: true,
  quotaNudge: true,
  lookalikeWarning: true,
  passwordReuseAlert: true,
});

const FLAGS = Object.keys(PAGE_DEFAULTS).filter((k) => typeof PAGE_DEFAULTS[k as Flag] === 'boolean') as Flag[];

/** The background wrote origins already normalised; storage is still not a trusted channel, so their shape is checked. */
const origins = (raw: unknown): string[] | null =>
  Array.isArray(raw) && raw.length <= 200 && raw.every((o) => typeof o === 'string' && /^https?:\/\/[^/\s?#]+$/.test(o))
    ? (raw as string[])
    : null;

export function parsePageSettings(raw: unknown): PageSettings {
  const out: PageSettings = { ...PAGE_DEFAULTS, webmailOrigins: [], passwordReuseAllowedOrigins: [] };
  if (typeof raw !== 'object' || raw === null) return out;
  const v = raw as Record<string, unknown>;
  out.webmailOrigins = origins(v.webmailOrigins) ?? [];
  out.passwordReuseAllowedOrigins = origins(v.passwordReuseAllowedOrigins) ?? [];
  for (const flag of FLAGS) if (typeof v[flag] === 'boolean') out[flag] = v[flag] as boolean;
  return out;
}

export async function readPageSettings(): Promise<PageSettings> {
  try {
    return parsePageSettings((await browser.storage.local.get(PAGE_SETTINGS_KEY))[PAGE_SETTINGS_KEY]);
  } catch {
    return parsePageSettings(undefined);
  }
}

/** Content script: the background published new page settings. */
export function onPageSettingsChanged(callback: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && PAGE_SETTINGS_KEY in changes) callback();
  });
}
