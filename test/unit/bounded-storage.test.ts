/**
 * Issue 19, item 2: what pages can make the extension store is bounded (quota readings per address,
 * in total and in time; savings per message and per hour), accounts must be e-mail addresses, and
 * every read-modify-write goes through one queue. The extension API is @webext-core/fake-browser.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { parseMessage } from '../../src/shared/messages.ts';
import { isEmailAddress } from '../../src/model/account.ts';
import { admitSaving, boundReadings, QUOTA_READING_LIMITS, SAVING_LIMITS } from '../../src/model/storage-bounds.ts';
import { inStorageQueue } from '../../src/shared/storage-queue.ts';
import { useEnglish } from '../dom/fake-extension.ts';

vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('../../src/background/inject.ts', () => ({ injectFeature: vi.fn() }));

const { HANDLERS } = await import('../../src/background/handlers.ts');
const { QUOTA_READINGS_KEY, readQuotaReadings } = await import('../../src/background/quota-store.ts');
const { SAVINGS_KEY, readSavings, recordSaving } = await import('../../src/background/savings.ts');

const WEBMAIL = 'https://webmail.example.org';
type AnyHandler = { handle(message: unknown, sender: unknown): Promise<any> };
const handler = (type: string) => HANDLERS[type as keyof typeof HANDLERS] as unknown as AnyHandler;
const sender = (url: string, tab = 1) => ({ id: fakeBrowser.runtime.id, url, tab: { id: tab }, frameId: 0 });
const popup = { id: fakeBrowser.runtime.id, url: 'chrome-extension://x/popup.html' };
const send = (raw: Record<string, unknown>, from: object) => {
  const message = parseMessage(raw);
  if (!message) return Promise.resolve('refused by the message guard');
  return handler(message.type).handle(message, from);
};
const facts = (account: string, percent = 42) => ({
  type: 'quota-facts',
  baseUrl: 'https://webmail.example.org/',
  webmail: 'roundcube',
  account,
  facts: { kind: 'exact', usedBytes: percent, totalBytes: 100, percent },
});
const storedBytes = async () => JSON.stringify(await fakeBrowser.storage.local.get(null)).length;

beforeEach(() => {
  fakeBrowser.reset();
  useEnglish();
});
afterEach(() => vi.useRealTimers());

describe('accounts are e-mail addresses', () => {
  it.each(['alice@example.org', 'a.b+tag@mail.example.co.uk', 'bob@localhost'])('%s is one', (account) => {
    expect(isEmailAddress(account)).toBe(true);
    expect(parseMessage(facts(account))).not.toBeNull();
  });
  it.each([
    ['plain text', 'Quota exceeded, call 0800 000 000'],
    ['no local part', '@example.org'],
    ['two @', 'a@b@example.org'],
    ['a space', 'alice @example.org'],
    ['a right-to-left override', 'alice\u202e@example.org'],
    ['a zero-width space', 'al\u200bice@example.org'],
    ['a Cyrillic а that looks Latin', 'аlice@example.org'],
    ['an empty label', 'alice@example..org'],
    ['too long', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org`],
  ])('%s is refused, by the guard and in every message that carries an account', (_why, account) => {
    expect(isEmailAddress(account)).toBe(false);
    expect(parseMessage(facts(account))).toBeNull();
    expect(parseMessage({ type: 'signed-in', webmail: 'roundcube', account })).toBeNull();
    expect(parseMessage({ type: 'password-reuse-seen', account })).toBeNull();
  });
});

describe('quota readings are bounded', () => {
  const day = 24 * 60 * 60 * 1000;
  const reading = (origin: string, readAt: number) => ({ origin, readAt });

  it('expired, future-dated and untrusted readings go; then the newest per address and in total are kept', () => {
    const now = 1000 * day;
    const readings: Record<string, { origin: string; readAt: number }> = {
      old: reading(WEBMAIL, now - QUOTA_READING_LIMITS.maxAgeMs - 1),
      future: reading(WEBMAIL, now + 1),
      lookalike: reading('https://evil.example', now),
    };
    for (let i = 0; i < 8; i++) readings[`w${i}`] = reading(WEBMAIL, now - i);
    const kept = boundReadings(readings, now, [WEBMAIL]);
    expect(Object.keys(kept)).toEqual(['w0', 'w1', 'w2', 'w3', 'w4']);
    // Nothing listed: any address counts, still at most `total`.
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, reading(`https://m${i}.example`, now - i)]));
    expect(Object.keys(boundReadings(many, now, []))).toHaveLength(QUOTA_READING_LIMITS.total);
  });

  it('flood: a page reporting a new account every 5 ms for 30 s cannot grow storage beyond the cap', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 4, 9));
    const page = sender(`${WEBMAIL}/?_task=mail`);
    // Another webmail's reading: a page flooding its own address only ever replaces that address's entries.
    await send(facts('alice@other-webmail.example'), sender('https://other-webmail.example/?_task=mail', 2));
    let sizeAfter100 = 0;
    for (let i = 0; i < 6000; i++) {
      vi.advanceTimersByTime(5);
      await send(facts(`user${i}@example.org`, i % 100), page);
      if (i === 100) sizeAfter100 = await storedBytes();
    }
    const readings = await readQuotaReadings();
    const fromPage = Object.values(readings).filter((r) => r.origin === WEBMAIL);
    expect(fromPage).toHaveLength(QUOTA_READING_LIMITS.perOrigin);
    expect(Object.keys(readings).length).toBeLessThanOrEqual(QUOTA_READING_LIMITS.total);
    // The other webmail's reading was not pushed out by another address's flood.
    expect(Object.values(readings).some((r) => r.account === 'alice@other-webmail.example')).toBe(true);
    // Storage stopped growing once the cap was reached.
    expect(await storedBytes()).toBeLessThanOrEqual(sizeAfter100 + 100);
  });

  it('many addresses flooding at once stay within the total', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 4, 9));
    for (let i = 0; i < 300; i++) {
      vi.advanceTimersByTime(3);
      await send(facts(`u${i}@example.org`), sender(`https://m${i % 50}.example/?_task=mail`));
    }
    expect(Object.keys(await readQuotaReadings())).toHaveLength(QUOTA_READING_LIMITS.total);
  });

  it('concurrent reports from several tabs are all kept: one queue, no lost read-modify-write', async () => {
    const accounts = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'];
    const answers = await Promise.all(accounts.map((account, tab) => send(facts(account), sender(`${WEBMAIL}/?_task=mail`, tab + 1))));
    expect(answers).toEqual(accounts.map(() => ({ recorded: true })));
    expect(
      Object.values(await readQuotaReadings())
        .map((r) => r.account)
        .sort(),
    ).toEqual(accounts);
  });

  it('the popup lists a key per account, and "forget" removes that reading only (and the badge with it)', async () => {
    await send(facts('alice@example.org', 97), sender(`${WEBMAIL}/?_task=mail`));
    await send(facts('bob@example.org', 10), sender(`${WEBMAIL}/?_task=mail`));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('97%');
    const state = await send({ type: 'get-popup-state' }, popup);
    const alice = state.accounts.find((a: { account: string }) => a.account === 'alice@example.org');
    expect(await send({ type: 'forget-quota-reading', key: alice.key }, popup)).toEqual({ forgotten: true });
    expect(Object.values(await readQuotaReadings()).map((r) => r.account)).toEqual(['bob@example.org']);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('10%');
    expect(await send({ type: 'forget-quota-reading', key: alice.key }, popup)).toEqual({ forgotten: false });
    // Only our extension pages may ask.
    expect(HANDLERS['forget-quota-reading']?.from).toBe('extension');
    expect(parseMessage({ type: 'forget-quota-reading', key: 'x'.repeat(601) })).toBeNull();
  });

  it('a reading stored before the bounds existed is trimmed at the next write', async () => {
    const now = Date.now();
    const legacy = Object.fromEntries(
      Array.from({ length: 96 }, (_, i) => [
        `${WEBMAIL} x${i}@example.org`,
        { account: `x${i}@example.org`, origin: WEBMAIL, webmail: 'roundcube', reading: { state: 'none' }, readAt: now - 1000 - i },
      ]),
    );
    await fakeBrowser.storage.local.set({ [QUOTA_READINGS_KEY]: legacy });
    await send(facts('alice@example.org'), sender(`${WEBMAIL}/?_task=mail`));
    expect(Object.keys(await readQuotaReadings())).toHaveLength(QUOTA_READING_LIMITS.perOrigin);
  });
});

describe('savings are bounded per message and per hour', () => {
  it('a message claiming more than one message can be is refused', () => {
    expect(admitSaving([], SAVING_LIMITS.bytesPerMessage + 1, 1, 0).ok).toBe(false);
    expect(admitSaving([], 1, SAVING_LIMITS.gramsPerMessage + 1, 0).ok).toBe(false);
    expect(admitSaving([], 0, 0, 0).ok).toBe(false);
    expect(admitSaving([], 6e6, 12, 0)).toEqual({ ok: true, window: [0] });
  });

  it('the hour holds its share of reports, then the next hour accepts again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 4, 9));
    const page = sender(`${WEBMAIL}/?_task=mail&_action=compose`);
    const results = [];
    for (let i = 0; i < SAVING_LIMITS.messagesPerHour + 10; i++) {
      vi.advanceTimersByTime(10);
      results.push(await send({ type: 'record-saving', bytes: 6e6, grams: 1e9 }, page));
      results.push(await send({ type: 'record-saving', bytes: 6e6, grams: 10 }, page));
    }
    const saved = await readSavings();
    expect(saved?.count).toBe(SAVING_LIMITS.messagesPerHour);
    expect(saved?.grams).toBe(10 * SAVING_LIMITS.messagesPerHour);
    vi.advanceTimersByTime(SAVING_LIMITS.hourMs);
    expect(await send({ type: 'record-saving', bytes: 6e6, grams: 10 }, page)).toMatchObject({ count: SAVING_LIMITS.messagesPerHour + 1 });
    // The window is kept in storage: a service worker restart does not reset it.
    expect(((await fakeBrowser.storage.local.get(SAVINGS_KEY))[SAVINGS_KEY] as { recent: number[] }).recent).toHaveLength(1);
  });

  it('concurrent savings are all counted', async () => {
    await Promise.all(Array.from({ length: 5 }, () => recordSaving(1000, 1)));
    expect((await readSavings())?.count).toBe(5);
  });
});

describe('one storage queue', () => {
  it('runs tasks one after the other, and a failure does not stop the ones after it', async () => {
    const order: string[] = [];
    const slow = inStorageQueue(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('slow');
    });
    const failing = inStorageQueue(async () => {
      order.push('failing');
      throw new Error('storage full');
    });
    const last = inStorageQueue(async () => order.push('last'));
    await Promise.allSettled([slow, failing, last]);
    await expect(failing).rejects.toThrow('storage full');
    expect(order).toEqual(['slow', 'failing', 'last']);
  });
});
