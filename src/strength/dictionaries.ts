/**
 * The heavy half of the strength estimator: the zxcvbn-ts 4 word lists (common passwords and
 * diceware from @zxcvbn-ts/language-common, English, French) and its keyboard graphs (AZERTY —
 * graph name 'azerty' —, QWERTY, QWERTZ, Dvorak, keypads, from @zxcvbn-ts/language-common).
 *
 * In pages, only the estimator's own injected script imports this module
 * (src/content/lazy/strength-estimator.ts), never always-loaded code, nor the password nudge's
 * first script.
 *
 * The lists come sorted at build time (src/strength/build/word-lists.ts): the small part here
 * (`virtual:strength-words`), the bulk as bytes the caller fetches and decodes (in the extension,
 * src/content/features/strength-words-loader.ts). The packages' index modules would instead run
 * `decompress()` on import and hand over 316 k strings, which the page would then have to hash or
 * sort before the first fast lookup (~0.5 s on the CI machine in all). Same lists, same order, same
 * ranks (test/unit/strength.test.ts compares them with the packages' exports).
 *
 * No `translations`: the model returns codes; the UI translates with our own i18n.
 */
import adjacencyGraphs from '@zxcvbn-ts/language-common/src/adjacencyGraphs.json';
import meta from 'virtual:strength-words';
import type { OptionsGraph } from '@zxcvbn-ts/core';
import {
  createStrengthEstimator,
  type StrengthEstimator,
  type StrengthEstimatorOptions,
  type StrengthWordData,
  type StrengthWordMeta,
} from './estimator.ts';
import type { WordColumns } from './word-columns.ts';

export const strengthWordMeta: StrengthWordMeta = meta;

/** Keyboard graphs: azerty, dvorak, keypad, keypadMac, qwerty, qwertz. */
export const strengthGraphs: OptionsGraph = adjacencyGraphs;

/** The lists, given the bulk (the build's strength-words.bin, inflated: word-columns.ts). */
export function strengthWordData(latin1Columns: WordColumns): StrengthWordData {
  return { ...strengthWordMeta, latin1Columns };
}

/** The estimator the password-change feature uses (build it once per page). */
export function createDefaultStrengthEstimator(
  latin1: WordColumns,
  overrides: Partial<Omit<StrengthEstimatorOptions, 'engine' | 'words'>> = {},
): StrengthEstimator {
  return createStrengthEstimator({ words: strengthWordData(latin1), graphs: strengthGraphs, ...overrides });
}
