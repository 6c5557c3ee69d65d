/**
 * Section 2 — ordinary pages. What the always-loaded content script costs on a page that is not a
 * webmail, and whether it leaves anything behind there. Three Chromium profiles, same flags:
 *   without — no extension (the baseline);
 *   floor   — a control build whose content script does only the two reads ours needs before it can
 *             say "not a webmail": one storage read and one DOM read (`document.body.className`).
 *             That is Chromium's price for any content script that reads its settings and looks at
 *             the page: creating the `chrome.*` bindings and the DOM wrappers in the isolated world
 *             (on the CI machine the DOM read alone takes the floor from ≈ 0.4 to ≈ 1.2 ms);
 *   with    — our build.
 * Methods, and what each can see:
 *   trace    EvaluateScript events naming the script URL: exact thread time of the synchronous
 *            part (compile + top-level run); blind to the promise continuation after the storage read.
 *   profiler CPU samples whose stack holds a frame of the script: sync + async parts, and the native
 *            bindings it calls; 100 µs sampling, so it is coarse and adds its own overhead.
 *   metrics  Performance.getMetrics ScriptDuration/TaskDuration of the page, with minus without:
 *            sees everything the renderer does for the page, but its noise is larger than 1 ms.
 *   leftovers DOMDebugger.getEventListeners on window and document in every execution context
 *            (the extension's isolated world included: listeners are per world), `hasListeners()` of
 *            the extension events a content script can hold, and a trace of 2 s of DOM churn, timers
 *            and input events looking for any callback (FunctionCall, TimerInstall/TimerFire stacks)
 *            from the script. MutationObservers and pending timers cannot be listed by CDP: they are
 *            seen only by firing. The same probe on the mail fixture is the positive control.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launch, type ExtensionBrowser, type TestPage } from '../test/e2e/harness/browsers.ts';
import { cdpFor, cpuMs, mentions, metrics, outermost, profiled, sleep, summarize, traced, type Summary, type TraceEvent } from './lib.ts';
import type { BenchSite } from './sites.ts';

export type OrdinaryVariant = 'without' | 'floor' | 'with';
const CONTENT_PATH = 'src/content/index.js';

export interface OrdinaryVariantResult {
  variant: OrdinaryVariant;
  /** Trace: thread time of the script's evaluation, first page of a fresh browser (no code cache yet). */
  evalCpuColdMs: number | null;
  /** Trace: thread time of the script's evaluation, later page loads. */
  evalCpuWarmMs: Summary;
  evalWallWarmMs: Summary;
  /** Profiler: sampled time in the script's frames (sync + async), later page loads. */
  profiledMs: Summary;
  /** Performance.getMetrics per page load (ms). */
  scriptDurationMs: Summary;
  taskDurationMs: Summary;
  leftovers: Leftovers;
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

/** A copy of our build whose content script only reads the published settings and the body's class. */
function floorBuild(extensionDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sobre-bench-floor-'));
  cpSync(extensionDir, dir, { recursive: true });
  writeFileSync(
    join(dir, CONTENT_PATH),
    `(function(){var e=globalThis.browser??globalThis.chrome;globalThis.__c=document.body.className;e.storage.local.get('effectiveSettings').then(function(){})})();\n`,
  );
  return dir;
}

async function open(variant: OrdinaryVariant, dirs: { ours: string; floor: string }): Promise<ExtensionBrowser> {
  if (variant === 'without') return launch('chromium', { extension: false });
  return launch('chromium', { extensionDir: variant === 'floor' ? dirs.floor : dirs.ours });
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
      const { result } = (await cdp.send('Runtime.evaluate', { expression: target, contextId: context.id })) as { result: { objectId?: string } };
      if (!result.objectId) continue;
      const { listeners: list } = (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId })) as { listeners: { type: string; useCapture: boolean }[] };
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

async function measureVariant(variant: OrdinaryVariant, site: BenchSite, runs: number, dirs: { ours: string; floor: string }, log: (s: string) => void): Promise<{ result: OrdinaryVariantResult; control?: Leftovers }> {
  const browser = await open(variant, dirs);
  try {
    const scriptUrl = browser.extensionOrigin ? browser.extensionOrigin + CONTENT_PATH : '';
    const page = await browser.newPage();
    const cdp = await cdpFor(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    let n = 0;
    const visit = async () => {
      await page.goto(`${site.plain}?${variant}-${n++}`);
      // document_idle, then the storage round trip: give the decision time to finish.
      await sleep(300);
    };

    // Pass 1: one trace over 1 cold + `runs` warm page loads; metrics read after each.
    const script: number[] = [];
    const task: number[] = [];
    const { events } = await traced(cdp, ['devtools.timeline', 'v8.execute'], async () => {
      for (let i = 0; i <= runs; i++) {
        const before = await metrics(cdp);
        await visit();
        const after = await metrics(cdp);
        // The counters follow the page across navigations in some versions and restart in others:
        // a drop means they restarted, so the reading after is the whole load.
        const d = (k: string) => ((after[k] ?? 0) >= (before[k] ?? 0) ? (after[k] ?? 0) - (before[k] ?? 0) : (after[k] ?? 0)) * 1000;
        if (i > 0) {
          script.push(d('ScriptDuration'));
          task.push(d('TaskDuration'));
        }
      }
    });
    const evals = outermost(events, scriptUrl, ['EvaluateScript']);
    const cold = evals[0];
    const warm = evals.slice(1);
    if (scriptUrl && evals.length !== runs + 1) log(`  ${variant}: ${evals.length} evaluations traced for ${runs + 1} loads`);

    // Pass 2: CPU profile of each warm page load.
    const prof: number[] = [];
    if (scriptUrl) {
      for (let i = 0; i < runs; i++) {
        const { oursMs } = await profiled(cdp, scriptUrl, 100, visit);
        prof.push(oursMs);
      }
    }

    // Pass 3: anything left running on the plain page; and the positive control on the mail fixture.
    // Any of our scripts counts (on a webmail, the nudges' code is injected: webmail.iife.js…).
    const anyOfOurs = browser.extensionOrigin ?? '';
    await visit();
    const left = await leftovers(page, cdp, anyOfOurs);
    let control: Leftovers | undefined;
    if (variant === 'with') {
      await page.goto(`${site.mail}?control`);
      await sleep(500);
      control = await leftovers(page, cdp, anyOfOurs);
    }
    return {
      result: {
        variant,
        evalCpuColdMs: cold ? cpuMs([cold]) : null,
        evalCpuWarmMs: summarize(warm.map((e) => cpuMs([e]))),
        evalWallWarmMs: summarize(warm.map((e) => (e.dur ?? 0) / 1000)),
        profiledMs: summarize(prof),
        scriptDurationMs: summarize(script),
        taskDurationMs: summarize(task),
        leftovers: left,
      },
      control,
    };
  } finally {
    await browser.close();
  }
}

export async function runOrdinary(extensionDir: string, site: BenchSite, runs: number, log: (s: string) => void): Promise<OrdinaryResult> {
  const floorDir = floorBuild(extensionDir);
  try {
    const variants: OrdinaryVariantResult[] = [];
    let positiveControl: Leftovers | undefined;
    for (const variant of ['without', 'floor', 'with'] as const) {
      log(`  ordinary pages: ${variant}`);
      const { result, control } = await measureVariant(variant, site, runs, { ours: extensionDir, floor: floorDir }, log);
      variants.push(result);
      positiveControl ??= control;
    }
    return { runs, variants, positiveControl: positiveControl! };
  } finally {
    rmSync(floorDir, { recursive: true, force: true });
  }
}
