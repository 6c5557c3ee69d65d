import { estimateStorage } from '../model/co2.ts';
import { parseRoundcubeQuota, type QuotaReading } from '../model/quota.ts';
import type { Message, WebmailId } from '../shared/messages.ts';
import { parseHordeQuota, parseSogoQuota } from '../model/webmail-quota-text.ts';
import type { PopupAccount } from '../shared/popup-state.ts';
import type { Settings } from '../shared/settings.ts';
import { organisationFactors } from './co2-settings.ts';
import { accountKey, readQuotaReadings, saveQuotaReading, trustedReadings } from './quota-store.ts';
import { isEmailAddress } from '../model/account.ts';
import { mayReport } from '../model/trust.ts';

type QuotaMessage = Extract<Message, { type: 'quota-facts' }>;

/**
 * How each webmail words its quota display, for the facts a page sends as text (pure parsers in
 * src/model; every language the webmail ships). A Record: a new webmail must say, even "none".
 */
const QUOTA_TEXT_PARSERS: Readonly<Record<WebmailId, ((shown: { text: string; title: string }) => QuotaReading | null) | null>> = {
  roundcube: parseRoundcubeQuota,
  sogo: ({ text }) => parseSogoQuota(text),
  horde: ({ text }) => parseHordeQuota(text),
  generic: null,
};

/** The reading the page's facts give, or null when they say nothing we can trust. */
export function readingFromFacts(facts: QuotaMessage['facts'], webmail: WebmailId): QuotaReading | null {
  switch (facts.kind) {
    case 'absent':
      return { state: 'none' };
    case 'exact':
      return { state: 'limited', percent: facts.percent, usedBytes: facts.usedBytes, totalBytes: facts.totalBytes };
    case 'widget':
      return QUOTA_TEXT_PARSERS[webmail]?.({ text: facts.text, title: facts.title }) ?? null;
  }
}

/**
 * Keeps a reading. The origin comes from the sender's URL, never from the message: a page can only
 * report a quota for its own address. Returns false when the facts gave nothing to keep.
 */
export async function recordQuotaFacts(
  message: QuotaMessage,
  senderUrl: string,
  webmailOrigins: readonly string[],
  now = Date.now(),
): Promise<boolean> {
  const reading = readingFromFacts(message.facts, message.webmail);
  // The message guard refuses it already; checked again where it is stored, next to the bounds.
  if (!reading || !isEmailAddress(message.account)) return false;
  const origin = new URL(senderUrl).origin;
  if (!mayReport(origin, webmailOrigins)) return false;
  const kept = await saveQuotaReading(
    { account: message.account, origin, webmail: message.webmail, reading, readAt: now },
    webmailOrigins,
    now,
  );
  // The bounds may have dropped it at once (an address beyond the per-address cap, a flood).
  return accountKey(origin, message.account) in kept;
}

/** Every account seen, fullest first, with what keeping its mail costs per year. */
export async function popupAccounts(settings: Settings): Promise<PopupAccount[]> {
  const readings = Object.values(trustedReadings(await readQuotaReadings(), settings.webmailOrigins));
  const percent = (a: PopupAccount) => (a.reading.state === 'limited' ? a.reading.percent : -1);
  return readings
    .map((entry): PopupAccount => {
      const used = entry.reading.state === 'limited' ? entry.reading.usedBytes : null;
      const storage = used === null ? null : estimateStorage({ storedBytes: used, override: organisationFactors(settings) });
      return {
        ...entry,
        key: accountKey(entry.origin, entry.account),
        storage: storage && { gramsPerYear: storage.gramsPerYear, carMetres: storage.carMetres, source: storage.source },
      };
    })
    .sort((a, b) => percent(b) - percent(a) || b.readAt - a.readAt);
}
