/**
 * Always loaded on every http(s) page, so it is as small as it can be: it only answers "is this a
 * webmail?" — Roundcube from the DOM, any other webmail from the addresses IT listed — and, on a
 * webmail, asks the background to inject the nudges' code (src/content/lazy/webmail.iife.ts). On
 * any other page it returns after one storage read: no listener, observer or timer, nothing sent.
 * (Compiling this file is most of its cost on an ordinary page, so it imports nothing else.)
 */
import { ext } from '../shared/ext.ts';
import { PUBLISHED_SETTINGS_KEY } from '../shared/storage-keys.ts';
import { isRoundcubePage } from './adapters/roundcube.ts';

/** Whether the published settings list this page's origin as a webmail (see settings-store.ts). */
async function listedAsWebmail(): Promise<boolean> {
  try {
    const published = (await ext.storage.local.get(PUBLISHED_SETTINGS_KEY))[PUBLISHED_SETTINGS_KEY] as
      | { values?: { webmailOrigins?: unknown } }
      | undefined;
    const origins = published?.values?.webmailOrigins;
    // `location` only when there is a list to look in: each DOM object this world touches costs.
    return Array.isArray(origins) && origins.length > 0 && origins.includes(location.origin);
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  if (!isRoundcubePage(document) && !(await listedAsWebmail())) return;
  await ext.runtime.sendMessage({ type: 'inject-feature', feature: 'webmail' }).catch(() => undefined);
}

void main();
