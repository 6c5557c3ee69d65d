/**
 * The background side of the attachment nudge: estimates (ADEME's model, settings read in the
 * background, cache) and the savings store, with the extension API played by @webext-core/fake-browser.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { ADEME_SOURCE, CAR_FACTOR, estimateAttachment } from '../../src/model/co2.ts';
import { isAttachmentEstimateReply, isMailboxRoomReply } from '../../src/shared/attachment-estimate.ts';

vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));
// The injected scripts are build outputs (`?script`), not something to run here.
vi.mock('../../src/background/inject.ts', () => ({ injectFeature: vi.fn() }));

const { estimateForSettings, estimateAttachmentMessage, clearEstimateCache, estimateCacheSize, LruCache, mailboxRoom } =
  await import('../../src/background/attachment.ts');
const { accountKey } = await import('../../src/background/quota-store.ts');
const { readSavings, recordSaving, SAVINGS_KEY } = await import('../../src/background/savings.ts');
const { HANDLERS } = await import('../../src/background/handlers.ts');

const MiB = 1024 * 1024;
const settings = (changes: Partial<Settings> = {}): Settings => ({ ...structuredClone(DEFAULT_SETTINGS), ...changes }) as Settings;

beforeEach(() => {
  fakeBrowser.reset();
  clearEstimateCache();
});

describe('attachment estimates in the background', () => {
  it('gives ADEME’s figures for the size, the recipients and the years kept from settings', () => {
    const reply = estimateForSettings(9 * MiB, 3, settings({ yearsKept: 1 }));
    const direct = estimateAttachment({ attachmentBytes: 9 * MiB, recipients: 3, yearsKept: 1 });
    expect(reply).toMatchObject({
      bytes: 9 * MiB,
      recipients: 3,
      yearsKept: 1,
      grams: direct.grams,
      carMetres: direct.carMetres,
      shareLinkGrams: direct.shareLinkGrams,
      source: ADEME_SOURCE,
      carSource: CAR_FACTOR.source,
      shareLinkSource: ADEME_SOURCE,
      modelVersion: direct.modelVersion,
    });
    expect(isAttachmentEstimateReply(reply)).toBe(true);
  });

  it('answers a repeated question from its cache, and a changed setting is a new question', () => {
    const first = estimateForSettings(6 * MiB, 2, settings());
    expect(estimateForSettings(6 * MiB, 2, settings())).toBe(first);
    expect(estimateCacheSize()).toBe(1);
    expect(estimateForSettings(6 * MiB, 2, settings({ yearsKept: 10 })).grams).toBeGreaterThan(first.grams);
    expect(estimateCacheSize()).toBe(2);
  });

  it('keeps its cache bounded, forgetting the least recently used figure first', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // 'a' is now the most recent
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.size]).toEqual([1, undefined, 3, 2]);
  });

  it('uses the organisation’s factors when IT set them, and says so; share link and car stay ADEME’s', () => {
    const reply = estimateForSettings(
      6 * MiB,
      3,
      settings({ yearsKept: 1, co2Override: { gramsPerMbSent: 19, gramsPerMbStoredPerYear: 0, label: 'Hébergeur, ADEME 2011' } }),
    );
    expect(reply.source).toEqual({ kind: 'organisation', label: 'Hébergeur, ADEME 2011' });
    expect(reply.grams).toBeCloseTo(6 * 3 * 19, 9);
    expect(reply.shareLinkSource).toEqual(ADEME_SOURCE);
    expect(reply.carSource).toEqual(CAR_FACTOR.source);
  });

  it('reads years kept from the user’s settings itself: the page only sends bytes and recipients', async () => {
    await fakeBrowser.storage.local.set({ userSettings: { yearsKept: 5 } });
    const reply = await estimateAttachmentMessage(6 * MiB, 2);
    expect(reply.yearsKept).toBe(5);
    expect(reply.grams).toBe(estimateAttachment({ attachmentBytes: 6 * MiB, recipients: 2, yearsKept: 5 }).grams);
  });

  it('says how much room the sender’s own reading leaves, and nothing without sizes or from another address', async () => {
    const origin = 'https://mail.example.test';
    const reading = (r: object) => ({ account: 'alice@example.test', origin, webmail: 'sogo', reading: r, readAt: Date.now() });
    await fakeBrowser.storage.local.set({
      quotaReadings: {
        [accountKey(origin, 'alice@example.test')]: reading({ state: 'limited', percent: 85, usedBytes: 17 * MiB, totalBytes: 20 * MiB }),
      },
    });
    expect(await mailboxRoom(`${origin}/SOGo/so/alice@example.test/Mail/view`, 'Alice@Example.test')).toEqual({ roomBytes: 3 * MiB });
    expect(await mailboxRoom('https://other.example.test/SOGo/', 'alice@example.test')).toEqual({ roomBytes: null });
    expect(await mailboxRoom(`${origin}/`, 'bob@example.test')).toEqual({ roomBytes: null });
    await fakeBrowser.storage.local.set({
      quotaReadings: {
        [accountKey(origin, 'alice@example.test')]: reading({ state: 'limited', percent: 85, usedBytes: null, totalBytes: null }),
      },
    });
    expect(await mailboxRoom(`${origin}/`, 'alice@example.test')).toEqual({ roomBytes: null });
    expect(isMailboxRoomReply({ roomBytes: 3 * MiB })).toBe(true);
    expect(isMailboxRoomReply({ roomBytes: -1 })).toBe(false);
    expect(isMailboxRoomReply({ roomBytes: 1, extra: 1 })).toBe(false);
  });

  it('is registered for content scripts only', () => {
    expect(HANDLERS['mailbox-room']?.from).toBe('content');
    expect(HANDLERS['estimate-attachment']?.from).toBe('content');
    expect(HANDLERS['record-saving']?.from).toBe('content');
  });

  it('the content script refuses replies that are not well-formed figures', () => {
    const good = estimateForSettings(6 * MiB, 1, settings());
    expect(isAttachmentEstimateReply({ ...good, grams: -1 })).toBe(false);
    expect(isAttachmentEstimateReply({ ...good, grams: Number.NaN })).toBe(false);
    expect(isAttachmentEstimateReply({ ...good, source: { kind: 'x', label: 'y' } })).toBe(false);
    expect(isAttachmentEstimateReply(null)).toBe(false);
  });
});

describe('attachment savings', () => {
  it('is empty before the first saving', async () => {
    expect(await readSavings()).toBeNull();
  });

  it('adds savings up, including two reported at the same moment', async () => {
    await Promise.all([recordSaving(6 * MiB, 1.2, 1000), recordSaving(3 * MiB, 0.6, 2000)]);
    const savings = await readSavings();
    expect(savings).toEqual({ bytes: 9 * MiB, grams: expect.closeTo(1.8, 9), count: 2, since: 1000, recent: [1000, 2000] });
    expect((await fakeBrowser.storage.local.get(SAVINGS_KEY))[SAVINGS_KEY]).toEqual(savings);
  });

  it('starts again from a damaged record rather than failing', async () => {
    await fakeBrowser.storage.local.set({ [SAVINGS_KEY]: { bytes: 'lots', grams: 1 } });
    expect(await readSavings()).toBeNull();
    expect(await recordSaving(10, 0.5, 42)).toEqual({ bytes: 10, grams: 0.5, count: 1, since: 42, recent: [42] });
  });
});
