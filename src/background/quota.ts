import browser from 'webextension-polyfill';
import { estimateStorage } from '../model/co2.ts';
import type { QuotaReading } from '../model/quota.ts';
import { parseShownQuota } from '../model/quota-text.ts';
import type { Message, QuotaFacts } from '../shared/messages.ts';
import type { PopupAccount } from '../shared/popup-state.ts';
import type { Settings } from '../shared/settings.ts';
import { organisationFactors } from './co2-settings.ts';
import { accountKey, readQuotaReadings, saveQuotaReading, trustedReadings } from './quota-store.ts';
import { isEmailAddress } from '../model/account.ts';
import { mayReport } from '../model/trust.ts';
import { adapterOf, type WebmailId } from '../content/adapters/index.ts';

type QuotaMessage = Extract<Message, { type: 'quota-facts' }>;

/**
 * The reading the page's facts give, or null when they say nothing we can trust. Whichever webmail
 * sent them: the text is read by the one parser that knows every webmail's wording.
 */
export function readingFromFacts(facts: QuotaFacts): QuotaReading | null {
  switch (facts.kind) {
    case 'absent':
      return { state: 'none' };
    case 'exact':
      return { state: 'limited', percent: facts.percent, usedBytes: facts.usedBytes, totalBytes: facts.totalBytes };
    case 'widget':
      return parseShownQuota({ text: facts.text, title: facts.title });
  }
}

/**
 * The account last seen signed in at each webmail address, for quota views that name nobody (Horde's
 * mailbox: no user anywhere in its DOM, its inline scripts or the AJAX answers that fill it, checked on
 * Horde 5.2, Debian 12 package). Learnt from pages that name the account at that address (Horde's
 * compose window and Passwd page, any page of the other webmails). Bounded: session storage only (gone
 * when the browser closes), one account per address, a few addresses, and only for a working day:
 * an account-less reading is tied to an account seen at the same address within that day, else dropped.
 */
export const LAST_ACCOUNT_KEY = 'quotaLastAccount';
/** How long an account seen at an address stands for its account-less quota views. */
export const LAST_ACCOUNT_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_LAST_ACCOUNTS = 20;

type LastAccounts = Record<string, { account: string; at: number }>;

async function readLastAccounts(): Promise<LastAccounts> {
  const stored = (await browser.storage.session.get(LAST_ACCOUNT_KEY))[LAST_ACCOUNT_KEY];
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as LastAccounts) : {};
}

/** A page at `senderUrl` named `account` as signed in: kept for that address's account-less quota views. */
export async function noteAccountSeen(
  account: string,
  senderUrl: string,
  webmailOrigins: readonly string[],
  now = Date.now(),
): Promise<void> {
  const origin = new URL(senderUrl).origin;
  if (!isEmailAddress(account) || !mayReport(origin, webmailOrigins)) return;
  const seen = await readLastAccounts();
  if (seen[origin]?.account === account && now - seen[origin].at < LAST_ACCOUNT_TTL_MS / 2) return;
  seen[origin] = { account, at: now };
  const kept = Object.entries(seen)
    .filter(([, entry]) => now - entry.at < LAST_ACCOUNT_TTL_MS)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, MAX_LAST_ACCOUNTS);
  await browser.storage.session.set({ [LAST_ACCOUNT_KEY]: Object.fromEntries(kept) });
}

async function lastAccountAt(origin: string, now: number): Promise<string | null> {
  const entry = (await readLastAccounts())[origin];
  return entry && now - entry.at < LAST_ACCOUNT_TTL_MS && isEmailAddress(entry.account) ? entry.account : null;
}

/**
 * The webmail's base URL a page claims, kept only on the page's own origin (a page cannot send the
 * popup elsewhere), as a directory; otherwise (or for a reading an older version kept) where this
 * webmail usually is on that origin.
 */
export function webmailBaseUrl(claimed: unknown, origin: string, webmail: WebmailId): string {
  try {
    if (typeof claimed === 'string') {
      const url = new URL(claimed);
      if (url.origin === origin && url.pathname.endsWith('/') && url.pathname.length <= 1024) return `${url.origin}${url.pathname}`;
    }
  } catch {
    // Not a URL: the usual path below.
  }
  return new URL(adapterOf(webmail).defaultBasePath, origin).href;
}

/**
 * Keeps a reading. The origin comes from the sender's URL, never from the message: a page can only
 * report a quota for its own address. Returns false when the facts gave nothing to keep.
 */
export async function recordQuotaFacts(
  message: QuotaMessage,
  senderUrl: string,
  webmailOrigins: readonly string[],
  now = Date.now(),
): Promise<boolean> {
  const reading = readingFromFacts(message.facts);
  if (!reading) return false;
  const origin = new URL(senderUrl).origin;
  if (!mayReport(origin, webmailOrigins)) return false;
  if (message.account !== null) await noteAccountSeen(message.account, senderUrl, webmailOrigins, now);
  const account = message.account ?? (await lastAccountAt(origin, now));
  // The message guard refuses a bad address already; checked again where it is stored, next to the bounds.
  if (!account || !isEmailAddress(account)) return false;
  const baseUrl = webmailBaseUrl(message.baseUrl, origin, message.webmail);
  const kept = await saveQuotaReading({ account, origin, baseUrl, webmail: message.webmail, reading, readAt: now }, webmailOrigins, now);
  // The bounds may have dropped it at once (an address beyond the per-address cap, a flood).
  return accountKey(origin, account) in kept;
}

/** Every account seen, fullest first, with what keeping its mail costs per year. */
export async function popupAccounts(settings: Settings): Promise<PopupAccount[]> {
  const readings = Object.values(trustedReadings(await readQuotaReadings(), settings.webmailOrigins));
  const percent = (a: PopupAccount) => (a.reading.state === 'limited' ? a.reading.percent : -1);
  return readings
    .map((entry): PopupAccount => {
      const used = entry.reading.state === 'limited' ? entry.reading.usedBytes : null;
      const storage = used === null ? null : estimateStorage({ storedBytes: used, override: organisationFactors(settings) });
      return {
        ...entry,
        baseUrl: webmailBaseUrl(entry.baseUrl, entry.origin, entry.webmail),
        key: accountKey(entry.origin, entry.account),
        storage: storage && { gramsPerYear: storage.gramsPerYear, carMetres: storage.carMetres, source: storage.source },
      };
    })
    .sort((a, b) => percent(b) - percent(a) || b.readAt - a.readAt);
}
