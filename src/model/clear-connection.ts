/**
 * Unencrypted webmail (issue 16, item 1): a password typed on a page loaded over `http://` crosses
 * every network between the browser and the server in clear, and so does the session cookie of
 * every later page. Pure module: addresses in, verdicts out; small, since the always-loaded content
 * script imports it to decide whether to inject the warning.
 */

/**
 * Loopback addresses: a page on this computer never leaves it, so http there is not "in clear on a
 * network" (and it is how the lab and a local test server run). `[::1]` is how URL writes ::1.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a webmail page at `pageUrl` is the organisation's webmail loaded without encryption:
 * http, not loopback, and either its own origin is trusted (or nothing is listed yet: whatever
 * Roundcube the user signs in to is treated as theirs), or it is the http twin of a listed https
 * address (same host name): the real webmail reached by the wrong scheme, not a look-alike.
 */
export function warnsClearText(pageUrl: string, webmailOrigins: readonly string[]): boolean {
  const url = parse(pageUrl);
  if (!url || url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return false;
  if (webmailOrigins.length === 0 || webmailOrigins.includes(url.origin)) return true;
  return httpsTwin(url, webmailOrigins) !== null;
}

function httpsTwin(url: URL, webmailOrigins: readonly string[]): string | null {
  for (const origin of webmailOrigins) {
    const listed = parse(origin);
    if (listed?.protocol === 'https:' && listed.hostname === url.hostname) return listed.origin;
  }
  return null;
}

/**
 * The https address the warning links to: IT's `webmailSecureUrl` when set; otherwise a listed https
 * address of the same host. Never derived from the page alone: a guessed `https://` + host might
 * not exist, or not be the organisation's.
 */
export function secureWebmailAddress(pageUrl: string, webmailOrigins: readonly string[], webmailSecureUrl: string): string | null {
  if (webmailSecureUrl) return webmailSecureUrl;
  const url = parse(pageUrl);
  const twin = url ? httpsTwin(url, webmailOrigins) : null;
  return twin ? `${twin}/` : null;
}

/**
 * What IT may set as `webmailSecureUrl`: empty (none), or an https address without credentials,
 * at most 2,048 characters. Returns the normalised address, or null when refused.
 */
export function normaliseSecureUrl(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return '';
  if (text.length > 2048) return null;
  const url = parse(text);
  if (!url || url.protocol !== 'https:' || url.username || url.password || url.hostname === '') return null;
  return url.href;
}
