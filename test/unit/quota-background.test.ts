/**
 * The background turns a page's quota facts into a reading without knowing the webmail, and ties a
 * reading from a view that names nobody (Horde's mailbox) to the account last seen signed in at the
 * same address, within bounds. The extension API is @webext-core/fake-browser.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { parseMessage } from '../../src/shared/messages.ts';
import { useEnglish } from '../dom/fake-extension.ts';

vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('../../src/background/inject.ts', () => ({ injectFeature: vi.fn() }));

const { HANDLERS } = await import('../../src/background/handlers.ts');
const { readQuotaReadings } = await import('../../src/background/quota-store.ts');
const { readingFromFacts, recordQuotaFacts, noteAccountSeen, LAST_ACCOUNT_TTL_MS } = await import('../../src/background/quota.ts');

const HORDE = 'https://horde.example.org';
type AnyHandler = { handle(message: unknown, sender: unknown): Promise<any> };
const sender = (url: string, tab = 1) => ({ id: fakeBrowser.runtime.id, url, tab: { id: tab }, frameId: 0 });
const send = (raw: Record<string, unknown>, url: string) => {
  const message = parseMessage(raw);
  if (!message) return Promise.resolve('refused by the message guard');
  return (HANDLERS[message.type] as unknown as AnyHandler).handle(message, sender(url));
};
const hordeFacts = (text: string) => ({
  type: 'quota-facts',
  baseUrl: 'https://webmail.example.org/',
  webmail: 'horde',
  account: null,
  facts: { kind: 'widget', text, title: '' },
});

beforeEach(() => {
  fakeBrowser.reset();
  useEnglish();
});

describe('facts become a reading whichever webmail sent them', () => {
  it.each([
    ['Roundcube', { text: '42%', title: 'Disk usage: 8.4 MB / 20 MB (42%)' }, 42],
    ['Roundcube in French', { text: '42%', title: 'Utilisation du disque: 8.4 Mo / 20 Mo (42%)' }, 42],
    ['SOGo', { text: '41.96% used on 20 MB', title: '' }, 42],
    ['SOGo in French', { text: '42% utilisé sur 20 MO', title: '' }, 42],
    ['Horde', { text: '42% of 20 MB', title: '' }, 42],
    ['Horde in French', { text: '42% de 20 MB', title: '' }, 42],
  ])('%s', (_name, shown, percent) => {
    expect(readingFromFacts({ kind: 'widget', ...shown })).toMatchObject({ state: 'limited', percent, totalBytes: 20 * 1024 * 1024 });
  });
  it('a display without numbers or in a wording no webmail ships gives no reading', () => {
    for (const text of ['', 'Quota', 'Loading…', '42 Prozent von 20 MB belegt', '%{0}% used on %{1} MB']) {
      expect(readingFromFacts({ kind: 'widget', text, title: '' })).toBeNull();
    }
  });
});

describe('a quota view that names nobody (Horde’s mailbox)', () => {
  it('is dropped while no page at that address named its account', async () => {
    expect(await send(hordeFacts('42% of 20 MB'), `${HORDE}/imp/dynamic.php?page=mailbox`)).toEqual({ recorded: false });
    expect(await readQuotaReadings()).toEqual({});
  });

  it('is tied to the account a page at the same address named (compose, Passwd), never to another address’s', async () => {
    await send({ type: 'signed-in', webmail: 'horde', account: 'alice@example.org' }, `${HORDE}/imp/dynamic.php?page=compose`);
    await send({ type: 'signed-in', webmail: 'horde', account: 'mallory@example.org' }, 'https://other.example.org/imp/');
    expect(await send(hordeFacts('42% of 20 MB'), `${HORDE}/imp/dynamic.php?page=mailbox`)).toEqual({ recorded: true });
    const readings = Object.values(await readQuotaReadings());
    expect(readings).toMatchObject([{ account: 'alice@example.org', origin: HORDE, webmail: 'horde', reading: { percent: 42 } }]);
  });

  it('is not tied to an account seen longer ago than a working day', async () => {
    const now = Date.now();
    await noteAccountSeen('alice@example.org', `${HORDE}/passwd/`, [], now - LAST_ACCOUNT_TTL_MS - 1);
    const message = parseMessage(hordeFacts('42% of 20 MB'));
    expect(await recordQuotaFacts(message as never, `${HORDE}/imp/dynamic.php?page=mailbox`, [], now)).toBe(false);
  });

  it('keeps only a few addresses’ last accounts, the newest, in session storage', async () => {
    const now = Date.now();
    for (let i = 0; i < 50; i++) await noteAccountSeen(`user${i}@example.org`, `https://mail${i}.example.org/`, [], now + i);
    const stored = (await fakeBrowser.storage.session.get('quotaLastAccount')).quotaLastAccount as Record<string, unknown>;
    expect(Object.keys(stored)).toHaveLength(20);
    expect(stored['https://mail49.example.org']).toMatchObject({ account: 'user49@example.org' });
    expect(await fakeBrowser.storage.local.get('quotaLastAccount')).toEqual({});
  });

  it('a look-alike address teaches nothing once IT listed its webmail', async () => {
    await noteAccountSeen('alice@example.org', 'https://evil.example/', [HORDE]);
    expect(await fakeBrowser.storage.session.get('quotaLastAccount')).toEqual({});
  });
});

describe('the webmail’s base URL kept with a reading', () => {
  it('is the page’s claim when it is a directory on the sender’s own origin', async () => {
    const { webmailBaseUrl } = await import('../../src/background/quota.ts');
    expect(webmailBaseUrl('https://mail.example.org/roundcube/', 'https://mail.example.org', 'roundcube')).toBe(
      'https://mail.example.org/roundcube/',
    );
    // Never a query, a fragment or another host: the popup would send the user there.
    expect(webmailBaseUrl('https://mail.example.org/roundcube/?x#y', 'https://mail.example.org', 'roundcube')).toBe(
      'https://mail.example.org/roundcube/',
    );
    expect(webmailBaseUrl('https://evil.example/roundcube/', 'https://mail.example.org', 'roundcube')).toBe('https://mail.example.org/');
    expect(webmailBaseUrl('https://mail.example.org/index.php', 'https://mail.example.org', 'roundcube')).toBe('https://mail.example.org/');
    // A reading an older version kept has none: where the webmail usually is.
    expect(webmailBaseUrl(undefined, 'https://mail.example.org', 'sogo')).toBe('https://mail.example.org/SOGo/');
    expect(webmailBaseUrl(undefined, 'https://mail.example.org', 'horde')).toBe('https://mail.example.org/horde/');
  });

  it('is stored with the reading and given to the popup', async () => {
    const url = 'https://mail.example.org/roundcube/?_task=mail';
    const message = {
      type: 'quota-facts',
      webmail: 'roundcube',
      account: 'alice@example.org',
      baseUrl: 'https://mail.example.org/roundcube/',
      facts: { kind: 'exact', percent: 42, usedBytes: 42, totalBytes: 100 },
    };
    expect(await send(message, url)).toEqual({ recorded: true });
    expect(Object.values(await readQuotaReadings())).toMatchObject([{ baseUrl: 'https://mail.example.org/roundcube/' }]);
    const state = await (HANDLERS['get-popup-state'] as unknown as AnyHandler).handle(
      { type: 'get-popup-state' },
      { id: fakeBrowser.runtime.id, url: 'chrome-extension://x/popup.html' },
    );
    expect(state.accounts).toMatchObject([{ origin: 'https://mail.example.org', baseUrl: 'https://mail.example.org/roundcube/' }]);
  });
});
