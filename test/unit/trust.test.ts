/**
 * The trust anchor (DESIGN §2b): only the page's origin decides, and bad `webmailOrigins` entries are
 * refused with a reason rather than silently trusted or silently dropped.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPasswordHome, mayReport, trustOf } from '../../src/model/trust.ts';
import { mergeSettings, normaliseOrigin, parseSetting } from '../../src/shared/settings.ts';

const origin = fc.webUrl({ withQueryParameters: false, withFragments: false }).map((u) => new URL(u).origin);

describe('trust', () => {
  it('nothing listed: every address is "unlisted" (Roundcube keeps its nudges anywhere)', () => {
    expect(trustOf('https://phish.example.net', [])).toBe('unlisted');
    expect(mayReport('https://phish.example.net', [])).toBe(true);
  });

  it('a listed address is trusted; any other is untrusted and may report nothing', () => {
    fc.assert(
      fc.property(fc.array(origin, { minLength: 1, maxLength: 5 }), origin, (list, page) => {
        const trust = trustOf(page, list);
        expect(trust).toBe(list.includes(page) ? 'trusted' : 'untrusted');
        expect(mayReport(page, list)).toBe(list.includes(page));
      }),
    );
    // Same host, other scheme or port: another origin, so not trusted.
    expect(trustOf('http://webmail.example.org', ['https://webmail.example.org'])).toBe('untrusted');
    expect(trustOf('https://webmail.example.org:8443', ['https://webmail.example.org'])).toBe('untrusted');
    expect(trustOf('https://webmail.example.org.evil.test', ['https://webmail.example.org'])).toBe('untrusted');
  });

  it('the password is expected at the webmail and at the allowed addresses only', () => {
    const webmail = ['https://webmail.example.org'];
    const allowed = ['https://sso.example.org'];
    expect(isPasswordHome('https://webmail.example.org', webmail, allowed)).toBe(true);
    expect(isPasswordHome('https://sso.example.org', webmail, allowed)).toBe(true);
    expect(isPasswordHome('https://forum.example.net', webmail, allowed)).toBe(false);
  });
});

describe('webmailOrigins entries that are not origins', () => {
  it.each([
    ['mail.example.org', null],
    ['https://*.example.org', null],
    ['javascript:alert(1)', null],
    ['ftp://mail.example.org', null],
    ['', null],
    ['https://', null],
    ['https://mail.example.org/roundcube/?_task=mail', 'https://mail.example.org'],
    ['  HTTPS://Mail.Example.org:443/ ', 'https://mail.example.org'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseOrigin(input)).toBe(expected);
  });

  it('a policy with a bad entry: that entry is dropped with its reason and nothing is trusted from it; the good one applies', () => {
    const merged = mergeSettings({}, { webmailOrigins: ['https://webmail.example.org', 'webmail.example.org'] });
    expect(merged.values.webmailOrigins).toEqual(['https://webmail.example.org']);
    expect(merged.invalidManaged).toEqual([
      {
        key: 'webmailOrigins',
        code: 'item-origin',
        index: 2,
        item: 'webmail.example.org',
        reason: 'item 2 ("webmail.example.org"): not a web address such as https://mail.example.org',
      },
    ]);
  });

  it('never throws, whatever the entry', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void normaliseOrigin(s)));
    fc.assert(fc.property(fc.anything(), (v) => void parseSetting('passwordReuseAllowedOrigins', v)));
  });
});

describe('the report URL setting', () => {
  it.each([
    ['', true],
    ['https://it.example.org/sobre-mail/report', true],
    ['http://127.0.0.1:9000/reports', true],
    ['https://user:secret@it.example.org/report', false],
    ['javascript:alert(1)', false],
    ['it.example.org/report', false],
    [`https://it.example.org/${'a'.repeat(2048)}`, false],
    [42, false],
  ])('%j accepted: %s', (input, accepted) => {
    expect(parseSetting('passwordReuseReportUrl', input).ok).toBe(accepted);
  });
});
