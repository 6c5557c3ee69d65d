/**
 * Issue 19, item 5: publications of the settings. Until the managed settings have been read, the
 * last published policy stays in force (never the user's layer alone), and of overlapping
 * publications the newest wins, whatever order their managed reads answer in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { mergeSettings } from '../../src/shared/settings.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));
const store = await import('../../src/shared/settings-store.ts');

/** storage.managed.get() that answers only when the test says so, like Chromium's policy service at start-up. */
function slowManaged() {
  const answers: ((value: Record<string, unknown>) => void)[] = [];
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation((() => new Promise((resolve) => answers.push(resolve))) as never);
  return answers;
}
const published = async () => store.readPublishedSettings();

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('publishing the settings', () => {
  it('while the managed read is pending, the last published policy stays in force over the user’s layer', async () => {
    await fakeBrowser.storage.local.set({
      effectiveSettings: mergeSettings({}, { passwordMode: 'block', webmailOrigins: ['https://webmail.example.org'] }),
      userSettings: { passwordMode: 'advise', webmailOrigins: ['https://evil.example'], passwordMinLength: 11 },
    });
    const answers = slowManaged();
    const during = await store.publishSettings();
    expect(during.values.passwordMode).toBe('block');
    expect((await published()).passwordMode).toBe('block');
    expect((await published()).webmailOrigins).toEqual(['https://webmail.example.org']);
    // The user's own, unlocked choices apply meanwhile.
    expect((await published()).passwordMinLength).toBe(11);
    // The policy arrives, and now says otherwise: it is what is published.
    answers[0]!({ passwordMode: 'advise' });
    await vi.waitFor(async () =>
      expect(((await fakeBrowser.storage.local.get('effectiveSettings')).effectiveSettings as { locked: string[] }).locked).toEqual([
        'passwordMode',
      ]),
    );
    expect((await published()).webmailOrigins).toEqual(['https://evil.example']);
  });

  it('overlapping publications: the newest wins even when the older one’s policy answers last', async () => {
    const answers = slowManaged();
    const first = store.publishSettings();
    const second = store.publishSettings();
    answers[1]!({ passwordMinLength: 12 });
    await second;
    answers[0]!({ passwordMinLength: 9 });
    await first;
    // Let the older publication's write run, if it were going to.
    await new Promise((r) => setTimeout(r, 50));
    expect((await published()).passwordMinLength).toBe(12);
  });
});

describe('the always-loaded script’s small key', () => {
  it('its defaults are the settings’ defaults', async () => {
    const { PAGE_DEFAULTS } = await import('../../src/shared/page-settings.ts');
    const { DEFAULT_SETTINGS } = await import('../../src/shared/settings.ts');
    expect(PAGE_DEFAULTS).toEqual(store.pageSettingsOf(DEFAULT_SETTINGS));
  });

  it('is published with the whole settings, holds addresses and flags only, and stays small at the schema’s maximums', async () => {
    const { readPageSettings, PAGE_SETTINGS_KEY } = await import('../../src/shared/page-settings.ts');
    const { LIMITS } = await import('../../src/shared/settings.ts');
    const list = (prefix: string) => Array.from({ length: LIMITS.listItems }, (_, i) => `${prefix}${i}`.padEnd(LIMITS.itemLength, 'x'));
    await fakeBrowser.storage.managed.set({
      webmailOrigins: ['https://webmail.example.org'],
      passwordBlocklist: list('b'),
      organisationNames: list('n'),
      passwordNudge: false,
      passwordMinScore: 0,
      passwordForbidKnownWords: false,
    });
    await store.publishSettings();
    const stored = await fakeBrowser.storage.local.get(null);
    expect(JSON.stringify(stored.effectiveSettings).length).toBeGreaterThan(5_000_000);
    expect(JSON.stringify(stored[PAGE_SETTINGS_KEY]).length).toBeLessThan(400);
    expect(await readPageSettings()).toEqual({
      webmailOrigins: ['https://webmail.example.org'],
      passwordReuseAllowedOrigins: [],
      passwordNudge: false,
      attachmentNudge: true,
      outOfOfficeNudge: true,
      quotaNudge: true,
      lookalikeWarning: true,
      passwordReuseAlert: true,
    });
  });

  it('is parsed defensively: wrong shapes give the defaults, never a page address list it did not publish', async () => {
    const { parsePageSettings, PAGE_DEFAULTS } = await import('../../src/shared/page-settings.ts');
    expect(parsePageSettings({ webmailOrigins: ['javascript:alert(1)'], quotaNudge: 'no' })).toEqual(PAGE_DEFAULTS);
    expect(parsePageSettings('junk')).toEqual(PAGE_DEFAULTS);
  });
});

describe('the settings the background acts on', () => {
  it('come from the published copy at once while storage.managed has not answered, the user’s layer read fresh', async () => {
    await fakeBrowser.storage.local.set({
      effectiveSettings: mergeSettings({}, { passwordMode: 'block', webmailOrigins: ['https://webmail.example.org'] }),
      userSettings: { passwordMode: 'advise', passwordMinLength: 11 },
    });
    const answers = slowManaged();
    const values = await store.settingsInForce();
    // IT's lock holds; the user's own, unlocked choice counts.
    expect(values.passwordMode).toBe('block');
    expect(values.webmailOrigins).toEqual(['https://webmail.example.org']);
    expect(values.passwordMinLength).toBe(11);
    expect(answers).toHaveLength(0);
  });

  it('wait for the policy before anything was ever published, so IT’s locks are never skipped', async () => {
    await fakeBrowser.storage.local.set({ userSettings: { passwordMode: 'advise' } });
    const answers = slowManaged();
    let settled = false;
    const pending = store.settingsInForce().then((values) => ((settled = true), values));
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    expect(settled).toBe(false);
    answers[0]!({ passwordMode: 'block' });
    expect((await pending).passwordMode).toBe('block');
  });
});
