import { columnsOf, type WordColumns } from '../../model/word-columns.ts';
import { strengthWordsDownload } from './strength-words-download.ts';

/**
 * The bulk of the estimator's word lists (see src/model/word-columns.ts), from the download the
 * trigger started (or a new one), ready to be searched.
 */
export function loadStrengthWords(): Promise<WordColumns> {
  return strengthWordsDownload().columns.then(columnsOf);
}
