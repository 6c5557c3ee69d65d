import { columnsOf, type WordColumns } from '../../strength/word-columns.ts';
import { strengthWordsDownload } from './strength-words-download.ts';

/**
 * The bulk of the estimator's word lists (see src/strength/word-columns.ts), from the download the
 * trigger started (or a new one), ready to be searched.
 */
export function loadStrengthWords(): Promise<WordColumns> {
  return strengthWordsDownload().columns.then(columnsOf);
}

/** Blocks decoded between two looks at the idle deadline (each takes a few microseconds). */
const BLOCKS_PER_STEP = 16;

/**
 * Decodes, in the page's idle time, the blocks of lines no search has reached yet. The first
 * verdict only needs the few dozen its searches reach; decoding the other 7 k (~40 ms in all on
 * the CI machine) before the user types on keeps later keystrokes from paying for them.
 */
export function decodeRestWhenIdle(columns: WordColumns): void {
  const blocks = columns.decoded.length;
  let next = 0;
  const step = (deadline: IdleDeadline) => {
    while (next < blocks && deadline.timeRemaining() > 1) {
      for (const end = Math.min(blocks, next + BLOCKS_PER_STEP); next < end; next += 1) columns.decodeBlock(next);
    }
    if (next < blocks) requestIdleCallback(step);
  };
  requestIdleCallback(step);
}
