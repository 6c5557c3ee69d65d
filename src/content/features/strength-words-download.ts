import { ext } from '../../shared/ext.ts';
import { STRENGTH_WORDS_ASSET } from '../../shared/strength-words-asset.ts';
import type { DecodedWordColumns } from '../../model/word-columns.ts';

/** Shared by the always-loaded trigger and the injected nudge: same isolated world, two bundles. */
const PENDING = Symbol.for('sobre-mail.strength-words');

export interface StrengthWordsDownload {
  /** The file's response, body unread. */
  response: Promise<Response>;
  /** Its decoding, once the nudge has started it (strength-words-loader.ts). */
  words?: Promise<DecodedWordColumns>;
}

/**
 * The download of the estimator's word lists, started once per frame. The always-loaded trigger
 * starts it when it asks for the nudge, so the file is on its way while the nudge's code is
 * injected; only the nudge reads and decodes it, which keeps the decoder out of the script every
 * page loads (the page's main thread is busy evaluating the nudge until about when the first bytes
 * arrive anyway: README, Performance).
 */
export function strengthWordsDownload(): StrengthWordsDownload {
  const slot = globalThis as { [PENDING]?: StrengthWordsDownload };
  // Chromium's per-session URL for a `use_dynamic_url` resource; Firefox's per-install one.
  return (slot[PENDING] ??= { response: fetch(ext.runtime.getURL(STRENGTH_WORDS_ASSET)) });
}
