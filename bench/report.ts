/** The bench's table (Markdown, printed and written into docs/performance.md), and the machine it ran on. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { differenceInterval, fmt, fmtInterval, kib, quantile, ratioInterval, type Summary } from './lib.ts';
import type { SizesResult } from './sizes.ts';
import type { OrdinaryResult, Leftovers } from './ordinary.ts';
import type { RoundcubeResult, RoundcubeView, Side } from './roundcube.ts';
import type { FirstPaintResult, PaintSample } from './first-paint.ts';
import { VARIANT_LABEL } from './floors.ts';
import type { PasswordResult } from './password.ts';
import type { BusyResult } from './busy.ts';
import type { IdleResult } from './idle.ts';

export interface Machine {
  nproc: number;
  cpuModel: string;
  ramGiB: number;
  os: string;
  node: string;
  chromium: string;
  firefox: string;
}

const version = (cmd: string) => {
  try {
    return execFileSync(cmd, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'not installed';
  }
};

export function machine(): Machine {
  const osRelease = readFileSync('/etc/os-release', 'utf8');
  const cpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuInfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown',
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: /PRETTY_NAME="([^"]+)"/.exec(osRelease)?.[1] ?? 'unknown',
    node: process.version,
    chromium: version('/usr/bin/chromium'),
    firefox: version('/usr/bin/firefox-esr'),
  };
}

export const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

export interface Results {
  date: string;
  machine: Machine;
  /** 1/5/15-minute load averages at the start and the end: other work on the machine shows here. */
  loadAverage: { start: string; end: string };
  durationSeconds: number;
  sectionSeconds: Record<string, number>;
  sizes?: SizesResult;
  ordinary?: OrdinaryResult;
  roundcube?: RoundcubeResult;
  password?: PasswordResult;
  busy?: BusyResult;
  idle?: IdleResult;
  firstPaint?: FirstPaintResult;
  maxPolicy?: import('./max-policy.ts').MaxPolicyResult;
  errors: Record<string, string>;
}

type Row = [section: string, measure: string, baseline: string, ours: string, target: string, met: string];
const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
const ms = (s: Summary | undefined, d = 2) => fmt(s, d, ' ms');

function leftoverText(l: Leftovers): string {
  const listeners = Object.entries(l.listeners)
    .filter(([, list]) => list.length > 0)
    .map(([world, list]) => `${world || 'page'}: ${list.join(', ')}`);
  return listeners.length ? listeners.join('; ') : 'none';
}

/**
 * Listeners present with the extension and not without it, as `world|target:type`. The password-reuse
 * watch (src/content/password-watch.ts) is the one allowed on ordinary pages (issue 14): one
 * capture-phase `input` listener on window, nothing else.
 */
function addedListeners(withExtension: Leftovers, without: Leftovers): string[] {
  const flat = (l: Leftovers) => Object.entries(l.listeners).flatMap(([world, list]) => list.map((x) => `${world || 'page'}|${x}`));
  const base = new Set(flat(without));
  return flat(withExtension).filter((x) => !base.has(x));
}

function sizesRows(r: SizesResult): Row[] {
  return [
    ...r.rows.map((s): Row => [
      'Sizes (gzip)',
      s.name,
      s.budgetBytes ? `budget ${kib(s.budgetBytes)}` : '',
      `${kib(s.gzipBytes)} (${kib(s.rawBytes)} raw, ${s.files.length} file${s.files.length > 1 ? 's' : ''})`,
      s.budgetBytes ? `≤ ${kib(s.budgetBytes)}` : 'report',
      s.budgetBytes ? yes(s.gzipBytes <= s.budgetBytes) : '',
    ]),
    ...r.zips.map((z): Row => ['Sizes (zip)', z.name, '', kib(z.bytes), 'report', '']),
  ];
}

/** A row of the page-cost table: one cell per variant (none, the two floors, ours), then ours against the empty floor. */
type CostRow = [
  section: string,
  measure: string,
  none: string,
  noContentScript: string,
  emptyContentScript: string,
  ours: string,
  versusFloor: string,
  target: string,
  met: string,
];

/** Ordinary pages: the target is on the page's CPU per load, ours − empty-content-script floor. */
export const ORDINARY_TARGET_MS = 0.3;
/** Roundcube mail and compose: loadEventEnd, ours ÷ empty-content-script floor. */
export const ROUNDCUBE_TARGET_RATIO = 1.02;

const signed = (x: number, d = 2) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(d)}`;
const interval = ([lo, hi]: [number, number], d = 2) => `[${lo.toFixed(d)} to ${hi.toFixed(d)}]`;

function ordinaryCostRows(r: OrdinaryResult): CostRow[] {
  const v = Object.fromEntries(r.variants.map((x) => [x.variant, x])) as Record<
    OrdinaryResult['variants'][number]['variant'],
    OrdinaryResult['variants'][number]
  >;
  const S = `Ordinary page (${r.runs} rounds)`;
  const cold = (x: number | null | undefined) => (x === null || x === undefined ? '' : `${x.toFixed(2)} ms`);
  const ours = v.ours;
  const floor = v.emptyContentScript;
  const cpuDiff = quantile(ours.contentTaskSamples, 0.5) - quantile(floor.contentTaskSamples, 0.5);
  const cpuDiffInterval = differenceInterval(ours.contentTaskSamples, floor.contentTaskSamples);
  const readsDiff = v.readsOnly ? quantile(v.readsOnly.contentTaskSamples, 0.5) - quantile(floor.contentTaskSamples, 0.5) : Number.NaN;
  const pageDiff = quantile(ours.taskSamples, 0.5) - quantile(floor.taskSamples, 0.5);
  const warmSamples = (x: OrdinaryResult['variants'][number] | undefined) => (x && x.evalCpuWarmMs.n ? fmt(x.evalCpuWarmMs, 2, ' ms') : '');
  return [
    [
      S,
      "page CPU in the content script's main-thread tasks per load (trace: injection with isolated world and bindings, evaluation, callbacks)",
      '',
      '',
      fmtInterval(floor.contentTaskSamples, 2, ' ms'),
      fmtInterval(ours.contentTaskSamples, 2, ' ms'),
      `${signed(cpuDiff)} ms ${interval(cpuDiffInterval)}` + (v.readsOnly ? `; reads-only reference ${signed(readsDiff)} ms` : ''),
      `ours − empty floor ≤ ${ORDINARY_TARGET_MS} ms`,
      yes(cpuDiff <= ORDINARY_TARGET_MS),
    ],
    [
      S,
      'page main-thread CPU per load, everything (getMetrics TaskDuration; cross-check, noisy)',
      fmtInterval(v.none.taskSamples, 2, ' ms'),
      fmtInterval(v.noContentScript.taskSamples, 2, ' ms'),
      fmtInterval(floor.taskSamples, 2, ' ms'),
      fmtInterval(ours.taskSamples, 2, ' ms'),
      `${signed(pageDiff)} ms ${interval(differenceInterval(ours.taskSamples, floor.taskSamples))}`,
      'report',
      '',
    ],
    [
      S,
      'page script time per load (getMetrics ScriptDuration)',
      fmtInterval(v.none.scriptSamples, 2, ' ms'),
      fmtInterval(v.noContentScript.scriptSamples, 2, ' ms'),
      fmtInterval(floor.scriptSamples, 2, ' ms'),
      fmtInterval(ours.scriptSamples, 2, ' ms'),
      `${signed(quantile(ours.scriptSamples, 0.5) - quantile(floor.scriptSamples, 0.5))} ms ${interval(differenceInterval(ours.scriptSamples, floor.scriptSamples))}`,
      'report',
      '',
    ],
    [
      S,
      'content script evaluation, CPU (trace, warm; median (range))',
      '',
      '',
      warmSamples(floor),
      warmSamples(ours),
      `${signed(ours.evalCpuWarmMs.median - floor.evalCpuWarmMs.median)} ms` +
        (v.readsOnly ? `; reads-only reference ${warmSamples(v.readsOnly)}` : ''),
      'report',
      '',
    ],
    [
      S,
      'content script evaluation, CPU (trace, first page of a fresh browser)',
      '',
      '',
      cold(floor.evalCpuColdMs),
      cold(ours.evalCpuColdMs),
      '',
      'report',
      '',
    ],
    [
      S,
      'sampled time in content-script frames incl. async part (profiler, wall-clock samples; median (range))',
      '',
      '',
      ms(floor.profiledMs),
      ms(ours.profiledMs),
      v.readsOnly ? `reads-only reference ${ms(v.readsOnly.profiledMs)}` : '',
      'report',
      '',
    ],
  ];
}

function ordinaryRows(r: OrdinaryResult): Row[] {
  const v = Object.fromEntries(r.variants.map((x) => [x.variant, x])) as Record<
    OrdinaryResult['variants'][number]['variant'],
    OrdinaryResult['variants'][number]
  >;
  const S = `Ordinary page (${r.runs} rounds)`;
  const none = v.none.leftovers;
  const ours = v.ours.leftovers;
  if (!none || !ours) return [];
  const listenersWith = leftoverText(ours);
  const listenersWithout = leftoverText(none);
  const callbacks =
    Object.entries(ours.tracedCallbacks)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ') || 'none';
  const control = r.positiveControl;
  return [
    [
      S,
      'event listeners on window/document, all worlds',
      listenersWithout,
      listenersWith,
      'at most one added: window input (capture), the password-reuse watch',
      yes(addedListeners(ours, none).every((l) => l.endsWith('|window:input(capture)')) && addedListeners(ours, none).length <= 1),
    ],
    [
      S,
      'runtime.onMessage / storage.onChanged listeners (our world)',
      '',
      ours.apiListeners ? `${ours.apiListeners.onMessage} / ${ours.apiListeners.storageOnChanged}` : 'n/a',
      'false / false',
      yes(!!ours.apiListeners && !ours.apiListeners.onMessage && !ours.apiListeners.storageOnChanged),
    ],
    [S, 'our callbacks during 2 s of DOM churn, timers, events (trace)', '', callbacks, 'none', yes(callbacks === 'none')],
    [
      S,
      'positive control, mail fixture: same probes',
      '',
      `callbacks ${
        Object.entries(control.tracedCallbacks)
          .map(([k, n]) => `${k} ×${n}`)
          .join(', ') || 'none'
      }; onMessage ${control.apiListeners?.onMessage}`,
      'probes see our observer',
      yes(Object.keys(control.tracedCallbacks).length > 0),
    ],
  ];
}

/** The four page-cost cells of one measure of a Roundcube view. */
function cells(v: RoundcubeView, pick: (s: Side) => number[], digits: number, unit: string): [string, string, string, string] {
  const cell = (side: Side | undefined) =>
    side
      ? fmtInterval(
          pick(side).filter((x) => !Number.isNaN(x)),
          digits,
          unit,
        )
      : 'n/a';
  return [cell(v.sides.none), cell(v.sides.noContentScript), cell(v.sides.emptyContentScript), cell(v.sides.ours)];
}

/** Ours ÷ empty floor of one measure, with the interval of the ratio and the difference. */
export function versusFloor(v: RoundcubeView, pick: (s: Side) => number[]) {
  const ours = pick(v.sides.ours!);
  const floor = pick(v.sides.emptyContentScript!);
  return {
    ratio: quantile(ours, 0.5) / quantile(floor, 0.5),
    ratioInterval: ratioInterval(ours, floor),
    difference: quantile(ours, 0.5) - quantile(floor, 0.5),
    differenceInterval: differenceInterval(ours, floor),
  };
}

function roundcubeCostRows(r: RoundcubeResult): CostRow[] {
  const S = `Roundcube (${r.runs} rounds)`;
  const rows: CostRow[] = [];
  for (const v of r.views) {
    const load = versusFloor(v, (s) => s.loadMs);
    rows.push([
      S,
      `${v.view}: loadEventEnd`,
      ...cells(v, (s) => s.loadMs, 0, ' ms'),
      `÷ ${load.ratio.toFixed(3)} ${interval(load.ratioInterval, 3)}; ${signed(load.difference, 0)} ms`,
      `ours ÷ empty floor ≤ ${ROUNDCUBE_TARGET_RATIO}`,
      yes(load.ratio <= ROUNDCUBE_TARGET_RATIO),
    ]);
    if (v.view === 'mail') {
      const list = versusFloor(v, (s) => s.listMs);
      rows.push([
        S,
        'mail: first message-list row in the DOM (after the load event)',
        ...cells(v, (s) => s.listMs, 0, ' ms'),
        `÷ ${list.ratio.toFixed(3)} ${interval(list.ratioInterval, 3)}; ${signed(list.difference, 0)} ms`,
        'report',
        '',
      ]);
    }
    const cpu = versusFloor(v, (s) => s.cpuMs);
    rows.push([
      S,
      `${v.view}: renderer main-thread CPU per load`,
      ...cells(v, (s) => s.cpuMs, 0, ' ms'),
      `${signed(cpu.difference, 1)} ms ${interval(cpu.differenceInterval, 1)}`,
      'report',
      '',
    ]);
    const att = (side: Side | undefined) =>
      side && side.attributedPageMs.length
        ? `${fmt(summarizeLocal(side.attributedPageMs), 2, ' ms')} in the page; ${fmt(summarizeLocal(side.attributedElsewhereMs), 2, ' ms')} in the service worker`
        : '';
    rows.push([
      S,
      `${v.view}: CPU in the extension's scripts per load (trace, 3 extra loads; median (range))`,
      '',
      '',
      att(v.sides.emptyContentScript),
      att(v.sides.ours),
      '',
      'report',
      '',
    ]);
    const tasks = versusFloor(v, (s) => s.longTasks);
    rows.push([
      S,
      `${v.view}: long tasks per load (count)`,
      ...cells(v, (s) => s.longTasks, 1, ''),
      `added ${signed(tasks.difference, 1)}`,
      'added 0',
      yes(tasks.difference <= 0),
    ]);
    const heap = versusFloor(v, (s) => s.heapMB);
    rows.push([
      S,
      `${v.view}: page JS heap after GC`,
      ...cells(v, (s) => s.heapMB, 2, ' MiB'),
      `${signed(heap.difference, 2)} MiB`,
      'report',
      '',
    ]);
    const off = v.sides.oursQuotaOff;
    if (off) {
      const pairs: [string, (s: Side) => number[], number][] = [
        ['loadEventEnd', (s) => s.loadMs, 0],
        ...(v.view === 'mail' ? ([['first message-list row', (s: Side) => s.listMs, 0]] as [string, (s: Side) => number[], number][]) : []),
        ['renderer main-thread CPU', (s) => s.cpuMs, 1],
      ];
      for (const [name, pick, d] of pairs) {
        const a = pick(v.sides.ours!);
        const b = pick(off);
        rows.push([
          S,
          `${v.view}: ${name}, ours with the quota nudge off (--quota-off)`,
          '',
          '',
          '',
          `${fmtInterval(b, d, ' ms')} off; ${fmtInterval(a, d, ' ms')} on`,
          `on − off ${signed(quantile(a, 0.5) - quantile(b, 0.5), d)} ms ${interval(differenceInterval(a, b), d)}`,
          'report',
          '',
        ]);
      }
      rows.push([S, `${v.view}: extension CPU, quota nudge off (trace)`, '', '', '', att(off), '', 'report', '']);
    }
  }
  return rows;
}

const summarizeLocal = (xs: number[]): Summary => ({
  n: xs.length,
  median: quantile(xs, 0.5),
  p25: quantile(xs, 0.25),
  p75: quantile(xs, 0.75),
  min: Math.min(...xs),
  max: Math.max(...xs),
});

function roundcubeRows(r: RoundcubeResult): Row[] {
  const S = `Roundcube (${r.runs} rounds)`;
  return [
    [
      S,
      'service worker JS heap after GC',
      '',
      'error' in r.worker ? `n/a (${r.worker.error})` : `${r.worker.usedMB.toFixed(2)} MiB used of ${r.worker.totalMB.toFixed(2)} MiB`,
      'report',
      '',
    ],
  ];
}

/** First paint in a fresh profile must be at most this, for the options page and the popup. */
export const FIRST_PAINT_TARGET_MS = 200;

/** ", first storage.local read 200 → 260 ms" (medians of its start and answer), when the probe saw one. */
function localRead(list: PaintSample[]): string {
  const reads = list.map((x) => x.localRead).filter((x): x is [number, number] => !!x);
  return reads.length
    ? `, first storage.local read ${quantile(
        reads.map((x) => x[0]),
        0.5,
      ).toFixed(0)} → ${quantile(
        reads.map((x) => x[1]),
        0.5,
      ).toFixed(0)} ms`
    : '';
}

function firstPaintRows(r: FirstPaintResult): Row[] {
  const rows: Row[] = [];
  for (const [name, pages] of Object.entries(r.browsers)) {
    if (!pages) continue;
    const S = `Pages that open at once (${name}, ${r.runs} fresh profiles per page)`;
    const probe = name === 'chromium' ? 'probe' : 'seen by, polled every 50 ms';
    const of = (list: PaintSample[], key: keyof PaintSample) => list.map((x) => x[key]).filter((x): x is number => x !== null);
    const floor = `floor (static page, same build) ${fmtInterval(of(pages.floor, 'firstPaint'), 0, ' ms')}`;
    const missing = (list: PaintSample[], key: keyof PaintSample) => {
      const n = list.length - of(list, key).length;
      return n ? `; ${n} of ${list.length} not within 6 s` : '';
    };
    for (const page of ['options', 'popup'] as const) {
      const fp = of(pages[page], 'firstPaint');
      rows.push([
        S,
        `${page}: first paint (paint timing first-contentful-paint)`,
        floor,
        fmtInterval(fp, 0, ' ms') + missing(pages[page], 'firstPaint'),
        `≤ ${FIRST_PAINT_TARGET_MS} ms`,
        yes(fp.length > 0 && quantile(fp, 0.5) <= FIRST_PAINT_TARGET_MS),
      ]);
    }
    const med = (list: PaintSample[], key: keyof PaintSample) => {
      const xs = of(list, key);
      return xs.length ? `${quantile(xs, 0.5).toFixed(0)} ms` : 'n/a';
    };
    for (const page of ['floor', 'options', 'popup'] as const) {
      rows.push([
        S,
        `${page}: where the time goes (medians from navigation start)`,
        '',
        `${name === 'chromium' ? `document created ${med(pages[page], 'created')}, ` : ''}DOMContentLoaded (its scripts run) ${med(pages[page], 'domContentLoaded')}` +
          `${localRead(pages[page])}, first paint ${med(pages[page], 'firstPaint')}`,
        'report',
        '',
      ]);
    }
    const settings = of(pages.options, 'settingsPainted');
    rows.push([
      S,
      `options: settings painted (${probe})`,
      '',
      fmtInterval(settings, 0, ' ms') + missing(pages.options, 'settingsPainted'),
      'report',
      '',
    ]);
    if (name === 'chromium') {
      // The settings are in the first contentful frame when their animation frame came before that paint.
      const late = pages.options.filter(
        (x) => x.firstPaint !== null && x.settingsPainted !== null && x.settingsPainted > x.firstPaint + 1,
      ).length;
      const never = pages.options.filter((x) => x.settingsPainted === null).length;
      rows.push([
        S,
        'options: the first paint already holds the settings (no blank or partial page first)',
        '',
        `${pages.options.length - late - never} of ${pages.options.length} loads`,
        'all',
        yes(late + never === 0 && pages.options.length > 0),
      ]);
    }
    rows.push([
      S,
      `options: policy read applied (${probe})`,
      '',
      fmtInterval(of(pages.options, 'policyApplied'), 0, ' ms') + missing(pages.options, 'policyApplied'),
      'report',
      '',
    ]);
    rows.push([
      S,
      `popup: quota section painted (${probe})`,
      '',
      fmtInterval(of(pages.popup, 'statePainted'), 0, ' ms') + missing(pages.popup, 'statePainted'),
      'report',
      '',
    ]);
  }
  for (const error of r.errors) rows.push(['Pages that open at once', '**failed**', '', error, '', '**no**']);
  return rows;
}

function passwordRows(r: PasswordResult): Row[] {
  const S = 'Password verdict per keystroke';
  const rows: Row[] = [];
  const byLen = new Map<number, { ours?: PasswordResult['rows'][number]; zxcvbn?: PasswordResult['rows'][number] }>();
  for (const row of r.rows) byLen.set(row.length, { ...byLen.get(row.length), [row.engine]: row });
  const q = (x?: PasswordResult['rows'][number]) =>
    x
      ? `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} / ${x.p99.toFixed(1)} ms (n ${x.n}${x.skipped ? `, ${x.skipped} over budget` : ''})`
      : 'n/a';
  for (const [length, { ours, zxcvbn }] of byLen) {
    rows.push([
      S,
      `${length} characters: p50 / p95 / p99`,
      `zxcvbn-ts default ${q(zxcvbn)}`,
      q(ours),
      'p95 ≤ 10 ms',
      yes(!!ours && ours.p95 <= 10),
    ]);
  }
  const x = r.inExtension;
  if (x) {
    rows.push([
      S,
      `first-ready in the extension: field appears → first verdict painted in the frame (${x.runs - 1} warm pages)`,
      '',
      `${ms(x.totalMs, 0)} (frame document at ${x.frameCreatedMs.median.toFixed(0)}, its script run at ${x.frameScriptsMs.median.toFixed(0)}; ` +
        `every rule judged, word lists loaded, at ${x.completeMs?.median.toFixed(0) ?? '?'}); first page after browser start ${x.coldMs.toFixed(0)} ms`,
      '≤ 150 ms',
      yes(x.totalMs.median <= 150),
    ]);
  }
  const f = r.firstReady;
  rows.push([
    S,
    'first-ready in a plain page: code and lists requested → first verdict (same work, no extension)',
    '',
    `${ms(f.totalMs, 0)} (code evaluated at ${f.evaluateMs.median.toFixed(0)}, lists' bytes at ${f.fetchMs.median.toFixed(0)}, then build ${f.buildMs.median.toFixed(0)}, first verdict ${f.firstCheckMs.median.toFixed(1)})`,
    x ? 'report' : '≤ 150 ms',
    x ? '' : yes(f.totalMs.median <= 150),
  ]);
  return rows;
}

function maxPolicyRows(r: import('./max-policy.ts').MaxPolicyResult): Row[] {
  const S = `Policy at the schema's maximums (Node V8, bench/max-policy.ts)`;
  const p = (x: { median: number; p95: number }, d = 2) => `median ${x.median.toFixed(d)} ms, p95 ${x.p95.toFixed(d)} ms`;
  return [
    [
      S,
      `plain page: what the always-loaded script reads and parses per page (structured clone + parse)`,
      `whole published settings (${(r.publishedBytes / 1e6).toFixed(1)} MB): ${p(r.plainPage.before)}`,
      `pageSettings key (${r.pageKeyBytes} bytes): ${p(r.plainPage.ours, 3)}`,
      '≤ 0.3 ms',
      yes(r.plainPage.ours.p95 <= 0.3),
    ],
    [
      S,
      `keystroke with a 10,000-entry blocklist: estimator + verdict (${r.keystroke.keystrokes} keystrokes)`,
      `whole list to the estimator: ${p(r.keystroke.before, 1)}`,
      `prepared matcher: ${p(r.keystroke.ours, 1)} (no blocklist at all: ${p(r.keystroke.withoutList, 1)})`,
      'p95 ≤ 10 ms',
      yes(r.keystroke.ours.p95 <= 10),
    ],
  ];
}

function busyRows(r: BusyResult): Row[] {
  const S = `Busy page (${r.perSecond} mutations/s × ${r.seconds} s, ${r.runs} runs)`;
  const names: Record<string, string> = {
    mail: 'Roundcube mail view, list churn',
    'mail-quota': 'Roundcube mail view, + quota widget rewritten every 10 ms (worst case)',
    plain: 'plain page',
  };
  return r.cases.flatMap((c): Row[] => [
    [
      S,
      `${names[c.page] ?? c.page}: extension CPU share of the page's`,
      `page CPU without ${ms(c.pageCpuMs.without, 0)}`,
      `${fmt(c.sharePct, 2, ' %')} (extension ${ms(c.extensionCpuMs, 1)}, ${c.extensionCallbacks.median} callbacks; page CPU with ${ms(c.pageCpuMs.with, 0)}, differential ${c.differentialPct >= 0 ? '+' : ''}${c.differentialPct.toFixed(1)} %; achieved ${Math.round(c.achievedPerSecond.median)}/s)`,
      '≤ 2 %',
      yes(c.sharePct.median <= 2),
    ],
  ]);
}

function idleRows(r: IdleResult): Row[] {
  const S = `Background at rest (${r.idleSeconds} s idle)`;
  const scan = Object.entries(r.backgroundScan)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    [
      S,
      '`alarms` permission',
      '',
      r.hasAlarmsPermission ? 'present' : `absent (${r.permissions.join(', ')})`,
      'absent',
      yes(!r.hasAlarmsPermission),
    ],
    [
      S,
      'timer / alarm calls in the background code (static scan)',
      '',
      scan,
      'no setInterval, no alarms (a one-shot setTimeout inside an event handler is not a timer at rest)',
      yes((r.backgroundScan['setInterval('] ?? 0) === 0 && (r.backgroundScan['alarms.'] ?? 0) === 0),
    ],
    [
      S,
      'service worker stopped by Chromium',
      '',
      r.workerStoppedAt === null
        ? `not stopped${r.workerRunningAtEnd ? ' (still running at the end)' : ''}${r.idleSeconds < 40 ? '; Chromium stops an idle worker after ≈ 30 s, so a shorter idle period cannot show it' : ''}`
        : `after ${r.workerStoppedAt} s idle`,
      'stopped',
      yes(r.workerStoppedAt !== null && !r.workerRunningAtEnd),
    ],
    [
      S,
      'wake-ups during idle (worker started again)',
      '',
      r.wakeUps.length ? r.wakeUps.map((t) => `${t} s`).join(', ') : '0',
      '0',
      yes(r.wakeUps.length === 0),
    ],
  ];
}

export function table(res: Results): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const cost: CostRow[] = [
    ...(res.ordinary ? ordinaryCostRows(res.ordinary) : []),
    ...(res.roundcube ? roundcubeCostRows(res.roundcube) : []),
  ];
  const rows: Row[] = [
    ...(res.sizes ? sizesRows(res.sizes) : []),
    ...(res.firstPaint ? firstPaintRows(res.firstPaint) : []),
    ...(res.ordinary ? ordinaryRows(res.ordinary) : []),
    ...(res.roundcube ? roundcubeRows(res.roundcube) : []),
    ...(res.password ? passwordRows(res.password) : []),
    ...(res.maxPolicy ? maxPolicyRows(res.maxPolicy) : []),
    ...(res.busy ? busyRows(res.busy) : []),
    ...(res.idle ? idleRows(res.idle) : []),
  ];
  const out: string[] = [];
  if (cost.length) {
    out.push(
      `Page cost against the floors (medians, with their 95 % bootstrap interval in brackets; the last figures compare ours with the empty-content-script floor: ÷ a ratio, + or − a difference, each with the 95 % interval of that ratio or difference):`,
      '',
      `| section | measure | ${VARIANT_LABEL.none} | ${VARIANT_LABEL.noContentScript} | ${VARIANT_LABEL.emptyContentScript} | ours | ours against the empty floor | target | met |`,
      '|---|---|---|---|---|---|---|---|---|',
      ...cost.map((r) => `| ${r.map(esc).join(' | ')} |`),
      '',
    );
  }
  out.push(
    'Everything else:',
    '',
    '| section | measure | baseline | ours | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  );
  for (const [section, error] of Object.entries(res.errors)) out.push(`| ${esc(section)} | **failed** | | ${esc(error)} | | **no** |`);
  return out.join('\n');
}

export function machineText(res: Results): string {
  const m = res.machine;
  return [
    `${res.date}: ${m.nproc} × ${m.cpuModel}, ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}, ${m.chromium}, ${m.firefox}.`,
    `Load average (1/5/15 min) ${res.loadAverage.start} at the start, ${res.loadAverage.end} at the end; the run took ${Math.round(res.durationSeconds)} s.`,
  ].join(' ');
}

/**
 * docs/performance.md, whole: written from scratch each time, so two runs differ only by their
 * figures (the README keeps a short hand-written summary that links here).
 */
export function performanceDoc(res: Results): string {
  return `# Performance

\`npm run bench\` builds the packages (\`npm run package\`), then measures the Chrome build in Debian's
Chromium (and, for the pages that open at once, the Firefox build in Firefox ESR), each figure beside
its baseline in the same run. It prints the tables below and writes every sample to
\`bench/results.json\`; \`npm run bench -- --doc\` also rewrites this page. Options:
\`--idle-seconds N\` (default 300), \`--runs N\` (rounds of page loads, default 8),
\`--only sizes,ordinary,roundcube,firstpaint,password,maxpolicy,busy,idle\` (\`maxpolicy\`: a policy at the schema's maximums, the plain page's read and a keystroke with a 10,000-entry blocklist, in Node), \`--skip-build\`, \`--quota-off\`
(Roundcube: also ours with the quota nudge switched off, the with/without of its message to the
service worker), \`--strength-bench\` (also runs the password engineer's bench/strength.bench.ts:
long). It needs the set-up of the Quick start (Chromium, Firefox ESR, Roundcube and Dovecot from
Debian); the run below says how long it took (the idle period runs in its own browser beside the
other sections).

**The floors.** What a page pays for an extension is mostly the browser's own price for any
extension, so every page cost is measured four times in the same run, in one profile each, loads
interleaved round by round in a balanced order (bench/floors.ts, bench/lib.ts \`balancedOrder\`):
no extension; the same build with no content script; the same build whose content script is an
empty file, still declared on every page; ours. The targets are on ours against the empty-content-
script floor, the honest zero for an extension that must look at every page:

- Roundcube mail view and compose: \`loadEventEnd\` ours ÷ empty floor ≤ ${ROUNDCUBE_TARGET_RATIO}, met on the median, its 95 % interval stated;
- ordinary page: the page's CPU in the main-thread tasks the content script runs in (a trace: its injection with the isolated world
  and bindings, its evaluation, its callbacks), ours − empty floor ≤ ${ORDINARY_TARGET_MS} ms per load;
- the options page and the popup, first page of a fresh profile, in Chromium and Firefox: first paint ≤ ${FIRST_PAINT_TARGET_MS} ms,
  and the options page's first paint already holds the settings (it renders from the published settings and applies the managed
  read when it arrives); a static page of the same build is their floor.

Figures are medians; in the page-cost table each comes with the 95 % bootstrap interval of the
median in brackets, and ours against the empty floor with the interval of that ratio or difference
(resampling the rounds, the variants of one round kept together). What each method sees and misses
is written at the top of each file in \`bench/\`. In short: a trace names our scripts' evaluation and
every callback they get, exactly, but not the promise continuation after a storage read nor the
isolated world's creation; page metrics (Performance.getMetrics, thread time) see everything the
renderer does for a load and are noisy by tenths of a ms, hence the intervals; MutationObservers and
timers cannot be listed, only seen firing (a positive control on a webmail page shows that the
probes do see ours); first paint is the paint timing API's, and the moments after it (settings,
policy, popup state) come from a probe added before the page's scripts in Chromium and from a 50 ms
poll in Firefox, which runs no preload script in extension pages. First-ready of the password nudge
is timed in the extension itself, to the first verdict painted in our frame (bench/password-extension.ts,
bench/password-frame.ts), in a Chromium driven by Playwright; keystrokes are timed with every block of the word lists
decoded, as the nudge leaves them once the page has been idle a moment after its first verdict.

Latest run — ${machineText(res)}${
    Number(res.loadAverage.start.split(' / ')[0]) > res.machine.nproc || Number(res.loadAverage.end.split(' / ')[0]) > res.machine.nproc
      ? ' The load average was above the number of cores (other work shared the machine): wall-clock figures (load times, with/without differentials) move by tens of percent from run to run then; the traced CPU figures much less.'
      : ''
  }

${table(res)}
${notMet(res)}`.replace(/\s*$/, '\n');
}

export function writePerformanceDoc(path: string, res: Results): void {
  writeFileSync(path, performanceDoc(res));
}

function contentGzip(res: Results): string {
  const row = res.sizes?.rows.find((r) => r.name.startsWith('content script'));
  return row ? ` (its whole script is ${(row.gzipBytes / 1024).toFixed(1)} KiB gzip)` : '';
}

/**
 * For each target the run did not meet: what the numbers say about why, and what meeting it would
 * need. The reasons are ours (read from the measurements across runs); the numbers are this run's.
 */
export function notMet(res: Results): string {
  const items: string[] = [];
  const o = res.ordinary;
  if (o) {
    const v = Object.fromEntries(o.variants.map((x) => [x.variant, x])) as Record<
      OrdinaryResult['variants'][number]['variant'],
      OrdinaryResult['variants'][number]
    >;
    const floor = v.emptyContentScript.contentTaskSamples;
    const diff = quantile(v.ours.contentTaskSamples, 0.5) - quantile(floor, 0.5);
    if (diff > ORDINARY_TARGET_MS) {
      const [lo, hi] = differenceInterval(v.ours.contentTaskSamples, floor);
      const reads = v.readsOnly ? quantile(v.readsOnly.contentTaskSamples, 0.5) - quantile(floor, 0.5) : Number.NaN;
      const evalDiff = v.ours.evalCpuWarmMs.median - v.emptyContentScript.evalCpuWarmMs.median;
      items.push(
        `- **Ordinary page, ours − empty floor ${signed(diff)} ms of page CPU per load (target ≤ ${ORDINARY_TARGET_MS} ms), missed by ${(diff - ORDINARY_TARGET_MS).toFixed(2)} ms.** ` +
          (lo <= ORDINARY_TARGET_MS
            ? `Its 95 % interval (${lo.toFixed(2)} to ${hi.toFixed(2)} ms) reaches the target: this run cannot tell whether it is missed. `
            : `Its 95 % interval (${lo.toFixed(2)} to ${hi.toFixed(2)} ms) lies above the target. `) +
          (Number.isNaN(reads)
            ? ''
            : `A content script that only reads one storage key and one DOM property (the reads-only reference) costs ${signed(reads)} ms over the same floor: ` +
              `that much is the price of touching the \`chrome.*\` bindings and the DOM from a fresh isolated world at all, before any code of ours. `) +
          `Our script's own evaluation is ${signed(evalDiff)} ms over the empty file's (trace)${contentGzip(res)}. Under the target would need not reading ` +
          `anything on ordinary pages: registering the content script only on the addresses IT lists (\`scripting.registerContentScripts\`), which gives up ` +
          `recognising Roundcube at any address without configuration.`,
      );
    }
  }
  const r = res.roundcube;
  if (r) {
    for (const view of r.views) {
      const ours = view.sides.ours;
      const floor = view.sides.emptyContentScript;
      const none = view.sides.none;
      if (!ours || !floor || !none) continue;
      const load = versusFloor(view, (s) => s.loadMs);
      if (load.ratio > ROUNDCUBE_TARGET_RATIO) {
        const [lo, hi] = load.ratioInterval;
        const median = (xs: number[]) => quantile(xs, 0.5);
        const floorOverNone = median(floor.loadMs) / median(none.loadMs);
        const noCs = view.sides.noContentScript;
        const cpu = versusFloor(view, (s) => s.cpuMs);
        const page = median(ours.attributedPageMs) - median(floor.attributedPageMs);
        items.push(
          `- **Roundcube ${view.view}, loadEventEnd ours ÷ empty floor ${load.ratio.toFixed(3)} (target ≤ ${ROUNDCUBE_TARGET_RATIO}), missed by ${(load.ratio - ROUNDCUBE_TARGET_RATIO).toFixed(3)} (${signed(load.difference, 0)} ms).** ` +
            (lo <= ROUNDCUBE_TARGET_RATIO
              ? `Its 95 % interval (${lo.toFixed(3)} to ${hi.toFixed(3)}) holds the target: this run cannot tell ours from the floor within ${Math.round((ROUNDCUBE_TARGET_RATIO - 1) * 100)} % on wall-clock load times. `
              : `Its 95 % interval (${lo.toFixed(3)} to ${hi.toFixed(3)}) lies above the target: in this run the pages did finish loading later with ours. `) +
            `The floors against no extension: ${noCs ? `no content script ÷ none ${(median(noCs.loadMs) / median(none.loadMs)).toFixed(3)}, ` : ''}empty content script ÷ none ${floorOverNone.toFixed(3)}. ` +
            `What ours adds that a trace can see: ${page.toFixed(1)} ms of CPU per load in the page's renderer beyond the empty file's evaluation, and ` +
            `${median(ours.attributedElsewhereMs).toFixed(1)} ms in the service worker (${median(floor.attributedElsewhereMs).toFixed(1)} ms with the empty floor); the renderer's main-thread CPU per load differs from the floor's by ` +
            `${signed(cpu.difference, 1)} ms (interval ${cpu.differenceInterval[0].toFixed(1)} to ${cpu.differenceInterval[1].toFixed(1)}). ` +
            (Math.abs(load.difference) > 3 * Math.max(page, cpu.difference, 1)
              ? `CPU of that size cannot account for ${signed(load.difference, 0)} ms of load time: the rest is the spread of wall-clock loads on a shared 2-core machine.`
              : `That CPU is of the size of the difference: cutting it is the way to the target.`),
        );
      }
      const tasks = versusFloor(view, (s) => s.longTasks);
      if (tasks.difference > 0) {
        items.push(
          `- **Roundcube ${view.view}, ${signed(tasks.difference, 1)} long task(s) per load over the empty floor (target 0).** Long tasks per load: ` +
            `${Math.min(...floor.longTasks)}–${Math.max(...floor.longTasks)} with the empty floor, ${Math.min(...ours.longTasks)}–${Math.max(...ours.longTasks)} with ours. ` +
            `Our scripts take ${quantile(ours.attributedPageMs, 0.5).toFixed(1)} ms of CPU per load in the page in all, in callbacks of a few ms: they cannot make a 50 ms ` +
            `task by themselves, only tip one of Roundcube's that is close to 50 ms over the line.`,
        );
      }
    }
  }
  const fp = res.firstPaint;
  if (fp) {
    for (const [name, pages] of Object.entries(fp.browsers)) {
      if (!pages) continue;
      const firstPaints = (list: PaintSample[]) => list.map((x) => x.firstPaint).filter((x): x is number => x !== null);
      const floor = quantile(firstPaints(pages.floor), 0.5);
      for (const page of ['options', 'popup'] as const) {
        const median = quantile(firstPaints(pages[page]), 0.5);
        if (!(median > FIRST_PAINT_TARGET_MS)) continue;
        const size = res.sizes?.rows.find((row) => row.name === page);
        const at = (list: PaintSample[], key: 'created' | 'domContentLoaded') =>
          quantile(
            list.map((x) => x[key]).filter((x): x is number => x !== null),
            0.5,
          );
        const created = at(pages[page], 'created');
        const floorCreated = at(pages.floor, 'created');
        const loaded = at(pages[page], 'domContentLoaded');
        items.push(
          `- **${name}, ${page} first paint ${median.toFixed(0)} ms in a fresh profile (target ≤ ${FIRST_PAINT_TARGET_MS} ms), missed by ${(median - FIRST_PAINT_TARGET_MS).toFixed(0)} ms.** ` +
            `The floor, a static page with one line of text and no script in the same build, first paints at ${floor.toFixed(0)} ms in the same fresh profiles: ` +
            `that is the browser starting the extension's process and committing its first page, before any code of ours. Ours adds ` +
            `${signed(median - floor, 0)} ms to it: loading and running the page's script` +
            (size
              ? ` (${size.files.length} files, ${kib(size.gzipBytes)} gzip, ${kib(size.rawBytes)} raw, with no code cache in a fresh profile)`
              : '') +
            (page === 'options'
              ? ', and its local-storage read before the first render (so that the first paint holds the settings)'
              : ' (it renders before its reads are answered)') +
            (Number.isNaN(loaded)
              ? '.'
              : `: ${Number.isNaN(created) ? '' : `its document is created at ${created.toFixed(0)} ms (the floor's at ${floorCreated.toFixed(0)} ms), `}` +
                `its scripts have run by DOMContentLoaded at ${loaded.toFixed(0)} ms${localRead(pages[page]).replace(', first', ', its first')}, and it first paints ${(median - loaded).toFixed(0)} ms after DOMContentLoaded.`),
        );
      }
    }
  }
  const x = res.password?.inExtension;
  if (x && x.totalMs.median > 150) {
    items.push(
      `- **Password first-ready, ${x.totalMs.median.toFixed(0)} ms in the extension (target ≤ 150 ms).** Our frame's document ` +
        `is created at ${x.frameCreatedMs.median.toFixed(0)} ms (the always-loaded trigger opens it as soon as it sees the form) ` +
        `and its one script has run at ${x.frameScriptsMs.median.toFixed(0)} ms: the browser's own time to start a page of the ` +
        `extension in its process (inlining the page's stylesheet changed nothing). The first view does not wait for the word lists ` +
        `(its known-word rules show as pending until they are indexed), and the lists are not loaded until it is on screen: ` +
        `loaded beside it, their download held up the nudge's injection and their reading held up, by 40–60 ms, the frame's height ` +
        `on its way to the content script (a frame of height 0 paints nothing). Measured with probes (2026-12-04, Chromium 156, ` +
        `8 loads): the injection request reaches the worker at about 5 ms, the nudge's first statement runs at 40–80 ms (the ` +
        `injection of its script, then 145 KiB), its first view is sent at 85–100 ms and drawn in the frame at 85–130 ms, depending ` +
        `on which of the nudge and the frame's own load comes last; it is painted about 30 ms later, once the frame's height went ` +
        `back through the background. Since then the estimator is a script of its own, injected with the word lists, and the ` +
        `nudge's first script is 82 KiB (interleaved A/B, 2026-12-05: medians 6 to 13 ms lower). The frame's own start is now ` +
        `the longer path: its HTML has arrived 13–32 ms into its navigation, and its script has run at 67–107 ms (navigation ` +
        `timing in the frame, 6 loads), though the script is 7 KB. Tried on 21 loads each, interleaved, and not kept: no stylesheet at all (148 → 146 ms, ` +
        `within the noise); a frame 1 px high from the start instead of 0 (148 → 171 ms: slower). What would cut it further: a ` +
        `first height known before the frame reports it. Wall-clock figures here move by ±20 % between runs when the machine is shared.`,
    );
  }
  const mp = res.maxPolicy?.keystroke;
  if (mp && mp.ours.p95 > 10) {
    items.push(
      `- **Keystroke with a 10,000-entry blocklist, p95 ${mp.ours.p95.toFixed(1)} ms (target ≤ 10 ms).** The blocklist is not what ` +
        `costs: with no blocklist at all the same keystrokes take p95 ${mp.withoutList.p95.toFixed(1)} ms (median ` +
        `${mp.withoutList.median.toFixed(1)} ms), so the prepared matcher adds ${(mp.ours.p95 - mp.withoutList.p95).toFixed(1)} ms at ` +
        `p95 (the whole list passed to the estimator, as before, p95 ${mp.before.p95.toFixed(1)} ms). The rest is the estimator's ` +
        `own cost on the longest prefixes of one of the three typed passwords, \`Covid-19Azerty!Marseille2024P@ssw0rd\` (many ` +
        `dictionary, l33t and date matches to weigh). The per-keystroke rows of the password section, the README's budget, are ` +
        `within it.`,
    );
  }
  const notMetText = items.length ? `\nTargets not met, and why:\n\n${items.join('\n')}\n` : '';
  return notMetText + uncertain(res) + quotaNote(res);
}

/**
 * Issue 17, item 2: what ours adds on the mail view, with and without the quota report, from this
 * run's --quota-off variant; and what was cut, and what was not.
 */
function quotaNote(res: Results): string {
  const view = res.roundcube?.views.find((v) => v.view === 'mail');
  const on = view?.sides.ours;
  const off = view?.sides.oursQuotaOff;
  const floor = view?.sides.emptyContentScript;
  if (!on || !off || !floor) return '';
  const m = (xs: number[]) =>
    quantile(
      xs.filter((x) => !Number.isNaN(x)),
      0.5,
    );
  const diff = (pick: (s: Side) => number[], d: number) => {
    const [lo, hi] = differenceInterval(pick(on), pick(off));
    return `${signed(m(pick(on)) - m(pick(off)), d)} ms (interval ${lo.toFixed(d)} to ${hi.toFixed(d)})`;
  };
  return (
    `\nWhat ours adds on Roundcube's mail view, and what was cut (issue 17). The quota report's start (a scan of the page's inline ` +
    `scripts for the boot figures, the widget's observer) used to run with the content script, before the page's load event; all of ` +
    `it now waits for the load event and an idle moment, and the badge it refreshes no longer waits for a storage.managed read. ` +
    `The signed-in report (who is signed in, kept for the password-reuse alert) waits the same way. ` +
    `With and without it in this run (\`--quota-off\`: ours with the quota nudge switched off): our CPU per load ${m(on.attributedPageMs).toFixed(2)} ` +
    `against ${m(off.attributedPageMs).toFixed(2)} ms in the page and ${m(on.attributedElsewhereMs).toFixed(2)} against ` +
    `${m(off.attributedElsewhereMs).toFixed(2)} ms in the service worker (the empty floor: ${m(floor.attributedPageMs).toFixed(2)} and ` +
    `${m(floor.attributedElsewhereMs).toFixed(2)} ms); loadEventEnd on − off ${diff((s) => s.loadMs, 0)}; first message-list row on − off ` +
    `${diff((s) => s.listMs, 0)}. The report's message and the worker's work come after the load event, off its critical path` +
    (differenceInterval(on.listMs, off.listMs)[0] > 0
      ? `; but the message list, which Roundcube fetches after the load event too, came later with it in this run: the report competes with that fetch. `
      : `, and the message list, fetched after the load event too, shows no difference this run can tell from none. `) +
    `Not done: skipping the message when the reading has not changed since the last page load would save that worker time too, ` +
    `but the popup's "read … ago" would then stop saying when the mail view was last open.\n`
  );
}

/** Targets met on the median whose interval still reaches past them: said, so that "yes" is read for what it is. */
function uncertain(res: Results): string {
  const items: string[] = [];
  for (const view of res.roundcube?.views ?? []) {
    if (!view.sides.ours || !view.sides.emptyContentScript) continue;
    const load = versusFloor(view, (s) => s.loadMs);
    const [lo, hi] = load.ratioInterval;
    if (load.ratio <= ROUNDCUBE_TARGET_RATIO && hi > ROUNDCUBE_TARGET_RATIO) {
      items.push(
        `- Roundcube ${view.view}, loadEventEnd ours ÷ empty floor ${load.ratio.toFixed(3)}: met on the median, but its 95 % interval (${lo.toFixed(3)} to ${hi.toFixed(3)}) ` +
          `reaches past ${ROUNDCUBE_TARGET_RATIO}: ${res.roundcube!.runs} rounds of wall-clock loads cannot rule out a cost of up to ${((hi - 1) * 100).toFixed(1)} % over the floor.`,
      );
    }
  }
  const o = res.ordinary;
  const ours = o?.variants.find((v) => v.variant === 'ours');
  const floor = o?.variants.find((v) => v.variant === 'emptyContentScript');
  if (ours && floor) {
    const diff = quantile(ours.contentTaskSamples, 0.5) - quantile(floor.contentTaskSamples, 0.5);
    const [lo, hi] = differenceInterval(ours.contentTaskSamples, floor.contentTaskSamples);
    if (diff <= ORDINARY_TARGET_MS && hi > ORDINARY_TARGET_MS) {
      items.push(
        `- Ordinary page, ours − empty floor ${signed(diff)} ms of page CPU per load: met on the median, but its 95 % interval (${lo.toFixed(2)} to ${hi.toFixed(2)} ms) reaches past ${ORDINARY_TARGET_MS} ms.`,
      );
    }
  }
  const x = res.password?.inExtension;
  if (x && x.totalMs.median <= 150 && x.totalMs.max > 150) {
    items.push(
      `- Password first-ready in the extension, ${x.totalMs.median.toFixed(0)} ms: met on the median, but the slowest of its ${x.runs - 1} ` +
        `warm pages took ${x.totalMs.max.toFixed(0)} ms. Runs of this measure alone (\`npx tsx bench/password-frame.ts --runs 10\`, same ` +
        `build, 2026-12-04) gave medians of 156 to 196 ms from one run to the next on this shared machine; with the message ` +
        `catalogue then loaded by the trigger (password-trigger.ts), three runs of 7 loads gave 152, 156 and 150 ms, against 179, ` +
        `165 and 155 ms without it, interleaved. The estimator then left the nudge's first script for one of its own, injected with ` +
        `the word lists (content/lazy/strength-estimator.ts, 2026-12-05): three interleaved runs of 28 to 42 loads each gave ` +
        `medians of 160 → 154, 153 → 147 and 178 → 165 ms, with "every rule judged" unchanged within the noise (202 → 201, ` +
        `185 → 199, 225 → 220 ms). The budget is met in some runs, not in all. What would cut it further: a first height known ` +
        `before the frame reports it (the paint comes 25–45 ms after the height is set).`,
    );
  }
  return items.length ? `\nTargets met on the median only (the interval reaches past them):\n\n${items.join('\n')}\n` : '';
}
