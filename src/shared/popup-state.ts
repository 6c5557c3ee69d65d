import type { QuotaReading } from '../model/quota.ts';
import type { Co2Source } from '../model/co2.ts';
import { isQuotaReading, type WebmailId } from './messages.ts';
import { isWebmailId } from '../content/adapters/index.ts';

/** What the popup shows, as the background answers `get-popup-state`. */
export interface PopupAccount {
  /** What `forget-quota-reading` names it by. */
  key: string;
  account: string;
  origin: string;
  /** Where the webmail is installed, on `origin`: "open the webmail" and clean-up go there. */
  baseUrl: string;
  webmail: WebmailId;
  reading: QuotaReading;
  readAt: number;
  /** CO2e of keeping what the mailbox holds for a year, when its size is known. */
  storage: { gramsPerYear: number; carMetres: number; source: Co2Source } | null;
}

export interface PopupState {
  quotaNudge: boolean;
  thresholds: { shown: number; warning: number; critical: number };
  /** Fullest first. */
  accounts: PopupAccount[];
  savings: { bytes: number; grams: number; count: number } | null;
  /** The organisation's webmail addresses: "Open the webmail" opens only these. */
  trustedOrigins: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isSource(v: unknown): v is Co2Source {
  return isRecord(v) && (v.kind === 'ademe' || v.kind === 'organisation') && typeof v.label === 'string';
}

/** A base URL on that very origin, never a link elsewhere. */
function isUnder(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin && url.startsWith(`${origin}/`);
  } catch {
    return false;
  }
}

function isAccount(v: unknown): v is PopupAccount {
  if (!isRecord(v)) return false;
  const storage = v.storage;
  return (
    typeof v.key === 'string' &&
    v.key.length <= 600 &&
    typeof v.account === 'string' &&
    typeof v.origin === 'string' &&
    /^https?:\/\//.test(v.origin) &&
    typeof v.baseUrl === 'string' &&
    isUnder(v.baseUrl, v.origin) &&
    isWebmailId(v.webmail) &&
    isQuotaReading(v.reading) &&
    isFiniteNonNegative(v.readAt) &&
    (storage === null ||
      (isRecord(storage) &&
        isFiniteNonNegative(storage.gramsPerYear) &&
        isFiniteNonNegative(storage.carMetres) &&
        isSource(storage.source)))
  );
}

/** The popup trusts nothing it did not check, even from its own background. */
export function isPopupState(v: unknown): v is PopupState {
  if (!isRecord(v) || typeof v.quotaNudge !== 'boolean' || !isRecord(v.thresholds) || !Array.isArray(v.accounts)) return false;
  const t = v.thresholds;
  const s = v.savings;
  return (
    isFiniteNonNegative(t.shown) &&
    isFiniteNonNegative(t.warning) &&
    isFiniteNonNegative(t.critical) &&
    v.accounts.every(isAccount) &&
    Array.isArray(v.trustedOrigins) &&
    v.trustedOrigins.every((o) => typeof o === 'string' && /^https?:\/\/[^/]+$/.test(o)) &&
    (s === null || (isRecord(s) && isFiniteNonNegative(s.bytes) && isFiniteNonNegative(s.grams) && isFiniteNonNegative(s.count)))
  );
}
