/**
 * `npm run bench`: performance proof (issue 7). Builds the packages, then measures, each figure
 * beside its baseline in the same run, and prints Markdown tables; bench/results.json keeps
 * every figure (gitignored). One module per section:
 *   sizes.ts      gzip sizes of what the Chrome build loads where, and the store zips
 *   floors.ts     (no section) the two reference extensions every page-cost row is measured beside:
 *                 the same build with no content script, and with an empty one
 *   ordinary.ts   the content script on a page that is not a webmail: cost, and nothing left running
 *   roundcube.ts  a real Roundcube, mail view and compose: none, the floors, ours
 *   password.ts   per-keystroke verdict latency and first-ready, ours against stock zxcvbn-ts
 *   max-policy.ts a policy at the schema's maximums: the plain page's read, a keystroke with a 10,000-entry blocklist
 *   busy.ts       10,000 DOM mutations per second: the extension's share of the page's CPU
 *   idle.ts       the service worker at rest: stopped, no alarms, no wake-ups
 *   first-paint.ts the options page and the popup, first page of a fresh profile, Chromium and Firefox
 * The idle section has its own browser and runs beside the others (it only waits), so the whole
 * bench stays under 10 minutes with the default 5-minute idle period.
 *
 * Options: --idle-seconds N (300) --runs N (8) --only a,b --skip-build --doc --strength-bench
 *          --quota-off (Roundcube: also ours with the quota nudge off, the with/without of its message)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST } from '../lab/index.ts';
import { measureSizes } from './sizes.ts';
import { runOrdinary } from './ordinary.ts';
import { runRoundcube } from './roundcube.ts';
import { runPassword } from './password.ts';
import { runPasswordInExtension } from './password-extension.ts';
import { runBusy } from './busy.ts';
import { runIdle } from './idle.ts';
import { runFirstPaint } from './first-paint.ts';
import { loadMaxPolicy } from './max-policy-loader.ts';
import { startBenchSite } from './sites.ts';
import { load, machine, machineText, notMet, table, writePerformanceDoc, type Results } from './report.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SECTIONS = ['sizes', 'ordinary', 'roundcube', 'firstpaint', 'password', 'maxpolicy', 'busy', 'idle'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    'idle-seconds': { type: 'string', default: '300' },
    runs: { type: 'string', default: '8' },
    only: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    doc: { type: 'boolean', default: false },
    'strength-bench': { type: 'boolean', default: false },
    'quota-off': { type: 'boolean', default: false },
  },
});
const idleSeconds = Number(values['idle-seconds']);
const runs = Number(values.runs);
if (!(idleSeconds >= 0) || !(runs >= 1)) throw new Error('--idle-seconds must be ≥ 0 and --runs ≥ 1');
const only = new Set<Section>(values.only ? (values.only.split(',') as Section[]) : SECTIONS);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`Unknown section "${s}"; sections: ${SECTIONS.join(', ')}`);

const started = Date.now();
const log = (s: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

const results: Results = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  machine: machine(),
  loadAverage: { start: load(), end: '' },
  durationSeconds: 0,
  sectionSeconds: {},
  errors: {},
};

async function section<T>(name: Section, fn: () => Promise<T>): Promise<T | undefined> {
  if (!only.has(name)) return undefined;
  const t = Date.now();
  log(`${name}…`);
  try {
    return await fn();
  } catch (error) {
    results.errors[name] = String(error instanceof Error ? (error.stack ?? error.message) : error)
      .split('\n')
      .slice(0, 3)
      .join(' ');
    log(`${name} failed: ${results.errors[name]}`);
    return undefined;
  } finally {
    results.sectionSeconds[name] = Math.round((Date.now() - t) / 100) / 10;
  }
}

// Build, then measure a private copy: other work in this tree may rebuild dist/ while the bench runs.
if (!values['skip-build']) {
  log('npm run package');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
}
const snapshot = mkdtempSync(join(tmpdir(), 'sobre-bench-build-'));
cpSync(DIST.chromium, snapshot, { recursive: true });
if (!existsSync(join(snapshot, 'manifest.json'))) throw new Error(`No build in ${DIST.chromium}`);
const firefoxSnapshot = mkdtempSync(join(tmpdir(), 'sobre-bench-build-firefox-'));
cpSync(DIST.firefox, firefoxSnapshot, { recursive: true });

const site = await startBenchSite();
try {
  results.sizes = await section('sizes', async () => measureSizes(snapshot, join(ROOT, 'artifacts')));
  // Beside everything else: it only waits, in a browser of its own.
  const idle = section('idle', () => runIdle(snapshot, site, idleSeconds, log));
  results.ordinary = await section('ordinary', () => runOrdinary(snapshot, site, runs, log));
  results.roundcube = await section('roundcube', () => runRoundcube(snapshot, runs, log, { quotaOff: values['quota-off'] }));
  results.firstPaint = await section('firstpaint', () =>
    runFirstPaint({ chromium: snapshot, firefox: firefoxSnapshot }, Math.max(2, Math.round(runs * 0.4)), log),
  );
  results.maxPolicy = await section('maxpolicy', async () => (await loadMaxPolicy()).runMaxPolicy(Math.max(20, runs * 5), log));
  results.busy = await section('busy', () => runBusy(snapshot, site, 3, 10_000, 5, log));
  results.password = await section('password', async () => ({
    ...(await runPassword({ firstReadyRuns: 5, passes: 3, zxcvbnBudgetMs: 40_000, external: values['strength-bench'] }, log)),
    inExtension: await runPasswordInExtension(8, snapshot, log),
  }));
  if (only.has('idle')) log('waiting for the idle period to end');
  results.idle = await idle;
} finally {
  await site.stop();
  rmSync(snapshot, { recursive: true, force: true });
  rmSync(firefoxSnapshot, { recursive: true, force: true });
}

results.loadAverage.end = load();
results.durationSeconds = (Date.now() - started) / 1000;
writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
if (values.doc) writePerformanceDoc(join(ROOT, 'docs/performance.md'), results);
console.log(`\n${machineText(results)}\n\n${table(results)}\n${notMet(results)}`);
log(`done; bench/results.json written${values.doc ? ', docs/performance.md rewritten' : ''}`);
if (Object.keys(results.errors).length > 0) process.exitCode = 1;
