import { CAR_FACTOR, estimateAttachment, type OrganisationFactors } from '../model/co2.ts';
import type { AttachmentEstimateReply, MailboxRoomReply } from '../shared/attachment-estimate.ts';
import { accountKey, readQuotaReadings } from './quota-store.ts';
import type { Settings } from '../shared/settings.ts';
import { settingsInForce } from '../shared/settings-store.ts';
import { organisationFactors } from './co2-settings.ts';

/**
 * Estimates for the attachment banner. The content script sends only a byte count and a number of
 * recipients; years kept and the organisation's factors come from settings read here, so a page
 * cannot choose them.
 *
 * Why a cache: one estimate runs ADEME's model in three situations (≈ 60–80 ms, the first one
 * ≈ 0.4 s while the engine parses the model: docs/co2-method.md §9), and the banner asks again
 * whenever a recipient is added or removed, often for a figure it asked for a moment before.
 */

/** A map that forgets its least recently used entry beyond `max` entries. */
export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: re-inserting makes this entry the most recent.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value as K);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** Enough for every size × recipient count one person tries while writing a few messages. */
const cache = new LruCache<string, AttachmentEstimateReply>(200);

function cacheKey(bytes: number, recipients: number, yearsKept: number, override: OrganisationFactors | null): string {
  return JSON.stringify([bytes, recipients, yearsKept, override]);
}

/** Pure apart from the cache: the figures for these inputs under these settings. */
export function estimateForSettings(bytes: number, recipients: number, settings: Settings): AttachmentEstimateReply {
  const override = organisationFactors(settings);
  const key = cacheKey(bytes, recipients, settings.yearsKept, override);
  const hit = cache.get(key);
  if (hit) return hit;
  const estimate = estimateAttachment({ attachmentBytes: bytes, recipients, yearsKept: settings.yearsKept, override });
  const reply: AttachmentEstimateReply = {
    bytes: estimate.input.attachmentBytes,
    recipients: estimate.input.recipients,
    yearsKept: estimate.input.yearsKept,
    grams: estimate.grams,
    source: estimate.source,
    carMetres: estimate.carMetres,
    carSource: CAR_FACTOR.source,
    shareLinkGrams: estimate.shareLinkGrams,
    shareLinkSource: estimate.shareLinkSource,
    modelVersion: estimate.modelVersion,
  };
  cache.set(key, reply);
  return reply;
}

/** Handler of `estimate-attachment`. */
export async function estimateAttachmentMessage(bytes: number, recipients: number): Promise<AttachmentEstimateReply> {
  const values = await settingsInForce();
  return estimateForSettings(bytes, recipients, values);
}

/**
 * Handler of `mailbox-room`: what the quota reading of this account at the sender's address leaves
 * (the page's own figures, read by the quota nudge). Null without a reading with sizes: the nudge
 * then says nothing about the mailbox filling.
 */
export async function mailboxRoom(senderUrl: string, account: string): Promise<MailboxRoomReply> {
  const entry = (await readQuotaReadings())[accountKey(new URL(senderUrl).origin, account)];
  const reading = entry?.reading;
  if (reading?.state !== 'limited' || reading.usedBytes === null || reading.totalBytes === null) return { roomBytes: null };
  return { roomBytes: Math.max(0, reading.totalBytes - reading.usedBytes) };
}

/** Estimates one tab may have running at once; one estimate costs the background ≈ 60–160 ms. */
export const ESTIMATES_IN_FLIGHT_PER_TAB = 2;

interface TabLoad {
  running: number;
  /** The newest request waiting for a free slot; an older one waiting is answered null. */
  waiting: { start: () => void; drop: () => void } | null;
}
const tabLoads = new Map<number, TabLoad>();

/**
 * Runs a tab's estimate with at most `ESTIMATES_IN_FLIGHT_PER_TAB` of its estimates running, and at
 * most one waiting: the newest, since the banner shows only its latest figures. A page asking for
 * hundreds (a fake compose view adding and removing attachments) gets null for all but those, and
 * costs the background the same few model runs.
 */
export function limitedPerTab<T>(tabId: number, task: () => Promise<T>): Promise<T | null> {
  const load = tabLoads.get(tabId) ?? { running: 0, waiting: null };
  tabLoads.set(tabId, load);
  return new Promise<T | null>((resolve) => {
    const start = () => {
      load.running++;
      task()
        .then(resolve, () => resolve(null))
        .finally(() => {
          load.running--;
          const next = load.waiting;
          load.waiting = null;
          if (next) next.start();
          else if (load.running === 0) tabLoads.delete(tabId);
        });
    };
    if (load.running < ESTIMATES_IN_FLIGHT_PER_TAB) return start();
    load.waiting?.drop();
    load.waiting = { start, drop: () => resolve(null) };
  });
}

/** For tests: start from an empty cache. */
export function clearEstimateCache(): void {
  cache.clear();
}

export function estimateCacheSize(): number {
  return cache.size;
}
