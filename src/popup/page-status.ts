import browser from 'webextension-polyfill';
import { isPageStatus, type PageStatus } from '../shared/messages.ts';

/**
 * The tab the popup speaks about: the active tab of its window; when the popup itself is open as a
 * tab (keyboard users, "open in tab", tests), the tab the user was on just before.
 */
export async function targetTab(): Promise<browser.Tabs.Tab | undefined> {
  const ownOrigin = browser.runtime.getURL('');
  const isOwn = (tab: browser.Tabs.Tab) => (tab.url ?? '').startsWith(ownOrigin);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  if (active && !isOwn(active)) return active;
  const others = (await browser.tabs.query({})).filter((tab) => !isOwn(tab) && tab.id !== undefined);
  others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return others[0];
}

/**
 * Asks that tab's content script what it recognised. A tab without our content script
 * (not a webmail, or a browser page) does not answer: that is the "not a webmail" state.
 */
export async function activeTabStatus(): Promise<PageStatus | null> {
  try {
    const tab = await targetTab();
    if (tab?.id === undefined) return null;
    const answer: unknown = await browser.tabs.sendMessage(tab.id, { type: 'get-page-status' });
    return isPageStatus(answer) ? answer : null;
  } catch {
    return null;
  }
}
