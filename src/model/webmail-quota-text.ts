/**
 * Reads the quota text SOGo and Horde show (PURE: the widget's text in, a reading out).
 *
 * Neither prints the used amount: only a percent and the limit. The used size is then the percent
 * of the limit, as precise as the page's rounding allows (said beside each parser); a text that is
 * not one of the webmail's own formats gives null rather than a guess.
 */
import { HORDE_NO_LIMIT_LABELS, SOGO_QUOTA_FORMATS } from './webmail-quota-locales.ts';
import type { QuotaReading } from './quota.ts';

const MiB = 1024 * 1024;
/** 1 PiB, the bound the message guards accept (as in quota.ts). */
const MAX_BYTES = 2 ** 50;
const MAX_TEXT_LENGTH = 200;

/** NFC, no format characters, one plain space for any run of spaces (NBSP included). */
function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function limited(percentShown: number, totalBytes: number): QuotaReading | null {
  if (!Number.isFinite(percentShown) || !Number.isFinite(totalBytes) || totalBytes <= 0 || totalBytes > MAX_BYTES) return null;
  const total = Math.round(totalBytes);
  const used = Math.round((percentShown / 100) * totalBytes);
  return {
    state: 'limited',
    // A mailbox over its limit reads over 100 %: the reading says full.
    percent: Math.min(100, Math.round(percentShown)),
    usedBytes: used <= MAX_BYTES ? used : null,
    totalBytes: total,
  };
}

// ---------------------------------------------------------------------------------------------
// SOGo 5.8

/**
 * The storage caption's format in every language SOGo 5.8 ships (label `quotasFormat` of MailerUI's
 * Localizable.strings, Debian 12 package sogo 5.8.0-2+deb12u4), written by Account.service.js
 * `updateQuota()`: `%{0}` = Math.round(10000 × usedSpace / maxQuota) / 100 (a JavaScript number:
 * "42", "41.96", always a dot), `%{1}` = Math.round(maxQuota / 10.24) / 100, the limit in MiB with up
 * to two decimals whatever the unit word says. Hebrew's translation is left out: it prints `{1}%`
 * literally, so its caption holds no limit. Message-count quotas (`messageQuotasFormat`, "42% of
 * 1000 msgs") match none of these: they are not storage. The formats are generated from SOGo's own
 * files (scripts/gen-webmail-quota-locales.ts).
 */

const SOGO_NUMBER = String.raw`(\d{1,15}(?:\.\d{1,2})?)`;

interface SogoMatcher {
  pattern: RegExp;
  percentGroup: number;
  totalGroup: number;
}

let sogoMatchers: SogoMatcher[] | null = null;
function allSogoMatchers(): SogoMatcher[] {
  sogoMatchers ??= SOGO_QUOTA_FORMATS.map((format) => {
    const parts = normalise(format).split(/(%\{[01]\})/);
    const order = parts.filter((p) => p === '%{0}' || p === '%{1}');
    const source = parts.map((p) => (p === '%{0}' || p === '%{1}' ? SOGO_NUMBER : escapeRegExp(p))).join('');
    return { pattern: new RegExp(`^${source}$`, 'iu'), percentGroup: order.indexOf('%{0}') + 1, totalGroup: order.indexOf('%{1}') + 1 };
  });
  return sogoMatchers;
}

/**
 * SOGo's quota caption (`.sg-quota .sg-md-caption`): "42% used on 20 MB", "41.96% utilisé sur 20 MO".
 * The percent has two decimals, so the used size is known to 0.005 % of the limit.
 */
export function parseSogoQuota(text: string): QuotaReading | null {
  const caption = normalise(text.slice(0, MAX_TEXT_LENGTH));
  for (const { pattern, percentGroup, totalGroup } of allSogoMatchers()) {
    const match = pattern.exec(caption);
    if (!match) continue;
    return limited(Number(match[percentGroup]), Number(match[totalGroup]) * MiB);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Horde IMP 6.2

/**
 * IMP's unit (backend `unit` parameter, never translated) and its size: IMP_Quota::getUnit() divides
 * by 1024, 1024² or 1024³ (checked on Horde 5.2, Debian 12 package php-horde-imp 6.2.27-3).
 */
const HORDE_UNITS: Readonly<Record<string, number>> = { KB: 1024, MB: MiB, GB: 1024 * MiB };

/**
 * IMP_Quota_Ui::quota() prints `sprintf(_("%.0f%% of %.0f %s"), percent, limit, unit)`. Every
 * translation IMP 6.2.27 ships keeps that order, with a word or sign between ("de", "von", "/", "／",
 * "-st"): the percent first, the limit and its unit last. Both numbers are rounded to integers.
 */
const HORDE_LIMITED = /^(\d{1,15}) ?%\S*(?: \S{1,12})? ?(\d{1,15}) ?(KB|MB|GB)$/u;
/** With no limit IMP prints the usage alone, `_("%.0f %s")`, or `_("No limit")`. */
const HORDE_USAGE_ONLY = /^\d{1,15} ?(?:KB|MB|GB)$/u;
/** `_("No limit")` in the languages IMP 6.2.27 translates it to (imp.po, generated: scripts/gen-webmail-quota-locales.ts). */
const HORDE_NO_LIMIT: ReadonlySet<string> = new Set(HORDE_NO_LIMIT_LABELS.map((label) => normalise(label).toLowerCase()));

/**
 * Horde's `#quota-text`: "42% of 20 MB", "42% de 20 MB". The percent is rounded to a whole number,
 * so the used size is known to half a percent of the limit, and the limit to half a unit.
 */
export function parseHordeQuota(text: string): QuotaReading | null {
  const shown = normalise(text.slice(0, MAX_TEXT_LENGTH));
  if (HORDE_NO_LIMIT.has(shown.toLowerCase()) || HORDE_USAGE_ONLY.test(shown)) return { state: 'unlimited' };
  const match = HORDE_LIMITED.exec(shown);
  if (!match) return null;
  const unit = HORDE_UNITS[match[3]!];
  if (unit === undefined) return null;
  return limited(Number(match[1]), Number(match[2]) * unit);
}
