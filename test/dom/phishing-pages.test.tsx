// @vitest-environment happy-dom
/**
 * Issue 14 in the extension's own pages, rendered by preact into happy-dom with the extension API
 * played by @webext-core/fake-browser (its storage.managed stands for the browser policy): the
 * options page (bad addresses with their reason, the report URL, the first-sign-in proposal, forgetting
 * the fingerprint unless IT locks the alert on) and the popup (look-alike state, trusted-only button).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { USER_SETTINGS_KEY } from '../../src/shared/settings-store.ts';
import { PASSWORD_REUSE_KEY } from '../../src/model/password-reuse.ts';
import { TRUST_PROPOSAL_KEY } from '../../src/shared/trust-proposal.ts';
import { CATALOGUES, useLanguage } from './fake-extension.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));
vi.mock('webextension-polyfill', async () => ({ default: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { Options } = await import('../../src/options/Options.tsx');
const { PopupView } = await import('../../src/popup/Popup.tsx');
const { FIELDS } = await import('../../src/options/fields.ts');

const en = (key: string, ...subs: string[]) => {
  const entry = CATALOGUES.en[key]!;
  return entry.message.replace(
    /\$([A-Za-z0-9_]+)\$/g,
    (_, name: string) => subs[Number(entry.placeholders![name.toLowerCase()]!.content.slice(1)) - 1]!,
  );
};
const userLayer = async () =>
  (await fakeBrowser.storage.local.get(USER_SETTINGS_KEY))[USER_SETTINGS_KEY] as Record<string, unknown> | undefined;
function typeAndLeave(element: HTMLElement, text: string) {
  fireEvent.input(element, { target: { value: text } });
  fireEvent.change(element, { target: { value: text } });
}
async function renderOptions() {
  const view = render(<Options />);
  await waitFor(() => expect(document.querySelector('form')).not.toBeNull());
  return view;
}
const FP = 'Q'.repeat(43) + '=';
const STORE = {
  salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
  iterations: 300_000,
  entries: [
    {
      account: 'alice@example.org',
      origin: 'https://webmail.example.org',
      changeUrl: 'https://webmail.example.org/',
      length: 14,
      fingerprint: FP,
      savedAt: 1,
    },
  ],
};

beforeEach(() => {
  fakeBrowser.reset();
  useLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('options page', () => {
  it('refuses addresses that are not origins with a reason, and the report URL with a reason', async () => {
    await renderOptions();
    typeAndLeave(screen.getByLabelText(en(FIELDS.webmailOrigins.label)), 'webmail.example.org');
    expect((await screen.findByRole('alert')).textContent).toBe(en('optionsErrorItemOrigin', 'webmail.example.org'));
    typeAndLeave(screen.getByLabelText(en(FIELDS.passwordReuseAllowedOrigins.label)), 'https://sso.example.org\nhttps://*.example.org');
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(
        en('optionsErrorItemOriginPattern', 'https://*.example.org'),
      ),
    );
    const url = screen.getByLabelText(en(FIELDS.passwordReuseReportUrl.label));
    typeAndLeave(url, 'https://user:pw@it.example.org/report');
    await waitFor(() => expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(en('optionsErrorUrl')));
    expect(await userLayer()).toBeUndefined();
    typeAndLeave(url, 'https://it.example.org/report');
    await waitFor(async () => expect((await userLayer())?.passwordReuseReportUrl).toBe('https://it.example.org/report'));
  });

  it('proposes the first sign-in address while none is listed; accepting lists it', async () => {
    await fakeBrowser.storage.local.set({
      [TRUST_PROPOSAL_KEY]: { origin: 'https://webmail.example.org', account: 'alice@example.org', at: 1 },
    });
    await renderOptions();
    expect(screen.getByText(en('trustProposalText', 'https://webmail.example.org'))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: en('trustProposalAccept') }));
    await waitFor(async () => expect((await userLayer())?.webmailOrigins).toEqual(['https://webmail.example.org']));
    await waitFor(() => expect(screen.queryByRole('button', { name: en('trustProposalAccept') })).toBeNull());
  });

  it('no proposal once IT lists addresses', async () => {
    await fakeBrowser.storage.managed.set({ webmailOrigins: ['https://mail.example.org'] });
    await fakeBrowser.storage.local.set({ [TRUST_PROPOSAL_KEY]: { origin: 'https://phish.example.net', account: 'a@b.c', at: 1 } });
    await renderOptions();
    expect(screen.queryByRole('button', { name: en('trustProposalAccept') })).toBeNull();
  });

  it('lists whose fingerprint is kept and forgets it (with a new salt)', async () => {
    await fakeBrowser.storage.local.set({ [PASSWORD_REUSE_KEY]: STORE });
    await renderOptions();
    expect(screen.getByText(en('optionsFingerprintKept', 'alice@example.org', 'https://webmail.example.org'))).toBeTruthy();
    expect(document.body.textContent).not.toContain(FP);
    fireEvent.click(screen.getByRole('button', { name: en('optionsFingerprintForget') }));
    await waitFor(async () => {
      const kept = (await fakeBrowser.storage.local.get(PASSWORD_REUSE_KEY))[PASSWORD_REUSE_KEY] as typeof STORE;
      expect(kept.entries).toEqual([]);
      expect(kept.salt).not.toBe(STORE.salt);
    });
    await waitFor(() => expect(screen.getByText(en('optionsFingerprintNone'))).toBeTruthy());
  });

  it('cannot forget it when IT locks the alert on', async () => {
    await fakeBrowser.storage.managed.set({ passwordReuseAlert: true });
    await fakeBrowser.storage.local.set({ [PASSWORD_REUSE_KEY]: STORE });
    await renderOptions();
    expect(screen.queryByRole('button', { name: en('optionsFingerprintForget') })).toBeNull();
    expect(screen.getByText(en('optionsFingerprintLocked'))).toBeTruthy();
  });
});

describe('popup', () => {
  const state = (trustedOrigins: string[]) => ({
    quotaNudge: true,
    thresholds: { shown: 75, warning: 80, critical: 95 },
    accounts: [
      {
        key: 'https://webmail.example.org alice@example.org',
        account: 'alice@example.org',
        origin: 'https://webmail.example.org',
        // A Roundcube installed under a path: the popup's links go there, not to the host's root.
        baseUrl: 'https://webmail.example.org/roundcube/',
        webmail: 'roundcube' as const,
        reading: { state: 'limited' as const, percent: 42, usedBytes: 42, totalBytes: 100 },
        readAt: 1,
        storage: null,
      },
    ],
    savings: null,
    trustedOrigins,
  });

  it('a look-alike tab: never "this tab shows Roundcube", the trusted address instead', () => {
    render(
      <PopupView
        status={{
          webmail: 'roundcube',
          skin: 'elastic',
          account: null,
          trust: 'untrusted',
          trustedOrigins: ['https://webmail.example.org'],
        }}
        state={state(['https://webmail.example.org'])}
        now={2}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain(en('popupLookalikeTitle'));
    expect(screen.getByRole('alert').textContent).toContain('https://webmail.example.org');
    expect(document.body.textContent).not.toContain('Roundcube');
  });

  it('offers to forget each account’s reading (issue 19), naming the account', () => {
    const forget = vi.fn();
    render(<PopupView status={null} state={state(['https://webmail.example.org'])} now={2} onForget={forget} />);
    fireEvent.click(screen.getByRole('button', { name: en('popupForgetLabel', 'alice@example.org') }));
    expect(forget).toHaveBeenCalledWith('https://webmail.example.org alice@example.org');
  });

  it('names the address of the account, and opens only a trusted one', () => {
    const { unmount } = render(<PopupView status={null} state={state(['https://webmail.example.org'])} now={2} />);
    expect(document.body.textContent).toContain(en('popupAccountAddress', 'webmail.example.org'));
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    vi.stubGlobal('close', () => undefined);
    fireEvent.click(screen.getByRole('button', { name: en('popupOpenWebmail') }));
    expect(create).toHaveBeenCalledWith({ url: 'https://webmail.example.org/roundcube/?_task=mail' });
    vi.unstubAllGlobals();
    unmount();
    render(<PopupView status={null} state={state([])} now={2} />);
    expect(screen.queryByRole('button', { name: en('popupOpenWebmail') })).toBeNull();
  });
});
