/**
 * The trust anchor (DESIGN §2b): the organisation's webmail addresses, `webmailOrigins`, from IT's
 * policy or confirmed by the user. A page can imitate any DOM, so what a page looks like never makes
 * it trusted; only its origin, as the browser reports it, does.
 * Pure module: origins in, verdicts out.
 */

/**
 * - `trusted`: the page's origin is one of the organisation's webmail addresses.
 * - `untrusted`: addresses are listed and this is not one of them: a webmail page here is a look-alike.
 * - `unlisted`: nothing is listed yet (someone installed the extension alone): Roundcube keeps its
 *   nudges anywhere, and the extension proposes to trust the address where the user signs in.
 */
export type Trust = 'trusted' | 'untrusted' | 'unlisted';

export function trustOf(origin: string, webmailOrigins: readonly string[]): Trust {
  if (webmailOrigins.length === 0) return 'unlisted';
  return webmailOrigins.includes(origin) ? 'trusted' : 'untrusted';
}

/** May a page at this origin report quota, the signed-in account or savings? Never a look-alike. */
export function mayReport(origin: string, webmailOrigins: readonly string[]): boolean {
  return trustOf(origin, webmailOrigins) !== 'untrusted';
}

/**
 * Where typing the mail password is expected, so no reuse warning: the webmail itself and the
 * addresses IT allowed (single sign-on, the organisation's other services).
 */
export function isPasswordHome(origin: string, webmailOrigins: readonly string[], allowedOrigins: readonly string[]): boolean {
  return webmailOrigins.includes(origin) || allowedOrigins.includes(origin);
}
