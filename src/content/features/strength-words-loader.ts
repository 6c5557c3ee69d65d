import { ext } from '../../shared/ext.ts';
import { STRENGTH_WORDS_ASSET } from '../../shared/strength-words-asset.ts';

/** Shared by the always-loaded trigger and the injected nudge: same isolated world, two bundles. */
const PENDING = Symbol.for('sobre-mail.strength-words');

/**
 * The bulk of the estimator's word lists, as bytes (see src/model/strength-dictionaries.ts). Fetched
 * once per frame: the trigger starts it when it asks for the nudge, so the download overlaps the
 * injection of the nudge's code, and the nudge picks up the same promise.
 */
export function loadStrengthWords(): Promise<Uint8Array> {
  const slot = globalThis as { [PENDING]?: Promise<Uint8Array> };
  return (slot[PENDING] ??= fetchStrengthWords());
}

async function fetchStrengthWords(): Promise<Uint8Array> {
  // Chromium's per-session URL for a `use_dynamic_url` resource; Firefox's per-install one.
  const response = await fetch(ext.runtime.getURL(STRENGTH_WORDS_ASSET));
  if (!response.ok || !response.body) throw new Error(`strength word lists: HTTP ${response.status}`);
  // Bytes all the way: decoding 4 MB into a string would cost more than the download.
  const bytes = await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  return new Uint8Array(bytes);
}
