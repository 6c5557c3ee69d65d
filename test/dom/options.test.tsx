// @vitest-environment happy-dom
/**
 * The options page and the privacy page as staff and IT meet them: rendered by preact into
 * happy-dom, with the extension API played by @webext-core/fake-browser (its storage.managed stands
 * for the browser policy) and the real en/fr catalogues behind `t()`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from '@webext-core/fake-browser';
import { DEFAULT_SETTINGS, LIMITS, SETTING_KEYS, mergeSettings, parseSetting, type SettingKey } from '../../src/shared/settings.ts';
import { PUBLISHED_SETTINGS_KEY, USER_SETTINGS_KEY } from '../../src/shared/settings-store.ts';
import { CATALOGUES, useLanguage } from './fake-extension.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

const { Options } = await import('../../src/options/Options.tsx');
const { Privacy } = await import('../../src/privacy/Privacy.tsx');
const { FIELDS, GROUPS, CARD_KEYS, groupKeys, CO2_FIGURE_MAX, CO2_LABEL_MAX, fieldProblem } = await import('../../src/options/fields.ts');
const { privacyMessageKeys } = await import('../../src/privacy/content.ts');

const en = (key: string, ...subs: string[]) => {
  const entry = CATALOGUES.en[key]!;
  return entry.message.replace(
    /\$([A-Za-z0-9_]+)\$/g,
    (_, name: string) => subs[Number(entry.placeholders![name.toLowerCase()]!.content.slice(1)) - 1]!,
  );
};
const label = (key: SettingKey) => en(FIELDS[key].label);

async function setPolicy(policy: unknown) {
  await fakeBrowser.storage.managed.clear();
  if (policy && typeof policy === 'object') await fakeBrowser.storage.managed.set(policy as Record<string, unknown>);
}
const userLayer = async () =>
  (await fakeBrowser.storage.local.get(USER_SETTINGS_KEY))[USER_SETTINGS_KEY] as Record<string, unknown> | undefined;

/** Renders the page and waits until the policy read is applied (the page shows it at once from local storage first). */
async function renderOptions() {
  const view = render(<Options />);
  await waitFor(() => expect(document.querySelector('main:not([aria-busy]) form')).not.toBeNull());
  return view;
}

/** Managed storage that answers only when the test says so, as Chromium's does seconds late in a fresh profile. */
function slowPolicy() {
  let answer!: (policy: unknown) => void;
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockReturnValue(new Promise((resolve) => (answer = resolve)) as never);
  return (policy: unknown) => answer(policy);
}

/** Types into a field and leaves it, as a person does: `input` events, then `change`. */
function typeAndLeave(element: HTMLElement, text: string) {
  fireEvent.input(element, { target: { value: text } });
  fireEvent.change(element, { target: { value: text } });
}

const describedBy = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

beforeEach(() => {
  fakeBrowser.reset();
  useLanguage('en');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('field table', () => {
  it('places every setting in exactly one group', () => {
    const placed = [...GROUPS.flatMap(groupKeys), ...CARD_KEYS];
    expect([...placed].sort()).toEqual([...SETTING_KEYS].sort());
    expect(new Set(placed).size).toBe(placed.length);
  });

  it('uses the parser bounds for numbers, so messages and input limits tell the truth', () => {
    for (const key of SETTING_KEYS) {
      const spec = FIELDS[key];
      if (spec.kind !== 'integer' && spec.kind !== 'decimal') continue;
      const step = spec.kind === 'integer' ? 1 : 0.01;
      expect(parseSetting(key, spec.min).ok, `${key} min`).toBe(true);
      expect(parseSetting(key, spec.max).ok, `${key} max`).toBe(true);
      expect(parseSetting(key, spec.min - step).ok, `${key} below`).toBe(false);
      expect(parseSetting(key, spec.max + step).ok, `${key} above`).toBe(false);
    }
    expect(parseSetting('co2Override', { gramsPerMbSent: CO2_FIGURE_MAX, label: 'x' }).ok).toBe(true);
    expect(parseSetting('co2Override', { gramsPerMbSent: CO2_FIGURE_MAX + 1, label: 'x' }).ok).toBe(false);
  });

  it('lists use the parser limits', () => {
    for (const key of SETTING_KEYS) {
      const spec = FIELDS[key];
      if (spec.kind !== 'list') continue;
      const items = (n: number) =>
        Array.from({ length: n }, (_, i) => (spec.item === 'origin' ? `https://m${i}.example.org` : `w${i}.example`));
      expect(spec.maxItems, key).toBe(spec.item === 'origin' ? LIMITS.webmailOrigins : LIMITS.listItems);
      expect(fieldProblem(key, items(spec.maxItems + 1))?.message, key).toBe('optionsErrorTooMany');
    }
    expect(
      parseSetting(
        'webmailOrigins',
        Array.from({ length: LIMITS.webmailOrigins }, (_, i) => `https://m${i}.example.org`),
      ).ok,
    ).toBe(true);
    expect(fieldProblem('passwordBlocklist', ['x'.repeat(LIMITS.itemLength + 1)])?.message).toBe('optionsErrorItemTooLong');
  });
});

describe('options page', () => {
  it('shows every setting with a label, in fieldsets with legends', async () => {
    await renderOptions();
    for (const group of GROUPS) {
      const fieldset = screen.getByRole('group', { name: en(group.legend) });
      expect(fieldset.tagName).toBe('FIELDSET');
      for (const key of groupKeys(group)) {
        if (key === 'co2Override') expect(within(fieldset).getByRole('group', { name: label(key) })).toBeTruthy();
        else expect(within(fieldset).getByLabelText(label(key)).id).toBe(key);
      }
    }
    expect(screen.getByLabelText(en('optionsFieldCo2Sent'))).toBeTruthy();
    expect(screen.getByLabelText(en('optionsFieldCo2Label'))).toBeTruthy();
    // Nothing set by IT: nothing locked, no list of ignored values.
    expect(screen.queryByText(en('optionsLockedBadge'))).toBeNull();
    expect(screen.queryByRole('heading', { name: en('optionsInvalidHeading') })).toBeNull();
    expect((screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement).value).toBe('8');
    expect(describedBy(screen.getByLabelText(label('passwordMinLength')))).toContain('Default: 8.');
  });

  it('opens at once from the published settings, locks marked, then takes the policy read without moving anything', async () => {
    const policy = { passwordMinLength: 12, passwordMode: 'block', passwordMinScore: 9 };
    await setPolicy(policy);
    // What the background published from the same policy and the user's own layer.
    await fakeBrowser.storage.local.set({
      [USER_SETTINGS_KEY]: { yearsKept: 3 },
      [PUBLISHED_SETTINGS_KEY]: mergeSettings({ yearsKept: 3 }, policy),
    });
    const answer = slowPolicy();
    render(<Options />);
    await waitFor(() => expect(document.querySelector('form')).not.toBeNull());
    const main = document.querySelector('main')!;
    expect(main.getAttribute('aria-busy')).toBe('true');
    const minLength = screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement;
    expect([minLength.value, minLength.disabled]).toEqual(['12', true]);
    expect(describedBy(minLength)).toContain('Set by your organisation');
    expect((screen.getByLabelText(label('yearsKept')) as HTMLInputElement).value).toBe('3');
    expect(screen.getByRole('button', { name: en('optionsResetField', label('yearsKept')) })).toBeTruthy();
    expect(screen.getByRole('heading', { name: en('optionsInvalidHeading') })).toBeTruthy();
    const shownAtOnce = main.innerHTML;

    answer(policy);
    await waitFor(() => expect(main.hasAttribute('aria-busy')).toBe(false));
    // The same page, plus what only the raw policy can say: the value IT sent that was ignored.
    expect(screen.getByText('Value received:', { exact: false }).textContent).toContain('9');
    screen.getByText('Value received:', { exact: false }).remove();
    expect(main.innerHTML).toBe(shownAtOnce);
  });

  it('before any publication, shows the user layer at once; a change made then waits for the policy and is not saved over a lock', async () => {
    await fakeBrowser.storage.local.set({ [USER_SETTINGS_KEY]: { yearsKept: 3 } });
    const answer = slowPolicy();
    render(<Options />);
    await waitFor(() => expect(document.querySelector('main[aria-busy="true"] form')).not.toBeNull());
    expect((screen.getByLabelText(label('yearsKept')) as HTMLInputElement).value).toBe('3');
    const minLength = screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement;
    expect(minLength.disabled).toBe(false);
    typeAndLeave(minLength, '10');
    typeAndLeave(screen.getByLabelText(label('attachmentThresholdMB')), '2');
    // Nothing is written while the policy is unknown.
    await new Promise((r) => setTimeout(r, 20));
    expect(await userLayer()).toEqual({ yearsKept: 3 });
    answer({ passwordMinLength: 12 });
    await waitFor(async () => expect((await userLayer())?.attachmentThresholdMB).toBe(2));
    await waitFor(() => expect([minLength.value, minLength.disabled]).toEqual(['12', true]));
    expect((await userLayer())?.passwordMinLength).toBeUndefined();
  });

  it('links to the privacy page shipped in the extension', async () => {
    await renderOptions();
    const link = screen.getByRole('link', { name: en('optionsPrivacyLink') });
    expect(link.getAttribute('href')).toBe('chrome-extension://test-extension-id/src/privacy/index.html');
  });

  it('locks what the organisation set and says so; the rest stays editable', async () => {
    await setPolicy({ passwordMinLength: 12, passwordMode: 'block', passwordBlocklist: ['acme', 'Acme2024'] });
    await renderOptions();
    const minLength = screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement;
    await waitFor(() => expect(minLength.value).toBe('12'));
    expect(minLength.disabled).toBe(true);
    expect(describedBy(minLength)).toContain('Set by your organisation');
    expect((screen.getByLabelText(label('passwordMode')) as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByLabelText(label('passwordBlocklist')) as HTMLTextAreaElement).value).toBe('acme\nAcme2024');
    expect(screen.getAllByText(en('optionsLockedBadge'))).toHaveLength(3);
    expect(screen.getByText(en('optionsLockedNote', en('optionsLockedBadge')))).toBeTruthy();
    // No reset button on a locked setting, even if the user had a value of their own.
    expect(screen.queryByRole('button', { name: en('optionsResetField', label('passwordMinLength')) })).toBeNull();
    const threshold = screen.getByLabelText(label('attachmentThresholdMB')) as HTMLInputElement;
    expect(threshold.disabled).toBe(false);
    expect(describedBy(threshold)).not.toContain('Set by your organisation');
  });

  it('lists invalid policy values for IT, ignores each one, and applies the rest', async () => {
    await setPolicy({
      passwordMinLength: 12,
      passwordMinScore: 9,
      attachmentThresholdMB: -1,
      passwordMode: 'strict',
      quotaNudge: 'yes',
      webmailOrigins: ['https://mail.example.org', 'javascript:alert(1)', 'https://*.example.org'],
      organisationDomains: ['example.org', 'not a domain'],
      co2Override: { gramsPerMbSent: 19 },
      colour: 'green',
    });
    await renderOptions();
    const section = (await screen.findByRole('heading', { name: en('optionsInvalidHeading') })).closest('section')!;
    const items = within(section).getAllByRole('listitem');
    const text = (key: string) => items.find((li) => li.dataset.setting === key)?.textContent ?? '';
    expect(items.map((li) => li.dataset.setting).sort()).toEqual(
      [
        'attachmentThresholdMB',
        'co2Override',
        'colour',
        'organisationDomains',
        'passwordMinScore',
        'passwordMode',
        'quotaNudge',
        'webmailOrigins',
        'webmailOrigins',
      ].sort(),
    );
    expect(text('passwordMinScore')).toContain(label('passwordMinScore'));
    expect(text('passwordMinScore')).toContain('Enter a whole number from 0 to 4.');
    expect(text('passwordMinScore')).toContain('Value received: 9');
    expect(text('attachmentThresholdMB')).toContain('Enter a number from 0.1 to 10,000.');
    expect(text('passwordMode')).toContain('Must be one of: advise, block.');
    expect(text('quotaNudge')).toContain('Must be true or false.');
    expect(text('webmailOrigins')).toContain('“javascript:alert(1)” is not a web address');
    expect(text('webmailOrigins')).toContain('Entry 2 received (the other entries apply): "javascript:alert(1)"');
    const pattern = items.find((li) => li.dataset.setting === 'webmailOrigins' && li.dataset.index === '3')!;
    expect(pattern.textContent).toContain('“https://*.example.org” is a pattern, not an address');
    expect(text('organisationDomains')).toContain('“not a domain” is not a domain name');
    // Entry by entry: the good entries of both lists still apply, locked.
    const origins = screen.getByLabelText(label('webmailOrigins')) as HTMLTextAreaElement;
    expect([origins.value, origins.disabled]).toEqual(['https://mail.example.org', true]);
    const domains = screen.getByLabelText(label('organisationDomains')) as HTMLTextAreaElement;
    expect([domains.value, domains.disabled]).toEqual(['example.org', true]);
    expect(text('co2Override')).toContain('Name the source of these figures.');
    expect(text('colour')).toContain('Not a setting of this extension.');
    // The valid value still rules; the ignored ones fall back and stay editable.
    const minLength = screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement;
    expect([minLength.value, minLength.disabled]).toEqual(['12', true]);
    const minScore = screen.getByLabelText(label('passwordMinScore')) as HTMLInputElement;
    expect([minScore.value, minScore.disabled]).toEqual(['3', false]);
    expect((screen.getByLabelText(label('attachmentThresholdMB')) as HTMLInputElement).value).toBe('5');
  });

  it('survives a policy that is not an object at all', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockResolvedValue('oops' as never);
    await renderOptions();
    expect(await screen.findByText(en('optionsInvalidNotObject'), { exact: false })).toBeTruthy();
    expect((screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement).disabled).toBe(false);
  });

  it('survives a browser where managed storage throws (Firefox without a policy)', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    await renderOptions();
    expect((screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement).value).toBe('8');
  });

  it('shows a 10,000-word policy blocklist; one word more is dropped with a reason, the first 10,000 apply', async () => {
    const words = Array.from({ length: LIMITS.listItems }, (_, i) => `word${i}`);
    await setPolicy({ passwordBlocklist: words });
    await renderOptions();
    const blocklist = screen.getByLabelText(label('passwordBlocklist')) as HTMLTextAreaElement;
    expect(blocklist.value.split('\n')).toHaveLength(10_000);
    expect(blocklist.disabled).toBe(true);
    cleanup();
    await setPolicy({ passwordBlocklist: [...words, 'one-more'], passwordMinLength: 10 });
    await renderOptions();
    expect(await screen.findByText('At most 10,000 entries.', { exact: false })).toBeTruthy();
    const kept = screen.getByLabelText(label('passwordBlocklist')) as HTMLTextAreaElement;
    expect(kept.value.split('\n')).toEqual(words);
    expect(kept.disabled).toBe(true);
    expect((screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement).value).toBe('10');
  });

  it('saves a valid change to the user layer and says so', async () => {
    await renderOptions();
    const threshold = screen.getByLabelText(label('attachmentThresholdMB')) as HTMLInputElement;
    // A French decimal comma is a number too.
    typeAndLeave(threshold, '2,5');
    await waitFor(async () => expect((await userLayer())?.attachmentThresholdMB).toBe(2.5));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(en('optionsSaved', label('attachmentThresholdMB'))));
    fireEvent.click(screen.getByLabelText(label('passwordRequireSymbol')));
    await waitFor(async () => expect((await userLayer())?.passwordRequireSymbol).toBe(true));
    fireEvent.change(screen.getByLabelText(label('passwordMode')), { target: { value: 'block' } });
    await waitFor(async () => expect((await userLayer())?.passwordMode).toBe('block'));
  });

  it('refuses an invalid value with a message tied to the field, and saves nothing', async () => {
    await renderOptions();
    const minLength = screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement;
    typeAndLeave(minLength, '0');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Enter a whole number from 1 to 128.');
    expect(minLength.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(minLength)).toContain('Enter a whole number from 1 to 128.');
    expect(minLength.value).toBe('0');
    expect(await userLayer()).toBeUndefined();
    typeAndLeave(minLength, '');
    expect((await screen.findByRole('alert')).textContent).toBe('Enter a whole number from 1 to 128.');
    typeAndLeave(minLength, '14');
    await waitFor(async () => expect((await userLayer())?.passwordMinLength).toBe(14));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(minLength.hasAttribute('aria-invalid')).toBe(false);
  });

  it('edits lists one entry per line, names the bad line, then saves the list cleaned', async () => {
    await renderOptions();
    const domains = screen.getByLabelText(label('organisationDomains')) as HTMLTextAreaElement;
    typeAndLeave(domains, 'Example.org\n\nnot a domain\n');
    expect((await screen.findByRole('alert')).textContent).toBe('“not a domain” is not a domain name such as example.org.');
    typeAndLeave(domains, 'Example.org\n\n  mail.example.org  \nexample.org\n');
    await waitFor(async () => expect((await userLayer())?.organisationDomains).toEqual(['example.org', 'mail.example.org']));
    await waitFor(() => expect(domains.value).toBe('example.org\nmail.example.org'));
    const origins = screen.getByLabelText(label('webmailOrigins')) as HTMLTextAreaElement;
    typeAndLeave(origins, 'https://mail.example.org/roundcube/?_task=mail');
    await waitFor(async () => expect((await userLayer())?.webmailOrigins).toEqual(['https://mail.example.org']));
  });

  it('keeps the quota thresholds rising', async () => {
    await renderOptions();
    typeAndLeave(screen.getByLabelText(label('quotaShownPercent')), '90');
    expect((await screen.findByRole('alert')).textContent).toBe(en('optionsErrorQuotaOrder'));
    expect(await userLayer()).toBeUndefined();
    typeAndLeave(screen.getByLabelText(label('quotaShownPercent')), '60');
    await waitFor(async () => expect((await userLayer())?.quotaShownPercent).toBe(60));
  });

  it('asks for the source of organisation CO2 figures before saving them', async () => {
    await renderOptions();
    const co2 = screen.getByRole('group', { name: label('co2Override') });
    typeAndLeave(within(co2).getByLabelText(en('optionsFieldCo2Sent')), '19');
    expect((await screen.findByRole('alert')).textContent).toBe('Name the source of these figures.');
    typeAndLeave(within(co2).getByLabelText(en('optionsFieldCo2Label')), 'ADEME 2011');
    await waitFor(async () =>
      expect((await userLayer())?.co2Override).toEqual({ gramsPerMbSent: 19, gramsPerMbStoredPerYear: 0, label: 'ADEME 2011' }),
    );
  });

  it('lists a policy CO2 storage figure set without the sent figure, with its reason', async () => {
    await setPolicy({ co2Override: { gramsPerMbStoredPerYear: 10, label: 'Hébergeur' } });
    await renderOptions();
    const section = (await screen.findByRole('heading', { name: en('optionsInvalidHeading') })).closest('section')!;
    const item = within(section)
      .getAllByRole('listitem')
      .find((li) => li.dataset.setting === 'co2Override')!;
    expect(item.textContent).toContain(en('optionsErrorCo2SentRequired'));
  });

  it('shows a policy CO2 label as the attachment banner does (one cap, in the parser)', async () => {
    const long = 'L'.repeat(150);
    await setPolicy({ co2Override: { gramsPerMbSent: 19, label: long } });
    await renderOptions();
    const source = document.getElementById('co2Override-label') as HTMLInputElement;
    expect([source.value, source.disabled, source.maxLength]).toEqual([long.slice(0, CO2_LABEL_MAX), true, CO2_LABEL_MAX]);
  });

  it('resets one setting to its default', async () => {
    await fakeBrowser.storage.local.set({ [USER_SETTINGS_KEY]: { passwordMinLength: 15, yearsKept: 3 } });
    await renderOptions();
    const minLength = screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement;
    expect(minLength.value).toBe('15');
    fireEvent.click(screen.getByRole('button', { name: en('optionsResetField', label('passwordMinLength')) }));
    await waitFor(() => expect(minLength.value).toBe('8'));
    expect(await userLayer()).toEqual({ yearsKept: 3 });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(en('optionsResetDone', label('passwordMinLength'))));
    expect(screen.queryByRole('button', { name: en('optionsResetField', label('passwordMinLength')) })).toBeNull();
  });

  it('follows policy changes live, without a reload', async () => {
    await renderOptions();
    const minLength = screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement;
    expect(minLength.disabled).toBe(false);
    await fakeBrowser.storage.managed.set({ passwordMinLength: 14 });
    await waitFor(() => expect([minLength.value, minLength.disabled]).toEqual(['14', true]));
    expect(describedBy(minLength)).toContain('Set by your organisation');
    await fakeBrowser.storage.managed.clear();
    await waitFor(() => expect([minLength.value, minLength.disabled]).toEqual(['8', false]));
  });

  it('a policy arriving while staff type wins over their draft', async () => {
    await renderOptions();
    const minLength = screen.getByLabelText(label('passwordMinLength')) as HTMLInputElement;
    fireEvent.input(minLength, { target: { value: '6' } });
    await fakeBrowser.storage.managed.set({ passwordMinLength: 12 });
    await waitFor(() => expect([minLength.value, minLength.disabled]).toEqual(['12', true]));
    fireEvent.change(minLength, { target: { value: '6' } });
    expect(await userLayer()).toBeUndefined();
  });

  it("says where the webmail's own password rules are stricter, and that the stricter one applies", async () => {
    await setPolicy({ passwordMinLength: 8 });
    await fakeBrowser.storage.local.set({
      webmailPasswordRules: {
        origin: 'https://webmail.example.org',
        seenAt: Date.UTC(2026, 11, 4),
        rules: [
          { kind: 'minLength', min: 10, counts: 'utf8Bytes' },
          { kind: 'digitAndPunctuation' },
          { kind: 'checkedByWebmail', text: 'Password must not be commonly known.' },
        ],
      },
    });
    await renderOptions();
    const note = document.getElementById('webmail-password-rules')!;
    expect(note.closest('#group-password')).not.toBeNull();
    expect(note.textContent).toContain('https://webmail.example.org');
    expect(note.textContent).toContain(en('optionsWebmailRuleLengthStricter', '10', '8'));
    expect(note.textContent).toContain(en('optionsWebmailRuleDigitAndPunctuation'));
    expect(note.textContent).toContain('“Password must not be commonly known.”: only the webmail');
  });

  it("lists SOGo's letter, digit and symbol rules as checked whatever the settings say", async () => {
    await setPolicy({ passwordMinLength: 8 });
    await fakeBrowser.storage.local.set({
      webmailPasswordRules: {
        origin: 'https://sogo.example.org',
        seenAt: Date.UTC(2026, 11, 4),
        rules: [
          { kind: 'minLength', min: 10, counts: 'codePointsOnOneLine' },
          { kind: 'minCharacters', characters: 'asciiDigit', min: 1 },
          { kind: 'minCharacters', characters: 'sogoSymbol', min: 2 },
        ],
      },
    });
    await renderOptions();
    const note = document.getElementById('webmail-password-rules')!;
    expect(note.textContent).toContain(en('optionsWebmailRuleLengthStricter', '10', '8'));
    expect(note.textContent).toContain(en('optionsWebmailRuleCharacters', en('passwordRuleWebmailDigits', '1')));
    expect(note.textContent).toContain(
      en('optionsWebmailRuleCharacters', en('passwordRuleWebmailSymbols', '2', '% $ & * ( ) { } ! ? @ #')),
    );
  });

  it("says when the organisation's length is the stricter one, and shows nothing before the webmail's page was seen", async () => {
    await setPolicy({ passwordMinLength: 12 });
    const view = await renderOptions();
    expect(document.getElementById('webmail-password-rules')).toBeNull();
    view.unmount();
    await fakeBrowser.storage.local.set({
      webmailPasswordRules: {
        origin: 'https://webmail.example.org',
        seenAt: 1,
        rules: [{ kind: 'minLength', min: 10, counts: 'utf8Bytes' }],
      },
    });
    await renderOptions();
    expect(document.getElementById('webmail-password-rules')!.textContent).toContain(en('optionsWebmailRuleLengthLooser', '10', '12'));
  });

  it('ignores a malformed record of webmail rules', async () => {
    await fakeBrowser.storage.local.set({ webmailPasswordRules: { origin: 'javascript:alert(1)', seenAt: 1, rules: [] } });
    await renderOptions();
    expect(document.getElementById('webmail-password-rules')).toBeNull();
  });

  it('speaks French', async () => {
    useLanguage('fr');
    await setPolicy({ passwordMinLength: 12, passwordMinScore: 9 });
    await renderOptions();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(CATALOGUES.fr.optionsTitle!.message);
    expect(screen.getByRole('group', { name: 'Politique de mot de passe' })).toBeTruthy();
    expect(describedBy(screen.getByLabelText('Longueur minimale (caractères)'))).toContain('Défini par votre organisation');
    expect(screen.getByText('Saisissez un nombre entier de 0 à 4.', { exact: false })).toBeTruthy();
    typeAndLeave(screen.getByLabelText('Seuil des pièces jointes (Mo)'), '0');
    expect((await screen.findByRole('alert')).textContent).toBe('Saisissez un nombre de 0,1 à 10\u202f000.');
  });

  it('writes nothing until a person changes something', async () => {
    await setPolicy({ passwordMinLength: 12 });
    await renderOptions();
    expect(await userLayer()).toBeUndefined();
    expect(DEFAULT_SETTINGS.passwordMinLength).toBe(8);
  });

  it('uses native, labelled controls only, so it works with the keyboard', async () => {
    await renderOptions();
    for (const element of document.querySelectorAll<HTMLElement>('input, select, textarea')) {
      expect(element.id, element.outerHTML).not.toBe('');
      expect(document.querySelector(`label[for="${element.id}"]`), element.id).not.toBeNull();
    }
    for (const element of document.querySelectorAll<HTMLElement>('[tabindex]'))
      expect(Number(element.getAttribute('tabindex'))).toBeLessThanOrEqual(0);
    for (const element of document.querySelectorAll<HTMLElement>('[onclick], div[role="button"], span[role="button"]'))
      expect(element).toBeNull();
  });
});

describe('privacy page', () => {
  it('says every privacy sentence, with headings, and links back to the settings', () => {
    render(<Privacy />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(en('optionsPrivacyTitle'));
    const text = document.body.textContent ?? '';
    for (const key of privacyMessageKeys()) expect(text, key).toContain(en(key));
    expect(screen.getAllByRole('heading', { level: 2 }).length).toBeGreaterThanOrEqual(5);
    expect(screen.getByRole('link', { name: en('optionsPrivacyBack') }).getAttribute('href')).toBe(
      'chrome-extension://test-extension-id/src/options/index.html',
    );
  });

  it('speaks French', () => {
    useLanguage('fr');
    render(<Privacy />);
    expect(document.body.textContent).toContain('Rien ne quitte votre navigateur');
  });
});
