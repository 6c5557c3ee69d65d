/**
 * What a page shows of its quota, in terms no webmail owns: the background turns them into a reading
 * without knowing which webmail sent them (model/quota-text.ts knows every wording they ship).
 */
export type QuotaFacts =
  /** The view shows a quota display when the server has quotas, and there is none: no QUOTA on the server. */
  | { kind: 'absent' }
  /**
   * The display's text and title as the page words them, localised: Roundcube "42%" titled "Disk usage:
   * 8.4 MB / 20 MB (42%)", SOGo "42% used on 20 MB", Horde "42% of 20 MB" (no title: '').
   */
  | { kind: 'widget'; text: string; title: string }
  /** Exact figures the page printed (Roundcube's boot script `rcmail.set_quota`), still current. */
  | { kind: 'exact'; usedBytes: number; totalBytes: number; percent: number };

export const MAX_QUOTA_TEXT = 200;
export const MAX_QUOTA_TITLE = 500;

/** The facts of a display showing `text` titled `title`, within the bounds the message guard accepts. */
export function shownQuotaFacts(text: string, title: string): QuotaFacts {
  return { kind: 'widget', text: text.trim().slice(0, MAX_QUOTA_TEXT), title: title.trim().slice(0, MAX_QUOTA_TITLE) };
}
