/**
 * Issue 19, items 3 and 5, background side: injection targets the document that asked (Chromium's
 * document id; in Firefox the frame's address is checked first), open webmail tabs get the content
 * script again after an update, and a tab cannot keep the background busy with estimates.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';

vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { injectFeature, reinjectOpenTabs } = await import('../../src/background/inject.ts');
const { limitedPerTab, ESTIMATES_IN_FLIGHT_PER_TAB } = await import('../../src/background/attachment.ts');

type Details = {
  target: { tabId: number; frameIds?: number[]; documentIds?: string[] };
  files?: string[];
  func?: () => unknown;
  injectImmediately?: boolean;
};
let calls: Details[];
let frameUrl: string;

beforeEach(() => {
  fakeBrowser.reset();
  calls = [];
  frameUrl = 'https://webmail.example.org/?_task=settings';
  (fakeBrowser as unknown as { scripting: unknown }).scripting = {
    executeScript: vi.fn(async (details: Details) => {
      calls.push(details);
      return [{ frameId: 0, result: details.func ? frameUrl : undefined }];
    }),
  };
});

describe('injection targets the document that asked', () => {
  const sender = { tabId: 4, frameId: 2, url: 'https://webmail.example.org/?_task=settings' };

  it('Chromium: by document id, never by tab and frame, at once (not at the document’s next idle moment)', async () => {
    expect(await injectFeature('passwordNudge', { ...sender, documentId: 'DOC-1' })).toEqual({ injected: true });
    expect(calls).toEqual([
      { target: { tabId: 4, documentIds: ['DOC-1'] }, files: ['src/content/lazy/password-nudge.iife.js'], injectImmediately: true },
    ]);
  });

  it('Firefox: the frame still shows the sender’s page, so the nudge goes there', async () => {
    expect(await injectFeature('passwordNudge', sender)).toEqual({ injected: true });
    expect(calls.map((c) => [c.target, c.files ?? 'probe'])).toEqual([
      [{ tabId: 4, frameIds: [2] }, 'probe'],
      [{ tabId: 4, frameIds: [2] }, ['src/content/lazy/password-nudge.iife.js']],
    ]);
    expect(calls[1]).toMatchObject({ injectImmediately: true });
  });

  it('Firefox: a single-page webmail changed only its fragment (the same document), so the nudge goes there', async () => {
    const spa = { tabId: 4, frameId: 0, url: 'https://webmail.example.org/SOGo/so/alice/Mail/view#!/Mail/0/INBOX' };
    frameUrl = 'https://webmail.example.org/SOGo/so/alice/Mail/view#!/Mail/0/INBOX/new';
    expect(await injectFeature('attachmentNudge', spa)).toEqual({ injected: true });
    frameUrl = 'https://webmail.example.org/SOGo/so/alice/Preferences#!/general';
    expect(await injectFeature('attachmentNudge', spa)).toEqual({ injected: false });
  });

  it('the password nudge’s estimator goes the same way, to the document that asked, as the build’s own script', async () => {
    const { HANDLERS } = await import('../../src/background/handlers.ts');
    const message = { type: 'inject-strength-estimator' } as const;
    const from = { tab: { id: 4 }, frameId: 2, url: sender.url, documentId: 'DOC-1' } as unknown as Parameters<
      NonNullable<(typeof HANDLERS)['inject-strength-estimator']>['handle']
    >[1];
    expect(await HANDLERS['inject-strength-estimator']!.handle(message, from)).toEqual({ injected: true });
    expect(calls).toEqual([
      { target: { tabId: 4, documentIds: ['DOC-1'] }, files: ['src/content/lazy/strength-estimator.iife.js'], injectImmediately: true },
    ]);
  });

  it('Firefox: the frame navigated in between, so nothing is injected', async () => {
    frameUrl = 'https://ads.example/frame.html';
    expect(await injectFeature('passwordNudge', sender)).toEqual({ injected: false });
    expect(calls.filter((c) => c.files)).toEqual([]);
  });
});

describe('after an update, open webmail tabs get the content script again', () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      content_scripts: [{ js: ['src/content/index.js'], matches: ['https://*/*'] }],
    } as never);
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      { id: 1, url: 'https://webmail.example.org/?_task=mail' },
      { id: 2, url: 'https://news.example/' },
      { id: 3, url: 'https://webmail.example.org/?_task=settings' },
    ] as never);
  });

  it('with addresses listed, only their tabs', async () => {
    expect(await reinjectOpenTabs(['https://webmail.example.org'])).toBe(2);
    expect(calls).toEqual([1, 3].map((tabId) => ({ target: { tabId }, files: ['src/content/index.js'] })));
  });

  it('with none listed, every http(s) tab (Roundcube can be anywhere)', async () => {
    expect(await reinjectOpenTabs([])).toBe(3);
  });
});

describe('estimates: a limit in flight per tab', () => {
  it('runs at most the limit at once, keeps only the newest waiting request, and answers the rest null', async () => {
    const releases: (() => void)[] = [];
    let started = 0;
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        started++;
        releases.push(() => resolve(n));
      });
    const replies = Array.from({ length: 10 }, (_, n) => limitedPerTab(7, task(n)));
    // Another tab is not held up by this one.
    const other = limitedPerTab(8, async () => 'other');
    expect(await other).toBe('other');
    expect(started).toBe(ESTIMATES_IN_FLIGHT_PER_TAB);
    for (const release of releases.splice(0)) release();
    await vi.waitFor(() => expect(releases).toHaveLength(1));
    releases[0]!();
    expect(await Promise.all(replies)).toEqual([0, 1, null, null, null, null, null, null, null, 9]);
  });
});
