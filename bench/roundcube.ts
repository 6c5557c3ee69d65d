/**
 * Section 3 — a real Roundcube (the webmail lab: Roundcube 1.6 + Dovecot on loopback) loaded in two
 * Chromium profiles, one without and one with the extension, signed in as the same user. Page loads
 * alternate between the two (ABBA order), on the mail view and on compose. Per load:
 *   - navigation timing loadEventEnd (redirects included: compose redirects to its `_id` URL);
 *   - long tasks (a PerformanceObserver installed before any page script, main world);
 *   - JS heap of the page after a forced GC (Performance.getMetrics JSHeapUsedSize: one V8 heap for
 *     the page's main world and the content script's isolated world).
 * Then three traced loads per view (not timed) attribute CPU to our own scripts by URL, and once,
 * the service worker's heap (Runtime.getHeapUsage after a forced GC, over a second CDP
 * client attached to the worker target).
 */
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { launch, type ExtensionBrowser, type TestPage } from '../test/e2e/harness/browsers.ts';
import { signIn } from '../test/e2e/harness/roundcube.ts';
import { startLab, type Lab } from '../test/e2e/lab/webmail-lab.ts';
import type { CDPSession } from 'playwright-core';
import { cdpFor, cpuMs, metrics, outermost, quantile, rawPage, ratioInterval, sleep, summarize, traced, type Summary } from './lib.ts';

type Variant = 'without' | 'with';

export interface Side {
  loadMs: Summary;
  /** Renderer main-thread task time for the load (Performance.getMetrics TaskDuration, thread ticks):
   *  CPU, not wall time, so it suffers less when other work shares the machine. */
  cpuMs: Summary;
  longTasks: Summary;
  longTaskMs: Summary;
  heapMB: Summary;
}

export interface RoundcubeView {
  view: 'mail' | 'compose';
  without: Side;
  with: Side;
  /** median(with) / median(without) of loadEventEnd. */
  loadRatio: number;
  /** 95 % bootstrap interval of that ratio: how much the machine's noise allows it to say. */
  loadRatioInterval: [number, number];
  /** median(with) / median(without) of the renderer's main-thread task time per load. */
  cpuRatio: number;
  addedLongTasks: number;
  addedHeapMB: number;
  /**
   * CPU of our own scripts during a load (trace: content script, lazy chunks; outermost events),
   * from extra traced loads after the timed ones; and that as a share of the renderer's CPU per load.
   */
  attributedMs: Summary;
  attributedSharePct: number;
}

export interface RoundcubeResult {
  runs: number;
  views: RoundcubeView[];
  worker: { usedMB: number; totalMB: number } | { error: string };
  messagesInInbox: number;
}

const LONG_TASKS = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
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

async function open(variant: Variant, extensionDir: string): Promise<ExtensionBrowser> {
  // Both profiles get the debugging port: the same flags on both sides, and a way in to the worker.
  return launch('chromium', { extension: variant === 'with', extensionDir, extraArgs: ['--remote-debugging-port=0'] });
}

interface Sample {
  loadMs: number;
  cpuMs: number;
  longTasks: number[];
  heapMB: number;
}

async function load(page: TestPage, cdp: CDPSession, url: string): Promise<Sample> {
  await page.goto(url);
  await page.waitForFunction('window.rcmail && !window.rcmail.busy', 20_000);
  // Roundcube's post-load requests (message list, quota) and our content script (document_idle) settle.
  await sleep(300);
  const { loadMs, longTasks } = await page.evaluate<{ loadMs: number; longTasks: number[] }>(
    `({ loadMs: performance.getEntriesByType('navigation')[0].loadEventEnd, longTasks: window.__longTasks ?? [] })`,
  );
  // The counters restart with each document: read after the load, they are this load's.
  const cpuMs = ((await metrics(cdp)).TaskDuration ?? Number.NaN) * 1000;
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await metrics(cdp)).JSHeapUsedSize ?? Number.NaN;
  return { loadMs, cpuMs, longTasks, heapMB: heap / 2 ** 20 };
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

export async function runRoundcube(extensionDir: string, runs: number, log: (s: string) => void): Promise<RoundcubeResult> {
  log('  roundcube: starting the lab');
  const lab: Lab = await startLab();
  const browsers: Partial<Record<Variant, ExtensionBrowser>> = {};
  try {
    const user = lab.users[0]!;
    // A mailbox that looks used: a few dozen ordinary messages, and the quota widget at about a third.
    const messages = 40;
    for (let n = 0; n < messages; n++) await lab.deliver(user.email, message(n));
    await lab.fillMailbox(user.email, 30);

    const pages: Partial<Record<Variant, { page: TestPage; cdp: CDPSession }>> = {};
    for (const variant of ['without', 'with'] as const) {
      const browser = (browsers[variant] = await open(variant, extensionDir));
      const page = await browser.newPage();
      await rawPage(page).addInitScript(LONG_TASKS);
      const cdp = await cdpFor(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      pages[variant] = { page, cdp };
      await signIn(page, lab, user);
    }
    const urls = { mail: `${lab.url}?_task=mail&_mbox=INBOX`, compose: `${lab.url}?_task=mail&_action=compose` };
    const samples = { mail: { without: [] as Sample[], with: [] as Sample[] }, compose: { without: [] as Sample[], with: [] as Sample[] } };
    const visit = (v: Variant, url: string) => load(pages[v]!.page, pages[v]!.cdp, url);
    log(`  roundcube: ${runs} loads per view and profile`);
    // One warm-up load per view and profile (PHP opcache, the browsers' HTTP caches), not counted.
    for (const view of ['mail', 'compose'] as const) for (const v of ['without', 'with'] as const) await visit(v, urls[view]);
    for (let r = 0; r < runs; r++) {
      // ABBA: neither profile is always first (Roundcube and the machine warm up and cool down).
      const order: Variant[] = r % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
      for (const view of ['mail', 'compose'] as const) {
        for (const v of order) samples[view][v].push(await visit(v, urls[view]));
      }
    }
    // Extra traced loads (tracing slows a load down, so none of the timed ones is traced).
    const attributed: Record<'mail' | 'compose', number[]> = { mail: [], compose: [] };
    const origin = browsers.with!.extensionOrigin;
    for (const view of ['mail', 'compose'] as const) {
      for (let k = 0; k < 3; k++) {
        const { events } = await traced(pages.with!.cdp, ['devtools.timeline', 'v8.execute'], () => visit('with', urls[view]));
        attributed[view].push(cpuMs(outermost(events, origin, ['FunctionCall', 'EvaluateScript'])));
      }
    }
    const worker = await workerHeap(browsers.with!);

    const views: RoundcubeView[] = (['mail', 'compose'] as const).map((view) => {
      const side = (v: Variant): Side => ({
        loadMs: summarize(samples[view][v].map((s) => s.loadMs)),
        cpuMs: summarize(samples[view][v].map((s) => s.cpuMs)),
        longTasks: summarize(samples[view][v].map((s) => s.longTasks.length)),
        longTaskMs: summarize(samples[view][v].map((s) => s.longTasks.reduce((a, b) => a + b, 0))),
        heapMB: summarize(samples[view][v].map((s) => s.heapMB)),
      });
      const without = side('without');
      const withExt = side('with');
      return {
        view,
        without,
        with: withExt,
        loadRatio: withExt.loadMs.median / without.loadMs.median,
        loadRatioInterval: ratioInterval(samples[view].with.map((s) => s.loadMs), samples[view].without.map((s) => s.loadMs)),
        cpuRatio: withExt.cpuMs.median / without.cpuMs.median,
        addedLongTasks: withExt.longTasks.median - without.longTasks.median,
        addedHeapMB: withExt.heapMB.median - without.heapMB.median,
        attributedMs: summarize(attributed[view]),
        attributedSharePct: (100 * quantile(attributed[view], 0.5)) / withExt.cpuMs.median,
      };
    });
    return { runs, views, worker, messagesInInbox: messages };
  } finally {
    for (const b of Object.values(browsers)) await b?.close().catch(() => undefined);
    await lab.stop();
  }
}
