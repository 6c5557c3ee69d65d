/**
 * The password rules last seen on the webmail's own password page, kept in local storage (this
 * browser only, never sent) so the options page can show where the webmail is stricter than the
 * organisation's settings, or looser. Written by the background, read by the options page.
 */
import { ext } from './ext.ts';
import { isWebmailPasswordRule } from './messages.ts';
import type { WebmailPasswordRule } from '../model/webmail-password-rules.ts';

export const WEBMAIL_PASSWORD_RULES_KEY = 'webmailPasswordRules';

export interface WebmailPasswordRulesSeen {
  /** The webmail's address, from the sender's tab (never from the page's own words). */
  origin: string;
  rules: WebmailPasswordRule[];
  /** ms since the epoch. */
  seenAt: number;
}

/** Storage is read defensively: anything malformed is "not seen yet". */
export function parseWebmailPasswordRulesSeen(raw: unknown): WebmailPasswordRulesSeen | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const v = raw as Record<string, unknown>;
  if (typeof v.origin !== 'string' || !/^https?:\/\/[^/\s]+$/.test(v.origin)) return null;
  if (typeof v.seenAt !== 'number' || !Number.isFinite(v.seenAt)) return null;
  if (!Array.isArray(v.rules) || !v.rules.every(isWebmailPasswordRule)) return null;
  return { origin: v.origin, rules: v.rules as WebmailPasswordRule[], seenAt: v.seenAt };
}

export async function readWebmailPasswordRulesSeen(): Promise<WebmailPasswordRulesSeen | null> {
  try {
    return parseWebmailPasswordRulesSeen((await ext.storage.local.get(WEBMAIL_PASSWORD_RULES_KEY))[WEBMAIL_PASSWORD_RULES_KEY]);
  } catch {
    return null;
  }
}

export async function recordWebmailPasswordRules(pageUrl: string, rules: WebmailPasswordRule[], now = Date.now()): Promise<void> {
  const seen: WebmailPasswordRulesSeen = { origin: new URL(pageUrl).origin, rules, seenAt: now };
  await ext.storage.local.set({ [WEBMAIL_PASSWORD_RULES_KEY]: seen });
}
