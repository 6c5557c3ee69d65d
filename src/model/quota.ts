/**
 * Reads Roundcube's quota widget (PURE: plain strings in, plain data out).
 *
 * What Roundcube 1.6 puts there (rcmail_action::quota_content() + app.js set_quota()):
 * - text  = `${percent}%`, percent = min(100, round(used / total * 100)) computed server-side.
 * - title = `<label quota>: <show_bytes(used)> / <show_bytes(total)> (<percent>%)` when the server
 *   reports a STORAGE limit, else the bare label `unknown` (or `unlimited` with the
 *   `quota_zero_as_unlimited` option) with percent 0.
 * - show_bytes() (binary units, localised unit words, never above GB):
 *     < 1 KiB            "%d B"
 *     < 1 MiB            "%d KB"   value rounded (exact for IMAP quotas, which count KiB)
 *     < 10 MiB / 10 GiB  "%.1f MB" / "%.1f GB", rounded (exact ties to even: 8.25 MiB → "8.2 MB"),
 *                        so 9.96 MiB shows "10.0 MB"
 *     otherwise          "%d MB" / "%d GB", truncated ("25 MB" means 25 to 26 MiB; 1 TiB = "1024 GB")
 *   `%.1f` is PHP's locale-aware float format and Roundcube calls setlocale(LC_ALL, "<lang>.utf8"):
 *   the decimal mark is "," (fr_FR, de_DE, ru_RU…) only when the server has that system locale
 *   installed, "." otherwise. So both marks are accepted for every language.
 *
 * Sizes are therefore approximate: usedBytes/totalBytes are the displayed value × 1024^unit
 * (what the user reads in the webmail), and are dropped (null) rather than guessed whenever they
 * cannot be read or do not agree with the percent Roundcube printed beside them.
 */
import { ROUNDCUBE_QUOTA_LOCALES } from './quota-locales.ts';

export type QuotaReading =
  | {
      state: 'limited';
      /** Integer 0..100, as Roundcube computed it. */
      percent: number;
      /** Displayed size × 1024^unit, or null when not readable (unknown unit words, plugin format…). */
      usedBytes: number | null;
      totalBytes: number | null;
    }
  /** No storage limit reported: Roundcube's title is "unknown" / "unlimited" (localised), percent 0. */
  | { state: 'unlimited' }
  /**
   * No quota widget at all: the IMAP server does not announce QUOTA. Only the caller can tell
   * (the element is missing), so parseRoundcubeQuota() never returns it.
   */
  | { state: 'none' };

/** What a content script reads from `#rcmquotadisplay` (elastic) / `#quotadisplay` (larry). */
export interface QuotaFacts {
  text: string;
  title: string;
}

export interface QuotaThresholds {
  shown: number;
  warning: number;
  critical: number;
}

export type QuotaLevel = 'none' | 'shown' | 'warning' | 'critical';

/** Thunderbird's prefs mail.quota.mainwindow_threshold.{show,warning,critical}. */
export const DEFAULT_QUOTA_THRESHOLDS: Readonly<QuotaThresholds> = Object.freeze({
  shown: 75,
  warning: 80,
  critical: 95,
});

/**
 * 1 PiB, the bound the message guards (shared/messages.ts) accept. Roundcube prints it as
 * "1048576 GB"; anything bigger is not a mailbox.
 */
const MAX_BYTES = 2 ** 50;

// Real titles are < 150 characters; the cap keeps the regular expressions linear-ish on page junk.
const MAX_TITLE_LENGTH = 500;
const MAX_TEXT_LENGTH = 40;

/**
 * NFC, drop format characters (bidi marks, fa_AF's leading U+200C), collapse every kind of space
 * (NBSP included) so the comparison does not depend on how the page or a translator typed them.
 */
function normalise(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

const UNIT_EXPONENTS: ReadonlyMap<string, number> = buildUnitMap();
const NO_LIMIT_LABELS: ReadonlySet<string> = new Set(
  Object.values(ROUNDCUBE_QUOTA_LOCALES).flatMap((l) => [normalise(l.unknown), normalise(l.unlimited)]),
);

/** Unit word → power of 1024, over every language; a word meaning two sizes would be dropped. */
function buildUnitMap(): Map<string, number> {
  const map = new Map<string, number>();
  const ambiguous = new Set<string>();
  for (const labels of Object.values(ROUNDCUBE_QUOTA_LOCALES)) {
    labels.units.forEach((word, exponent) => {
      const key = normalise(word);
      if (key === '') return;
      const known = map.get(key);
      if (known !== undefined && known !== exponent) ambiguous.add(key);
      else map.set(key, exponent);
    });
  }
  for (const key of ambiguous) map.delete(key);
  return map;
}

/** Longest first, so Arabic "ك.ب" (KB) is tried before "ب" (B) which it ends with. */
const UNIT_WORDS: readonly string[] = [...UNIT_EXPONENTS.keys()].sort((a, b) => b.length - a.length);

/** A size as displayed: value in units of 1024^exponent, with the number of decimals shown. */
interface DisplayedSize {
  value: number;
  decimals: number;
  exponent: number;
}

// Roundcube prints "%d" or "%.1f" (no grouping): at most one decimal, "." or ",".
const NUMBER = String.raw`(\d{1,20})(?:[.,](\d{1,2}))?`;
const NUMBER_AT_END = new RegExp(String.raw`(?:^|\s)${NUMBER}$`, 'u');
const NUMBER_ALONE = new RegExp(`^${NUMBER}$`, 'u');
const TITLE_PERCENT = /\((\d{1,20}) ?%\)$/u;
const TEXT_PERCENT = /^(\d{1,20}(?:[.,]\d{1,20})?) ?%$/u;

function toNumber(intPart: string, decimals: string | undefined): number {
  return Number(decimals === undefined ? intPart : `${intPart}.${decimals}`);
}

/** `s` is "<…> <number> <unit>"; `anchored` demands nothing before the number. */
function readSize(s: string, anchored: boolean): DisplayedSize | null {
  for (const unit of UNIT_WORDS) {
    if (!s.endsWith(` ${unit}`)) continue;
    const m = (anchored ? NUMBER_ALONE : NUMBER_AT_END).exec(s.slice(0, -(unit.length + 1)));
    const exponent = UNIT_EXPONENTS.get(unit);
    if (!m || m[1] === undefined || exponent === undefined) continue;
    const value = toNumber(m[1], m[2]);
    if (!Number.isFinite(value)) continue;
    return { value, decimals: m[2]?.length ?? 0, exponent };
  }
  return null;
}

/** The bytes a displayed size may stand for. */
function byteRange(size: DisplayedSize): [number, number] {
  const unit = 1024 ** size.exponent;
  if (size.decimals > 0) {
    // "%.1f": rounded to the tenth shown.
    const half = 0.5 * 10 ** -size.decimals;
    return [(size.value - half) * unit, (size.value + half) * unit];
  }
  // IMAP quotas count whole KiB, so "%d B" (only ever "0 B") and "%d KB" are exact.
  if (size.exponent <= 1) return [size.value * unit, size.value * unit];
  // "%d MB"/"%d GB" truncate (Roundcube only prints them from 10 up; a plugin's smaller integer
  // may have been rounded instead, hence the half unit below).
  return [Math.max(0, size.value - (size.value >= 10 ? 0 : 0.5)) * unit, (size.value + 1) * unit];
}

function toBytes(size: DisplayedSize): number | null {
  const bytes = Math.round(size.value * 1024 ** size.exponent);
  return Number.isSafeInteger(bytes) && bytes <= MAX_BYTES ? bytes : null;
}

/**
 * Could Roundcube have printed these two sizes beside this percent? It rounds used/total×100 and
 * caps it at 100 (so "25 MB / 20 MB (100%)" is a genuine over-quota reading).
 */
function coherent(used: DisplayedSize, total: DisplayedSize, percent: number): boolean {
  const [usedLo, usedHi] = byteRange(used);
  const [totalLo, totalHi] = byteRange(total);
  if (total.value <= 0 || totalHi <= 0) return false;
  const EPSILON = 1e-9;
  const ratioLo = (usedLo / totalHi) * 100;
  const ratioHi = totalLo > 0 ? (usedHi / totalLo) * 100 : Number.POSITIVE_INFINITY;
  if (percent >= 100) return ratioHi >= 99.5 - EPSILON;
  return ratioLo <= percent + 0.5 + EPSILON && ratioHi >= percent - 0.5 - EPSILON;
}

interface ParsedTitle {
  percent: number;
  used: DisplayedSize | null;
  total: DisplayedSize | null;
}

/** "<label>: <used> / <total> (<n>%)", read from the end so the label may be any text. */
function parseTitle(title: string): ParsedTitle | null {
  const tail = TITLE_PERCENT.exec(title);
  if (!tail || tail[1] === undefined) return null;
  const percent = Number(tail[1]);
  // Roundcube caps the percent at 100 before printing it: a bigger one is not its title.
  if (!(percent <= 100)) return null;
  const body = title.slice(0, tail.index).trimEnd();
  const slash = body.lastIndexOf(' / ');
  if (slash < 0) return { percent, used: null, total: null };
  return {
    percent,
    used: readSize(body.slice(0, slash), false),
    total: readSize(body.slice(slash + 3), true),
  };
}

/** Integer 0..100, or null for NaN/±Infinity. */
function clampPercent(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return Math.min(100, Math.max(0, Math.round(value)));
}

function parseTextPercent(text: string): number | null {
  if (text.length > MAX_TEXT_LENGTH) return null;
  const m = TEXT_PERCENT.exec(normalise(text));
  if (!m || m[1] === undefined) return null;
  const value = Number(m[1].replace(',', '.'));
  // set_quota() prints Roundcube's percent, already capped at 100: above that it is not Roundcube's.
  return Number.isFinite(value) && value <= 100 ? value : null;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Reads the widget's text and title. Returns null when neither says anything usable (widget not
 * filled yet: Roundcube first renders it as "&nbsp;" without a title), or when they contradict
 * each other. A percent above 100 is refused rather than clamped: Roundcube caps it itself.
 */
export function parseRoundcubeQuota(facts: QuotaFacts): QuotaReading | null {
  // Callers pass DOM reads (getAttribute may give null): never trust the static type alone.
  const rawTitle = asString((facts as Partial<QuotaFacts> | null | undefined)?.title);
  const textPercent = parseTextPercent(asString((facts as Partial<QuotaFacts> | null | undefined)?.text));
  const title = rawTitle.length > MAX_TITLE_LENGTH ? '' : normalise(rawTitle);

  const parsed = parseTitle(title);
  if (!parsed) {
    // The limited branch always ends the title with "(n%)"; without it Roundcube took the
    // no-limit branch, whose title is just a label (possibly customised) and percent is 0.
    const noLimitTitle = NO_LIMIT_LABELS.has(title) || (title !== '' && !title.includes('%'));
    if (noLimitTitle && (textPercent === null ? NO_LIMIT_LABELS.has(title) : textPercent === 0)) {
      return { state: 'unlimited' };
    }
    const percent = textPercent === null ? null : clampPercent(textPercent);
    return percent === null ? null : { state: 'limited', percent, usedBytes: null, totalBytes: null };
  }

  // Text and title come from the same set_quota() call: if they disagree, something else wrote
  // into the widget, and neither can be trusted.
  if (textPercent !== null && Math.abs(textPercent - parsed.percent) > 1) return null;
  const percent = clampPercent(textPercent ?? parsed.percent) ?? 0;
  const { used, total } = parsed;
  if (used && total && coherent(used, total, parsed.percent)) {
    const usedBytes = toBytes(used);
    const totalBytes = toBytes(total);
    if (usedBytes !== null && totalBytes !== null && totalBytes > 0) {
      return { state: 'limited', percent, usedBytes, totalBytes };
    }
  }
  return { state: 'limited', percent, usedBytes: null, totalBytes: null };
}

function threshold(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Thunderbird's quota panel logic: hidden below `shown`, plain below `warning`, warning below
 * `critical`, critical from there (each bound inclusive). Non-numeric thresholds fall back to
 * Thunderbird's defaults so a broken managed setting cannot turn every reading critical.
 */
export function quotaLevel(percent: number, thresholds: QuotaThresholds = DEFAULT_QUOTA_THRESHOLDS): QuotaLevel {
  const p = clampPercent(percent);
  if (p === null) return 'none';
  if (p < threshold(thresholds?.shown, DEFAULT_QUOTA_THRESHOLDS.shown)) return 'none';
  if (p < threshold(thresholds?.warning, DEFAULT_QUOTA_THRESHOLDS.warning)) return 'shown';
  if (p < threshold(thresholds?.critical, DEFAULT_QUOTA_THRESHOLDS.critical)) return 'warning';
  return 'critical';
}

/**
 * Toolbar badge text: "42%" for a limited quota, "" otherwise (no limit means nothing to report,
 * as Thunderbird shows no meter then). Never "NaN%", negative or above 100 %, even for a reading
 * restored from storage.
 */
export function badgeText(reading: QuotaReading | null): string {
  if (reading?.state !== 'limited') return '';
  const p = clampPercent(reading.percent);
  return p === null ? '' : `${p}%`;
}
