/**
 * Roundcube prints the quota it got from IMAP in the page's boot script:
 *   rcmail.set_quota({"used":8603,"total":20480,"percent":42,"free":58,"type":"text","folder":"INBOX","title":"Disk usage: 8.4 MB / 20 MB (42%)"});
 * `used`/`total` are KiB straight from IMAP `GETQUOTAROOT` (checked against Dovecot 2.3 + Roundcube 1.6.5): exact and language-free,
 * where the widget's title is rounded and localised. Only page loads print it; later updates come
 * through AJAX, so the caller uses it only while the widget still shows the same title.
 */
export interface RoundcubeQuotaData {
  usedBytes: number;
  totalBytes: number;
  percent: number;
  title: string;
}

const SET_QUOTA = /rcmail\.set_quota\((\{[^{}]*\})\)/;

export function parseRoundcubeQuotaData(scriptText: string): RoundcubeQuotaData | null {
  const json = SET_QUOTA.exec(scriptText)?.[1];
  if (!json) return null;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { used, total, percent, title } = data as Record<string, unknown>;
  const kib = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 40;
  if (!kib(used) || !kib(total) || (total as number) <= 0) return null;
  if (typeof percent !== 'number' || !Number.isFinite(percent)) return null;
  return {
    usedBytes: (used as number) * 1024,
    totalBytes: (total as number) * 1024,
    // Roundcube: min(100, round(used / total * 100)); recomputed rather than trusted.
    percent: Math.min(100, Math.max(0, Math.round(((used as number) / (total as number)) * 100))),
    title: typeof title === 'string' ? title : '',
  };
}
