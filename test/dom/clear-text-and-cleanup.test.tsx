// @vitest-environment happy-dom
/**
 * Issue 16, items 1 and 5, in happy-dom: the clear-text warning on Roundcube's real sign-in page
 * (fixture from 1.6.5) at http addresses, the popup's notice, and the popup's clean-up buttons. The
 * browsers, the real Roundcube and the real list sorting are proven end to end
 * (test/e2e/clear-text.e2e.ts, test/e2e/cleanup.e2e.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { loadFixture } from './load-fixture.ts';
import { CATALOGUES, captureFrames, useLanguage } from './fake-extension.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';
import { SORT_RESTORE_KEY } from '../../src/shared/cleanup.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { startClearTextWarning } = await import('../../src/content/features/clear-text-warning.ts');
const { PopupView } = await import('../../src/popup/Popup.tsx');

const en = (key: string, ...subs: string[]) => {
  const entry = CATALOGUES.en[key]!;
  return entry.message.replace(
    /\$([A-Za-z0-9_]+)\$/g,
    (_, name: string) => subs[Number(entry.placeholders![name.toLowerCase()]!.content.slice(1)) - 1]!,
  );
};

let frames: Awaited<ReturnType<typeof captureFrames>>;
const running: AbortController[] = [];
beforeEach(async () => {
  fakeBrowser.reset();
  useLanguage('en');
  frames = await captureFrames();
});
afterEach(() => {
  for (const c of running.splice(0)) c.abort();
  frames.release();
  cleanup();
});

function warnAt(url: string, settings: Partial<Settings>) {
  loadFixture('roundcube/elastic-login.en.html', url);
  const controller = new AbortController();
  running.push(controller);
  startClearTextWarning({ ...structuredClone(DEFAULT_SETTINGS), ...settings } as Settings, controller.signal);
  return controller;
}
/** What our frame shows (src/frame/views.ts), once the warning's view has reached it. */
const shown = async () => {
  await vi.waitFor(() => expect(frames.views()[0]?.querySelector('[role="alert"]')).toBeTruthy());
  return frames.views()[0]!;
};

describe('the clear-text warning in the page', () => {
  it('over http at the listed address: an alert saying the password would travel in clear, linking to IT’s https address', async () => {
    warnAt('http://webmail.example.org/?_task=login', {
      webmailOrigins: ['http://webmail.example.org'],
      webmailSecureUrl: 'https://mail.example.org/',
    });
    // The page's side holds an empty element; the words are in the extension's frame.
    expect(frames.host()!.textContent).toBe('');
    const alert = (await shown()).querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain(en('clearTextTitle'));
    expect(alert.textContent).toContain(en('clearTextBody', 'webmail.example.org'));
    const link = alert.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://mail.example.org/');
    expect(link.textContent).toBe('https://mail.example.org/');
  });

  it('the http twin of a listed https address links to that address; with no https address known, it says to ask IT', async () => {
    warnAt('http://webmail.example.org/?_task=login', { webmailOrigins: ['https://webmail.example.org'] });
    expect((await shown()).querySelector('a')!.getAttribute('href')).toBe('https://webmail.example.org/');
    running.splice(0).forEach((c) => c.abort());
    warnAt('http://webmail.example.org/', { webmailOrigins: [] });
    const alert = (await shown()).querySelector('[role="alert"]')!;
    expect(alert.querySelector('a')).toBeNull();
    expect(alert.textContent).toContain(en('clearTextAskIt'));
  });

  it('nothing over https, on loopback, or on a look-alike host', () => {
    warnAt('https://webmail.example.org/', { webmailOrigins: [] });
    warnAt('http://127.0.0.1:8080/', { webmailOrigins: [] });
    warnAt('http://localhost/', { webmailOrigins: [] });
    warnAt('http://phish.example.net/', { webmailOrigins: ['https://webmail.example.org'] });
    expect(frames.host()).toBeNull();
    expect(frames.frames).toEqual([]);
  });

  it('"Hide" removes it for this page load', async () => {
    warnAt('http://webmail.example.org/', { webmailOrigins: [] });
    const button = (await shown()).querySelector('button')!;
    expect(button.textContent).toBe(en('clearTextHide'));
    button.click();
    await vi.waitFor(() => expect(frames.host()).toBeNull());
  });
});

const account = (webmail: 'roundcube' | 'generic') => ({
  account: 'alice@example.org',
  origin: 'https://webmail.example.org',
  baseUrl: 'https://webmail.example.org/',
  webmail,
  reading: { state: 'limited' as const, percent: 42, usedBytes: 42, totalBytes: 100 },
  readAt: 1,
  storage: null,
  key: 'https://webmail.example.org alice@example.org',
});
const state = (webmail: 'roundcube' | 'generic') => ({
  quotaNudge: true,
  thresholds: { shown: 75, warning: 80, critical: 95 },
  accounts: [account(webmail)],
  savings: null,
  trustedOrigins: ['https://webmail.example.org'],
});
const status = (trust: 'trusted' | 'untrusted', trustedOrigins: string[]) => ({
  webmail: 'roundcube' as const,
  skin: 'elastic',
  account: null,
  trust,
  trustedOrigins,
});

describe('the popup', () => {
  // A blank document: the Roundcube page the tests above loaded is not the popup's.
  beforeEach(() => {
    document.documentElement.replaceChildren(document.createElement('head'), document.createElement('body'));
    document.body.className = '';
  });

  it('says the tab’s webmail is in clear, with the link; not for a loopback tab', () => {
    const { unmount } = render(
      <PopupView
        status={status('trusted', ['http://webmail.example.org'])}
        state={null}
        now={2}
        clearText={{ tabUrl: 'http://webmail.example.org/?_task=mail', webmailSecureUrl: 'https://mail.example.org/' }}
      />,
    );
    const notice = within(document.body).getByRole('alert');
    expect(notice.textContent).toContain(en('clearTextTitle'));
    expect(notice.querySelector('a')!.getAttribute('href')).toBe('https://mail.example.org/');
    unmount();
    render(
      <PopupView
        status={status('trusted', ['http://127.0.0.1:8080'])}
        state={null}
        now={2}
        clearText={{ tabUrl: 'http://127.0.0.1:8080/', webmailSecureUrl: '' }}
      />,
    );
    expect(within(document.body).queryByRole('alert')).toBeNull();
  });

  it('the http twin of the listed address is called unencrypted, not a look-alike', () => {
    render(
      <PopupView
        status={status('untrusted', ['https://webmail.example.org'])}
        state={null}
        now={2}
        clearText={{ tabUrl: 'http://webmail.example.org/', webmailSecureUrl: '' }}
      />,
    );
    expect(
      within(document.body)
        .getAllByRole('alert')
        .map((a) => a.textContent)
        .join(' '),
    ).toContain(en('clearTextTitle'));
    expect(document.body.textContent).not.toContain(en('popupLookalikeTitle'));
  });

  it('Roundcube’s clean-up help has the two buttons, and the restore button once an order is kept; the generic webmail has none', async () => {
    const { unmount } = render(<PopupView status={null} state={state('roundcube')} now={2} />);
    expect(await within(document.body).findByRole('button', { name: en('popupShowLargest') })).toBeTruthy();
    expect(within(document.body).getByRole('button', { name: en('popupShowOldAttachments') })).toBeTruthy();
    expect(within(document.body).queryByRole('button', { name: en('popupRestoreSort') })).toBeNull();
    unmount();
    await fakeBrowser.storage.local.set({ [SORT_RESTORE_KEY]: { origin: 'https://webmail.example.org', column: 'date', order: 'DESC' } });
    const again = render(<PopupView status={null} state={state('roundcube')} now={2} />);
    expect(await within(document.body).findByRole('button', { name: en('popupRestoreSort') })).toBeTruthy();
    again.unmount();
    render(<PopupView status={null} state={state('generic')} now={2} />);
    expect(within(document.body).queryByRole('button', { name: en('popupShowLargest') })).toBeNull();
  });

  it('a click asks the background for that view of that webmail, and says why when it could not', async () => {
    const seen: unknown[] = [];
    // The fake answers through sendResponse (and `true`), as Chrome's runtime does.
    fakeBrowser.runtime.onMessage.addListener(((message: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
      seen.push(message);
      sendResponse({ ok: false, reason: 'signed-out' });
      return true;
    }) as never);
    render(<PopupView status={null} state={state('roundcube')} now={2} />);
    fireEvent.click(await within(document.body).findByRole('button', { name: en('popupShowLargest') }));
    await waitFor(() => expect(within(document.body).getByText(en('popupCleanupSignedOut'))).toBeTruthy());
    expect(seen).toEqual([{ type: 'cleanup-view', origin: 'https://webmail.example.org', view: 'largest' }]);
  });
});
