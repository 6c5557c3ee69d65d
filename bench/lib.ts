/** Small shared pieces of the bench: statistics, CDP helpers for Playwright pages, formatting. */
import type { CDPSession, Page } from 'playwright-core';
import type { TestPage } from '../lab/index.ts';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ statistics

export interface Summary {
  n: number;
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
}

/** Linear-interpolated quantile (q in 0..1) of unsorted samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: quantile(samples, 0.5),
    p25: quantile(samples, 0.25),
    p75: quantile(samples, 0.75),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** "1.23 (1.10–1.40)": median and the range of the runs. */
export function fmt(s: Summary | undefined, digits = 2, unit = ''): string {
  if (!s || s.n === 0 || Number.isNaN(s.median)) return 'n/a';
  const f = (x: number) => x.toFixed(digits);
  return s.n === 1 ? `${f(s.median)}${unit}` : `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})`;
}

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

// ------------------------------------------------------------------ CDP on a Playwright page

export function rawPage(page: TestPage): Page {
  return page.raw as Page;
}

export async function cdpFor(page: TestPage): Promise<CDPSession> {
  const p = rawPage(page);
  return p.context().newCDPSession(p);
}

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; [k: string]: unknown };
}

/**
 * Starts a Chromium trace (the whole browser: every process, every thread); resolves once it
 * records, with the function that stops it and returns its events.
 */
/** What tracing needs of a DevTools session: Playwright's page sessions and puppeteer's browser sessions both fit. */
export interface TraceClient {
  send(method: string, params?: object): Promise<unknown>;
  on(event: string, listener: (e: never) => void): unknown;
  once(event: string, listener: () => void): unknown;
  off(event: string, listener: (e: never) => void): unknown;
}

export async function startTrace(session: CDPSession | TraceClient, categories: string[]): Promise<() => Promise<TraceEvent[]>> {
  const cdp = session as TraceClient;
  const events: TraceEvent[] = [];
  const onData = (e: { value: TraceEvent[] }) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData as never);
  const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } });
  return async () => {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData as never);
    return events;
  };
}

/** Records a Chromium trace around `fn`. */
export async function traced<T>(
  cdp: CDPSession | TraceClient,
  categories: string[],
  fn: () => Promise<T>,
): Promise<{ result: T; events: TraceEvent[] }> {
  const stop = await startTrace(cdp, categories);
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await stop();
    throw error;
  }
  return { result, events: await stop() };
}

/** An event whose own arguments name the script URL (EvaluateScript, v8.compile, FunctionCall, timer stacks…). */
export function mentions(event: TraceEvent, urlPrefix: string): boolean {
  if (!urlPrefix) return false;
  const data = event.args?.data as { url?: string; stackTrace?: { url?: string }[] } | undefined;
  if (typeof data?.url === 'string' && data.url.startsWith(urlPrefix)) return true;
  if (Array.isArray(data?.stackTrace) && data.stackTrace.some((f) => typeof f.url === 'string' && f.url.startsWith(urlPrefix))) return true;
  const fileName = (event.args as { fileName?: unknown } | undefined)?.fileName;
  return typeof fileName === 'string' && fileName.startsWith(urlPrefix);
}

/**
 * Complete ('X') events naming the URL, without those nested inside another such event on the same
 * thread (a FunctionCall inside a FunctionCall would be counted twice).
 */
export function outermost(events: readonly TraceEvent[], urlPrefix: string, names: readonly string[]): TraceEvent[] {
  const hits = events.filter((e) => e.ph === 'X' && names.includes(e.name) && mentions(e, urlPrefix)).sort((a, b) => a.ts - b.ts);
  const out: TraceEvent[] = [];
  const openUntil = new Map<string, number>();
  for (const e of hits) {
    const key = `${e.pid}:${e.tid}`;
    if ((openUntil.get(key) ?? -1) > e.ts) continue;
    out.push(e);
    openUntil.set(key, e.ts + (e.dur ?? 0));
  }
  return out;
}

/**
 * CPU (thread time, ms) of everything recorded on the threads named `threadName` (trace metadata):
 * the outermost complete events only, so nested ones are not counted twice. For a service worker,
 * whose message handlers run as microtasks that name no script URL.
 */
export function threadCpuMs(events: readonly TraceEvent[], threadName: string): number {
  const threads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === threadName)
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const hits = events.filter((e) => e.ph === 'X' && threads.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const openUntil = new Map<string, number>();
  let total = 0;
  for (const e of hits) {
    const key = `${e.pid}:${e.tid}`;
    if ((openUntil.get(key) ?? -1) > e.ts) continue;
    total += e.tdur ?? e.dur ?? 0;
    openUntil.set(key, e.ts + (e.dur ?? 0));
  }
  return total / 1000;
}

const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * The top-level tasks (category `toplevel`: ThreadControllerImpl::RunTask) that enclose `inner`
 * events, each once: the whole of the main-thread work a script's evaluation or callback ran in
 * (for a content script's evaluation: the injection, with the isolated world and its bindings).
 */
export function enclosingTasks(events: readonly TraceEvent[], inner: readonly TraceEvent[]): TraceEvent[] {
  const tasks = events.filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name));
  const found = new Set<TraceEvent>();
  for (const e of inner) {
    const task = tasks.find((t) => t.pid === e.pid && t.tid === e.tid && t.ts <= e.ts && e.ts < t.ts + (t.dur ?? 0));
    if (task) found.add(task);
  }
  return [...found];
}

/** Thread (CPU) time in ms of complete events, falling back to wall time when the trace has none. */
export const cpuMs = (events: readonly TraceEvent[]) => events.reduce((t, e) => t + (e.tdur ?? e.dur ?? 0), 0) / 1000;
export const wallMs = (events: readonly TraceEvent[]) => events.reduce((t, e) => t + (e.dur ?? 0), 0) / 1000;

export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

/**
 * CPU profile around `fn`; returns the sampled time (ms) whose stack holds a frame of a script under
 * `urlPrefix` (inclusive: the browser API bindings it calls count as its own), and the total sampled.
 */
export async function profiled(
  cdp: CDPSession,
  urlPrefix: string,
  intervalUs: number,
  fn: () => Promise<void>,
): Promise<{ oursMs: number; sampledMs: number }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  try {
    await fn();
  } finally {
    // stop() below collects; nothing to undo if fn threw.
  }
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  await cdp.send('Profiler.disable');
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const memo = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const value = !!node && (node.callFrame.url.startsWith(urlPrefix) || (up !== undefined && isOurs(up)));
    memo.set(id, value);
    return value;
  };
  let ours = 0;
  let total = 0;
  // timeDeltas[i] is the time before sample i; the time a sample stands for is the gap to the next one.
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i + 1] ?? 0;
    total += d;
    if (urlPrefix && isOurs(id)) ours += d;
  });
  return { oursMs: ours / 1000, sampledMs: total / 1000 };
}

/**
 * 95 % bootstrap interval of median(a) / median(b), resampling the runs (pairs a[i], b[i] measured
 * back to back stay together). Deterministic: a fixed-seed generator.
 */
export function ratioInterval(a: readonly number[], b: readonly number[], resamples = 2000): [number, number] {
  const n = Math.min(a.length, b.length);
  if (n === 0) return [Number.NaN, Number.NaN];
  const rnd = generator();
  const ratios: number[] = [];
  for (let k = 0; k < resamples; k++) {
    const xa: number[] = [];
    const xb: number[] = [];
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rnd() * n);
      xa.push(a[j]!);
      xb.push(b[j]!);
    }
    ratios.push(quantile(xa, 0.5) / quantile(xb, 0.5));
  }
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)];
}

/** The same fixed-seed generator for every resampling: a run's intervals are reproducible from its samples. */
function generator(): () => number {
  let state = 0x9e3779b9;
  return () => (state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

/** 95 % bootstrap interval of the median of `samples`. */
export function medianInterval(samples: readonly number[], resamples = 2000): [number, number] {
  const n = samples.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const rnd = generator();
  const medians: number[] = [];
  for (let k = 0; k < resamples; k++) {
    const x: number[] = [];
    for (let i = 0; i < n; i++) x.push(samples[Math.floor(rnd() * n)]!);
    medians.push(quantile(x, 0.5));
  }
  return [quantile(medians, 0.025), quantile(medians, 0.975)];
}

/**
 * 95 % bootstrap interval of median(a) − median(b), resampling the rounds: a[i] and b[i] were
 * measured in the same round (interleaved), so they stay together, as in `ratioInterval`.
 */
export function differenceInterval(a: readonly number[], b: readonly number[], resamples = 2000): [number, number] {
  const n = Math.min(a.length, b.length);
  if (n === 0) return [Number.NaN, Number.NaN];
  const rnd = generator();
  const diffs: number[] = [];
  for (let k = 0; k < resamples; k++) {
    const xa: number[] = [];
    const xb: number[] = [];
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rnd() * n);
      xa.push(a[j]!);
      xb.push(b[j]!);
    }
    diffs.push(quantile(xa, 0.5) - quantile(xb, 0.5));
  }
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}

/**
 * The order in which round `round` visits `n` variants: a Williams design (a balanced Latin square),
 * so over n rounds (2n when n is odd) each variant is first, second… once, and follows each other
 * variant once: no variant always loads right after a given one, or always first.
 */
export function balancedOrder(n: number, round: number): number[] {
  // First row 0, 1, n−1, 2, n−2, …; row r adds r (mod n); odd n also uses the rows reversed.
  const first: number[] = [];
  for (let i = 0, lo = 1, hi = n - 1; i < n; i++) first.push(i === 0 ? 0 : i % 2 === 1 ? lo++ : hi--);
  const rows = n % 2 === 0 ? n : 2 * n;
  const r = round % rows;
  const row = first.map((x) => (x + (r % n)) % n);
  return r >= n ? row.reverse() : row;
}

/** "1.23 [1.10–1.40]": the median and its 95 % bootstrap interval. */
export function fmtInterval(samples: readonly number[], digits = 2, unit = ''): string {
  if (samples.length === 0) return 'n/a';
  const f = (x: number) => x.toFixed(digits);
  const [lo, hi] = medianInterval(samples);
  return `${f(quantile(samples, 0.5))}${unit} [${f(lo)}–${f(hi)}]`;
}
