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
  // Bytes all the way: decoding 3 MB into a string would cost more than the download. Inflated
  // while it downloads.
  const bytes = await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  // Firefox: that buffer can belong to the page's compartment, where typed-array methods reached
  // from the content script (subarray's species lookup) throw "Permission denied to access property
  // constructor". One copy (≈ 1 ms) makes it ours.
  const own = new Uint8Array(bytes.byteLength);
  own.set(new Uint8Array(bytes));
  return own;
}
