// @vitest-environment happy-dom
/**
 * The mail-app settings card (item 2 of issue 16): from policy only, in the options page and the
 * popup, with copy buttons and the provider's "not recommended" mark. Real en/fr catalogues behind
 * `t()`, storage.managed of @webext-core/fake-browser standing for the browser policy.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { mergeSettings } from '../../src/shared/settings.ts';
import { USER_SETTINGS_KEY } from '../../src/shared/settings-store.ts';
import { CATALOGUES, useLanguage } from './fake-extension.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { Options } = await import('../../src/options/Options.tsx');
const { MailAppCard } = await import('../../src/popup/MailAppCard.tsx');

const en = (key: string, ...subs: string[]) => {
  const entry = CATALOGUES.en[key]!;
  return entry.message.replace(
    /\$([A-Za-z0-9_]+)\$/g,
    (_, name: string) => subs[Number(entry.placeholders![name.toLowerCase()]!.content.slice(1)) - 1]!,
  );
};

const SERVERS = [
  { protocol: 'imap', host: 'imap.example.org', port: 993, security: 'tls' },
  { protocol: 'pop3', host: 'pop.example.org', port: 110, security: 'starttls' },
  { protocol: 'smtp', host: 'smtp.example.org', port: 587, security: 'none' },
] as const;

async function renderOptions() {
  const view = render(<Options />);
  await waitFor(() => expect(document.querySelector('form')).not.toBeNull());
  return view;
}

beforeEach(() => {
  fakeBrowser.reset();
  useLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('mailClientSettings', () => {
  it('is managed only: a user value is ignored, a policy value applies', () => {
    expect(mergeSettings({ mailClientSettings: [SERVERS[0]] }, {}).values.mailClientSettings).toEqual([]);
    expect(mergeSettings({}, { mailClientSettings: SERVERS }).values.mailClientSettings).toEqual(SERVERS);
  });

  it('lists a bad policy value with the entry and field at fault, and shows no card', async () => {
    await fakeBrowser.storage.managed.set({
      mailClientSettings: [SERVERS[0], { protocol: 'imap', host: 'x.example.org', port: 70000, security: 'tls' }],
    });
    await renderOptions();
    const invalid = await screen.findByRole('heading', { name: en('optionsInvalidHeading') });
    const item = invalid.closest('section')!.querySelector('[data-setting="mailClientSettings"]')!;
    expect(item.textContent).toContain(en('optionsErrorMailServers', 'server 2: port must be a whole number from 1 to 65535'));
    expect(screen.queryByRole('heading', { name: en('mailAppHeading') })).toBeNull();
  });

  it('shows no card in the options page while IT sets none, even if the user layer has one', async () => {
    await fakeBrowser.storage.local.set({ [USER_SETTINGS_KEY]: { mailClientSettings: [SERVERS[0]] } });
    await renderOptions();
    expect(screen.queryByRole('heading', { name: en('mailAppHeading') })).toBeNull();
    expect(screen.queryByText('imap.example.org')).toBeNull();
  });

  it('shows the servers read-only in the options page, with the reason each plain setting is not recommended', async () => {
    await fakeBrowser.storage.managed.set({ mailClientSettings: SERVERS });
    await renderOptions();
    const card = (await screen.findByRole('heading', { name: en('mailAppHeading') })).closest('section')!;
    const items = within(card).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]!.textContent).toContain('imap.example.org');
    expect(items[0]!.textContent).not.toContain(en('mailAppNotRecommended'));
    // POP 110 with STARTTLS: still a plain port (the STARTTLS offer can be stripped).
    expect(items[1]!.textContent).toContain(en('mailAppReasonPlainPort', '110'));
    expect(items[2]!.textContent).toContain(en('mailAppReasonNoEncryption'));
    expect(card.querySelector('input, textarea, select')).toBeNull();
  });
});

describe('MailAppCard', () => {
  it('draws nothing without servers', () => {
    const { container } = render(<MailAppCard servers={[]} />);
    expect(container.innerHTML).toBe('');
  });

  it('copies the host and the port, and says so in a polite live region', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<MailAppCard servers={[...SERVERS]} />);
    const imap = en('mailAppProtocolImap');
    fireEvent.click(screen.getByRole('button', { name: en('mailAppCopyLabel', en('mailAppHost'), imap) }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(en('mailAppCopied', 'imap.example.org')));
    fireEvent.click(screen.getByRole('button', { name: en('mailAppCopyLabel', en('mailAppPort'), en('mailAppProtocolSmtp')) }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(en('mailAppCopied', '587')));
    expect(writeText.mock.calls.map(([text]) => text)).toEqual(['imap.example.org', '587']);
    expect(screen.getByRole('status').getAttribute('aria-live')).toBe('polite');
  });

  it('says when the clipboard refuses, with the text to select by hand', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async () => Promise.reject(new Error('denied')) },
      configurable: true,
    });
    render(<MailAppCard servers={[SERVERS[0]]} />);
    fireEvent.click(screen.getByRole('button', { name: en('mailAppCopyLabel', en('mailAppPort'), en('mailAppProtocolImap')) }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(en('mailAppCopyFailed', '993')));
  });
});
