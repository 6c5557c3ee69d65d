/// <reference types="vite/client" />
/**
 * The heavy half of the strength estimator: the zxcvbn-ts 4 word lists (common passwords and
 * diceware from @zxcvbn-ts/language-common, English, French) and its keyboard graphs (AZERTY —
 * graph name 'azerty' —, QWERTY, QWERTZ, Dvorak, keypads, from @zxcvbn-ts/language-common).
 *
 * This module is what the content script loads lazily, and only where a new-password field
 * exists: never import it statically from always-loaded code (≈ 1.3 MB gzip, see TOOLING.md).
 *
 * Why the packages' `src/*.json` files as TEXT (`?raw`) and not their index:
 * the index modules run `decompress()` on import and hand over 316 k freshly concatenated
 * strings, ~300 ms here before anything else can happen, and every consumer then pays again to
 * flatten and hash them. Our `WordIndex` reads the JSON text in one pass without creating a string
 * per word. Same lists, same order (test/unit/strength.test.ts compares them with the packages'
 * exports); the zip grows by ~15 % gzip (1.31 MB instead of 1.14 MB for the lists).
 *
 * No `translations`: the model returns codes; the UI translates with our own i18n.
 */
import adjacencyGraphs from '@zxcvbn-ts/language-common/src/adjacencyGraphs.json';
import dicewareCommon from '@zxcvbn-ts/language-common/src/diceware.json?raw';
import passwordsCommon from '@zxcvbn-ts/language-common/src/passwords.json?raw';
import commonWordsEn from '@zxcvbn-ts/language-en/src/commonWords.json?raw';
import firstnamesEn from '@zxcvbn-ts/language-en/src/firstnames.json?raw';
import lastnamesEn from '@zxcvbn-ts/language-en/src/lastnames.json?raw';
import wikipediaEn from '@zxcvbn-ts/language-en/src/wikipedia.json?raw';
import wordSequencesEn from '@zxcvbn-ts/language-en/src/wordSequences.json';
import commonWordsFr from '@zxcvbn-ts/language-fr/src/commonWords.json?raw';
import firstnamesFr from '@zxcvbn-ts/language-fr/src/firstnames.json?raw';
import lastnamesFr from '@zxcvbn-ts/language-fr/src/lastnames.json?raw';
import wikipediaFr from '@zxcvbn-ts/language-fr/src/wikipedia.json?raw';
import wordSequencesFr from '@zxcvbn-ts/language-fr/src/wordSequences.json';
import type { OptionsGraph } from '@zxcvbn-ts/core';
import {
  createStrengthEstimator,
  type StrengthDictionary,
  type StrengthEstimator,
  type StrengthEstimatorOptions,
} from './strength.ts';

/**
 * Same names and key order as `{ ...common.dictionary, ...en.dictionary, ...fr.dictionary }` from
 * the packages' index modules (zxcvbn breaks ties between equal-guess matches by this order).
 */
export const strengthDictionary: StrengthDictionary = {
  'diceware-common': { json: dicewareCommon },
  'passwords-common': { json: passwordsCommon },
  'commonWords-en': { json: commonWordsEn },
  'firstnames-en': { json: firstnamesEn },
  'lastnames-en': { json: lastnamesEn },
  'wikipedia-en': { json: wikipediaEn },
  ...wordSequencesEn,
  'commonWords-fr': { json: commonWordsFr },
  'firstnames-fr': { json: firstnamesFr },
  'lastnames-fr': { json: lastnamesFr },
  'wikipedia-fr': { json: wikipediaFr },
  ...wordSequencesFr,
};

/** Keyboard graphs: azerty, dvorak, keypad, keypadMac, qwerty, qwertz. */
export const strengthGraphs: OptionsGraph = adjacencyGraphs;

export const strengthEstimatorOptions: StrengthEstimatorOptions = {
  dictionary: strengthDictionary,
  graphs: strengthGraphs,
};

/** The estimator the password-change feature uses (build it once per page; ~0.1 s). */
export function createDefaultStrengthEstimator(
  overrides: Partial<StrengthEstimatorOptions> = {},
): StrengthEstimator {
  return createStrengthEstimator({ ...strengthEstimatorOptions, ...overrides });
}
