/**
 * "Clean-up in one click" (issue 16, item 5): the popup asks the background to show, in the webmail's
 * own message list, the largest messages first or the old messages with attachments. The message's
 * views and the sort order kept to be put back; what each webmail can do is its adapter's `cleanupViews`.
 */
import { ext as browser } from './ext.ts';

export const CLEANUP_VIEWS = ['largest', 'oldAttachments', 'restoreSort'] as const;
export type CleanupView = (typeof CLEANUP_VIEWS)[number];

/** Why a view could not be shown: the tab is signed out, or the webmail did not let us (or did not answer). */
export type CleanupResult = { ok: true } | { ok: false; reason: 'signed-out' | 'unavailable' };

export function isCleanupResult(v: unknown): v is CleanupResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r.ok === true || (r.ok === false && (r.reason === 'signed-out' || r.reason === 'unavailable'));
}

/** The list's sort order before "largest first", kept so the popup can offer to put it back. */
export const SORT_RESTORE_KEY = 'cleanupSortRestore';

export interface SortRestore {
  origin: string;
  /** Roundcube's sort column ('' is its "no sort", arrival order), and its order. */
  column: string;
  order: 'ASC' | 'DESC';
}

/** A sort column as Roundcube names them (date, arrival, size, subject, fromto…); page-derived, so checked. */
export const isSortColumn = (v: unknown): v is string => typeof v === 'string' && /^[a-z]{0,20}$/.test(v);
export const isSortOrder = (v: unknown): v is 'ASC' | 'DESC' => v === 'ASC' || v === 'DESC';

export function parseSortRestore(raw: unknown): SortRestore | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.origin !== 'string' || !/^https?:\/\/[^/]+$/.test(r.origin) || !isSortColumn(r.column) || !isSortOrder(r.order)) return null;
  return { origin: r.origin, column: r.column, order: r.order };
}

export async function readSortRestore(): Promise<SortRestore | null> {
  try {
    return parseSortRestore((await browser.storage.local.get(SORT_RESTORE_KEY))[SORT_RESTORE_KEY]);
  } catch {
    return null;
  }
}
