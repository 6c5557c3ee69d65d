// @vitest-environment happy-dom
/**
 * The options page's "Check a policy before it ships": a pasted policy is checked by the same module
 * as `npm run check-policy`, and each problem is listed with its setting, value and reason, in the
 * page's language.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { CHROMIUM_ID, GECKO_ID } from '../../scripts/lib/ids.ts';
import { useLanguage } from './fake-extension.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { PolicyCheck } = await import('../../src/options/PolicyCheck.tsx');

function renderCheck(runtimeId: string) {
  vi.spyOn(fakeBrowser.runtime, 'id', 'get').mockReturnValue(runtimeId);
  render(<PolicyCheck format={(n) => n.toLocaleString('en')} />);
}

async function checkText(text: string) {
  fireEvent.input(screen.getByLabelText('Policy to check'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Check' }));
  return within(await screen.findByRole('status'));
}

beforeEach(() => {
  fakeBrowser.reset();
  useLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('options page: check a pasted policy', () => {
  it('lists each value Chromium would drop and each the extension would ignore, with key, value and reason', async () => {
    renderCheck(CHROMIUM_ID);
    const policy = {
      '3rdparty': {
        extensions: {
          [CHROMIUM_ID]: {
            passwordMinLength: '12',
            passwordMode: 'strict',
            passwordMinScore: 9,
            quotaCriticalPercent: 95.5,
            colour: 'green',
            webmailOrigins: ['https://webmail.example.org', '*'],
          },
        },
      },
    };
    const result = await checkText(JSON.stringify(policy));
    expect(result.getByText('Problems found: 6.')).toBeTruthy();
    const items = result.getAllByRole('listitem');
    expect(items.map((li) => [li.dataset.setting, li.dataset.code])).toEqual([
      ['passwordMinLength', 'schema-type'],
      ['passwordMode', 'schema-enum'],
      ['passwordMinScore', 'schema-range'],
      ['quotaCriticalPercent', 'schema-type'],
      ['colour', 'schema-unknown-key'],
      ['webmailOrigins', 'item-origin-pattern'],
    ]);
    expect(items[0]!.textContent).toContain('"12"');
    expect(items[0]!.textContent).toContain('Chrome and Edge drop this value without a message');
    expect(items[2]!.textContent).toContain('a whole number from 0 to 4');
    expect(items[5]!.textContent).toContain('(entry 2)');
    expect(items[5]!.textContent).toContain('“*” is a pattern, not an address');
  });

  it('says where broken JSON breaks, in French too', async () => {
    useLanguage('fr');
    renderCheck(CHROMIUM_ID);
    fireEvent.input(screen.getByLabelText('Stratégie à vérifier'), { target: { value: '{"passwordMinLength": 12,}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Vérifier' }));
    const result = within(await screen.findByRole('status'));
    expect(result.getByRole('listitem').textContent).toContain('JSON non valide ligne 1, colonne 26');
  });

  it('in Firefox, checks a policies.json for the gecko id, without the schema Firefox does not apply', async () => {
    renderCheck(GECKO_ID);
    const clean = await checkText(JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: { passwordMinLength: 12 } } } } }));
    expect(clean.getByText('No problem found: 1 settings checked.')).toBeTruthy();
    cleanup();
    renderCheck(GECKO_ID);
    const bad = await checkText(JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: { passwordMinLength: '12' } } } } }));
    await waitFor(() => expect(bad.getByRole('listitem').dataset.code).toBe('whole-number'));
    expect(bad.getByRole('listitem').textContent).toContain('Enter a whole number from 1 to 128.');
  });
});
