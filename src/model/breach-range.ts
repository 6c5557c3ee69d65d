/**
 * Known-breach lookups by k-anonymity, the range protocol of Pwned Passwords: the browser sends
 * only the first 5 hex digits of the password's SHA-1 (`GET <endpoint>/range/<PREFIX>`); the
 * server answers every suffix it knows under that prefix (`SUFFIX:COUNT` lines, 35 hex digits each);
 * the page finds its own suffix in the answer. With `Add-Padding: true` the answer also holds
 * made-up suffixes with a count of 0, so its size says nothing about the prefix. Organisations can
 * serve the same files themselves (static `range/<PREFIX>` files work).
 *
 * PURE: text in, data out. Hashing (WebCrypto) and fetching happen in the page and the background.
 */

/** The 5 upper-case hex digits that leave the browser. */
export const RANGE_PREFIX_LENGTH = 5;
const PREFIX = /^[0-9A-F]{5}$/;
const LINE = /^([0-9A-Fa-f]{35}):(\d{1,12})\s*$/;

/**
 * Pwned Passwords pads answers to 800–1,000 lines (about 40 KB); a range file is never much more.
 * Past these, the answer is not a range file and is refused.
 */
export const MAX_RANGE_LINES = 5_000;
export const MAX_RANGE_BYTES = 256 * 1024;

export function isRangePrefix(text: string): boolean {
  return PREFIX.test(text);
}

/** Upper-case hex SHA-1 split where the protocol splits it. */
export function splitSha1(hexSha1: string): { prefix: string; suffix: string } {
  const upper = hexSha1.toUpperCase();
  if (!/^[0-9A-F]{40}$/.test(upper)) throw new RangeError('not a SHA-1 in hex');
  return { prefix: upper.slice(0, RANGE_PREFIX_LENGTH), suffix: upper.slice(RANGE_PREFIX_LENGTH) };
}

/** The URL asked for one prefix: the endpoint as IT wrote it, without a trailing slash, then `/range/<PREFIX>`. */
export function rangeUrl(endpoint: string, prefix: string): string {
  if (!isRangePrefix(prefix)) throw new RangeError('not a range prefix');
  return `${endpoint.replace(/\/+$/, '')}/range/${prefix}`;
}

/**
 * The suffixes the answer lists with a count above 0 (padding lines are dropped), upper case.
 * Null when the body is not a range file: any line that is not `SUFFIX:COUNT`, too many lines,
 * or too many bytes. Blank lines (a trailing newline, CRLF) are fine.
 */
export function parseRangeResponse(body: string): Map<string, number> | null {
  if (body.length > MAX_RANGE_BYTES) return null;
  const found = new Map<string, number>();
  let lines = 0;
  for (const raw of body.split('\n')) {
    if (raw.trim() === '') continue;
    if (++lines > MAX_RANGE_LINES) return null;
    const match = LINE.exec(raw);
    if (!match) return null;
    const count = Number(match[2]);
    if (count > 0) found.set(match[1]!.toUpperCase(), count);
  }
  return found;
}

/**
 * How many times the password was seen in breaches, from the answer for its prefix: 0 when its
 * suffix is not listed.
 */
export function breachCount(suffixes: ReadonlyMap<string, number>, suffix: string): number {
  return suffixes.get(suffix.toUpperCase()) ?? 0;
}

/**
 * An endpoint IT may set: https, or http on a loopback address only (a test or a local mirror on
 * the same computer: nothing crosses a network in clear). No query, no fragment, no credentials:
 * the URL is built by appending `/range/<PREFIX>`. Returns the normalised URL, or null.
 */
export function normaliseRangeEndpoint(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash) return null;
  const loopback = url.hostname === 'localhost' || /^127(?:\.\d{1,3}){3}$/.test(url.hostname) || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
