import { WORD_COLUMNS_HEADER_BYTES, WordColumnsDecoder, type DecodedWordColumns } from '../../model/word-columns.ts';
import { strengthWordsDownload } from './strength-words-download.ts';

/**
 * The bulk of the estimator's word lists, decoded (see src/model/word-columns.ts), from the download
 * the trigger started (or a new one).
 */
export function loadStrengthWords(): Promise<DecodedWordColumns> {
  const download = strengthWordsDownload();
  return (download.words ??= download.response.then(decodeStrengthWords));
}

async function decodeStrengthWords(response: Response): Promise<DecodedWordColumns> {
  if (!response.ok || !response.body) throw new Error(`strength word lists: HTTP ${response.status}`);
  // Inflated and decoded chunk by chunk as the rest arrives: at the last byte, only the last chunk
  // is left to decode. Bytes all the way (a 2 MB string would cost more than the download).
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
