/**
 * The background's pairing of a nudge with its frame (src/background/frame-relay.ts), with ports
 * played here: who may connect, one of each per id and tab, checked messages both ways.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';

vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { startFrameRelay } = await import('../../src/background/frame-relay.ts');

/** The fake browser has no runtime ports: the relay's listener is kept here and called per connection. */
const listeners: Array<(port: unknown) => void> = [];
fakeBrowser.runtime.onConnect.addListener = ((l: (port: unknown) => void) => void listeners.push(l)) as never;

const ID = '0123456789abcdef0123456789abcdef';
const OWN = fakeBrowser.runtime.id;

interface PlayedPort {
  name: string;
  sender: { id?: string; url?: string; tab?: { id?: number } };
  received: unknown[];
  disconnected: boolean;
  /** What the relay's end sees. */
  port: unknown;
  send(message: unknown): void;
  leave(): void;
}

function connect(name: string, sender: PlayedPort['sender']): PlayedPort {
  const onMessage = new Set<(m: unknown) => void>();
  const onDisconnect = new Set<() => void>();
  const played: PlayedPort = {
    name,
    sender,
    received: [],
    disconnected: false,
    port: {
      name,
      sender,
      postMessage: (m: unknown) => played.received.push(JSON.parse(JSON.stringify(m))),
      disconnect: () => (played.disconnected = true),
      onMessage: { addListener: (l: (m: unknown) => void) => onMessage.add(l) },
      onDisconnect: { addListener: (l: () => void) => onDisconnect.add(l) },
    },
    send: (m) => onMessage.forEach((l) => l(m)),
    leave: () => onDisconnect.forEach((l) => l()),
  };
  for (const listener of listeners) listener(played.port);
  return played;
}

const nudge = (tab = 7, id = ID) =>
  connect(`sobre-mail-frame:${id}`, { id: OWN, url: 'https://webmail.example.org/?_task=settings', tab: { id: tab } });
const frame = (tab = 7, id = ID) =>
  connect(`sobre-mail-frame:${id}`, { id: OWN, url: `chrome-extension://dyn/src/frame/index.html#${id}`, tab: { id: tab } });

describe('the frame relay', () => {
  beforeAll(() => startFrameRelay());

  it('pairs a nudge and its frame in the same tab, and passes checked messages both ways', () => {
    const n = nudge();
    const f = frame();
    expect(n.received).toEqual([{ type: 'hello' }]);
    n.send({ type: 'view', view: { kind: 'notice', title: 't', paragraphs: [], links: [], after: [], hideLabel: null } });
    n.send({
      type: 'view',
      view: {
        kind: 'notice',
        title: 't',
        paragraphs: [],
        links: [{ href: 'javascript:x', text: 'x', newTab: false }],
        after: [],
        hideLabel: null,
      },
    });
    expect(f.received).toHaveLength(1);
    f.send({ type: 'action', action: 'send' });
    f.send({ type: 'action', action: 'rm -rf' });
    f.send({ type: 'hello' });
    expect(n.received).toEqual([{ type: 'hello' }, { type: 'action', action: 'send' }]);
    n.leave();
    expect(f.disconnected).toBe(true);
  });

  it('refuses a second frame or nudge under the same id, a frame of another tab, and anything not ours', () => {
    const n = nudge(8);
    const f = frame(8);
    expect(frame(8).disconnected).toBe(true);
    expect(nudge(8).disconnected).toBe(true);
    const elsewhere = frame(9);
    expect(n.received).toEqual([{ type: 'hello' }]);
    expect(connect(`sobre-mail-frame:${ID}`, { id: 'another-extension', url: 'https://x.example/', tab: { id: 8 } }).disconnected).toBe(
      true,
    );
    expect(connect('sobre-mail-frame:short', { id: OWN, url: 'https://x.example/', tab: { id: 8 } }).disconnected).toBe(true);
    expect(
      connect(`sobre-mail-frame:${ID}`, { id: OWN, url: 'chrome-extension://dyn/src/popup/index.html', tab: { id: 8 } }).disconnected,
    ).toBe(true);
    n.leave();
    expect(f.disconnected).toBe(true);
    elsewhere.leave();
  });

  it('a frame that reloads is paired again, and the nudge told so', () => {
    const n = nudge(10);
    const first = frame(10);
    first.leave();
    const second = frame(10);
    expect(second.disconnected).toBe(false);
    expect(n.received).toEqual([{ type: 'hello' }, { type: 'hello' }]);
    n.leave();
  });

  it('hands the latest checked view to a frame that connects after it was sent, and again after a reload', () => {
    const view = (title: string) => ({ kind: 'notice', title, paragraphs: [], links: [], after: [], hideLabel: null });
    const n = nudge(11);
    n.send({ type: 'view', view: view('first') });
    n.send({ type: 'view', view: view('latest') });
    n.send({ type: 'view', view: { ...view('forged'), links: [{ href: 'javascript:x', text: 'x', newTab: false }] } });
    n.send({ type: 'focus' });
    const first = frame(11);
    // At once, without waiting for the nudge to hear its frame is there: only the latest view, no focus.
    expect(first.received).toEqual([{ type: 'view', view: view('latest') }]);
    first.leave();
    const second = frame(11);
    expect(second.received).toEqual([{ type: 'view', view: view('latest') }]);
    expect(n.received).toEqual([{ type: 'hello' }, { type: 'hello' }]);
    n.leave();
  });

  it('a nudge whose frame never comes is let go, so it loads its frame again', () => {
    vi.useFakeTimers();
    try {
      const n = nudge(11);
      vi.advanceTimersByTime(6000);
      expect(n.disconnected).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
