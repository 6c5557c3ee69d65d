/**
 * Section 5 — busy pages. A page makes 10,000 DOM mutations per second for 5 s (bench/sites.ts) on
 *   mail        the Roundcube mail fixture (recognised: our quota observer is on), churn in the message list;
 *   mail-quota  the same, and the quota widget rewritten with its own value every 10 ms (worst case:
 *               the observer fires 100 times a second; Roundcube itself does it once per folder action);
 *   plain       the plain page (not a webmail: nothing of ours should run).
 * Two Chromium profiles, without and with the extension, alternating.
 *   extension CPU  trace events naming our extension's URLs (the observer callbacks in the page, any
 *                  work in the service worker), thread time, outermost only;
 *   page CPU       Performance.getMetrics TaskDuration (thread ticks) over the same 5 s;
 *   share          extension CPU / page CPU of the same run;
 *   differential   page CPU with / without − 1: also sees what no trace event carries (Blink
 *                  building MutationRecords for our observer), but its noise is a few percent.
 */
import { launch, type ExtensionBrowser, type TestPage } from '../lab/index.ts';
import { cdpFor, cpuMs, metrics, outermost, sleep, summarize, traced, type Summary } from './lib.ts';
import type { BenchSite } from './sites.ts';
import type { CDPSession } from 'playwright-core';

type Variant = 'without' | 'with';
type Kind = 'mail' | 'mail-quota' | 'plain';
const KINDS: readonly Kind[] = ['mail', 'mail-quota', 'plain'];

export interface BusyCase {
  page: Kind;
  /** Mutations per second the page achieved (target 10,000). */
  achievedPerSecond: Summary;
  pageCpuMs: { without: Summary; with: Summary };
  extensionCpuMs: Summary;
  extensionCallbacks: Summary;
  /** extension CPU / page CPU, per run (with the extension), in %. */
  sharePct: Summary;
  /** median page CPU with / without − 1, in %. */
  differentialPct: number;
}

export interface BusyResult {
  runs: number;
  perSecond: number;
  seconds: number;
  cases: BusyCase[];
}

async function oneRun(page: TestPage, cdp: CDPSession, url: string, extensionOrigin: string) {
  await page.goto(url);
  await sleep(300);
  const before = await metrics(cdp);
  const { result, events } = await traced(cdp, ['devtools.timeline'], async () => {
    await page.evaluate('window.__startBusy()');
    await page.waitForFunction('window.__busy.done', 30_000);
    return page.evaluate<{ mutations: number; started: number; ended: number }>('window.__busy');
  });
  const after = await metrics(cdp);
  const ours = outermost(events, extensionOrigin, ['FunctionCall', 'EvaluateScript']);
  return {
    pageCpuMs: ((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000,
    extensionCpuMs: cpuMs(ours),
    callbacks: ours.length,
    perSecond: result.mutations / ((result.ended - result.started) / 1000),
  };
}

export async function runBusy(
  extensionDir: string,
  site: BenchSite,
  runs: number,
  perSecond: number,
  seconds: number,
  log: (s: string) => void,
): Promise<BusyResult> {
  const browsers: Partial<Record<Variant, ExtensionBrowser>> = {};
  try {
    const tabs: Partial<Record<Variant, { page: TestPage; cdp: CDPSession; origin: string }>> = {};
    for (const v of ['without', 'with'] as const) {
      const b = (browsers[v] = await launch('chromium', { extension: v === 'with', extensionDir }));
      const page = await b.newPage();
      const cdp = await cdpFor(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      tabs[v] = { page, cdp, origin: b.extensionOrigin };
    }
    const samples = Object.fromEntries(KINDS.map((k) => [k, { without: [], with: [] }])) as unknown as Record<
      Kind,
      Record<Variant, Awaited<ReturnType<typeof oneRun>>[]>
    >;
    const urls: Record<Kind, string> = { mail: site.busyMail, 'mail-quota': site.busyMailQuota, plain: site.busyPlain };
    for (let r = 0; r < runs; r++) {
      log(`  busy pages: run ${r + 1}/${runs}`);
      const order: Variant[] = r % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
      for (const kind of KINDS) {
        const url = `${urls[kind]}?${r}`;
        // Without the extension there is no extension URL to find: its extension CPU is 0 by construction.
        for (const v of order)
          samples[kind][v].push(await oneRun(tabs[v]!.page, tabs[v]!.cdp, url, tabs[v]!.origin || 'chrome-extension://'));
      }
    }
    const cases = KINDS.map((kind): BusyCase => {
      const w = samples[kind].with;
      const wo = samples[kind].without;
      const pageWith = summarize(w.map((s) => s.pageCpuMs));
      const pageWithout = summarize(wo.map((s) => s.pageCpuMs));
      return {
        page: kind,
        achievedPerSecond: summarize([...w, ...wo].map((s) => s.perSecond)),
        pageCpuMs: { without: pageWithout, with: pageWith },
        extensionCpuMs: summarize(w.map((s) => s.extensionCpuMs)),
        extensionCallbacks: summarize(w.map((s) => s.callbacks)),
        sharePct: summarize(w.map((s) => (100 * s.extensionCpuMs) / s.pageCpuMs)),
        differentialPct: 100 * (pageWith.median / pageWithout.median - 1),
      };
    });
    return { runs, perSecond, seconds, cases };
  } finally {
    for (const b of Object.values(browsers)) await b?.close().catch(() => undefined);
  }
}
