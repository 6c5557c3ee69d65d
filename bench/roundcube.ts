/**
 * Section 3 — a real Roundcube (the webmail lab: Roundcube 1.6 + Dovecot on loopback), mail view and
 * compose, loaded in one Chromium profile per variant, all signed in as the same user and open at
 * once: no extension, the two floors (bench/floors.ts: no content script; an empty content script on
 * every page), ours, and with `--quota-off` ours with the quota nudge switched off in its settings
 * (the quota report then neither reads the widget nor messages the background: the with/without of
 * its service-worker wake-up). Page loads go round by round, each round visiting every variant in a
 * balanced order (bench/lib.ts `balancedOrder`). Per load:
 *   - navigation timing loadEventEnd (redirects included: compose redirects to its `_id` URL);
 *   - mail view only: when the first row of the message list entered the DOM (a MutationObserver in
 *     the page's main world, installed before any page script): Roundcube fetches the list after
 *     the load event, which is when our quota report runs, so this is where that would show;
 *   - long tasks (a PerformanceObserver installed before any page script, main world);
 *   - renderer main-thread CPU (Performance.getMetrics TaskDuration, thread ticks);
 *   - JS heap of the page after a forced GC (Performance.getMetrics JSHeapUsedSize: one V8 heap for
 *     the page's main world and the content script's isolated world).
 * Ratios and differences are against the empty-content-script floor, each with a 95 % bootstrap
 * interval that resamples the rounds (the variants of one round stay together).
 * Then three traced loads per view (not timed) for each variant with a content script attribute CPU
 * to the extension: in the page's renderer by URL (outermost FunctionCall/EvaluateScript events), and
 * in the service worker (all of its thread's CPU: its handlers name no URL; the quota report's
 * message is what wakes it on a page load); and once,
 * the service worker's heap (Runtime.getHeapUsage after a forced GC, over a second CDP
 * client attached to the worker target).
 */
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { launch, signIn, startLab, type ExtensionBrowser, type TestPage, type Lab } from '../lab/index.ts';
import type { CDPSession } from 'playwright-core';
import { buildReferences, CONTENT_PATH, dirOf, PAGE_VARIANTS, type PageVariant } from './floors.ts';
import {
  balancedOrder,
  cdpFor,
  cpuMs,
  differenceInterval,
  metrics,
  outermost,
  quantile,
  rawPage,
  ratioInterval,
  sleep,
  summarize,
  threadCpuMs,
  traced,
  type Summary,
  type TraceClient,
  type TraceEvent,
} from './lib.ts';

export type RoundcubeVariant = PageVariant | 'oursQuotaOff';

export interface Side {
  loadMs: number[];
  /** Mail view: first message-list row in the DOM, ms from navigation start; NaN on compose. */
  listMs: number[];
  /** Renderer main-thread task time for the load (Performance.getMetrics TaskDuration, thread ticks):
   *  CPU, not wall time, so it suffers less when other work shares the machine. */
  cpuMs: number[];
  longTasks: number[];
  longTaskMs: number[];
  heapMB: number[];
  /** Traced loads: CPU of the extension's scripts in the page's renderer, and in other processes. */
  attributedPageMs: number[];
  attributedElsewhereMs: number[];
}

export interface RoundcubeView {
  view: 'mail' | 'compose';
  /** Index i of every array is round i: the variants of a round were loaded one after the other. */
  sides: Partial<Record<RoundcubeVariant, Side>>;
}

export interface RoundcubeResult {
  runs: number;
  variants: RoundcubeVariant[];
  views: RoundcubeView[];
  worker: { usedMB: number; totalMB: number } | { error: string };
  messagesInInbox: number;
}

/** median(a) / median(b) of one measure, with its interval; and the difference with its interval. */
export function compare(a: readonly number[], b: readonly number[]) {
  const ratio = quantile(a, 0.5) / quantile(b, 0.5);
  return {
    ratio,
    ratioInterval: ratioInterval(a, b),
    difference: quantile(a, 0.5) - quantile(b, 0.5),
    differenceInterval: differenceInterval(a, b),
  };
}

export const summaryOf = (xs: readonly number[]): Summary => summarize(xs);

const PROBES = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  window.__listShown = null;
  const listObserver = new MutationObserver(() => {
    if (document.querySelector('#messagelist tbody tr')) { window.__listShown = performance.now(); listObserver.disconnect(); }
  });
  listObserver.observe(document, { childList: true, subtree: true });
`;

function message(n: number): string {
  const subjects = ['Réunion de service', 'Quarterly figures', 'Congés d’été', 'Invoice 2024-117', 'Planning', 'Re: projet'];
  return [
    `From: Colleague ${n} <colleague${n}@example.test>`,
    'To: alice@example.test',
    `Subject: ${subjects[n % subjects.length]} ${n}`,
    `Date: ${new Date(Date.UTC(2024, 0, 1 + n)).toUTCString()}`,
    `Message-ID: <bench-${n}@example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Bonjour Alice,\n\n${'Lorem ipsum dolor sit amet. '.repeat(20 + (n % 40))}\n`,
  ].join('\r\n');
}

interface Sample {
  loadMs: number;
  listMs: number;
  cpuMs: number;
  longTasks: number[];
  heapMB: number;
}

async function load(page: TestPage, cdp: CDPSession, url: string): Promise<Sample> {
  await page.goto(url);
  await page.waitForFunction('window.rcmail && !window.rcmail.busy', 20_000);
  // Roundcube's post-load requests (message list, quota) and our content script (document_idle) settle.
  await sleep(300);
  const { loadMs, listMs, longTasks } = await page.evaluate<{ loadMs: number; listMs: number | null; longTasks: number[] }>(
    `({ loadMs: performance.getEntriesByType('navigation')[0].loadEventEnd, listMs: window.__listShown, longTasks: window.__longTasks ?? [] })`,
  );
  // The counters restart with each document: read after the load, they are this load's.
  const cpuMs = ((await metrics(cdp)).TaskDuration ?? Number.NaN) * 1000;
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await metrics(cdp)).JSHeapUsedSize ?? Number.NaN;
  return { loadMs, listMs: listMs ?? Number.NaN, cpuMs, longTasks, heapMB: heap / 2 ** 20 };
}

async function workerHeap(browser: ExtensionBrowser): Promise<RoundcubeResult['worker']> {
  try {
    const [port, path] = readFileSync(`${browser.profileDir}/DevToolsActivePort`, 'utf8').split('\n');
    const origin = browser.extensionOrigin;
    const remote = await puppeteer.connect({
      browserWSEndpoint: `ws://127.0.0.1:${port}${path}`,
      targetFilter: (t) => t.type() === 'service_worker' && t.url().startsWith(origin),
    });
    try {
      const target = await remote.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(origin), { timeout: 10_000 });
      const session = await target.createCDPSession();
      await session.send('HeapProfiler.collectGarbage');
      const usage = await session.send('Runtime.getHeapUsage');
      return { usedMB: usage.usedSize / 2 ** 20, totalMB: usage.totalSize / 2 ** 20 };
    } finally {
      await remote.disconnect();
    }
  } catch (error) {
    return { error: String(error) };
  }
}

/**
 * A DevTools session on the browser target, over the profile's debugging port: a trace started
 * there records every process (the page's trace does not hold the service worker's events).
 * It attaches to no target, so it keeps no worker alive.
 */
async function browserSession(browser: ExtensionBrowser): Promise<{ session: TraceClient; disconnect(): Promise<void> }> {
  const [port, path] = readFileSync(`${browser.profileDir}/DevToolsActivePort`, 'utf8').split('\n');
  const remote = await puppeteer.connect({ browserWSEndpoint: `ws://127.0.0.1:${port}${path}`, targetFilter: () => false });
  const session = await remote.target().createCDPSession();
  return { session: session as unknown as TraceClient, disconnect: () => remote.disconnect() };
}

interface Tab {
  variant: RoundcubeVariant;
  browser: ExtensionBrowser;
  page: TestPage;
  cdp: CDPSession;
}

export async function runRoundcube(
  extensionDir: string,
  runs: number,
  log: (s: string) => void,
  options: { quotaOff?: boolean } = {},
): Promise<RoundcubeResult> {
  log('  roundcube: starting the lab');
  const lab: Lab = await startLab();
  const refs = buildReferences(extensionDir);
  const variants: RoundcubeVariant[] = [...PAGE_VARIANTS, ...(options.quotaOff ? (['oursQuotaOff'] as const) : [])];
  const tabs: Tab[] = [];
  try {
    const user = lab.users[0]!;
    // A mailbox that looks used: a few dozen ordinary messages, and the quota widget at about a third.
    const messages = 40;
    for (let n = 0; n < messages; n++) await lab.deliver(user.email, message(n));
    await lab.fillToPercent(user.email, 30);

    for (const variant of variants) {
      const dir = dirOf(variant === 'oursQuotaOff' ? 'ours' : variant, extensionDir, refs);
      // Every profile gets the debugging port: the same flags on all sides, and a way in to the worker.
      const browser = await launch('chromium', {
        extension: dir !== null,
        extensionDir: dir ?? undefined,
        extraArgs: ['--remote-debugging-port=0'],
      });
      if (variant === 'oursQuotaOff') {
        // The user's own switch, as the options page saves it; the background republishes it for the content script.
        await browser.evalInBackground(`chrome.storage.local.set({ userSettings: { quotaNudge: false } })`);
        await sleep(500);
      }
      const page = await browser.newPage();
      await rawPage(page).addInitScript(PROBES);
      const cdp = await cdpFor(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      tabs.push({ variant, browser, page, cdp });
      await signIn(page, lab, user);
    }
    const urls = { mail: `${lab.url}?_task=mail&_mbox=INBOX`, compose: `${lab.url}?_task=mail&_action=compose` };
    const VIEWS = ['mail', 'compose'] as const;
    const samples = Object.fromEntries(VIEWS.map((v) => [v, new Map(variants.map((x) => [x, [] as Sample[]]))])) as Record<
      (typeof VIEWS)[number],
      Map<RoundcubeVariant, Sample[]>
    >;
    const visit = (tab: Tab, url: string) => load(tab.page, tab.cdp, url);
    log(`  roundcube: ${runs} rounds of ${tabs.length} profiles per view`);
    // One warm-up load per view and profile (PHP opcache, the browsers' HTTP caches), not counted.
    for (const view of VIEWS) for (const tab of tabs) await visit(tab, urls[view]);
    for (let r = 0; r < runs; r++) {
      for (const view of VIEWS) {
        for (const k of balancedOrder(tabs.length, r)) samples[view].get(tabs[k]!.variant)!.push(await visit(tabs[k]!, urls[view]));
      }
    }
    // Extra traced loads (tracing slows a load down, so none of the timed ones is traced), for the
    // variants that put a script in the page.
    const attributed = Object.fromEntries(
      VIEWS.map((v) => [v, new Map(variants.map((x) => [x, { page: [] as number[], elsewhere: [] as number[] }]))]),
    ) as Record<(typeof VIEWS)[number], Map<RoundcubeVariant, { page: number[]; elsewhere: number[] }>>;
    for (const view of VIEWS) {
      for (let k = 0; k < 3; k++) {
        for (const tab of tabs) {
          if (tab.variant === 'none' || tab.variant === 'noContentScript') continue;
          const origin = tab.browser.extensionOrigin;
          const whole = await browserSession(tab.browser);
          let events: TraceEvent[];
          try {
            ({ events } = await traced(whole.session, ['devtools.timeline', 'v8.execute', 'toplevel', '__metadata'], () =>
              visit(tab, urls[view]),
            ));
          } finally {
            await whole.disconnect();
          }
          // The page's renderer is the process that evaluated the content script.
          const pagePid = outermost(events, origin + CONTENT_PATH, ['EvaluateScript'])[0]?.pid;
          const ours = outermost(events, origin, ['FunctionCall', 'EvaluateScript']);
          const slot = attributed[view].get(tab.variant)!;
          slot.page.push(cpuMs(ours.filter((e) => e.pid === pagePid)));
          // The worker's message handlers run as microtasks that name no URL: its thread's whole CPU
          // (these profiles run no other service worker).
          slot.elsewhere.push(threadCpuMs(events, 'ServiceWorker thread'));
        }
      }
    }
    const worker = await workerHeap(tabs.find((t) => t.variant === 'ours')!.browser);

    const views: RoundcubeView[] = VIEWS.map((view) => ({
      view,
      sides: Object.fromEntries(
        variants.map((variant) => {
          const list = samples[view].get(variant)!;
          const side: Side = {
            loadMs: list.map((s) => s.loadMs),
            listMs: list.map((s) => s.listMs),
            cpuMs: list.map((s) => s.cpuMs),
            longTasks: list.map((s) => s.longTasks.length),
            longTaskMs: list.map((s) => s.longTasks.reduce((a, b) => a + b, 0)),
            heapMB: list.map((s) => s.heapMB),
            attributedPageMs: attributed[view].get(variant)!.page,
            attributedElsewhereMs: attributed[view].get(variant)!.elsewhere,
          };
          return [variant, side];
        }),
      ),
    }));
    return { runs, variants, views, worker, messagesInInbox: messages };
  } finally {
    for (const tab of tabs) await tab.browser.close().catch(() => undefined);
    refs.remove();
    await lab.stop();
  }
}
