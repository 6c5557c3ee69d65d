/**
 * Recipients of a message, counted from the raw text of its To, Cc and Bcc fields.
 *
 * PURE: strings in, a count out. Every recipient keeps a copy of the attachments, so the CO2
 * estimate multiplies by this count (docs/co2-method.md).
 *
 * The text is what the compose form holds: Roundcube's elastic widget writes its recipient boxes
 * back into the hidden textarea (`list.text() + input.val()`, e.g. `bob@x.test,Carol <carol@x.test>,`)
 * and the address still being typed sits in the widget's own input, so callers pass both and an
 * address seen twice counts once. larry and other webmails hold plain comma-separated text.
 */

/**
 * Display names in quotes may contain anything, even an "@" (`"bob@old" <bob@new.test>`):
 * they are not addresses, so they go before counting.
 */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
/** Something@something, stopped by the separators and brackets of address lists. */
const ADDRESS = /[^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+/g;

/** The distinct addresses in the given fields, lower-cased, in order of appearance. */
export function recipientAddresses(fields: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const field of fields) {
    for (const match of field.replace(QUOTED, ' ').matchAll(ADDRESS)) {
      // A sentence-ending dot or a stray closing bracket is not part of an address.
      const address = match[0].replace(/[.>]+$/, '').toLowerCase();
      if (/^[^@]+@[^@]+$/.test(address)) seen.add(address);
    }
  }
  return [...seen];
}

/** How many people receive the message (0 while no address is entered). */
export function countRecipients(fields: readonly string[]): number {
  return recipientAddresses(fields).length;
}
