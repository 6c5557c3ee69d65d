/**
 * Clean-up in one click (issue 16, item 5): the background, not the popup, drives the webmail tab,
 * since the popup closes as soon as that tab comes forward. It finds (or opens) the webmail's message
 * list and runs, in the page's own world, what the user would click: Roundcube's list sorting or its
 * search. Roundcube ignores `_sort` in a page address (program/actions/mail/index.php, 1.6.5), so the
 * list's own request is the only way.
 */
import browser from 'webextension-polyfill';
import { SORT_RESTORE_KEY, isSortColumn, isSortOrder, type CleanupResult, type CleanupView, type SortRestore } from '../shared/cleanup.ts';
import { parseSortRestore } from '../shared/cleanup.ts';

/** Where a fresh tab lands: the mail view's Inbox, under the webmail's base URL (Roundcube may live under /roundcube/). */
const MAIL_VIEW = './?_task=mail&_mbox=INBOX';
/** A signed-in Roundcube draws its list in about a second; a busy server gets far more, never forever. */
const READY_WITHIN_MS = 30_000;
const PROBE_EVERY_MS = 250;
/** Roundcube's "older than a year" search interval (program/actions/mail/index.php search_interval, 1.6.5). */
const OLDER_THAN_A_YEAR = '-1Y';

type Probe = 'ready' | 'busy' | 'login' | 'elsewhere' | 'absent';

// The functions below run in the page's main world (where `rcmail` lives): self-contained, no imports.

function probeRoundcube(): Probe {
  const rc = (window as unknown as { rcmail?: { env?: Record<string, unknown>; message_list?: unknown; busy?: boolean } }).rcmail;
  if (!rc?.env) return 'absent';
  if (rc.env.task === 'login') return 'login';
  if (rc.env.task !== 'mail' || rc.env.action || !rc.message_list) return 'elsewhere';
  return rc.busy ? 'busy' : 'ready';
}

function sortRoundcube(column: string, order: string): { ok: boolean; previous?: { column: unknown; order: unknown } } {
  const rc = (
    window as unknown as {
      rcmail: {
        env: Record<string, unknown>;
        set_list_sorting(c: string, o: string): void;
        list_mailbox(m: string, p: string, s: string): void;
      };
    }
  ).rcmail;
  // The server locks the order (dont_override): the list would not follow, and saying it did would mislead.
  if (rc.env.disabled_sort_col || rc.env.disabled_sort_order) return { ok: false };
  const previous = { column: rc.env.sort_col ?? '', order: rc.env.sort_order ?? '' };
  // What rcmail.command('sort', column) does (app.js, case 'sort'), with the order chosen instead of
  // toggled: the column header shows it, and Roundcube saves it as the user's preference.
  rc.set_list_sorting(column, order);
  rc.list_mailbox('', '', `${column}_${order}`);
  return { ok: true, previous };
}

function searchRoundcubeOldAttachments(interval: string): { ok: boolean } {
  const rc = (
    window as unknown as {
      rcmail: { gui_objects: Record<string, unknown>; set_searchinterval?(i: string): void; filter_mailbox(f: string): void };
    }
  ).rcmail;
  const filter = rc.gui_objects.search_filter;
  const when = rc.gui_objects.search_interval;
  if (!(filter instanceof HTMLSelectElement) || !(when instanceof HTMLSelectElement)) return { ok: false };
  // The "With attachment" choice is the one whose value searches Content-Type application/ (built by
  // index.php search_filter): found by value, so in any language.
  const withAttachment = [...filter.options].find((o) => o.value.includes('HEADER Content-Type') && o.value.includes('application/'));
  if (!withAttachment || ![...when.options].some((o) => o.value === interval)) return { ok: false };
  // The two menus set as a user would set them, then the list's own filter request (which reads both).
  when.value = interval;
  rc.set_searchinterval?.(interval);
  filter.value = withAttachment.value;
  rc.filter_mailbox(withAttachment.value);
  return { ok: true };
}

async function inPage<A extends unknown[], R>(tabId: number, func: (...args: A) => R, args: A): Promise<R | undefined> {
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, world: 'MAIN', func: func as () => void, args } as never);
    return (result as { result?: R } | undefined)?.result;
  } catch {
    // Navigating, or not a page we may script: asked again by the caller.
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/** Waits until the tab shows the message list (or the sign-in page); anything else past the deadline is "unavailable". */
async function waitForList(tabId: number): Promise<Probe> {
  const deadline = Date.now() + READY_WITHIN_MS;
  let last: Probe = 'absent';
  while (Date.now() < deadline) {
    last = (await inPage(tabId, probeRoundcube, [])) ?? 'absent';
    if (last === 'ready' || last === 'login') return last;
    await sleep(PROBE_EVERY_MS);
  }
  return last;
}

/**
 * A tab of this webmail already showing its message list (most recently used first), else a new
 * tab on the mail view. A tab elsewhere in the webmail (a message being written) is left alone.
 */
async function listTab(origin: string, baseUrl: string): Promise<number | null> {
  const tabs = (await browser.tabs.query({})).filter((tab) => tab.id !== undefined && originOf(tab.url) === origin);
  tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  for (const tab of tabs) {
    const probe = await inPage(tab.id!, probeRoundcube, []);
    if (probe === 'ready' || probe === 'busy') {
      await browser.tabs.update(tab.id!, { active: true });
      if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
      return tab.id!;
    }
  }
  const created = await browser.tabs.create({ url: new URL(MAIL_VIEW, baseUrl).href, active: true });
  return created.id ?? null;
}

/** `baseUrl`: where the webmail is installed on `origin` (the stored reading's), for a tab opened fresh. */
export async function showCleanupView(origin: string, view: CleanupView, baseUrl = `${origin}/`): Promise<CleanupResult> {
  const restore = view === 'restoreSort' ? parseSortRestore((await browser.storage.local.get(SORT_RESTORE_KEY))[SORT_RESTORE_KEY]) : null;
  if (view === 'restoreSort' && restore?.origin !== origin) return { ok: false, reason: 'unavailable' };
  const tabId = await listTab(origin, baseUrl);
  if (tabId === null) return { ok: false, reason: 'unavailable' };
  const state = await waitForList(tabId);
  if (state === 'login') return { ok: false, reason: 'signed-out' };
  if (state !== 'ready') return { ok: false, reason: 'unavailable' };

  if (view === 'oldAttachments') {
    const done = await inPage(tabId, searchRoundcubeOldAttachments, [OLDER_THAN_A_YEAR]);
    // "Done" once the webmail answered the search (its request holds rcmail.busy), not when it was sent.
    return done?.ok && (await waitForList(tabId)) === 'ready' ? { ok: true } : { ok: false, reason: 'unavailable' };
  }
  const [column, order] = restore ? [restore.column, restore.order] : ['size', 'DESC'];
  const done = await inPage(tabId, sortRoundcube, [column, order]);
  // The list request is also what saves the order as the user's preference: wait for its answer, or a
  // restore followed at once by a page load could be lost with the aborted request.
  if (!done?.ok || (await waitForList(tabId)) !== 'ready') return { ok: false, reason: 'unavailable' };
  if (restore) {
    await browser.storage.local.remove(SORT_RESTORE_KEY);
  } else {
    // Page-derived: kept only if it is a sort Roundcube could have, and not already "largest first".
    const previous = done.previous;
    if (
      previous &&
      isSortColumn(previous.column) &&
      isSortOrder(previous.order) &&
      !(previous.column === 'size' && previous.order === 'DESC')
    ) {
      // A second "largest first" keeps the order from before the first one.
      const kept = parseSortRestore((await browser.storage.local.get(SORT_RESTORE_KEY))[SORT_RESTORE_KEY]);
      if (kept?.origin !== origin) {
        await browser.storage.local.set({
          [SORT_RESTORE_KEY]: { origin, column: previous.column, order: previous.order } satisfies SortRestore,
        });
      }
    }
  }
  return { ok: true };
}
