import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adviseMailServer,
  MAX_MAIL_SERVERS,
  parseMailClientSettings,
  type MailServerSetting,
} from '../../src/model/mail-client-settings.ts';

const provider: MailServerSetting[] = [
  { protocol: 'imap', host: 'mail.example.org', port: 993, security: 'tls' },
  { protocol: 'pop3', host: 'mail.example.org', port: 995, security: 'tls' },
  { protocol: 'smtp', host: 'smtp.example.org', port: 465, security: 'tls' },
  { protocol: 'smtp', host: 'smtp.example.org', port: 587, security: 'starttls' },
];

describe('mail-app settings', () => {
  it("takes the provider's encrypted servers, all recommended", () => {
    const parsed = parseMailClientSettings(provider);
    expect(parsed).toEqual({ ok: true, value: provider });
    if (parsed.ok) expect(parsed.value.map(adviseMailServer).every((s) => s.recommended && s.reason === null)).toBe(true);
  });

  it('marks the plain ports as not recommended, even with STARTTLS, and no encryption anywhere', () => {
    const table: [MailServerSetting, string | null][] = [
      [{ protocol: 'imap', host: 'mail.example.org', port: 143, security: 'starttls' }, 'plainPort'],
      [{ protocol: 'pop3', host: 'mail.example.org', port: 110, security: 'starttls' }, 'plainPort'],
      [{ protocol: 'smtp', host: 'smtp.example.org', port: 25, security: 'starttls' }, 'plainPort'],
      [{ protocol: 'smtp', host: 'smtp.example.org', port: 26, security: 'starttls' }, 'plainPort'],
      [{ protocol: 'imap', host: 'mail.example.org', port: 993, security: 'none' }, 'noEncryption'],
      [{ protocol: 'smtp', host: 'smtp.example.org', port: 2525, security: 'starttls' }, null],
    ];
    for (const [setting, reason] of table) expect([setting.port, adviseMailServer(setting).reason]).toEqual([setting.port, reason]);
  });

  it('refuses bad values with a reason naming the server', () => {
    const bad: [unknown, RegExp][] = [
      [{ imap: 'mail.example.org' }, /list of servers/],
      [[{ protocol: 'imap', host: 'mail.example.org', port: 70000, security: 'tls' }], /server 1: port/],
      [[{ protocol: 'imap', host: 'mail.example.org', port: 993, security: 'ssl' }], /server 1: security/],
      [[provider[0], { protocol: 'exchange', host: 'x.example', port: 443, security: 'tls' }], /server 2: protocol/],
      [[{ protocol: 'imap', host: 'mail example org', port: 993, security: 'tls' }], /server 1: host/],
      [[{ protocol: 'imap', host: 'mail.example.org', port: 993, security: 'tls', password: 'x' }], /unknown fields: password/],
      [Array.from({ length: MAX_MAIL_SERVERS + 1 }, () => provider[0]), /at most/],
    ];
    for (const [raw, reason] of bad) {
      const parsed = parseMailClientSettings(raw);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(reason);
    }
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.anything(), (raw) => void parseMailClientSettings(raw)));
  });
});
