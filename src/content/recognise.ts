import { ADAPTERS } from './adapters/index.ts';
import type { WebmailPage } from './adapters/types.ts';
import type { Settings } from '../shared/settings.ts';
import { trustOf, type Trust } from '../model/trust.ts';

export interface Recognised<S extends { webmailOrigins: string[] } = Settings> {
  /** The webmail this page shows, or null on any other page. */
  page: WebmailPage | null;
  settings: S;
  /** Whether this page's address is one of the organisation's webmail addresses (model/trust.ts). */
  trust: Trust;
}

/**
 * `read` gives the settings: the whole published copy for an injected nudge (readPublishedSettings),
 * only the small page settings for the always-loaded script (shared/page-settings.ts), which then
 * carries neither the settings' parsers nor a 7 MB read.
 */
export async function recognise<S extends { webmailOrigins: string[] }>(
  doc: Document,
  location: Location,
  read: () => Promise<S>,
): Promise<Recognised<S>> {
  const settings = await read();
  let page: WebmailPage | null = null;
  for (const adapter of ADAPTERS) {
    page = adapter.detect(doc, location, settings.webmailOrigins);
    if (page) break;
  }
  return { page, settings, trust: trustOf(location.origin, settings.webmailOrigins) };
}
