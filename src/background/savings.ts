import browser from 'webextension-polyfill';
import { admitSaving, type SavingWindow } from '../model/storage-bounds.ts';
import { inStorageQueue } from '../shared/storage-queue.ts';

/**
 * What staff avoided by removing big attachments after the banner showed them: kept in local
 * storage (this browser only, never sent) for the popup.
 */
export const SAVINGS_KEY = 'attachmentSavings';

export interface AttachmentSavings {
  bytes: number;
  /** g CO2e, as the banner estimated them when the attachments were removed. */
  grams: number;
  /** Attachments removed. */
  count: number;
  /** When the first saving was recorded (ms since the epoch). */
  since: number;
  /** When the reports of the last hour were accepted: the hourly bound survives the service worker stopping. */
  recent: SavingWindow;
}

const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Storage is read defensively: a bad or missing value is "nothing saved yet", never an error. */
export function parseSavings(raw: unknown): AttachmentSavings | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const v = raw as Record<string, unknown>;
  if (!isAmount(v.bytes) || !isAmount(v.grams) || !isAmount(v.count) || !isAmount(v.since)) return null;
  const recent = Array.isArray(v.recent) ? v.recent.filter(isAmount).slice(-100) : [];
  return { bytes: v.bytes, grams: v.grams, count: Math.floor(v.count), since: v.since, recent };
}

/** For the popup (through `get-popup-state`): the totals so far, or null before the first saving. */
export async function readSavings(): Promise<AttachmentSavings | null> {
  try {
    return parseSavings((await browser.storage.local.get(SAVINGS_KEY))[SAVINGS_KEY]);
  } catch {
    return null;
  }
}

/**
 * Handler of `record-saving`: adds one batch of attachments removed from one message to the totals,
 * within the bounds per message and per hour (model/storage-bounds.ts); null when refused. In the
 * one storage queue: two tabs can report at the same moment.
 */
export function recordSaving(bytes: number, grams: number, now = Date.now()): Promise<AttachmentSavings | null> {
  return inStorageQueue(async () => {
    const current = (await readSavings()) ?? { bytes: 0, grams: 0, count: 0, since: now, recent: [] };
    const admitted = admitSaving(current.recent, bytes, grams, now);
    if (!admitted.ok) return null;
    const updated: AttachmentSavings = {
      bytes: current.bytes + bytes,
      grams: current.grams + grams,
      count: current.count + 1,
      since: current.since,
      recent: admitted.window,
    };
    await browser.storage.local.set({ [SAVINGS_KEY]: updated });
    return updated;
  });
}
