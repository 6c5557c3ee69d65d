/**
 * Bounds on what pages can make the extension store. Pure module: the background applies them on
 * every write, so no page, however many reports it sends, can grow storage past them (once
 * `storage.local` is full, publishing new settings fails and policy changes stop reaching pages).
 */
import { trustOf } from './trust.ts';

export const QUOTA_READING_LIMITS = {
  /** Accounts kept per webmail address: a person has a few mailboxes on one webmail, not dozens. */
  perOrigin: 5,
  /** Accounts kept in all. */
  total: 20,
  /** A reading older than this says nothing about the mailbox today (ms: 90 days). */
  maxAgeMs: 90 * 24 * 60 * 60 * 1000,
} as const;

export interface DatedReading {
  origin: string;
  readAt: number;
}

/**
 * The readings worth keeping, newest first within each bound: expired ones and, once addresses are
 * listed, those of any other address go; then at most `perOrigin` per address and `total` in all.
 */
export function boundReadings<T extends DatedReading>(
  readings: Record<string, T>,
  now: number,
  webmailOrigins: readonly string[],
): Record<string, T> {
  const kept: [string, T][] = [];
  const perOrigin = new Map<string, number>();
  const newestFirst = Object.entries(readings).sort(([, a], [, b]) => b.readAt - a.readAt);
  for (const [key, entry] of newestFirst) {
    // A reading dated in the future is a forgery or a clock change: it would never expire.
    if (!(entry.readAt <= now && now - entry.readAt <= QUOTA_READING_LIMITS.maxAgeMs)) continue;
    if (trustOf(entry.origin, webmailOrigins) === 'untrusted') continue;
    const count = perOrigin.get(entry.origin) ?? 0;
    if (count >= QUOTA_READING_LIMITS.perOrigin) continue;
    perOrigin.set(entry.origin, count + 1);
    kept.push([key, entry]);
    if (kept.length >= QUOTA_READING_LIMITS.total) break;
  }
  return Object.fromEntries(kept);
}

export const SAVING_LIMITS = {
  /**
   * One report is one batch of attachments removed from one message. Roundcube's default upload
   * limit is a few tens of MB; 1 GiB per message is far above any real message and far below a forgery.
   */
  bytesPerMessage: 2 ** 30,
  /** ADEME's model gives ≈ 0.1 kg for 1 GiB sent to a few recipients and kept a year: 100 kg is an upper bound with room. */
  gramsPerMessage: 100_000,
  /** Reports per rolling hour: someone tidying attachments removes a few, not hundreds. */
  messagesPerHour: 30,
  hourMs: 60 * 60 * 1000,
} as const;

/** The times of the reports accepted in the last hour, oldest first. */
export type SavingWindow = number[];

/**
 * Whether a saving may be counted now, and the window after it: refused when one message claims
 * more than a message can be, or when the hour already holds its share of reports.
 */
export function admitSaving(window: SavingWindow, bytes: number, grams: number, now: number): { ok: boolean; window: SavingWindow } {
  const recent = window.filter((at) => at <= now && now - at < SAVING_LIMITS.hourMs);
  if (!(bytes > 0 && bytes <= SAVING_LIMITS.bytesPerMessage && grams >= 0 && grams <= SAVING_LIMITS.gramsPerMessage))
    return { ok: false, window: recent };
  if (recent.length >= SAVING_LIMITS.messagesPerHour) return { ok: false, window: recent };
  return { ok: true, window: [...recent, now] };
}
