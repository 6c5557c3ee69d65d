import { roundcubeAdapter } from './adapters/roundcube.ts';
import { genericAdapter } from './adapters/generic.ts';
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

/** Adapters in order; the generic one comes last and only matches addresses IT listed. */
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
  // Roundcube is recognised from the DOM alone; other pages pay for one storage read, to see
  // whether IT listed their address as a webmail.
  const roundcube = roundcubeAdapter.detect(doc, location, []);
  const settings = await read();
  const page = roundcube ?? genericAdapter.detect(doc, location, settings.webmailOrigins);
  return { page, settings, trust: trustOf(location.origin, settings.webmailOrigins) };
}
