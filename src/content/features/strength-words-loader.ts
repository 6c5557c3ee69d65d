import { ext } from '../../shared/ext.ts';
import { STRENGTH_WORDS_ASSET } from '../../shared/strength-words-asset.ts';
import { WORD_COLUMNS_HEADER_BYTES, WordColumnsDecoder, type DecodedWordColumns } from '../../model/word-columns.ts';

/** Shared by the always-loaded trigger and the injected nudge: same isolated world, two bundles. */
const PENDING = Symbol.for('sobre-mail.strength-words');

/**
 * The bulk of the estimator's word lists, decoded (see src/model/word-columns.ts). Fetched once per
 * frame: the trigger starts it when it asks for the nudge, so the download overlaps the injection of
 * the nudge's code, and the nudge picks up the same promise.
 */
export function loadStrengthWords(): Promise<DecodedWordColumns> {
  const slot = globalThis as { [PENDING]?: { words: Promise<DecodedWordColumns> } };
  // Chromium's per-session URL for a `use_dynamic_url` resource; Firefox's per-install one.
  slot[PENDING] ??= { words: fetch(ext.runtime.getURL(STRENGTH_WORDS_ASSET)).then(decodeStrengthWords) };
  return slot[PENDING].words;
}

async function decodeStrengthWords(response: Response): Promise<DecodedWordColumns> {
  if (!response.ok || !response.body) throw new Error(`strength word lists: HTTP ${response.status}`);
  // Inflated and decoded chunk by chunk while the rest downloads: at the last byte, only the last
  // chunk is left to decode. Bytes all the way (a 2 MB string would cost more than the download).
  const reader = response.body.pipeThrough(new DecompressionStream('gzip')).getReader();
  let decoder: WordColumnsDecoder | null = null;
  let header = new Uint8Array(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Firefox hands out chunks of the page's compartment: the decoder copies them into its own
    // buffer (`set`) and never calls their methods.
    if (decoder) {
      decoder.push(value);
      continue;
    }
    const joined = new Uint8Array(header.length + value.length);
    joined.set(header);
    joined.set(value, header.length);
    header = joined;
    if (header.length >= WORD_COLUMNS_HEADER_BYTES) {
      decoder = WordColumnsDecoder.forLatin1(header);
      decoder.push(header.subarray(WORD_COLUMNS_HEADER_BYTES));
    }
  }
  if (!decoder) throw new Error('strength word lists: empty file');
  return decoder.finish();
}
