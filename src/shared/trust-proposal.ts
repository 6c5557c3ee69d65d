import { ext as browser } from './ext.ts';
import { saveUserSettings } from './settings-store.ts';
import { inStorageQueue } from './storage-queue.ts';

/**
 * With no webmail address listed (someone installed the extension alone), the address where the user
 * first signs in is proposed as the organisation's webmail, in the popup and the options page. Never
 * trusted silently: a phishing page could be the first place someone "signs in".
 */
export const TRUST_PROPOSAL_KEY = 'trustProposal';
/** Addresses the user said no to: not proposed again. */
export const TRUST_DECLINED_KEY = 'trustDeclined';

export interface TrustProposal {
  origin: string;
  account: string;
  at: number;
}

export function parseTrustProposal(raw: unknown): TrustProposal | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.origin !== 'string' || typeof r.account !== 'string' || typeof r.at !== 'number') return null;
  try {
    if (new URL(r.origin).origin !== r.origin) return null;
  } catch {
    return null;
  }
  return { origin: r.origin, account: r.account.slice(0, 320), at: r.at };
}

export function proposeTrust(origin: string, account: string, now: number): Promise<void> {
  return inStorageQueue(async () => {
    const stored = await browser.storage.local.get([TRUST_PROPOSAL_KEY, TRUST_DECLINED_KEY]);
    const declined = Array.isArray(stored[TRUST_DECLINED_KEY]) ? (stored[TRUST_DECLINED_KEY] as unknown[]) : [];
    // The first sign-in is the one proposed; later ones elsewhere do not replace it.
    if (parseTrustProposal(stored[TRUST_PROPOSAL_KEY]) || declined.includes(origin)) return;
    await browser.storage.local.set({ [TRUST_PROPOSAL_KEY]: { origin, account, at: now } satisfies TrustProposal });
  });
}

export async function readTrustProposal(): Promise<TrustProposal | null> {
  try {
    return parseTrustProposal((await browser.storage.local.get(TRUST_PROPOSAL_KEY))[TRUST_PROPOSAL_KEY]);
  } catch {
    return null;
  }
}

/** "Trust this address": it joins the user's own list of webmail addresses (removable in the options page). */
export async function acceptTrustProposal(proposal: TrustProposal, locked: readonly string[]): Promise<void> {
  await saveUserSettings((user) => {
    const current = Array.isArray(user.webmailOrigins)
      ? (user.webmailOrigins as unknown[]).filter((o): o is string => typeof o === 'string')
      : [];
    return { webmailOrigins: [...new Set([...current, proposal.origin])] };
  }, locked);
  await inStorageQueue(() => browser.storage.local.remove(TRUST_PROPOSAL_KEY));
}

/** "No": not proposed again for that address. */
export function declineTrustProposal(proposal: TrustProposal): Promise<void> {
  return inStorageQueue(async () => {
    const stored = await browser.storage.local.get(TRUST_DECLINED_KEY);
    const declined = Array.isArray(stored[TRUST_DECLINED_KEY])
      ? (stored[TRUST_DECLINED_KEY] as unknown[]).filter((o) => typeof o === 'string')
      : [];
    await browser.storage.local.set({ [TRUST_DECLINED_KEY]: [...new Set([...declined, proposal.origin])].slice(-50) });
    await browser.storage.local.remove(TRUST_PROPOSAL_KEY);
  });
}
