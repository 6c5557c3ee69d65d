import browser from 'webextension-polyfill';
import {
  PASSWORD_REUSE_KEY,
  PBKDF2_ITERATIONS,
  parseReuseStore,
  reuseReport,
  shouldReport,
  withEntry,
  type ReuseStore,
} from '../model/password-reuse.ts';
import { trustOf } from '../model/trust.ts';
import { newSalt } from '../shared/fingerprint.ts';
import type { CandidatePurpose, Message } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import { proposeTrust } from '../shared/trust-proposal.ts';
import { inStorageQueue } from '../shared/storage-queue.ts';

/**
 * The background's side of the password-reuse alert: the per-install salt, fingerprints taken on the
 * trusted webmail (kept only once the sign-in succeeded), and the optional report to IT.
 */

export async function readReuseStore(): Promise<ReuseStore | null> {
  try {
    return parseReuseStore((await browser.storage.local.get(PASSWORD_REUSE_KEY))[PASSWORD_REUSE_KEY]);
  } catch {
    return null;
  }
}

/** The salt is drawn once per installation (and again when the user forgets the fingerprint). */
export function ensureReuseStore(): Promise<ReuseStore> {
  return inStorageQueue(ensureReuseStoreNow);
}

/** Inside the storage queue only. */
async function ensureReuseStoreNow(): Promise<ReuseStore> {
  const existing = await readReuseStore();
  if (existing) return existing;
  const store: ReuseStore = { salt: newSalt(), iterations: PBKDF2_ITERATIONS, entries: [] };
  await browser.storage.local.set({ [PASSWORD_REUSE_KEY]: store });
  return store;
}

interface Candidate {
  purpose: CandidatePurpose;
  origin: string;
  fingerprint: string;
  length: number;
  changeUrl: string;
  at: number;
}

/**
 * Fingerprints submitted on a sign-in form, by tab, until the webmail shows who signed in. In memory
 * only: a wrong password typed at sign-in never becomes the reference, and a sign-in that takes
 * longer than the service worker lives (30 s idle in Chromium) is simply taken at the next one.
 */
const pending = new Map<number, Candidate>();
const CANDIDATE_TTL_MS = 5 * 60 * 1000;

type CandidateMessage = Extract<Message, { type: 'password-candidate' }>;

export function recordCandidate(
  message: CandidateMessage,
  tabId: number,
  senderUrl: string,
  settings: Settings,
  now = Date.now(),
): boolean {
  const origin = new URL(senderUrl).origin;
  // Only the organisation's webmail (listed by IT or confirmed by the user) gives the reference.
  if (!settings.passwordReuseAlert || trustOf(origin, settings.webmailOrigins) !== 'trusted') return false;
  // The change link must stay on the webmail: a page cannot make the warning send people elsewhere.
  if (new URL(message.changeUrl).origin !== origin) return false;
  pending.set(tabId, {
    purpose: message.purpose,
    origin,
    fingerprint: message.fingerprint,
    length: message.length,
    changeUrl: message.changeUrl,
    at: now,
  });
  return true;
}

type SignedInMessage = Extract<Message, { type: 'signed-in' }>;

/** A webmail page showed a signed-in account: keep the fingerprint submitted in that tab, or propose to trust. */
export async function signedIn(
  message: SignedInMessage,
  tabId: number,
  senderUrl: string,
  settings: Settings,
  now = Date.now(),
): Promise<{ kept: boolean }> {
  const origin = new URL(senderUrl).origin;
  const trust = trustOf(origin, settings.webmailOrigins);
  if (trust === 'unlisted') {
    await proposeTrust(origin, message.account, now);
    return { kept: false };
  }
  if (trust === 'trusted') lastAccount.set(`${tabId} ${origin}`, message.account);
  return keepCandidate(tabId, origin, message.account, 'sign-in', settings, now);
}

/** Who signed in, per tab and webmail: the account a password change on a page that does not show it belongs to. */
const lastAccount = new Map<string, string>();

async function keepCandidate(
  tabId: number,
  origin: string,
  account: string,
  purpose: CandidatePurpose,
  settings: Settings,
  now: number,
): Promise<{ kept: boolean }> {
  const candidate = pending.get(tabId);
  // A new password typed but never saved must not become the reference when the next page shows
  // the account: each candidate is confirmed only by what its form leads to.
  if (
    trustOf(origin, settings.webmailOrigins) !== 'trusted' ||
    !candidate ||
    candidate.purpose !== purpose ||
    candidate.origin !== origin ||
    now - candidate.at > CANDIDATE_TTL_MS
  ) {
    return { kept: false };
  }
  pending.delete(tabId);
  if (!settings.passwordReuseAlert) return { kept: false };
  return inStorageQueue(async () => {
    const store = await ensureReuseStoreNow();
    const next = withEntry(store, {
      account,
      origin,
      changeUrl: candidate.changeUrl,
      length: candidate.length,
      fingerprint: candidate.fingerprint,
      savedAt: now,
    });
    await browser.storage.local.set({ [PASSWORD_REUSE_KEY]: next });
    return { kept: true };
  });
}

/**
 * The trusted webmail says it saved a new password: the fingerprint taken at Save in that tab becomes
 * the reference of the account signed in there (Roundcube's elastic password page does not show the
 * account: the one seen signing in in that tab, else the one already kept for that webmail).
 */
export async function passwordChanged(tabId: number, senderUrl: string, settings: Settings, now = Date.now()): Promise<{ kept: boolean }> {
  const origin = new URL(senderUrl).origin;
  const account = lastAccount.get(`${tabId} ${origin}`) ?? (await readReuseStore())?.entries.find((e) => e.origin === origin)?.account;
  if (!account) return { kept: false };
  return keepCandidate(tabId, origin, account, 'change', settings, now);
}

const lastReport = new Map<string, number>();

type SeenMessage = Extract<Message, { type: 'password-reuse-seen' }>;

/**
 * The mail password was typed on the sender's page. With a report URL set by IT, a JSON POST of the
 * account, the page's address and the time: never the password, never its fingerprint.
 */
export async function reuseSeen(
  message: SeenMessage,
  senderUrl: string,
  settings: Settings,
  now = Date.now(),
): Promise<{ reported: boolean }> {
  const url = settings.passwordReuseReportUrl;
  if (!url || !settings.passwordReuseAlert) return { reported: false };
  const store = await readReuseStore();
  // Only an account we hold a fingerprint for: a page cannot make us report whatever it likes.
  if (!store?.entries.some((e) => e.account === message.account)) return { reported: false };
  const origin = new URL(senderUrl).origin;
  if (!shouldReport(lastReport.get(origin), now)) return { reported: false };
  lastReport.set(origin, now);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reuseReport(message.account, senderUrl, now)),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    return { reported: response.ok };
  } catch {
    return { reported: false };
  }
}

/** For tests: forget what is in memory. */
export function resetReuseMemory(): void {
  pending.clear();
  lastAccount.clear();
  lastReport.clear();
}
