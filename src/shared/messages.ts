/**
 * Every message between content script, background and popup: one union, one runtime guard.
 * Receivers call `parseMessage` and check the sender; anything else is dropped.
 * The password never appears here: only verdict-free requests and byte counts travel.
 */
import type { QuotaReading } from '../model/quota.ts';
import { isFingerprint, isPasswordLength } from '../model/password-reuse.ts';
import type { Trust } from '../model/trust.ts';
import { isEmailAddress } from '../model/account.ts';
import {
  MAX_WEBMAIL_RULES,
  MAX_WEBMAIL_RULE_TEXT,
  SOGO_CHARACTER_SETS,
  type WebmailPasswordRule,
} from '../model/webmail-password-rules.ts';
import { CLEANUP_VIEWS, type CleanupView } from './cleanup.ts';
import { isLazyFeatureId, type LazyFeatureId } from '../content/features/index.ts';
import { MAX_QUOTA_TEXT, MAX_QUOTA_TITLE, type QuotaFacts } from './quota-facts.ts';

import { isWebmailId, type WebmailId } from '../content/adapters/index.ts';
export type { WebmailId, QuotaFacts };

// The ids of the nudges injected on demand come from the nudge registry (content/features/index.ts).
export { isLazyFeatureId, type LazyFeatureId };

export interface PageStatus {
  webmail: WebmailId | null;
  /** Roundcube skin, when known. */
  skin: string | null;
  /** Signed-in address as the page shows it, or null (login page, not shown, or an untrusted page). */
  account: string | null;
  /** Whether the page's address is one of the organisation's webmail addresses (model/trust.ts). */
  trust: Trust;
  /** The organisation's webmail addresses, for the popup's look-alike warning. */
  trustedOrigins: string[];
}

export type Message =
  /** popup → content script of the active tab */
  | { type: 'get-page-status' }
  /**
   * content → background: the quota as a recognised webmail page shows it. Plain facts: the background
   * parses the localised text (every webmail language would not fit in the always-loaded script).
   * `account` is null where the quota view names nobody (Horde's mailbox): the background ties the
   * reading to the account last seen signed in at the sender's address, or drops it. `baseUrl`: where
   * the webmail is installed (the popup links there), kept only when it is on the sender's origin.
   */
  | { type: 'quota-facts'; webmail: WebmailId; account: string | null; baseUrl: string; facts: QuotaFacts }
  /**
   * content → background: inject a nudge's lazily loaded part into the sender's frame
   * (the password nudge and its dictionaries only where a new-password field exists).
   */
  | { type: 'inject-feature'; feature: LazyFeatureId }
  /** content → background: inject the strength estimator's script (the password nudge, as its word lists load) */
  | { type: 'inject-strength-estimator' }
  /** content → background: CO2 estimate for a message's attachments (byte count and recipients only) */
  | { type: 'estimate-attachment'; bytes: number; recipients: number }
  /**
   * content → background: how much room the signed-in account's mailbox had at its last quota
   * reading on this address (the attachment nudge, where uploads fill the mailbox at once).
   */
  | { type: 'mailbox-room'; account: string }
  /** content → background: the user removed big attachments after seeing the banner */
  | { type: 'record-saving'; bytes: number; grams: number }
  /**
   * content (password nudge) → background: the password rules the webmail's own password page
   * states, for the options page to compare with the organisation's settings. Rules, not passwords.
   */
  | { type: 'webmail-password-rules'; rules: WebmailPasswordRule[] }
  /**
   * content (password nudge) → background: the known-breach range for a 5-hex-digit SHA-1 prefix,
   * when IT turned the check on. The prefix is all of the password that leaves the page.
   */
  | { type: 'breach-range'; prefix: string }
  /** popup → background */
  | { type: 'get-popup-state' }
  /** popup → background: forget one account's quota reading ("Forget" beside it). */
  | { type: 'forget-quota-reading'; key: string }
  /**
   * popup → background: show this view of the mailbox in the webmail at `origin` (one of the
   * organisation's addresses, checked again by the background): largest first, old messages with
   * attachments, or the sort order from before "largest first".
   */
  | { type: 'cleanup-view'; origin: string; view: CleanupView }
  /**
   * content → background: a webmail page at a trusted or not-yet-listed address shows this signed-in
   * account. Confirms a pending sign-in fingerprint, or proposes to trust the address (never silently).
   */
  | { type: 'signed-in'; webmail: WebmailId; account: string }
  /**
   * content → background: the fingerprint of the password just submitted on the trusted webmail's
   * sign-in (or password-change) form. Kept in memory only until the webmail shows the signed-in
   * account in that tab; a mistyped password never becomes the reference.
   */
  | { type: 'password-candidate'; purpose: CandidatePurpose; fingerprint: string; length: number; changeUrl: string }
  /** content → background: the trusted webmail shows that it saved a new password (keeps the fingerprint taken at Save). */
  | { type: 'password-changed' }
  /** content → background: the mail password of `account` was typed on the sender's page (for the report URL). */
  | { type: 'password-reuse-seen'; account: string };

export type MessageType = Message['type'];

/** What confirms a candidate: the signed-in page after a sign-in, the "saved" page after a password change. */
export type CandidatePurpose = 'sign-in' | 'change';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;
const isShortString = (v: unknown, max = 320): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** 1 PB: more than any mailbox or message can be; bigger numbers are a bug or a forgery. */
const MAX_BYTES = 2 ** 50;

export function isQuotaReading(v: unknown): v is QuotaReading {
  if (!isRecord(v)) return false;
  if (v.state === 'unlimited' || v.state === 'none') return Object.keys(v).length === 1;
  if (v.state !== 'limited') return false;
  const nullableBytes = (x: unknown) => x === null || isCount(x, MAX_BYTES);
  return (
    isCount(v.percent, 100) &&
    Number.isInteger(v.percent) &&
    nullableBytes(v.usedBytes) &&
    nullableBytes(v.totalBytes) &&
    Object.keys(v).every((k) => ['state', 'percent', 'usedBytes', 'totalBytes'].includes(k))
  );
}

export function isQuotaFacts(v: unknown): v is QuotaFacts {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v).sort().join(',');
  switch (v.kind) {
    case 'absent':
      return keys === 'kind';
    case 'widget':
      // Page text: bounded, and only ever parsed, never rendered as HTML.
      return (
        keys === 'kind,text,title' &&
        typeof v.text === 'string' &&
        v.text.length <= MAX_QUOTA_TEXT &&
        typeof v.title === 'string' &&
        v.title.length <= MAX_QUOTA_TITLE
      );
    case 'exact':
      return (
        keys === 'kind,percent,totalBytes,usedBytes' &&
        isCount(v.usedBytes, MAX_BYTES) &&
        isCount(v.totalBytes, MAX_BYTES) &&
        v.totalBytes > 0 &&
        isCount(v.percent, 100) &&
        Number.isInteger(v.percent)
      );
    default:
      return false;
  }
}

/** A longer minimum than any password form accepts is a forgery or a bug. */
const MAX_WEBMAIL_MIN_LENGTH = 1024;

export function isWebmailPasswordRule(v: unknown): v is WebmailPasswordRule {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v).sort().join(',');
  switch (v.kind) {
    case 'minLength':
      return (
        keys === 'counts,kind,min' &&
        (v.counts === 'utf8Bytes' || v.counts === 'codePointsOnOneLine') &&
        isCount(v.min, MAX_WEBMAIL_MIN_LENGTH) &&
        Number.isInteger(v.min) &&
        v.min > 0
      );
    case 'digitAndPunctuation':
      return keys === 'kind';
    case 'minCharacters':
      return (
        keys === 'characters,kind,min' &&
        typeof v.characters === 'string' &&
        Object.hasOwn(SOGO_CHARACTER_SETS, v.characters) &&
        isCount(v.min, MAX_WEBMAIL_MIN_LENGTH) &&
        Number.isInteger(v.min) &&
        v.min > 0
      );
    case 'checkedByWebmail':
      // Page text: bounded, and only ever shown as text.
      return keys === 'kind,text' && isShortString(v.text, MAX_WEBMAIL_RULE_TEXT);
    default:
      return false;
  }
}

/**
 * The one message the always-loaded content script answers, checked without `parseMessage`: that
 * would bring every message's guard into a script that loads on every page (8 KiB budget).
 */
export function isPageStatusRequest(v: unknown): boolean {
  return isRecord(v) && v.type === 'get-page-status' && Object.keys(v).length === 1;
}

/** Returns the message if it has exactly the shape of one member of the union, else null. */
export function parseMessage(v: unknown): Message | null {
  if (!isRecord(v) || typeof v.type !== 'string') return null;
  const keys = Object.keys(v).sort().join(',');
  switch (v.type) {
    case 'get-page-status':
    case 'get-popup-state':
    case 'password-changed':
    case 'inject-strength-estimator':
      return keys === 'type' ? ({ type: v.type } as Message) : null;
    case 'inject-feature':
      return keys === 'feature,type' && isLazyFeatureId(v.feature) ? { type: v.type, feature: v.feature } : null;
    case 'quota-facts':
      return keys === 'account,baseUrl,facts,type,webmail' &&
        isWebmailId(v.webmail) &&
        (v.account === null || isEmailAddress(v.account)) &&
        isHttpUrl(v.baseUrl) &&
        isQuotaFacts(v.facts)
        ? { type: v.type, webmail: v.webmail, account: v.account, baseUrl: v.baseUrl, facts: v.facts }
        : null;
    case 'estimate-attachment':
      return keys === 'bytes,recipients,type' &&
        isCount(v.bytes, MAX_BYTES) &&
        isCount(v.recipients, 10_000) &&
        Number.isInteger(v.recipients)
        ? { type: v.type, bytes: v.bytes, recipients: v.recipients }
        : null;
    case 'mailbox-room':
      return keys === 'account,type' && isEmailAddress(v.account) ? { type: v.type, account: v.account } : null;
    case 'signed-in':
      return keys === 'account,type,webmail' && isWebmailId(v.webmail) && isEmailAddress(v.account)
        ? { type: v.type, webmail: v.webmail, account: v.account }
        : null;
    case 'password-candidate':
      return keys === 'changeUrl,fingerprint,length,purpose,type' &&
        (v.purpose === 'sign-in' || v.purpose === 'change') &&
        isFingerprint(v.fingerprint) &&
        isPasswordLength(v.length) &&
        isHttpUrl(v.changeUrl)
        ? { type: v.type, purpose: v.purpose, fingerprint: v.fingerprint, length: v.length, changeUrl: v.changeUrl }
        : null;
    case 'password-reuse-seen':
      return keys === 'account,type' && isEmailAddress(v.account) ? { type: v.type, account: v.account } : null;
    case 'forget-quota-reading':
      return keys === 'key,type' && isShortString(v.key, 600) ? { type: v.type, key: v.key } : null;
    case 'breach-range':
      return keys === 'prefix,type' && typeof v.prefix === 'string' && /^[0-9A-F]{5}$/.test(v.prefix)
        ? { type: v.type, prefix: v.prefix }
        : null;
    case 'webmail-password-rules':
      return keys === 'rules,type' && Array.isArray(v.rules) && v.rules.length <= MAX_WEBMAIL_RULES && v.rules.every(isWebmailPasswordRule)
        ? { type: v.type, rules: v.rules as WebmailPasswordRule[] }
        : null;
    case 'cleanup-view':
      return keys === 'origin,type,view' && isOrigin(v.origin) && (CLEANUP_VIEWS as readonly unknown[]).includes(v.view)
        ? { type: v.type, origin: v.origin, view: v.view as CleanupView }
        : null;
    case 'record-saving':
      return keys === 'bytes,grams,type' && isCount(v.bytes, MAX_BYTES) && isCount(v.grams, 1e9)
        ? { type: v.type, bytes: v.bytes, grams: v.grams }
        : null;
    default:
      return null;
  }
}

function isHttpUrl(v: unknown): v is string {
  if (!isShortString(v, 2048)) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const isOrigin = (v: unknown): v is string => isHttpUrl(v) && new URL(v).origin === v;

export function isPageStatus(v: unknown): v is PageStatus {
  return (
    isRecord(v) &&
    (v.webmail === null || isWebmailId(v.webmail)) &&
    (v.skin === null || isShortString(v.skin, 40)) &&
    (v.account === null || isShortString(v.account)) &&
    (v.trust === 'trusted' || v.trust === 'untrusted' || v.trust === 'unlisted') &&
    Array.isArray(v.trustedOrigins) &&
    v.trustedOrigins.length <= 200 &&
    v.trustedOrigins.every(isOrigin)
  );
}

/** Minimal sender facts, so guards are testable without a browser. */
export interface SenderFacts {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

/** A content script of ours, in a tab (not another extension, not an extension page). */
export function isOwnContentScript(sender: SenderFacts, ownId: string): boolean {
  return sender.id === ownId && typeof sender.tab?.id === 'number' && typeof sender.url === 'string' && /^https?:/.test(sender.url);
}

/** One of our own extension pages (popup, options). */
export function isOwnExtensionPage(sender: SenderFacts, ownId: string, ownOrigin: string): boolean {
  return sender.id === ownId && typeof sender.url === 'string' && sender.url.startsWith(ownOrigin);
}
