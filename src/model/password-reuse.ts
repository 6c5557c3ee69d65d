/**
 * Password reuse (DESIGN §2b): what is kept of the mail password and the cheap decisions around it.
 * Only a salted, slow fingerprint (PBKDF2-SHA-256) and the password's length are kept, never the
 * password nor an unsalted hash. The derivation itself is in shared/fingerprint.ts (WebCrypto).
 * Pure module: plain data in, plain data out.
 */

/**
 * PBKDF2-SHA-256 iterations. Measured on 2026-12-04 on the team's 2-core AMD EPYC test machine
 * (Node 20 WebCrypto, the same BoringSSL/NSS code paths the browsers use): 100,000 → 19 ms,
 * 300,000 → 55 ms, 600,000 → 112 ms. 300,000 costs about 50 ms per check, which a person does not
 * notice once per sign-in, and makes each guess against a copied profile cost the same 50 ms of CPU.
 * OWASP's 2023 figure for PBKDF2-SHA-256 is 600,000; we stay at half of it because the check runs on
 * keystrokes in other sites' password fields (only when the length already matches, see below).
 */
export const PBKDF2_ITERATIONS = 300_000;
/** Salt bytes, drawn once per installation with crypto.getRandomValues. */
export const SALT_BYTES = 16;
/** Passwords longer than this are neither kept nor compared: a 100,000-character paste costs one length test. */
export const MAX_PASSWORD_LENGTH = 256;
/** Accounts kept (a person with a few mailboxes); the oldest one goes first. */
export const MAX_ENTRIES = 10;
/** Storage key in extension-local storage (never synced, never sent). */
export const PASSWORD_REUSE_KEY = 'passwordReuse';

export interface ReuseEntry {
  /** The signed-in address the webmail showed after the sign-in. */
  account: string;
  /** The trusted webmail where the password was typed. */
  origin: string;
  /** Where the user changes that password (the webmail's own page), shown in the warning. */
  changeUrl: string;
  /** The cheap pre-check: a field is only fingerprinted when its length is one of these. */
  length: number;
  /** base64 of the 32-byte PBKDF2-SHA-256 output. */
  fingerprint: string;
  savedAt: number;
}

export interface ReuseStore {
  /** base64 of SALT_BYTES random bytes. */
  salt: string;
  iterations: number;
  entries: ReuseEntry[];
}

const BASE64_32 = /^[A-Za-z0-9+/]{43}=$/;
const BASE64_SALT = /^[A-Za-z0-9+/]{22}==$/;

export const isFingerprint = (v: unknown): v is string => typeof v === 'string' && BASE64_32.test(v);

export function isPasswordLength(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_PASSWORD_LENGTH;
}

const isHttpUrl = (v: unknown, max = 2048): v is string => {
  if (typeof v !== 'string' || v.length > max) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

function isEntry(v: unknown): v is ReuseEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.account === 'string' &&
    e.account.length > 0 &&
    e.account.length <= 320 &&
    isHttpUrl(e.origin, 300) &&
    isHttpUrl(e.changeUrl) &&
    isPasswordLength(e.length) &&
    isFingerprint(e.fingerprint) &&
    typeof e.savedAt === 'number' &&
    Number.isFinite(e.savedAt)
  );
}

/** Storage is read defensively: anything malformed is dropped, a missing or broken salt is "no store". */
export function parseReuseStore(raw: unknown): ReuseStore | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.salt !== 'string' || !BASE64_SALT.test(r.salt)) return null;
  if (typeof r.iterations !== 'number' || !Number.isInteger(r.iterations) || r.iterations < 100_000 || r.iterations > 10_000_000)
    return null;
  const entries = Array.isArray(r.entries) ? r.entries.filter(isEntry).slice(0, MAX_ENTRIES) : [];
  return { salt: r.salt, iterations: r.iterations, entries };
}

/** Keeps one fingerprint per account and origin (a changed password replaces the old one), newest first. */
export function withEntry(store: ReuseStore, entry: ReuseEntry): ReuseStore {
  const others = store.entries.filter((e) => !(e.account.toLowerCase() === entry.account.toLowerCase() && e.origin === entry.origin));
  return { ...store, entries: [entry, ...others].slice(0, MAX_ENTRIES) };
}

/** The lengths worth a fingerprint: typing anything else costs nothing. */
export function watchedLengths(store: ReuseStore | null): Set<number> {
  return new Set((store?.entries ?? []).map((e) => e.length));
}

/** Entries whose length matches: the only ones a typed value is fingerprinted for. */
export function candidatesFor(store: ReuseStore, length: number): ReuseEntry[] {
  if (length < 1 || length > MAX_PASSWORD_LENGTH) return [];
  return store.entries.filter((e) => e.length === length);
}

/** What the optional report URL receives: the account, the page, the time; never the password nor its fingerprint. */
export interface ReuseReport {
  type: 'password-reuse';
  account: string;
  /** The page's origin and path, without query or fragment (they may hold tokens). */
  page: string;
  /** ISO 8601, UTC. */
  time: string;
}

export function reuseReport(account: string, pageUrl: string, now: number): ReuseReport {
  const url = new URL(pageUrl);
  return { type: 'password-reuse', account, page: `${url.origin}${url.pathname}`, time: new Date(now).toISOString() };
}

/** One report per page origin per window: a page typing in a loop must not flood IT's collector. */
export const REPORT_INTERVAL_MS = 10 * 60 * 1000;

export function shouldReport(lastReportedAt: number | undefined, now: number): boolean {
  return lastReportedAt === undefined || now - lastReportedAt >= REPORT_INTERVAL_MS;
}
