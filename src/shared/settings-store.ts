import { ext as browser } from './ext.ts';
import { inStorageQueue } from './storage-queue.ts';
import { PAGE_SETTINGS_KEY, type PageSettings } from './page-settings.ts';
import {
  mergeSettings,
  parseLayer,
  DEFAULT_SETTINGS,
  type EffectiveSettings,
  type InvalidSetting,
  type SettingKey,
  type Settings,
  isSettingKey,
} from './settings.ts';

/** The user's own choices live under one key in local storage (not sync: IT decides what follows staff). */
export const USER_SETTINGS_KEY = 'userSettings';
/**
 * The merged settings, written by the background for content scripts: Chrome's `storage.managed.get()`
 * never settles in a content script (seen in Chromium 156), and one read of one key is also the
 * cheapest thing an always-loaded script can do.
 */
export const PUBLISHED_SETTINGS_KEY = 'effectiveSettings';

/**
 * Managed storage, read defensively: Firefox throws when no policy names the add-on, Chrome returns {}
 * when none is set, and either may hand back values of any shape. No policy = nothing set.
 */
export async function readManagedSettings(): Promise<unknown> {
  try {
    return (await browser.storage.managed.get()) ?? {};
  } catch {
    return {};
  }
}

async function readLocal(key: string): Promise<unknown> {
  try {
    return (await browser.storage.local.get(key))[key];
  } catch {
    return undefined;
  }
}

export async function readUserSettings(): Promise<Record<string, unknown>> {
  const stored = await readLocal(USER_SETTINGS_KEY);
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
}

/** Background and extension pages: the three layers, read from their sources. */
export async function loadSettings(): Promise<EffectiveSettings> {
  const [user, managed] = await Promise.all([readUserSettings(), readManagedSettings()]);
  return mergeSettings(user, managed);
}

/** How long the background waits for managed storage before publishing without it. */
const MANAGED_PATIENCE_MS = 1500;

/** Publications in the order they started: only the newest may still write. */
let latestPublish = 0;

/**
 * Background: recompute and publish for content scripts. Chromium answers storage.managed.get() of a
 * fresh profile only once its policy service is up (3 to 20 s and more seen). After a short wait the
 * user's layer is published under the locks of the last publication (IT's values stay in force:
 * block mode, the webmail addresses), never the user's layer alone; everything again once the policy
 * arrives. Publications overlap (start-up, a user change, a policy push): each write happens in the
 * storage queue and only if no later publication has started, so the newest always wins.
 */
export async function publishSettings(): Promise<EffectiveSettings> {
  const number = ++latestPublish;
  const write = (settings: EffectiveSettings) =>
    inStorageQueue(async () => {
      // Both keys in one write: the always-loaded script's small copy never disagrees with the whole.
      if (number === latestPublish)
        await browser.storage.local.set({ [PUBLISHED_SETTINGS_KEY]: settings, [PAGE_SETTINGS_KEY]: pageSettingsOf(settings.values) });
      return settings;
    });
  const managed = readManagedSettings();
  // The user's layer is asked for at once, beside the policy: in a fresh profile the first
  // storage.local read opens the extension's storage, ≈ 50–170 ms measured on a loaded machine
  // (bench: "first storage.local read" of the options page), which the first page opened should not pay.
  const user = readUserSettings();
  const early = await Promise.race([managed, new Promise<typeof PENDING>((r) => setTimeout(() => r(PENDING), MANAGED_PATIENCE_MS))]);
  if (early !== PENDING) return write(mergeSettings(await user, early));
  void managed.then(async (value) => write(mergeSettings(await readUserSettings(), value)));
  // Before the first publication there is no earlier policy to keep: content scripts have the defaults.
  const { effective } = await readPublishedEffectiveSettings();
  return effective ? write(effective) : mergeSettings(await user, {});
}

const PENDING = Symbol('managed storage pending');

/** The always-loaded content script's share of the settings (shared/page-settings.ts). */
export function pageSettingsOf(values: Settings): PageSettings {
  return {
    webmailOrigins: values.webmailOrigins,
    passwordReuseAllowedOrigins: values.passwordReuseAllowedOrigins,
    passwordNudge: values.passwordNudge,
    attachmentNudge: values.attachmentNudge,
    outOfOfficeNudge: values.outOfOfficeNudge,
    quotaNudge: values.quotaNudge,
    lookalikeWarning: values.lookalikeWarning,
    passwordReuseAlert: values.passwordReuseAlert,
  };
}

/** Content scripts: the published settings, parsed and repaired again (storage is not a trusted channel). */
export async function readPublishedSettings(): Promise<Settings> {
  const published = await readLocal(PUBLISHED_SETTINGS_KEY);
  const values = typeof published === 'object' && published !== null ? (published as { values?: unknown }).values : undefined;
  return { ...structuredClone(DEFAULT_SETTINGS), ...parseLayer(values).values } as Settings;
}

/**
 * Extension pages: the user's layer, and the whole published copy (the values, which keys IT locked,
 * which policy values were ignored) parsed again over it; `effective` is null before the background's
 * first publication. Two local reads side by side. The options page shows this at once: the
 * browser's own managed-storage read can take seconds (≈ 3 s measured in a fresh Chromium profile,
 * bench: "options: policy read applied"). Only the locked keys' values are taken from the copy, as a
 * policy layer over the user's layer as it is now.
 */
export async function readPublishedEffectiveSettings(): Promise<{ user: Record<string, unknown>; effective: EffectiveSettings | null }> {
  const [user, published] = await Promise.all([readUserSettings(), readLocal(PUBLISHED_SETTINGS_KEY)]);
  if (typeof published !== 'object' || published === null) return { user, effective: null };
  const { values, locked, invalidManaged } = published as Partial<Record<keyof EffectiveSettings, unknown>>;
  const lockedKeys = Array.isArray(locked) ? locked.filter((k): k is SettingKey => typeof k === 'string' && isSettingKey(k)) : [];
  const policy = parseLayer(values).values as Record<string, unknown>;
  const merged = mergeSettings(user, Object.fromEntries(lockedKeys.filter((k) => k in policy).map((k) => [k, policy[k]])));
  const ignored = Array.isArray(invalidManaged)
    ? invalidManaged.filter(
        (e): e is InvalidSetting => typeof e === 'object' && e !== null && typeof e.key === 'string' && typeof e.reason === 'string',
      )
    : [];
  return { user, effective: { values: merged.values, locked: merged.locked, invalidManaged: ignored } };
}

/**
 * The settings in force, for the background's handlers: the policy as the background last published
 * it, under the user's layer read fresh (a user's change counts at once). Not loadSettings() on
 * every message: its storage.managed read answers 3 to 20 s late in a fresh Chromium profile, and a
 * quota report, a breach lookup or an estimate would wait that long. Only before the very first
 * publication (nothing to go by yet) does it wait for the full read, so IT's locks are never skipped.
 */
export async function settingsInForce(): Promise<Settings> {
  const { effective } = await readPublishedEffectiveSettings();
  return (effective ?? (await loadSettings())).values;
}

/**
 * Saves only the user's layer; locked keys are dropped so a stale options page cannot override IT.
 * `changes` may be computed from the user's layer as it is inside the queue (adding to a list).
 */
export function saveUserSettings(
  changes: Partial<Settings> | ((user: Record<string, unknown>) => Partial<Settings>),
  locked: readonly string[],
): Promise<void> {
  return inStorageQueue(async () => {
    const next = await readUserSettings();
    for (const [key, value] of Object.entries(typeof changes === 'function' ? changes(next) : changes)) {
      if (isSettingKey(key) && !locked.includes(key)) next[key] = value;
    }
    await browser.storage.local.set({ [USER_SETTINGS_KEY]: next });
  });
}

/** Resets one user value to its default (removes it from the user layer). */
export function resetUserSetting(key: string): Promise<void> {
  return inStorageQueue(async () => {
    const next = await readUserSettings();
    delete next[key];
    await browser.storage.local.set({ [USER_SETTINGS_KEY]: next });
  });
}

type Area = 'local' | 'managed' | 'sync' | 'session';

function onStorageChange(
  test: (changes: Record<string, unknown>, area: Area) => boolean,
  callback: () => void,
  signal?: AbortSignal,
): void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (test(changes, area as Area)) callback();
  };
  browser.storage.onChanged.addListener(listener);
  signal?.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), { once: true });
}

/** Background and options: a policy change (Chrome and Edge report it live; Firefox reads policy at start-up) or a user change. */
export function onSettingSourcesChanged(callback: () => void, signal?: AbortSignal): void {
  onStorageChange((changes, area) => area === 'managed' || (area === 'local' && USER_SETTINGS_KEY in changes), callback, signal);
}

/** Content scripts: the background published new settings. */
export function onPublishedSettingsChanged(callback: () => void, signal?: AbortSignal): void {
  onStorageChange((changes, area) => area === 'local' && PUBLISHED_SETTINGS_KEY in changes, callback, signal);
}
