import { ext } from '../../shared/ext.ts';
import { sendToBackground } from '../orphan-guard.ts';
import { STRENGTH_ESTIMATOR_HANDOFF } from '../lazy/script-file.ts';
import { STRENGTH_WORDS_ASSET } from '../../strength/words-asset.ts';
import { columnsOf, WordColumnsFileReader, type ReceivedWordColumns, type WordColumns } from '../../strength/word-columns.ts';
import type { StrengthEstimator } from '../../strength/estimator.ts';
import type { createDefaultStrengthEstimator } from '../../strength/dictionaries.ts';

/** What the estimator's injected script leaves in the isolated world (content/lazy/strength-estimator.ts). */
export interface StrengthEstimatorHandoff {
  runtime: unknown;
  create: typeof createDefaultStrengthEstimator;
}

let download: Promise<ReceivedWordColumns> | null = null;
let estimatorScript: Promise<StrengthEstimatorHandoff['create']> | null = null;

/**
 * The estimator, once its code and its word lists are both here: both are asked for at once, and
 * neither is part of the nudge's first script. The code was 65 KB of the 149 KB (minified) the
 * nudge injected before its first view, and an injected script costs its size in parse and run time
 * before the panel can show (~0.15 ms per KiB, Chromium 156 on the CI machine, measured by padding
 * the nudge); the known-word rules wait for the word lists anyway.
 */
export async function loadStrengthEstimator(): Promise<StrengthEstimator> {
  const [create, columns] = await Promise.all([loadEstimatorScript(), loadStrengthWords()]);
  const estimator = create(columns);
  decodeRestWhenIdle(columns);
  return estimator;
}

function loadEstimatorScript(): Promise<StrengthEstimatorHandoff['create']> {
  estimatorScript ??= sendToBackground({ type: 'inject-strength-estimator' }).then((answer) => {
    // The background injects into this document only; executeScript settles once the script has run.
    const handoff = (globalThis as unknown as Record<string, StrengthEstimatorHandoff | undefined>)[STRENGTH_ESTIMATOR_HANDOFF];
    if (!(answer as { injected?: unknown } | undefined)?.injected || handoff?.runtime !== ext.runtime)
      throw new Error('strength estimator: not injected');
    return handoff.create;
  });
  return estimatorScript;
}

/**
 * The bulk of the estimator's word lists (see src/strength/word-columns.ts), downloaded once per
 * page, read as they arrive (inflated, copied into one buffer) and ready to be searched.
 */
function loadStrengthWords(): Promise<WordColumns> {
  // Chromium's per-session URL for a `use_dynamic_url` resource; Firefox's per-install one.
  download ??= fetch(ext.runtime.getURL(STRENGTH_WORDS_ASSET)).then(readStrengthWords);
  return download.then(columnsOf);
}

async function readStrengthWords(response: Response): Promise<ReceivedWordColumns> {
  if (!response.ok || !response.body) throw new Error(`strength word lists: HTTP ${response.status}`);
  // Bytes all the way (a 2 MB string would cost more than the download).
  const inflated = response.body.pipeThrough(new DecompressionStream('gzip')).getReader();
  const reader = new WordColumnsFileReader();
  let sliceStart = performance.now();
  for (;;) {
    const { done, value } = await inflated.read();
    if (done) return reader.finish();
    reader.push(value);
    // Chunks the stream holds already come back as microtasks: without a pause the whole file is
    // read in one go, and every task queued meanwhile waits behind it (the frame's messages, the
    // user's key presses).
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTask();
      sliceStart = performance.now();
    }
  }
}

/** Longest stretch of reading between two pauses for the page's own tasks. */
const SLICE_MS = 4;

/** Resolves in a task of its own, after the tasks already queued; unclamped (setTimeout is clamped
 * to 4 ms once nested), and not seen by the page (the channel is this world's). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
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
