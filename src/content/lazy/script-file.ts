/**
 * Where the build puts the injected script of the lazy nudge `id` (src/content/nudges/<kebab id>.ts):
 * the background derives the file from the id, so no list of scripts is kept by hand. Pure: the build
 * (scripts/vite-plugin-lazy-nudges.ts) and the background both use it.
 */
export const LAZY_SCRIPT_DIR = 'src/content/lazy';

export const kebabCase = (id: string): string => id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export const lazyScriptFile = (id: string): string => `${LAZY_SCRIPT_DIR}/${kebabCase(id)}.iife.js`;

/**
 * The strength estimator (zxcvbn-ts, our word index, the word lists' small part, the keyboard graphs):
 * 65 KB of the password nudge's 149 KB (minified), so a script of its own, injected when the word lists load
 * (content/features/strength-words-loader.ts), not before the nudge's first view. Built from
 * STRENGTH_ESTIMATOR_ENTRY by scripts/vite-plugin-lazy-nudges.ts.
 */
export const STRENGTH_ESTIMATOR_ENTRY = 'src/content/lazy/strength-estimator.ts';
export const STRENGTH_ESTIMATOR_SCRIPT = `${LAZY_SCRIPT_DIR}/strength-estimator.iife.js`;
/** Where that script leaves its factory, in the content scripts' isolated world (never the page's). */
export const STRENGTH_ESTIMATOR_HANDOFF = '__sobreMail_strengthEstimator';
