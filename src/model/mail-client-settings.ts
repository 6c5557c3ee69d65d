/**
 * The organisation's mail servers as staff type them into a mail app (Thunderbird, Outlook, a
 * phone): protocol, host, port, security; and which of them the provider does not recommend.
 *
 * PURE. The provider's help page: use the encrypted ports, IMAP 993, POP 995, SMTP 465 or 587;
 * the plain ones (IMAP 143, POP 110, SMTP 25 and 26) are "NOT RECOMMENDED". A plain port with
 * STARTTLS is still not recommended: an attacker in the middle can strip the STARTTLS offer, and
 * many apps then fall back to sending the password in clear (RFC 8314 §2 asks for implicit TLS).
 */

export type MailProtocol = 'imap' | 'pop3' | 'smtp';
export type MailSecurity = 'tls' | 'starttls' | 'none';

export interface MailServerSetting {
  protocol: MailProtocol;
  host: string;
  port: number;
  security: MailSecurity;
}

export type NotRecommendedReason =
  /** security "none": the password and the mail travel in clear. */
  | 'noEncryption'
  /** A plain port (143, 110, 25, 26): unencrypted, or STARTTLS that can be stripped. */
  | 'plainPort';

export interface MailServerAdvice extends MailServerSetting {
  recommended: boolean;
  reason: NotRecommendedReason | null;
}

export const PLAIN_PORTS: Readonly<Record<MailProtocol, readonly number[]>> = { imap: [143], pop3: [110], smtp: [25, 26] };
export const ENCRYPTED_PORTS: Readonly<Record<MailProtocol, readonly number[]>> = { imap: [993], pop3: [995], smtp: [465, 587] };

/** A handful of servers; more is not a mail-app setup. */
export const MAX_MAIL_SERVERS = 10;

const PROTOCOLS: readonly MailProtocol[] = ['imap', 'pop3', 'smtp'];
const SECURITIES: readonly MailSecurity[] = ['tls', 'starttls', 'none'];
/** A DNS name or an IPv4 address: what a mail app accepts in its server field. */
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The policy value, checked entry by entry: the first bad entry says why the whole is refused. */
export function parseMailClientSettings(raw: unknown): Parsed<MailServerSetting[]> {
  if (!Array.isArray(raw)) return { ok: false, reason: 'expected a list of servers' };
  if (raw.length > MAX_MAIL_SERVERS) return { ok: false, reason: `expected at most ${MAX_MAIL_SERVERS} servers, got ${raw.length}` };
  const out: MailServerSetting[] = [];
  for (const [index, entry] of raw.entries()) {
    const at = `server ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { ok: false, reason: `${at} is not an object` };
    const { protocol, host, port, security, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return { ok: false, reason: `${at} has unknown fields: ${Object.keys(rest).join(', ')}` };
    if (!PROTOCOLS.includes(protocol as MailProtocol)) return { ok: false, reason: `${at}: protocol must be imap, pop3 or smtp` };
    if (typeof host !== 'string' || !HOST.test(host.trim())) return { ok: false, reason: `${at}: host is not a server name` };
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535)
      return { ok: false, reason: `${at}: port must be a whole number from 1 to 65535` };
    if (!SECURITIES.includes(security as MailSecurity)) return { ok: false, reason: `${at}: security must be tls, starttls or none` };
    out.push({ protocol: protocol as MailProtocol, host: host.trim().toLowerCase(), port, security: security as MailSecurity });
  }
  return { ok: true, value: out };
}

export function adviseMailServer(setting: MailServerSetting): MailServerAdvice {
  const reason: NotRecommendedReason | null =
    setting.security === 'none' ? 'noEncryption' : PLAIN_PORTS[setting.protocol].includes(setting.port) ? 'plainPort' : null;
  return { ...setting, recommended: reason === null, reason };
}
