import { ext } from '../../shared/ext.ts';
import { STRENGTH_WORDS_ASSET } from '../../strength/words-asset.ts';
import { WordColumnsFileReader, type ReceivedWordColumns } from '../../strength/word-columns.ts';

/** Shared by the always-loaded trigger and the injected nudge: same isolated world, two bundles. */
const PENDING = Symbol.for('sobre-mail.strength-words');

export interface StrengthWordsDownload {
  /** The file, inflated as it arrives and copied into one buffer. */
  columns: Promise<ReceivedWordColumns>;
}

/**
 * The download of the estimator's word lists, started once per frame. The always-loaded trigger
 * starts it when it asks for the nudge, and it reads the file as it arrives (inflating it, copying
 * it): the nudge finds the bytes there, and only has to index them (strength-words-loader.ts).
 */
export function strengthWordsDownload(): StrengthWordsDownload {
  const slot = globalThis as { [PENDING]?: StrengthWordsDownload };
  // Chromium's per-session URL for a `use_dynamic_url` resource; Firefox's per-install one.
  return (slot[PENDING] ??= { columns: fetch(ext.runtime.getURL(STRENGTH_WORDS_ASSET)).then(readStrengthWords) });
}

async function readStrengthWords(response: Response): Promise<ReceivedWordColumns> {
  if (!response.ok || !response.body) throw new Error(`strength word lists: HTTP ${response.status}`);
  // Bytes all the way (a 2 MB string would cost more than the download).
  const inflated = response.body.pipeThrough(new DecompressionStream('gzip')).getReader();
  const reader = new WordColumnsFileReader();
  for (;;) {
    const { done, value } = await inflated.read();
    if (done) return reader.finish();
    reader.push(value);
  }
}
