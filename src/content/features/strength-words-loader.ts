import { WordColumnsFileDecoder, type DecodedWordColumns } from '../../model/word-columns.ts';
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
  const decoder = new WordColumnsFileDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return decoder.finish();
    decoder.push(value);
  }
}
