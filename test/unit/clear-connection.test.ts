/**
 * Which webmail pages get the "password would travel in clear" warning (issue 16, item 1), and
 * which https address it links to. The table is the decision; the e2e file proves it in browsers.
 */
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, normaliseSecureUrl, secureWebmailAddress, warnsClearText } from '../../src/model/clear-connection.ts';
import { mergeSettings, parseSetting } from '../../src/shared/settings.ts';

const LISTED_HTTP = ['http://webmail.example.org'];
const LISTED_HTTPS = ['https://webmail.example.org'];

describe('warnsClearText', () => {
  it.each<[string, readonly string[], boolean, string]>([
    // [page, webmailOrigins, warns, why]
    ['http://webmail.example.org/', [], true, 'nothing listed: the webmail the user signs in to, over http'],
    ['http://webmail.example.org/?_task=settings&_action=plugin.password', LISTED_HTTP, true, 'the listed webmail, its password page'],
    ['http://webmail.example.org/?_task=login', LISTED_HTTPS, true, 'the http twin of the listed https address'],
    ['http://webmail.example.org:8080/', LISTED_HTTPS, true, 'the twin on another port: same host name'],
    ['https://webmail.example.org/', LISTED_HTTPS, false, 'https: encrypted'],
    ['https://webmail.example.org/', [], false, 'https, nothing listed'],
    ['http://phish.example.net/', LISTED_HTTPS, false, 'another host: a look-alike, warned as such'],
    ['http://webmail.example.org.evil.test/', LISTED_HTTPS, false, 'a host that only starts like the listed one'],
    ['http://127.0.0.1:40123/', [], false, 'loopback IPv4'],
    ['http://127.8.9.10/', ['http://127.8.9.10'], false, 'anywhere in 127.0.0.0/8'],
    ['http://localhost:8000/', [], false, 'localhost'],
    ['http://LOCALHOST/', [], false, 'host names are case-insensitive'],
    ['http://[::1]:8000/', [], false, 'loopback IPv6'],
    ['http://[::2]/', [], true, 'an IPv6 address that is not loopback'],
    ['http://128.0.0.1/', [], true, 'just outside 127.0.0.0/8'],
    ['http://10.0.0.5/', [], true, 'a private address is still a network'],
    ['http://127.0.0.1.nip.io/', [], true, 'a name that only contains a loopback address'],
    ['not a url', [], false, 'garbage'],
    ['ftp://webmail.example.org/', [], false, 'not a web page'],
  ])('%s with %j → %s (%s)', (page, origins, warns) => {
    expect(warnsClearText(page, origins)).toBe(warns);
  });
});

describe('isLoopbackHost', () => {
  it('is true only for loopback names and addresses', () => {
    for (const host of ['localhost', 'a.localhost', '127.0.0.1', '127.255.255.255', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['example.org', '126.0.0.1', '[::2]', 'localhost.example.org', '0.0.0.0'])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('secureWebmailAddress', () => {
  it('IT’s address first, else the listed https twin, else none (never a guess)', () => {
    expect(secureWebmailAddress('http://webmail.example.org/', LISTED_HTTP, 'https://mail.example.org/')).toBe('https://mail.example.org/');
    expect(secureWebmailAddress('http://webmail.example.org/x', LISTED_HTTPS, '')).toBe('https://webmail.example.org/');
    expect(secureWebmailAddress('http://webmail.example.org/', LISTED_HTTP, '')).toBeNull();
    expect(secureWebmailAddress('http://webmail.example.org/', [], '')).toBeNull();
  });
});

describe('webmailSecureUrl setting', () => {
  it('accepts empty or an https address, refuses http, credentials and garbage', () => {
    expect(normaliseSecureUrl('')).toBe('');
    expect(normaliseSecureUrl('  https://mail.example.org  ')).toBe('https://mail.example.org/');
    expect(normaliseSecureUrl('https://mail.example.org/roundcube/?_task=mail')).toBe('https://mail.example.org/roundcube/?_task=mail');
    for (const bad of [
      'http://mail.example.org',
      'https://user:pw@mail.example.org',
      'javascript:alert(1)',
      'mail.example.org',
      `https://e.org/${'a'.repeat(2100)}`,
    ]) {
      expect(normaliseSecureUrl(bad), bad).toBeNull();
    }
  });

  it('goes through the settings pipeline: default empty, parsed, a bad managed value reported and ignored', () => {
    expect(mergeSettings({}, {}).values.webmailSecureUrl).toBe('');
    expect(parseSetting('webmailSecureUrl', 'https://mail.example.org')).toEqual({ ok: true, value: 'https://mail.example.org/' });
    expect(parseSetting('webmailSecureUrl', 42).ok).toBe(false);
    const merged = mergeSettings({ webmailSecureUrl: 'https://user.example.org/' }, { webmailSecureUrl: 'http://mail.example.org' });
    expect(merged.values.webmailSecureUrl).toBe('https://user.example.org/');
    expect(merged.invalidManaged.map((i) => i.key)).toEqual(['webmailSecureUrl']);
  });
});
