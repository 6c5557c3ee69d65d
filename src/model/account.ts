/**
 * What counts as an account: an e-mail address as a mailbox is named, `local@domain`, in ASCII.
 * Pure module.
 *
 * The account is shown in the popup and the badge's title, and keys what is stored per mailbox, so a
 * page must not be able to hand us any text it likes: no spaces, no control or direction-override
 * characters, no letters from other scripts that look like Latin ones. Internationalised addresses
 * (RFC 6531) are refused with them; an organisation's mailboxes are ASCII in practice, and a refused
 * account only means no quota reading is kept for it.
 */
export const MAX_ACCOUNT_LENGTH = 254;

// RFC 5322 dot-atom local part; a domain of dot-separated labels of letters, digits and hyphens.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isEmailAddress(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_ACCOUNT_LENGTH) return false;
  const at = value.lastIndexOf('@');
  if (at < 1 || at !== value.indexOf('@')) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  return local.length <= 64 && LOCAL.test(local) && labels.length >= 1 && labels.every((label) => LABEL.test(label));
}
