/**
 * Where the packages carry the bulk of the strength estimator's word lists (about 3 MB of sorted
 * Latin-1 columns, gzipped to 1.6 MB; written by scripts/vite-plugin-strength-words.ts). The
 * password nudge fetches it as bytes: the same data as a script costs the page about a second to
 * load on the CI machine (see README, Performance).
 */
export const STRENGTH_WORDS_ASSET = 'assets/strength-words.bin.gz';
