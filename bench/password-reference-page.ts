/**
 * The stock zxcvbn-ts set-up's word lists, as the packages' index modules export them (they
 * decompress on import), for the 'reference' engine of bench/password-page.ts. A script of its own
 * so the first-ready figure does not pay for loading them.
 */
import { dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as en } from '@zxcvbn-ts/language-en';
import { dictionary as fr } from '@zxcvbn-ts/language-fr';

window.__referenceLists = { ...common, ...en, ...fr };
