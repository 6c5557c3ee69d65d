import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isOwnContentScript, isOwnExtensionPage, parseMessage, isPageStatus, isPageStatusRequest } from '../../src/shared/messages.ts';

describe('messages', () => {
  it('accepts each member of the union in its exact shape', () => {
    const valid = [
      { type: 'get-page-status' },
      { type: 'get-popup-state' },
      { type: 'inject-feature', feature: 'passwordNudge' },
      { type: 'inject-strength-estimator' },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'alice@example.test',
        facts: { kind: 'exact', percent: 42, usedBytes: 8808038, totalBytes: 20971520 },
      },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'alice@example.test',
        facts: { kind: 'widget', text: '42%', title: 'Disk usage: 8.4 MB / 20 MB (42%)' },
      },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'alice@example.test',
        facts: { kind: 'absent' },
      },
      // Horde's mailbox names nobody: the background ties the reading to the account seen at that address.
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'horde',
        account: null,
        facts: { kind: 'widget', text: '42% of 20 MB', title: '' },
      },
      { type: 'estimate-attachment', bytes: 6_291_456, recipients: 3 },
      { type: 'mailbox-room', account: 'alice@example.test' },
      { type: 'record-saving', bytes: 6_291_456, grams: 12.5 },
      {
        type: 'webmail-password-rules',
        rules: [
          { kind: 'minLength', min: 10, counts: 'utf8Bytes' },
          { kind: 'digitAndPunctuation' },
          { kind: 'checkedByWebmail', text: 'Password must not be commonly known.' },
        ],
      },
      {
        type: 'webmail-password-rules',
        rules: [
          { kind: 'minLength', min: 10, counts: 'codePointsOnOneLine' },
          { kind: 'minCharacters', characters: 'asciiDigit', min: 1 },
          { kind: 'minCharacters', characters: 'sogoSymbol', min: 2 },
        ],
      },
      { type: 'webmail-password-rules', rules: [] },
    ];
    for (const message of valid) expect(parseMessage(message)).toEqual(message);
  });

  it('refuses extra fields, wrong types and out-of-range numbers', () => {
    const invalid = [
      null,
      'get-page-status',
      { type: 'get-page-status', password: 'Azerty01' },
      { type: 'inject-feature', feature: 'quotaNudge' },
      { type: 'inject-feature', feature: 'x', extra: 1 },
      // The estimator's script is the build's own file: a message cannot name another one.
      { type: 'inject-strength-estimator', file: 'src/content/lazy/password-nudge.iife.js' },
      { type: 'quota-facts', baseUrl: 'https://webmail.example.org/', webmail: 'roundcube', account: '', facts: { kind: 'absent' } },
      { type: 'quota-facts', baseUrl: 'https://webmail.example.org/', account: 'a@b', facts: { kind: 'absent' } },
      { type: 'quota-facts', baseUrl: 'javascript:alert(1)', webmail: 'roundcube', account: 'a@b', facts: { kind: 'absent' } },
      { type: 'quota-facts', webmail: 'roundcube', account: 'a@b', facts: { kind: 'absent' } },
      { type: 'quota-facts', baseUrl: 'https://webmail.example.org/', webmail: 'gmail', account: 'a@b', facts: { kind: 'absent' } },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'a@b',
        facts: { kind: 'exact', percent: 101, usedBytes: 1, totalBytes: 2 },
      },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'a@b',
        facts: { kind: 'exact', percent: NaN, usedBytes: 1, totalBytes: 2 },
      },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'a@b',
        facts: { kind: 'exact', percent: 4, usedBytes: -1, totalBytes: 2 },
      },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'a@b',
        facts: { kind: 'exact', percent: 4, usedBytes: 1, totalBytes: 0 },
      },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'a@b',
        facts: { kind: 'widget', text: '42%', title: 'x'.repeat(501) },
      },
      {
        type: 'quota-facts',
        baseUrl: 'https://webmail.example.org/',
        webmail: 'roundcube',
        account: 'a@b',
        facts: { kind: 'widget', text: '42%', title: 't', html: '<b>' },
      },
      { type: 'estimate-attachment', bytes: -1, recipients: 1 },
      { type: 'estimate-attachment', bytes: 1, recipients: 1.5 },
      { type: 'mailbox-room', account: 'not an address' },
      { type: 'mailbox-room', account: 'alice@example.test', origin: 'https://elsewhere.example' },
      { type: 'record-saving', bytes: 1, grams: Infinity },
      { type: 'webmail-password-rules', rules: [{ kind: 'minLength', min: 0, counts: 'utf8Bytes' }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'minLength', min: 8.5, counts: 'utf8Bytes' }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'minLength', min: 8 }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'minLength', min: 8, counts: 'graphemes' }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'minCharacters', characters: 'emoji', min: 1 }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'minCharacters', characters: 'toString', min: 1 }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'minCharacters', characters: 'asciiDigit', min: 0 }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'minCharacters', characters: 'asciiDigit', min: 1, password: 'x1' }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'checkedByWebmail', text: 'x'.repeat(301) }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'checkedByWebmail', text: '' }] },
      { type: 'webmail-password-rules', rules: [{ kind: 'digitAndPunctuation', password: 'Azerty01' }] },
      { type: 'webmail-password-rules', rules: Array.from({ length: 21 }, () => ({ kind: 'digitAndPunctuation' })) },
      { type: 'webmail-password-rules', rules: { kind: 'digitAndPunctuation' } },
      { type: 'unknown' },
    ];
    for (const message of invalid) expect(parseMessage(message), JSON.stringify(message)).toBeNull();
  });

  it('the content script answers only the exact page-status request, as parseMessage reads it', () => {
    fc.assert(fc.property(fc.anything(), (v) => isPageStatusRequest(v) === (parseMessage(v)?.type === 'get-page-status')));
    expect(isPageStatusRequest({ type: 'get-page-status' })).toBe(true);
    expect(isPageStatusRequest({ type: 'get-page-status', extra: 1 })).toBe(false);
  });

  it('never throws on any input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => void parseMessage(v)),
      { numRuns: 500 },
    );
  });

  it('checks senders', () => {
    const id = 'abc';
    expect(isOwnContentScript({ id, url: 'https://mail.example.org/', tab: { id: 3 } }, id)).toBe(true);
    expect(isOwnContentScript({ id: 'other', url: 'https://mail.example.org/', tab: { id: 3 } }, id)).toBe(false);
    expect(isOwnContentScript({ id, url: 'chrome-extension://abc/popup.html' }, id)).toBe(false);
    expect(isOwnExtensionPage({ id, url: 'chrome-extension://abc/src/popup/index.html' }, id, 'chrome-extension://abc/')).toBe(true);
    expect(isOwnExtensionPage({ id, url: 'https://evil.example/', tab: { id: 1 } }, id, 'chrome-extension://abc/')).toBe(false);
  });

  it('validates page status answers', () => {
    expect(
      isPageStatus({
        webmail: 'roundcube',
        skin: 'elastic',
        account: 'a@b',
        trust: 'trusted',
        trustedOrigins: ['https://mail.example.org'],
      }),
    ).toBe(true);
    expect(isPageStatus({ webmail: 'roundcube', skin: 'elastic', account: 'a@b' })).toBe(false);
    expect(
      isPageStatus({ webmail: 'roundcube', skin: null, account: null, trust: 'untrusted', trustedOrigins: ['javascript:alert(1)'] }),
    ).toBe(false);
    expect(isPageStatus({ webmail: 'gmail', skin: null, account: null })).toBe(false);
  });
});
