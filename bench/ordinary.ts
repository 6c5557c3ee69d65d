/**
 * Section 2 — ordinary pages. What the always-loaded content script costs on a page that is not a
 * webmail, and whether it leaves anything behind there. Five Chromium profiles, same flags, all open
 * at once, their page loads interleaved round by round in a balanced order (bench/lib.ts
 * `balancedOrder`), so that a slow moment of the shared machine falls on every variant alike:
 *   none, the two floors and ours (bench/floors.ts), and a reference whose content script does only
 *   the two reads ours needs before it can say "not a webmail" (one storage read, one DOM read): it
 *   splits the difference between the empty floor and ours into "reading at all" and "our code".
 * Methods, and what each can see:
 *   trace    the main-thread tasks the content script ran in (toplevel RunTask events enclosing an
 *            EvaluateScript or FunctionCall naming its URL): the injection (isolated world, bindings,
 *            compile, run) and its callbacks, exact thread time. This is the page CPU the target is
 *            on: ours − empty floor. Blind to the continuation after the storage read (a task that
 *            names no script). Also EvaluateScript alone: the script's compile and top-level run.
 *   metrics  Performance.getMetrics TaskDuration (thread ticks) of the page per load: everything the
 *            renderer main thread did for the load, continuations included, and everything else
 *            too (a garbage collection falls in one load and not the next): a cross-check only.
 *   profiler CPU samples whose stack holds a frame of the script: sync + async parts, and the native
 *            bindings it calls; 100 µs sampling, so it is coarse and adds its own overhead.
 *   leftovers DOMDebugger.getEventListeners on window and document in every execution context
 *            (the extension's isolated world included: listeners are per world), `hasListeners()` of
 *            the extension events a content script can hold, and a trace of 2 s of DOM churn, timers
 *            and input events looking for any callback (FunctionCall, TimerInstall/TimerFire stacks)
 *            from the script. MutationObservers and pending timers cannot be listed by CDP: they are
 *            seen only by firing. The same probe on the mail fixture is the positive control.
 */
import type { CDPSession } from 'playwright-core';
import { launch, type ExtensionBrowser, type TestPage } from '../lab/index.ts';
import { buildReferences, CONTENT_PATH, dirOf, type PageVariant } from './floors.ts';
import {
  balancedOrder,
  cdpFor,
  cpuMs,
  enclosingTasks,
  mentions,
  metrics,
  outermost,
  profiled,
  sleep,
  startTrace,
  summarize,
  traced,
  type Summary,
  type TraceEvent,
} from './lib.ts';
import type { BenchSite } from './sites.ts';

export type OrdinaryVariant = PageVariant | 'readsOnly';
export const ORDINARY_VARIANTS: readonly OrdinaryVariant[] = ['none', 'noContentScript', 'emptyContentScript', 'readsOnly', 'ours'];

export interface OrdinaryVariantResult {
  variant: OrdinaryVariant;
  /** Trace: thread time of the script's evaluation, first page of a fresh browser (no code cache yet). */
  evalCpuColdMs: number | null;
  /** Trace: thread time of the script's evaluation, later page loads. */
  evalCpuWarmMs: Summary;
  evalWallWarmMs: Summary;
  /**
   * Trace, per warm load: CPU of the main-thread tasks the content script ran in (its injection
   * task, with the isolated world, the bindings and the evaluation; and any task with a callback
   * naming it). The target's measure: exact, and blind only to the continuation after a storage
   * read, which names no script. Empty for variants without a content script.
   */
  contentTaskSamples: number[];
  /** Profiler: sampled time in the script's frames (sync + async), later page loads. */
  profiledMs: Summary;
  /** Performance.getMetrics per page load (ms), one per round (index = round − 1, as in the other variants). */
  scriptDurationMs: Summary;
  taskDurationMs: Summary;
  taskSamples: number[];
  scriptSamples: number[];
  /** Only for none and ours. */
  leftovers: Leftovers | null;
}

export interface Leftovers {
  /** Event listeners on window/document per execution context name ('' = the page's main world). */
  listeners: Record<string, string[]>;
  /** The content script's world: runtime.onMessage / storage.onChanged have listeners. */
  apiListeners: { onMessage: boolean; storageOnChanged: boolean } | null;
  /** Trace events from the script's URL during 2 s of DOM churn, timers and input, by name. */
  tracedCallbacks: Record<string, number>;
}

export interface OrdinaryResult {
  runs: number;
  variants: OrdinaryVariantResult[];
  /** The same leftovers probe on the mail fixture (ours): it must see our quota observer. */
  positiveControl: Leftovers;
}

/** Probe for anything the script left running. */
async function leftovers(page: TestPage, cdp: CDPSession, scriptUrl: string): Promise<Leftovers> {
  const contexts: { id: number; name: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
  const onCreated = (e: { context: (typeof contexts)[number] }) => contexts.push(e.context);
  cdp.on('Runtime.executionContextCreated', onCreated as never);
  await cdp.send('Runtime.enable');
  await sleep(100);
  cdp.off('Runtime.executionContextCreated', onCreated as never);
  const listeners: Record<string, string[]> = {};
  let apiListeners: Leftovers['apiListeners'] = null;
  for (const context of contexts) {
    // Playwright's own utility world is there in every profile; its name carries a random suffix.
    const name = context.name.startsWith('__playwright_utility_world') ? '(playwright utility world)' : context.name;
    const found: string[] = [];
    for (const target of ['window', 'document']) {
      const { result } = (await cdp.send('Runtime.evaluate', { expression: target, contextId: context.id })) as {
        result: { objectId?: string };
      };
      if (!result.objectId) continue;
      const { listeners: list } = (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId })) as {
        listeners: { type: string; useCapture: boolean }[];
      };
      found.push(...list.map((l) => `${target}:${l.type}${l.useCapture ? '(capture)' : ''}`));
    }
    listeners[name] = found;
    if (context.auxData?.type === 'isolated' && !name.startsWith('(playwright')) {
      const { result } = (await cdp.send('Runtime.evaluate', {
        expression: `(() => { const api = globalThis.browser ?? globalThis.chrome; return api?.runtime?.onMessage ? { onMessage: api.runtime.onMessage.hasListeners(), storageOnChanged: api.storage.onChanged.hasListeners() } : null; })()`,
        contextId: context.id,
        returnByValue: true,
      })) as { result: { value: Leftovers['apiListeners'] } };
      apiListeners = result.value;
    }
  }
  await cdp.send('Runtime.disable');

  const { events } = await traced(cdp, ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline.stack'], async () => {
    await page.evaluate(`(async () => {
      const box = document.body.appendChild(document.createElement('div'));
      for (let i = 0; i < 40; i++) {
        for (let k = 0; k < 50; k++) { const el = box.appendChild(document.createElement('p')); el.textContent = 'x' + k; el.setAttribute('title', 't' + i); }
        box.replaceChildren();
        const q = document.querySelector('#rcmquotadisplay'); if (q) q.setAttribute('title', q.getAttribute('title'));
        document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        document.dispatchEvent(new Event('visibilitychange'));
        window.dispatchEvent(new Event('resize'));
        await new Promise((r) => setTimeout(r, 50));
      }
      box.remove();
    })()`);
  });
  const tracedCallbacks: Record<string, number> = {};
  for (const e of events as TraceEvent[]) if (mentions(e, scriptUrl)) tracedCallbacks[e.name] = (tracedCallbacks[e.name] ?? 0) + 1;
  return { listeners, apiListeners, tracedCallbacks };
}

interface Tab {
  variant: OrdinaryVariant;
  browser: ExtensionBrowser;
  page: TestPage;
  cdp: CDPSession;
  scriptUrl: string;
  visits: number;
}

async function visit(tab: Tab, site: BenchSite): Promise<void> {
  await tab.page.goto(`${site.plain}?${tab.variant}-${tab.visits++}`);
  // document_idle, then the storage round trip: give the decision time to finish.
  await sleep(300);
}

export async function runOrdinary(extensionDir: string, site: BenchSite, runs: number, log: (s: string) => void): Promise<OrdinaryResult> {
  const refs = buildReferences(extensionDir);
  const tabs: Tab[] = [];
  try {
    for (const variant of ORDINARY_VARIANTS) {
      const dir = dirOf(variant, extensionDir, refs);
      const browser = await launch('chromium', dir === null ? { extension: false } : { extensionDir: dir });
      const page = await browser.newPage();
      const cdp = await cdpFor(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      tabs.push({
        variant,
        browser,
        page,
        cdp,
        scriptUrl: browser.extensionOrigin ? browser.extensionOrigin + CONTENT_PATH : '',
        visits: 0,
      });
    }

    // Pass 1: round 0 is every browser's first page (cold), rounds 1…runs the measured ones; a trace
    // runs in every browser over the whole pass, and the metrics are read around each load.
    log(`  ordinary pages: ${runs + 1} rounds of ${tabs.length} profiles`);
    const script = new Map<OrdinaryVariant, number[]>(tabs.map((t) => [t.variant, []]));
    const task = new Map<OrdinaryVariant, number[]>(tabs.map((t) => [t.variant, []]));
    const collected = new Map<OrdinaryVariant, TraceEvent[]>();
    const stops = new Map<OrdinaryVariant, () => Promise<TraceEvent[]>>();
    for (const tab of tabs) stops.set(tab.variant, await startTrace(tab.cdp, ['devtools.timeline', 'v8.execute', 'toplevel']));
    try {
      for (let round = 0; round <= runs; round++) {
        for (const k of balancedOrder(tabs.length, round)) {
          const tab = tabs[k]!;
          const before = await metrics(tab.cdp);
          await visit(tab, site);
          const after = await metrics(tab.cdp);
          // The counters follow the page across navigations in some versions and restart in others:
          // a drop means they restarted, so the reading after is the whole load.
          const d = (key: string) =>
            ((after[key] ?? 0) >= (before[key] ?? 0) ? (after[key] ?? 0) - (before[key] ?? 0) : (after[key] ?? 0)) * 1000;
          if (round > 0) {
            script.get(tab.variant)!.push(d('ScriptDuration'));
            task.get(tab.variant)!.push(d('TaskDuration'));
          }
        }
      }
    } finally {
      for (const [variant, stop] of stops) collected.set(variant, await stop());
    }

    // Pass 2: a CPU profile of each warm page load, for the variants that have a script to find.
    const prof = new Map<OrdinaryVariant, number[]>(tabs.map((t) => [t.variant, []]));
    for (let round = 0; round < runs; round++) {
      for (const k of balancedOrder(tabs.length, round)) {
        const tab = tabs[k]!;
        if (!tab.scriptUrl || tab.variant === 'noContentScript') continue;
        const { oursMs } = await profiled(tab.cdp, tab.scriptUrl, 100, () => visit(tab, site));
        prof.get(tab.variant)!.push(oursMs);
      }
    }

    // Pass 3: anything left running on the plain page (none and ours); the positive control on the
    // mail fixture. Any of our scripts counts (on a webmail, the nudges' code is injected too).
    const left = new Map<OrdinaryVariant, Leftovers>();
    let positiveControl: Leftovers | undefined;
    for (const tab of tabs.filter((t) => t.variant === 'none' || t.variant === 'ours')) {
      await visit(tab, site);
      left.set(tab.variant, await leftovers(tab.page, tab.cdp, tab.browser.extensionOrigin ?? ''));
      if (tab.variant === 'ours') {
        await tab.page.goto(`${site.mail}?control`);
        await sleep(500);
        positiveControl = await leftovers(tab.page, tab.cdp, tab.browser.extensionOrigin);
      }
    }

    const variants = tabs.map((tab): OrdinaryVariantResult => {
      const evals = outermost(collected.get(tab.variant) ?? [], tab.scriptUrl, ['EvaluateScript']);
      if (tab.scriptUrl && tab.variant !== 'noContentScript' && evals.length !== runs + 1)
        log(`  ${tab.variant}: ${evals.length} evaluations traced for ${runs + 1} loads`);
      const cold = evals[0];
      const warm = evals.slice(1);
      // Per warm load: the main-thread tasks its content script ran in, from its evaluation to the
      // next load's (its callbacks, if any, come in between).
      const events = collected.get(tab.variant) ?? [];
      const ran = outermost(events, tab.scriptUrl, ['EvaluateScript', 'FunctionCall']);
      const taskCpu = warm.map((e, i) => {
        const until = warm[i + 1]?.ts ?? Number.POSITIVE_INFINITY;
        return cpuMs(
          enclosingTasks(
            events,
            ran.filter((x) => x.ts >= e.ts && x.ts < until),
          ),
        );
      });
      return {
        variant: tab.variant,
        evalCpuColdMs: cold ? cpuMs([cold]) : null,
        evalCpuWarmMs: summarize(warm.map((e) => cpuMs([e]))),
        evalWallWarmMs: summarize(warm.map((e) => (e.dur ?? 0) / 1000)),
        contentTaskSamples: taskCpu,
        profiledMs: summarize(prof.get(tab.variant)!),
        scriptDurationMs: summarize(script.get(tab.variant)!),
        taskDurationMs: summarize(task.get(tab.variant)!),
        taskSamples: task.get(tab.variant)!,
        scriptSamples: script.get(tab.variant)!,
        leftovers: left.get(tab.variant) ?? null,
      };
    });
    return { runs, variants, positiveControl: positiveControl! };
  } finally {
    for (const tab of tabs) await tab.browser.close().catch(() => undefined);
    refs.remove();
  }
}
