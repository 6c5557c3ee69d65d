/**
 * Reads a quota display's text and title, whichever webmail printed them (PURE). The content script
 * sends what the page shows without saying how to read it: this one function knows every wording the
 * supported webmails ship, in every language they ship (Roundcube's in quota.ts, SOGo's and Horde's in
 * webmail-quota-text.ts), so the background needs no table per webmail.
 *
 * The formats do not overlap: Roundcube's text is a bare percent ("42%") with the sizes in its title
 * ("Disk usage: 8.4 MB / 20 MB (42%)"); SOGo's caption and Horde's text carry the limit in the text
 * itself and have no title. Each parser refuses the others' text (test/unit/quota-text.test.ts), so
 * the order below only decides for text none of them would print.
 */
import { parseRoundcubeQuota, type QuotaReading } from './quota.ts';
import { parseHordeQuota, parseSogoQuota } from './webmail-quota-text.ts';

export function parseShownQuota(shown: { text: string; title: string }): QuotaReading | null {
  return parseRoundcubeQuota(shown) ?? parseSogoQuota(shown.text) ?? parseHordeQuota(shown.text);
}
