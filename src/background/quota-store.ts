import browser from 'webextension-polyfill';
import type { QuotaReading } from '../model/quota.ts';
import type { WebmailId } from '../shared/messages.ts';
import { boundReadings } from '../model/storage-bounds.ts';
import { inStorageQueue } from '../shared/storage-queue.ts';

/**
 * The latest quota reading per account (origin + address), with the time it was read, in local
 * storage: it survives the service worker stopping and the browser restarting.
 */
export const QUOTA_READINGS_KEY = 'quotaReadings';

export interface StoredQuotaReading {
  account: string;
  /** The webmail's origin, e.g. https://mail.example.org: with the address, it names the account. */
  origin: string;
  /**
   * Where the webmail is installed, on that origin (`https://example.org/roundcube/`): where the popup
   * sends the user. Missing in readings an older version kept: the adapter's usual path stands in.
   */
  baseUrl?: string;
  webmail: WebmailId;
  reading: QuotaReading;
  /** ms since epoch */
  readAt: number;
}

export type QuotaReadings = Record<string, StoredQuotaReading>;

export const accountKey = (origin: string, account: string) => `${origin} ${account.toLowerCase()}`;

export async function readQuotaReadings(): Promise<QuotaReadings> {
  const stored = (await browser.storage.local.get(QUOTA_READINGS_KEY))[QUOTA_READINGS_KEY];
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as QuotaReadings) : {};
}

/**
 * Keeps a reading, within the bounds of model/storage-bounds.ts (expiry, per address, in total):
 * every write rewrites the object, so it is bounded on every write, in the one storage queue.
 */
export function saveQuotaReading(entry: StoredQuotaReading, webmailOrigins: readonly string[], now = Date.now()): Promise<QuotaReadings> {
  return inStorageQueue(async () => {
    const readings = await readQuotaReadings();
    readings[accountKey(entry.origin, entry.account)] = entry;
    const bounded = boundReadings(readings, now, webmailOrigins);
    await browser.storage.local.set({ [QUOTA_READINGS_KEY]: bounded });
    return bounded;
  });
}

/** The popup's "Forget": removes one account's reading (its key as `popupAccounts` gives it). */
export function forgetQuotaReading(key: string): Promise<boolean> {
  return inStorageQueue(async () => {
    const readings = await readQuotaReadings();
    if (!Object.prototype.hasOwnProperty.call(readings, key)) return false;
    delete readings[key];
    await browser.storage.local.set({ [QUOTA_READINGS_KEY]: readings });
    return true;
  });
}

/** The account the badge speaks about: the fullest one with a known limit. */
export function fullestAccount(readings: QuotaReadings): StoredQuotaReading | null {
  let fullest: StoredQuotaReading | null = null;
  for (const entry of Object.values(readings)) {
    if (entry.reading.state !== 'limited') continue;
    if (!fullest || fullest.reading.state !== 'limited' || entry.reading.percent > fullest.reading.percent) fullest = entry;
  }
  return fullest;
}

/**
 * Readings from addresses the organisation trusts (all of them while none is listed): once IT lists
 * its webmail, a reading a look-alike left behind, from before the list, no longer counts.
 */
export function trustedReadings(readings: QuotaReadings, webmailOrigins: readonly string[]): QuotaReadings {
  if (webmailOrigins.length === 0) return readings;
  return Object.fromEntries(Object.entries(readings).filter(([, entry]) => webmailOrigins.includes(entry.origin)));
}
