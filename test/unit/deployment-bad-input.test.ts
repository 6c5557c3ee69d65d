/**
 * A policy written by hand, by a script, or by someone careless: every bad value is ignored on its
 * own with a reason, the defaults (or the user's values) apply, and the chain the extension runs —
 * background merge, publication to storage.local, content-script re-parse — keeps working.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { DEFAULT_SETTINGS, LIMITS, SETTING_KEYS, mergeSettings, parseSetting, type SettingKey } from '../../src/shared/settings.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));
const store = await import('../../src/shared/settings-store.ts');

beforeEach(() => fakeBrowser.reset());

const invalidKeys = (managed: unknown) =>
  mergeSettings({}, managed)
    .invalidManaged.map((i) => i.key)
    .sort();

describe('bad policy values', () => {
  it.each([
    [
      'wrong types',
      {
        passwordMinLength: '12',
        passwordNudge: 'true',
        passwordMode: 1,
        passwordBlocklist: 'acme',
        co2Override: [],
        yearsKept: true,
        quotaNudge: null,
      },
    ],
    ['negative numbers', { passwordMinLength: -8, passwordMinScore: -1, attachmentThresholdMB: -5, yearsKept: -1, quotaShownPercent: -10 }],
    [
      'numbers out of range',
      { passwordMinLength: 129, passwordMinScore: 5, attachmentThresholdMB: 10_001, yearsKept: 101, quotaCriticalPercent: 101 },
    ],
    [
      'non-finite and fractional',
      { attachmentThresholdMB: Number.POSITIVE_INFINITY, yearsKept: Number.NaN, passwordMinLength: 8.5, quotaWarningPercent: 80.5 },
    ],
    [
      'not lists',
      {
        webmailOrigins: 'https://mail.example.org',
        organisationDomains: { example: 'org' },
        passwordBlocklist: 42,
        organisationNames: null,
      },
    ],
    ['bad CO2 figures', { co2Override: { gramsPerMbSent: -1, label: 'ours' } }],
  ])('%s: each is ignored with a reason, the defaults apply', (_, policy) => {
    const merged = mergeSettings({}, policy);
    expect(merged.invalidManaged.map((i) => i.key).sort()).toEqual(Object.keys(policy).sort());
    for (const entry of merged.invalidManaged) expect(entry.reason, entry.key).toMatch(/\w{4,}/);
    expect(merged.values).toEqual(DEFAULT_SETTINGS);
    expect(merged.locked).toEqual([]);
  });

  it('bad list entries: each entry is dropped with a reason and its position, the rest of each list applies', () => {
    const policy = {
      webmailOrigins: ['ftp://mail.example.org'],
      organisationDomains: ['exa mple.org', 'example.org'],
      passwordBlocklist: ['ok', 42],
      organisationNames: ['x'.repeat(LIMITS.itemLength + 1)],
    };
    const merged = mergeSettings({}, policy);
    expect(merged.invalidManaged.map(({ key, index, code }) => ({ key, index, code }))).toEqual([
      { key: 'webmailOrigins', index: 1, code: 'item-origin' },
      { key: 'organisationDomains', index: 1, code: 'item-domain' },
      { key: 'passwordBlocklist', index: 2, code: 'item-not-text' },
      { key: 'organisationNames', index: 1, code: 'item-too-long' },
    ]);
    expect(merged.values).toEqual({ ...DEFAULT_SETTINGS, organisationDomains: ['example.org'], passwordBlocklist: ['ok'] });
    // A list left empty by its bad entries neither applies nor locks; one with a good entry left does both.
    expect(merged.locked.sort()).toEqual(['organisationDomains', 'passwordBlocklist']);
  });

  it('a bad value falls back to the user value, not only to the default', () => {
    const merged = mergeSettings({ passwordMinLength: 10 }, { passwordMinLength: 0, passwordMode: 'block' });
    expect(merged.values.passwordMinLength).toBe(10);
    expect(merged.locked).toEqual(['passwordMode']);
  });

  it('unknown keys are listed one by one; the known ones still apply', () => {
    const policy: Record<string, unknown> = { passwordMinLength: 12 };
    for (let i = 0; i < 500; i++) policy[`setting${i}`] = i;
    const merged = mergeSettings({}, policy);
    expect(merged.values.passwordMinLength).toBe(12);
    expect(merged.invalidManaged).toHaveLength(500);
    expect(merged.invalidManaged.every((i) => i.reason === 'unknown setting')).toBe(true);
  });

  it('a "__proto__" key in a JSON policy is an unknown setting and pollutes nothing', () => {
    const policy = JSON.parse(
      '{"__proto__": {"passwordMinLength": 1, "polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    );
    const merged = mergeSettings({}, policy);
    expect(invalidKeys(policy)).toEqual(['__proto__', 'constructor']);
    expect(merged.values.passwordMinLength).toBe(8);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged.values)).toBe(Object.prototype);
  });

  it('a 10,000-word blocklist applies; one word more is dropped with its reason, the first 10,000 apply', () => {
    const words = Array.from({ length: LIMITS.listItems }, (_, i) => `mot${i}`);
    expect(mergeSettings({}, { passwordBlocklist: words }).values.passwordBlocklist).toHaveLength(10_000);
    const tooMany = mergeSettings({}, { passwordBlocklist: [...words, 'encore'], passwordMinLength: 12 });
    expect(tooMany.values.passwordBlocklist).toEqual(words);
    expect(tooMany.values.passwordMinLength).toBe(12);
    expect(tooMany.invalidManaged).toEqual([
      { key: 'passwordBlocklist', code: 'too-many', reason: 'expected at most 10000 items, got 10001: the ones after are ignored' },
    ]);
  });

  it('every setting refuses every wrong JSON type', () => {
    const samples: unknown[] = [null, true, 0, -1, 1.5, '', 'text', [], ['text'], {}, { a: 1 }];
    for (const key of SETTING_KEYS) {
      for (const sample of samples) {
        const parsed = parseSetting(key as SettingKey, sample);
        if (parsed.ok) expect(typeof parsed.value, `${key} ← ${JSON.stringify(sample)}`).toBe(typeof DEFAULT_SETTINGS[key as SettingKey]);
        else expect(parsed.reason.length, key).toBeGreaterThan(5);
      }
    }
  });
});

describe('the chain keeps working with a hostile policy', () => {
  const hostile = {
    passwordMinLength: 12,
    passwordMinScore: 'max',
    passwordBlocklist: Array.from({ length: LIMITS.listItems }, (_, i) => `w${i}`),
    webmailOrigins: ['javascript:alert(1)'],
    quotaShownPercent: 99,
    unknown: { deep: [1, 2, 3] },
  };

  it('background publishes complete, valid settings; a content script reads them back', async () => {
    await fakeBrowser.storage.managed.set(hostile);
    const published = await store.publishSettings();
    expect(published.values.passwordMinLength).toBe(12);
    // Its only origin is dropped: nothing is left to apply, so the field is not locked either.
    expect(published.locked).toEqual(['passwordMinLength', 'passwordBlocklist']);
    expect(published.values.webmailOrigins).toEqual([]);
    expect(published.invalidManaged.map((i) => i.key).sort()).toEqual([
      'passwordMinScore',
      'quotaShownPercent',
      'unknown',
      'webmailOrigins',
    ]);
    const seenByContent = await store.readPublishedSettings();
    expect(Object.keys(seenByContent).sort()).toEqual([...SETTING_KEYS].sort());
    expect(seenByContent.passwordMinLength).toBe(12);
    expect(seenByContent.passwordBlocklist).toHaveLength(10_000);
    expect(seenByContent.quotaShownPercent).toBe(75);
  });

  it('a tampered published copy is repaired by the content side', async () => {
    await fakeBrowser.storage.local.set({
      [store.PUBLISHED_SETTINGS_KEY]: { values: { passwordMinLength: 'x', attachmentNudge: false }, locked: 'all' },
    });
    const seen = await store.readPublishedSettings();
    expect(seen.passwordMinLength).toBe(8);
    expect(seen.attachmentNudge).toBe(false);
  });

  it('managed storage that throws (Firefox without a policy) or answers nothing means no policy', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValueOnce(new Error('Managed storage manifest not found'));
    expect(await store.readManagedSettings()).toEqual({});
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockResolvedValueOnce(undefined as never);
    expect(await store.readManagedSettings()).toEqual({});
    expect((await store.loadSettings()).values).toEqual(DEFAULT_SETTINGS);
  });

  it('the user layer cannot override a locked key, even from a stale options page', async () => {
    await fakeBrowser.storage.managed.set({ passwordMinLength: 12 });
    await store.saveUserSettings({ passwordMinLength: 6, yearsKept: 3 }, ['passwordMinLength']);
    expect(await store.readUserSettings()).toEqual({ yearsKept: 3 });
    expect((await store.loadSettings()).values.passwordMinLength).toBe(12);
  });
});
