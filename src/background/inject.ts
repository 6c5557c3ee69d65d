import browser from 'webextension-polyfill';
import type { LazyFeatureId } from '../shared/messages.ts';
import { lazyScriptFile } from '../content/lazy/script-file.ts';

/** What the background knows of the document that asked (runtime.MessageSender). */
export interface InjectionSender {
  tabId: number;
  frameId: number;
  url: string;
  /** Chromium 106+: the id of the sender's document, which no navigation can reuse. */
  documentId?: string;
}

/** The document that sent `sender`'s message (the handlers answer only content scripts'). */
export function injectionSender(sender: browser.Runtime.MessageSender): InjectionSender {
  return {
    tabId: sender.tab!.id!,
    frameId: sender.frameId ?? 0,
    url: sender.url!,
    documentId: (sender as { documentId?: unknown }).documentId as string | undefined,
  };
}

/**
 * A change of the fragment is no navigation: single-page webmails route by it (SOGo's
 * `#!/Mail/0/INBOX` changes as its compose dialog opens), and the document that asked is still there.
 */
const withoutFragment = (url: string) => url.replace(/#.*$/s, '');

type Target = { tabId: number; frameIds?: number[]; documentIds?: string[] };
const executeScript = (details: { target: Target; files?: string[]; func?: () => unknown; injectImmediately?: boolean }) =>
  browser.scripting.executeScript(details as Parameters<typeof browser.scripting.executeScript>[0]);

/**
 * Without it the browser injects at the document's next idle moment: the user waits for the panel.
 * Measured in Chromium 156 (bench/password-frame.ts, probes): request received → the nudge's first
 * statement, 65–120 ms before, 40–80 ms with it.
 */
const NOW = { injectImmediately: true };

/**
 * Injects a nudge into the document that asked for it, in the content scripts' isolated world: one
 * self-contained script per nudge, built from src/content/nudges/ (scripts/vite-plugin-lazy-nudges.ts)
 * and kept out of web_accessible_resources, so pages cannot probe for the extension through it.
 */
export function injectFeature(feature: LazyFeatureId, sender: InjectionSender): Promise<{ injected: boolean }> {
  return injectScript(lazyScriptFile(feature), sender);
}

/**
 * Injects one of the build's scripts into the document that asked for it, in the content scripts'
 * isolated world; settles once it has run.
 * A tab and frame id name a place, not a document: the frame may have navigated between the
 * request and the injection, and the nudge (the password checker, its word lists) would land in
 * whatever page is there now. Chromium targets the document itself; Firefox has no document ids,
 * so the frame's address is checked first (a navigation in the instant between the check and the
 * injection remains possible there; the nudge recognises its page again before it starts).
 */
export async function injectScript(file: string, sender: InjectionSender): Promise<{ injected: boolean }> {
  const files = [file];
  if (sender.documentId) {
    await executeScript({ target: { tabId: sender.tabId, documentIds: [sender.documentId] }, files, ...NOW });
    return { injected: true };
  }
  const target = { tabId: sender.tabId, frameIds: [sender.frameId] };
  const [probe] = await executeScript({ target, func: () => location.href });
  const shown = (probe as { result?: unknown } | undefined)?.result;
  if (typeof shown !== 'string' || withoutFragment(shown) !== withoutFragment(sender.url)) return { injected: false };
  await executeScript({ target, files, ...NOW });
  return { injected: true };
}

/**
 * After an install or an update, the pages already open still run the previous content script,
 * orphaned (it took itself down, content/orphan-guard.ts) or none at all: the webmail tabs get the
 * always-loaded script again, so their nudges come back without a reload. With addresses listed,
 * only those; with none, every http(s) tab (Roundcube can be anywhere; elsewhere the script only
 * looks). Firefox injects into open tabs itself: the script runs once per world (content/index.ts).
 */
export async function reinjectOpenTabs(webmailOrigins: readonly string[]): Promise<number> {
  const files = (browser.runtime.getManifest().content_scripts ?? []).flatMap((script) => script.js ?? []);
  if (files.length === 0) return 0;
  const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  const targets = tabs.filter((tab) => {
    if (tab.id === undefined || !tab.url) return false;
    try {
      return webmailOrigins.length === 0 || webmailOrigins.includes(new URL(tab.url).origin);
    } catch {
      return false;
    }
  });
  const results = await Promise.allSettled(targets.map((tab) => executeScript({ target: { tabId: tab.id! }, files })));
  return results.filter((r) => r.status === 'fulfilled').length;
}
