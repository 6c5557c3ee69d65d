/**
 * Where the build puts the injected script of the lazy nudge `id` (src/content/nudges/<kebab id>.ts):
 * the background derives the file from the id, so no list of scripts is kept by hand. Pure: the build
 * (scripts/vite-plugin-lazy-nudges.ts) and the background both use it.
 */
export const LAZY_SCRIPT_DIR = 'src/content/lazy';

export const kebabCase = (id: string): string => id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export const lazyScriptFile = (id: string): string => `${LAZY_SCRIPT_DIR}/${kebabCase(id)}.iife.js`;
