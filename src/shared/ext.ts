import type { Browser } from 'webextension-polyfill';

/**
 * The extension API without the polyfill, for the always-loaded content script and what it imports:
 * the polyfill alone weighs ≈ 3 KB gzip of an 8 KB budget. Firefox has `browser`; Chrome's MV3
 * `chrome.*` calls used here (storage, runtime.sendMessage, i18n) return promises too.
 * What differs (a listener answering with a promise) is written the portable way: `sendResponse`.
 * Background, popup and options use webextension-polyfill.
 */
export const ext: Browser = (globalThis as { browser?: Browser }).browser ?? (globalThis as unknown as { chrome: Browser }).chrome;
