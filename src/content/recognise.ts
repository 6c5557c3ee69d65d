import { roundcubeAdapter } from './adapters/roundcube.ts';
import { genericAdapter } from './adapters/generic.ts';
import type { WebmailPage } from './adapters/types.ts';
import { readPublishedSettings } from '../shared/settings-store.ts';
import type { Settings } from '../shared/settings.ts';

/** Adapters in order; the generic one comes last and only matches addresses IT listed. */
export async function recognise(doc: Document, location: Location): Promise<{ page: WebmailPage; settings: Settings } | null> {
  // Roundcube is recognised from the DOM alone; other pages pay for one storage read, to see
  // whether IT listed their address as a webmail.
  const roundcube = roundcubeAdapter.detect(doc, location, []);
  const values = await readPublishedSettings();
  const page = roundcube ?? genericAdapter.detect(doc, location, values.webmailOrigins);
  return page ? { page, settings: values } : null;
}
