/**
 * Sizes as webmails print them, back to bytes: the upload limit hint ("Maximum allowed file size
 * is 50 MB", French "La taille de fichier maximum autorisée est 50 Mo") and the size Roundcube
 * shows beside each attachment ("(6.0 MB)", "(830 KB)").
 *
 * PURE: plain text in, bytes out. The label around the number is never parsed: Roundcube has 80
 * languages and puts the size anywhere in the sentence (label `maxuploadsize` = "… $size"), so
 * we read the one "<number> <unit>" it prints.
 */

/**
 * Roundcube's `show_bytes()` (program/include/rcmail_action.php) uses binary multiples and the
 * unit words of the UI language: B/KB/MB/GB in most languages, o/ko/Mo/Go in French, kB in German,
 * KiB/MiB in a few, КБ/МБ in Cyrillic ones, Finnish t/kt/Mt. The prefix gives the power of 1024.
 */
const PREFIX_POWER: Record<string, number> = {
  '': 0,
  k: 1,
  K: 1,
  К: 1,
  к: 1,
  M: 2,
  М: 2,
  G: 3,
  Г: 3,
  T: 4,
  Т: 4,
};

/**
 * A number, optional space (also the no-break spaces French typography uses), a known prefix,
 * a byte word (B, iB, o, Б, t), and no Latin or Cyrillic letter right after it, so "50 Mo" and
 * "(6.0 MB)" match but "5 months" or "3 tables" do not. Other scripts may follow the unit
 * directly (Japanese: "最大で50 MBです").
 */
const SIZE = /(\d+(?:[.,]\d+)?)[\s\u00a0\u202f]*([kKMGTКкМГТ]?)(i?B|[oOБбt])(?![0-9A-Za-z\u00c0-\u024f\u0400-\u04ff])/u;

/** The first size written in `text`, in bytes; null when the text holds none. */
export function parseSizeText(text: string | null | undefined): number | null {
  if (!text) return null;
  const match = SIZE.exec(text);
  if (!match) return null;
  const [, number, prefix = ''] = match;
  const power = PREFIX_POWER[prefix];
  if (power === undefined) return null;
  const value = Number(number!.replace(',', '.'));
  if (!Number.isFinite(value)) return null;
  return Math.round(value * 1024 ** power);
}

/**
 * The webmail's own upload limit from its hint text, in bytes; null when unknown or absurd.
 * Roundcube computes it as min(upload_max_filesize, post_max_size, max_message_size / 1.33) and
 * checks each upload against it before sending anything (rcmail.env.max_filesize).
 */
export function parseUploadLimit(hint: string | null | undefined): number | null {
  const bytes = parseSizeText(hint);
  // Under 1 KB or over 1 TB is not a limit a webmail sets; better no warning than a wrong one.
  if (bytes === null || bytes < 1024 || bytes > 1024 ** 4) return null;
  return bytes;
}
