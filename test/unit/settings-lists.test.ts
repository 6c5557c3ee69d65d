/**
 * Policy lists are checked entry by entry (issue 20): one bad entry is dropped with a structured
 * reason (key, entry, position, code) and the others still apply; only a value that is not a list
 * at all is refused whole.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LIMITS, mergeSettings, parseSetting, type ProblemCode } from '../../src/shared/settings.ts';
import { invalidSettingProblem } from '../../src/options/fields.ts';

type ListKey = 'webmailOrigins' | 'passwordReuseAllowedOrigins' | 'organisationDomains' | 'organisationNames' | 'passwordBlocklist';

const cases: [ListKey, unknown[], string[], { index: number; code: ProblemCode }[]][] = [
  [
    'webmailOrigins',
    ['https://webmail.example.org', 'javascript:alert(1)'],
    ['https://webmail.example.org'],
    [{ index: 2, code: 'item-origin' }],
  ],
  [
    'webmailOrigins',
    ['mail.example.org', 'https://mail.example.org/roundcube/'],
    ['https://mail.example.org'],
    [{ index: 1, code: 'item-origin' }],
  ],
  [
    'webmailOrigins',
    ['https://*.example.org', 'https://webmail.example.org'],
    ['https://webmail.example.org'],
    [{ index: 1, code: 'item-origin-pattern' }],
  ],
  ['webmailOrigins', ['*'], [], [{ index: 1, code: 'item-origin-pattern' }]],
  [
    'webmailOrigins',
    ['https://webmail.example.org', 42, null],
    ['https://webmail.example.org'],
    [
      { index: 2, code: 'item-not-text' },
      { index: 3, code: 'item-not-text' },
    ],
  ],
  [
    'passwordReuseAllowedOrigins',
    ['https://sso.example.org', 'ftp://files.example.org'],
    ['https://sso.example.org'],
    [{ index: 2, code: 'item-origin' }],
  ],
  [
    'organisationDomains',
    ['example.org', 'not a domain', 'example.net'],
    ['example.org', 'example.net'],
    [{ index: 2, code: 'item-domain' }],
  ],
  ['organisationDomains', ['example.org', 'x'.repeat(LIMITS.itemLength + 1)], ['example.org'], [{ index: 2, code: 'item-too-long' }]],
  ['organisationNames', ['Example', '  ', 'Example Group'], ['Example', 'Example Group'], [{ index: 2, code: 'item-invalid' }]],
  ['passwordBlocklist', ['welcome', { word: 'x' }], ['welcome'], [{ index: 2, code: 'item-not-text' }]],
];

describe('policy lists, entry by entry', () => {
  it.each(cases)('%s %j keeps %j and drops %j', (key, raw, kept, dropped) => {
    const merged = mergeSettings(undefined, { [key]: raw, passwordMinLength: 12 });
    expect(merged.values[key]).toEqual(kept);
    // Locked when something is left to apply; a list emptied by its bad entries falls back, unlocked.
    if (kept.length) expect(merged.locked).toContain(key);
    else expect(merged.locked).not.toContain(key);
    expect(merged.values.passwordMinLength).toBe(12);
    const problems = merged.invalidManaged.filter((i) => i.key === key);
    expect(problems.map(({ index, code }) => ({ index, code }))).toEqual(dropped);
    for (const p of problems) {
      expect(p.item).toEqual(raw[p.index! - 1]);
      expect(p.reason).toContain(`item ${p.index}`);
    }
  });

  it('a value that is not a list is refused whole, with the list code', () => {
    const merged = mergeSettings(undefined, { webmailOrigins: 'https://webmail.example.org' });
    expect(merged.values.webmailOrigins).toEqual([]);
    expect(merged.locked).not.toContain('webmailOrigins');
    expect(merged.invalidManaged).toEqual([{ key: 'webmailOrigins', code: 'list', reason: expect.stringContaining('list') }]);
  });

  it('entries past the limit are dropped with one reason; the first ones apply', () => {
    const origins = Array.from({ length: LIMITS.webmailOrigins + 3 }, (_, i) => `https://m${i}.example.org`);
    const parsed = parseSetting('webmailOrigins', origins);
    expect(parsed.ok && parsed.value.length).toBe(LIMITS.webmailOrigins);
    expect(parsed.ok && parsed.dropped).toEqual([{ code: 'too-many', reason: expect.stringContaining(String(LIMITS.webmailOrigins)) }]);
  });

  it('each dropped entry has a message for the options page that quotes it', () => {
    for (const [key, raw] of cases) {
      for (const entry of mergeSettings(undefined, { [key]: raw }).invalidManaged) {
        const problem = invalidSettingProblem(entry, raw);
        expect(problem.message, JSON.stringify(entry)).toMatch(/^optionsErrorItem/);
        if (typeof entry.item === 'string' && entry.item.trim())
          expect(problem.substitutions?.[0]).toBe(entry.item.slice(0, 40) + (entry.item.length > 40 ? '…' : ''));
      }
    }
    expect(invalidSettingProblem({ key: 'webmailOrigins', code: 'item-origin-pattern', index: 1, item: '*' }, ['*']).message).toBe(
      'optionsErrorItemOriginPattern',
    );
  });

  it('property: good entries survive whatever bad entries are mixed in, in order, and every bad one is reported once', () => {
    const good = fc.uniqueArray(
      fc.domain().map((d) => `https://${d}`),
      { maxLength: 8, selector: (u) => new URL(u).origin },
    );
    const bad = fc.oneof(
      fc.constant('*'),
      fc.domain().map((d) => `https://*.${d}`),
      fc.domain(), // no scheme
      fc.constant('javascript:alert(1)'),
      fc.integer(),
      fc.constant(null),
      fc.string({ minLength: LIMITS.itemLength + 1, maxLength: LIMITS.itemLength + 5 }),
    );
    fc.assert(
      fc.property(good, fc.array(bad, { maxLength: 6 }), fc.infiniteStream(fc.boolean()), (goods, bads, coin) => {
        // Interleave deterministically from the coin stream.
        const list: unknown[] = [];
        const g = [...goods];
        const b = [...bads];
        const flips = coin[Symbol.iterator]();
        while (g.length || b.length) list.push(g.length && (!b.length || flips.next().value) ? g.shift() : b.shift());
        const merged = mergeSettings(undefined, { webmailOrigins: list });
        expect(merged.values.webmailOrigins).toEqual(goods.map((u) => new URL(u).origin));
        const reported = merged.invalidManaged.filter((i) => i.key === 'webmailOrigins');
        expect(reported.length).toBe(bads.length);
        for (const r of reported) expect(bads).toContainEqual(list[r.index! - 1]);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a list of valid domains is kept whole (normalised to lower case), with no problem', () => {
    fc.assert(
      fc.property(fc.array(fc.domain(), { maxLength: 20 }), (domains) => {
        const merged = mergeSettings(undefined, { organisationDomains: domains });
        expect(merged.invalidManaged).toEqual([]);
        expect(merged.values.organisationDomains).toEqual([...new Set(domains.map((d) => d.toLowerCase()))]);
      }),
      { numRuns: 200 },
    );
  });
});
