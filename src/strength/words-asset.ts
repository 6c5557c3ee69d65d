/**
 * Where the packages carry the bulk of the strength estimator's word lists (1.9 MB of sorted,
 * front-coded Latin-1 columns in a 0.96 MB gzip file; written by
 * src/strength/build/vite-plugin.ts). The password nudge fetches it as bytes and decodes it
 * while it downloads: the same data as a script cost the page about a second to load on the CI
 * machine (see README, Performance).
 */
export const STRENGTH_WORDS_ASSET = 'assets/strength-words.bin.gz';
