/** The user's own choices live under one key in local storage (not sync: IT decides what follows staff). */
export const USER_SETTINGS_KEY = 'userSettings';
/**
 * The merged settings, written by the background for content scripts: Chrome's `storage.managed.get()`
 * never settles in a content script (seen in Chromium 156), and one read of one key is also the
 * cheapest thing an always-loaded script can do.
 */
export const PUBLISHED_SETTINGS_KEY = 'effectiveSettings';
