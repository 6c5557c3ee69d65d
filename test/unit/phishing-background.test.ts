/**
 * The background's side of issue 14, with the extension API played by @webext-core/fake-browser and
 * a real HTTP server for the report URL: nothing from an untrusted page is believed, a fingerprint is
 * kept only after the trusted webmail showed the signed-in account, the first sign-in with nothing
 * listed is proposed (never trusted silently), and the report carries no password nor fingerprint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMessage } from '../../src/shared/messages.ts';
import { PASSWORD_REUSE_KEY } from '../../src/model/password-reuse.ts';
import { useEnglish } from '../dom/fake-extension.ts';

vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('../../src/background/inject.ts', () => ({ injectFeature: vi.fn() }));

const { HANDLERS } = await import('../../src/background/handlers.ts');
const { ensureReuseStore, readReuseStore, resetReuseMemory } = await import('../../src/background/password-reuse.ts');
const { QUOTA_READINGS_KEY } = await import('../../src/background/quota-store.ts');
const { TRUST_PROPOSAL_KEY, readTrustProposal, declineTrustProposal, acceptTrustProposal } =
  await import('../../src/shared/trust-proposal.ts');

const WEBMAIL = 'https://webmail.example.org';
const PHISH = 'https://random-blog.example';
const FP = 'Q'.repeat(43) + '=';

type AnyHandler = { handle(message: unknown, sender: unknown): Promise<any> };
const handler = (type: string) => HANDLERS[type as keyof typeof HANDLERS] as unknown as AnyHandler;
const sender = (url: string, tab = 1) => ({ id: fakeBrowser.runtime.id, url, tab: { id: tab }, frameId: 0 });
const send = (raw: Record<string, unknown>, from: ReturnType<typeof sender>) => {
  const message = parseMessage(raw);
  expect(message, JSON.stringify(raw)).not.toBeNull();
  return handler(message!.type).handle(message, from);
};
const setUser = (values: Record<string, unknown>) => fakeBrowser.storage.local.set({ userSettings: values });
const local = async (key: string) => (await fakeBrowser.storage.local.get(key))[key];

const received: { url: string; body: string; type: string }[] = [];
let server: Server;
let reportUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body, type: String(req.headers['content-type']) });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  reportUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reports`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

beforeEach(() => {
  fakeBrowser.reset();
  useEnglish();
  resetReuseMemory();
  received.length = 0;
});

describe('nothing is believed from an untrusted page', () => {
  const facts = {
    type: 'quota-facts',
    baseUrl: 'https://webmail.example.org/',
    webmail: 'roundcube',
    account: 'it-helpdesk@victim-corp.example',
    facts: { kind: 'exact', usedBytes: 95, totalBytes: 100, percent: 95 },
  };

  it('with webmail addresses listed, a look-alike’s quota is refused and the badge stays clear', async () => {
    await setUser({ webmailOrigins: [WEBMAIL] });
    expect(await send(facts, sender(`${PHISH}/?_task=mail`))).toEqual({ recorded: false });
    expect(await local(QUOTA_READINGS_KEY)).toBeUndefined();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await send({ type: 'record-saving', bytes: 10, grams: 1 }, sender(`${PHISH}/`))).toBeNull();
    // The organisation's own webmail is believed.
    expect(await send({ ...facts, account: 'alice@example.org' }, sender(`${WEBMAIL}/?_task=mail`))).toEqual({ recorded: true });
  });

  it('with nothing listed, Roundcube anywhere still reports (the issue keeps that until IT lists addresses)', async () => {
    expect(await send(facts, sender(`${PHISH}/?_task=mail`))).toEqual({ recorded: true });
  });

  it('a reading left by a look-alike before the list existed stops counting for the badge and the popup', async () => {
    await send(facts, sender(`${PHISH}/?_task=mail`));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('95%');
    await setUser({ webmailOrigins: [WEBMAIL] });
    const state = await handler('get-popup-state').handle({ type: 'get-popup-state' }, sender('chrome-extension://x/popup.html'));
    expect(state.accounts).toEqual([]);
    expect(state.trustedOrigins).toEqual([WEBMAIL]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});

describe('the fingerprint is kept only after a successful sign-in on the trusted webmail', () => {
  const candidate = {
    type: 'password-candidate',
    purpose: 'sign-in',
    fingerprint: FP,
    length: 14,
    changeUrl: `${WEBMAIL}/?_task=settings&_action=plugin.password`,
  };

  beforeEach(async () => {
    await setUser({ webmailOrigins: [WEBMAIL] });
    await ensureReuseStore();
  });

  it('candidate, then the signed-in page in the same tab: kept with its account and length', async () => {
    expect(await send(candidate, sender(`${WEBMAIL}/?_task=login`, 7))).toEqual({ pending: true });
    expect(
      await send({ type: 'signed-in', webmail: 'roundcube', account: 'alice@example.org' }, sender(`${WEBMAIL}/?_task=mail`, 7)),
    ).toEqual({ kept: true });
    const store = await readReuseStore();
    expect(store?.entries).toEqual([
      expect.objectContaining({ account: 'alice@example.org', origin: WEBMAIL, length: 14, fingerprint: FP }),
    ]);
  });

  it('a sign-in that never succeeded (no signed-in page in that tab) keeps nothing', async () => {
    await send(candidate, sender(`${WEBMAIL}/?_task=login`, 7));
    expect(
      await send({ type: 'signed-in', webmail: 'roundcube', account: 'alice@example.org' }, sender(`${WEBMAIL}/?_task=mail`, 8)),
    ).toEqual({ kept: false });
    expect((await readReuseStore())?.entries).toEqual([]);
  });

  it('a candidate from a look-alike, or with a change link elsewhere, is refused', async () => {
    expect(await send(candidate, sender(`${PHISH}/?_task=login`, 7))).toEqual({ pending: false });
    expect(await send({ ...candidate, changeUrl: `${PHISH}/change` }, sender(`${WEBMAIL}/?_task=login`, 7))).toEqual({ pending: false });
    expect(
      await send({ type: 'signed-in', webmail: 'roundcube', account: 'alice@example.org' }, sender(`${WEBMAIL}/?_task=mail`, 7)),
    ).toEqual({ kept: false });
  });

  it('after a password change: kept only once the webmail says it saved it, for the account signed in there', async () => {
    const change = { ...candidate, purpose: 'change', fingerprint: 'R'.repeat(43) + '=', length: 16 };
    await send(candidate, sender(`${WEBMAIL}/?_task=login`, 7));
    await send({ type: 'signed-in', webmail: 'roundcube', account: 'alice@example.org' }, sender(`${WEBMAIL}/?_task=mail`, 7));
    // A new password typed and never saved: the next page showing the account does not make it the reference.
    await send(change, sender(`${WEBMAIL}/?_task=settings&_action=plugin.password`, 7));
    expect(
      await send({ type: 'signed-in', webmail: 'roundcube', account: 'alice@example.org' }, sender(`${WEBMAIL}/?_task=mail`, 7)),
    ).toEqual({ kept: false });
    expect((await readReuseStore())?.entries.map((e) => e.length)).toEqual([14]);
    // Saved: the "saved" page confirms it, and it replaces the old fingerprint of that account.
    expect(await send({ type: 'password-changed' }, sender(`${WEBMAIL}/?_task=settings&_action=plugin.password-save`, 7))).toEqual({
      kept: true,
    });
    expect((await readReuseStore())?.entries).toEqual([
      expect.objectContaining({ account: 'alice@example.org', length: 16, fingerprint: 'R'.repeat(43) + '=' }),
    ]);
    // Nothing pending any more: a second "saved" page keeps nothing.
    expect(await send({ type: 'password-changed' }, sender(`${WEBMAIL}/?_task=settings&_action=plugin.password-save`, 7))).toEqual({
      kept: false,
    });
  });

  it('the messages refuse a password, an unsalted hash or extra fields', () => {
    expect(parseMessage({ ...candidate, password: 'Lab-Alice-2024!x' })).toBeNull();
    expect(parseMessage({ ...candidate, fingerprint: 'Lab-Alice-2024!x' })).toBeNull();
    expect(parseMessage({ ...candidate, fingerprint: 'a'.repeat(40) })).toBeNull();
    expect(parseMessage({ ...candidate, length: 100_000 })).toBeNull();
    expect(parseMessage({ ...candidate, changeUrl: 'javascript:alert(1)' })).toBeNull();
    expect(parseMessage({ ...candidate, purpose: 'other' })).toBeNull();
    expect(parseMessage({ type: 'password-changed', account: 'a@b' })).toBeNull();
    expect(parseMessage({ type: 'password-reuse-seen', account: 'a@b', fingerprint: FP })).toBeNull();
  });
});

describe('first sign-in with nothing listed', () => {
  it('is proposed, not trusted; "no" is remembered; "yes" lists it', async () => {
    await send({ type: 'signed-in', webmail: 'roundcube', account: 'alice@example.org' }, sender(`${WEBMAIL}/?_task=mail`));
    const proposal = await readTrustProposal();
    expect(proposal).toMatchObject({ origin: WEBMAIL, account: 'alice@example.org' });
    expect((await local('userSettings')) ?? {}).not.toHaveProperty('webmailOrigins');
    // A later sign-in elsewhere does not replace the first proposal.
    await send({ type: 'signed-in', webmail: 'roundcube', account: 'x@example.net' }, sender(`${PHISH}/?_task=mail`));
    expect((await readTrustProposal())?.origin).toBe(WEBMAIL);

    await declineTrustProposal(proposal!);
    expect(await local(TRUST_PROPOSAL_KEY)).toBeUndefined();
    await send({ type: 'signed-in', webmail: 'roundcube', account: 'alice@example.org' }, sender(`${WEBMAIL}/?_task=mail`));
    expect(await readTrustProposal()).toBeNull();

    await send({ type: 'signed-in', webmail: 'roundcube', account: 'x@example.net' }, sender(`https://other.example.net/`));
    await acceptTrustProposal((await readTrustProposal())!, []);
    expect(((await local('userSettings')) as Record<string, unknown>).webmailOrigins).toEqual(['https://other.example.net']);
  });
});

describe('the report URL', () => {
  beforeEach(async () => {
    await setUser({ webmailOrigins: [WEBMAIL], passwordReuseReportUrl: reportUrl });
    const store = await ensureReuseStore();
    await fakeBrowser.storage.local.set({
      [PASSWORD_REUSE_KEY]: {
        ...store,
        entries: [{ account: 'alice@example.org', origin: WEBMAIL, changeUrl: `${WEBMAIL}/`, length: 14, fingerprint: FP, savedAt: 1 }],
      },
    });
  });

  it('gets one JSON POST per site: account, page, time; no password, no fingerprint', async () => {
    const seen = { type: 'password-reuse-seen', account: 'alice@example.org' };
    expect(await send(seen, sender('https://forum.example.net/login?session=s3cret'))).toEqual({ reported: true });
    expect(received).toHaveLength(1);
    expect(received[0]!.type).toBe('application/json');
    const body = JSON.parse(received[0]!.body);
    expect(Object.keys(body).sort()).toEqual(['account', 'page', 'time', 'type']);
    expect(body).toMatchObject({ type: 'password-reuse', account: 'alice@example.org', page: 'https://forum.example.net/login' });
    expect(received[0]!.body).not.toContain(FP);
    expect(received[0]!.body).not.toContain('s3cret');
    // The same site typing again: not reported again within the interval.
    expect(await send(seen, sender('https://forum.example.net/other'))).toEqual({ reported: false });
    expect(received).toHaveLength(1);
  });

  it('sends nothing for an account without a fingerprint, nor when no URL is set', async () => {
    expect(await send({ type: 'password-reuse-seen', account: 'mallory@example.org' }, sender('https://forum.example.net/'))).toEqual({
      reported: false,
    });
    await setUser({ webmailOrigins: [WEBMAIL] });
    expect(await send({ type: 'password-reuse-seen', account: 'alice@example.org' }, sender('https://forum2.example.net/'))).toEqual({
      reported: false,
    });
    expect(received).toHaveLength(0);
  });
});
