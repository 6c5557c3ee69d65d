import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { STRENGTH_WORDS_GZ } from '../../src/strength/build/vite-plugin.ts';
import { createDefaultStrengthEstimator, strengthGraphs, strengthWordData } from '../../src/strength/dictionaries.ts';
import { decodeLatin1WordColumns } from '../../src/strength/word-columns.ts';
import type { StrengthEstimator, StrengthEstimatorOptions, StrengthWordData } from '../../src/strength/estimator.ts';

/** The bytes the extension fetches, as the build wrote them (the vitest config runs the plugin). */
export function strengthLatin1(): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(STRENGTH_WORDS_GZ)));
}

export function testStrengthWords(): StrengthWordData {
  return strengthWordData(decodeLatin1WordColumns(strengthLatin1()));
}

export function testStrengthEstimatorOptions(): StrengthEstimatorOptions & { words: StrengthWordData } {
  return { words: testStrengthWords(), graphs: strengthGraphs };
}

export function testStrengthEstimator(): StrengthEstimator {
  return createDefaultStrengthEstimator(decodeLatin1WordColumns(strengthLatin1()));
}
