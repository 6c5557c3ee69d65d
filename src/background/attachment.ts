import { CAR_FACTOR, estimateAttachment, type OrganisationFactors } from '../model/co2.ts';
import type { AttachmentEstimateReply } from '../shared/attachment-estimate.ts';
import type { Settings } from '../shared/settings.ts';
import { loadSettings } from '../shared/settings-store.ts';
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
  const { values } = await loadSettings();
  return estimateForSettings(bytes, recipients, values);
}

/** For tests: start from an empty cache. */
export function clearEstimateCache(): void {
  cache.clear();
}

export function estimateCacheSize(): number {
  return cache.size;
}
