import { roundcubeAdapter } from './adapters/roundcube.ts';
import { genericAdapter } from './adapters/generic.ts';
import type { WebmailPage } from './adapters/types.ts';
import { readPublishedSettings } from '../shared/settings-store.ts';
import type { Settings } from '../shared/settings.ts';
import { trustOf, type Trust } from '../model/trust.ts';

export interface Recognised {
  /** The webmail this page shows, or null on any other page. */
  page: WebmailPage | null;
  settings: Settings;
  /** Whether this page's address is one of the organisation's webmail addresses (model/trust.ts). */
  trust: Trust;
}

/** Adapters in order; the generic one comes last and only matches addresses IT listed. */
export async function recognise(doc: Document, location: Location): Promise<Recognised> {
  // Roundcube is recognised from the DOM alone; other pages pay for one storage read, to see
  // whether IT listed their address as a webmail.
  const roundcube = roundcubeAdapter.detect(doc, location, []);
  const settings = await readPublishedSettings();
  const page = roundcube ?? genericAdapter.detect(doc, location, settings.webmailOrigins);
  return { page, settings, trust: trustOf(location.origin, settings.webmailOrigins) };
}
