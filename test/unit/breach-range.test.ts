import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  breachCount,
  isRangePrefix,
  MAX_RANGE_BYTES,
  MAX_RANGE_LINES,
  normaliseRangeEndpoint,
  parseRangeResponse,
  rangeUrl,
  splitSha1,
} from '../../src/model/breach-range.ts';

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

describe('range protocol (Pwned Passwords k-anonymity)', () => {
  it('splits the SHA-1 into the 5 digits that leave and the 35 that stay', () => {
    // "password": SHA-1 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8, the protocol's own example.
    expect(splitSha1(sha1('password'))).toEqual({ prefix: '5BAA6', suffix: '1E4C9B93F3F0682250B6CF8331B7EE68FD8' });
    expect(() => splitSha1('xyz')).toThrow(RangeError);
  });

  it('asks <endpoint>/range/<PREFIX>, whatever slashes IT wrote', () => {
    expect(rangeUrl('https://api.pwnedpasswords.com', '5BAA6')).toBe('https://api.pwnedpasswords.com/range/5BAA6');
    expect(rangeUrl('https://mirror.example.org/hibp/', '5BAA6')).toBe('https://mirror.example.org/hibp/range/5BAA6');
    expect(() => rangeUrl('https://x.example', 'password')).toThrow(RangeError);
    expect(isRangePrefix('5baa6')).toBe(false);
  });

  it('reads an answer, drops the padding, and finds the count of a suffix', () => {
    const body =
      '1E4C9B93F3F0682250B6CF8331B7EE68FD8:52579\r\n0018A45C4D1DEF81644B54AB7F969B88D65:0\r\n011053FD0102E94D6AE2F8B83D76FAF94F6:3\n';
    const suffixes = parseRangeResponse(body)!;
    expect([...suffixes.keys()]).toEqual(['1E4C9B93F3F0682250B6CF8331B7EE68FD8', '011053FD0102E94D6AE2F8B83D76FAF94F6']);
    expect(breachCount(suffixes, '1e4c9b93f3f0682250b6cf8331b7ee68fd8')).toBe(52579);
    expect(breachCount(suffixes, '0018A45C4D1DEF81644B54AB7F969B88D65')).toBe(0);
    expect(parseRangeResponse('')).toEqual(new Map());
  });

  it('refuses what is not a range file: HTML, JSON, a huge body, too many lines', () => {
    expect(parseRangeResponse('<html><body>Login</body></html>')).toBeNull();
    expect(parseRangeResponse('{"error":"rate limited"}')).toBeNull();
    expect(parseRangeResponse('1E4C9B93F3F0682250B6CF8331B7EE68FD8:many')).toBeNull();
    expect(parseRangeResponse('x'.repeat(MAX_RANGE_BYTES + 1))).toBeNull();
    const line = '1E4C9B93F3F0682250B6CF8331B7EE68FD8:1\n';
    expect(parseRangeResponse(line.repeat(MAX_RANGE_LINES + 1))).toBeNull();
  });

  it('never throws on any body', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (body) => void parseRangeResponse(body)));
  });
});

describe('range endpoint setting', () => {
  it('takes https anywhere and http on loopback only', () => {
    expect(normaliseRangeEndpoint('https://api.pwnedpasswords.com/')).toBe('https://api.pwnedpasswords.com');
    expect(normaliseRangeEndpoint(' https://mirror.example.org/hibp/ ')).toBe('https://mirror.example.org/hibp');
    expect(normaliseRangeEndpoint('http://127.0.0.1:8080/pwned')).toBe('http://127.0.0.1:8080/pwned');
    expect(normaliseRangeEndpoint('http://localhost:9000')).toBe('http://localhost:9000');
    expect(normaliseRangeEndpoint('http://mirror.example.org/hibp')).toBeNull();
    expect(normaliseRangeEndpoint('https://user:pw@mirror.example.org')).toBeNull();
    expect(normaliseRangeEndpoint('https://mirror.example.org/?key=1')).toBeNull();
    expect(normaliseRangeEndpoint('ftp://mirror.example.org')).toBeNull();
    expect(normaliseRangeEndpoint('not a url')).toBeNull();
  });
});
