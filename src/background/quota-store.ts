import browser from 'webextension-polyfill';
import type { QuotaReading } from '../model/quota.ts';
import type { WebmailId } from '../shared/messages.ts';

/**
 * The latest quota reading per account (origin + address), with the time it was read, in local
 * storage: it survives the service worker stopping and the browser restarting.
 */
export const QUOTA_READINGS_KEY = 'quotaReadings';

export interface StoredQuotaReading {
  account: string;
  /** The webmail's origin, e.g. https://mail.example.org: with the address, it names the account. */
  origin: string;
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

export async function saveQuotaReading(entry: StoredQuotaReading): Promise<QuotaReadings> {
  const readings = await readQuotaReadings();
  readings[accountKey(entry.origin, entry.account)] = entry;
  await browser.storage.local.set({ [QUOTA_READINGS_KEY]: readings });
  return readings;
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
