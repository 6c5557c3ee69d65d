/**
 * Password strength benchmark: per-keystroke verdict latency, ours against zxcvbn-ts at its
 * default options, on the same inputs in the same run; and the time from importing the
 * dictionaries chunk to a ready estimator.
 *
 * Run (Node 20 cannot strip TypeScript; Vite 8's module runner transforms TS and `?raw`):
 *   STRENGTH_BENCH=1 node -e "import('vite').then(v => v.runnerImport('./bench/strength.bench.ts'))"
 * (about 2–4 minutes, mostly zxcvbn-ts at default options). `runStrengthBench()` returns the
 * numbers, for a later `npm run bench` to gather into bench/results.json. Call it while the
 * runner evaluates the calling module (top-level await), as the bottom of this file does: the
 * runner closes once `runnerImport` resolves, and later dynamic imports fail.
 *
 * The corpus (src/strength/corpus.ts) is also the one test/unit/strength.test.ts proves the
 * indexed engine equivalent on: what we time is what we proved.
 *
 * Everything heavy is imported dynamically, so that importing this file loads nothing, and the
 * readiness timing starts from a cold process.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { STRENGTH_WORDS_GZ } from '../src/strength/build/vite-plugin.ts';
import { decodeLatin1WordColumns } from '../src/strength/word-columns.ts';
import { buildStrengthCorpus, type CorpusCategory, type CorpusEntry } from '../src/strength/corpus.ts';

// ---------------------------------------------------------------------------------------------
// Latency
// ---------------------------------------------------------------------------------------------

/** Wall-clock milliseconds; cpuP50/cpuP95 are this process's CPU time per check, which tells
 * how much of a wall-clock figure is waiting for a busy machine's CPU. */
export interface LatencyStats {
  checks: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  cpuP50: number;
  cpuP95: number;
}

export interface StrengthBenchResults {
  /** loadAvg: the 1-minute load average before and after the latency runs (other work on the
   * machine inflates wall-clock figures). */
  environment: { node: string; cpus: number; cpuModel: string; loadAvg: [number, number] };
  /** Per input length: per-keystroke (each prefix checked) verdict latency in ms. */
  latency: Record<string, { ours: LatencyStats; zxcvbnDefault: LatencyStats; inputs: number }>;
  /** Keystrokes where our verdict differed from the default engine's (rule by rule, and score). */
  verdictDifferences: number;
  /** From `import()` of the built dictionaries chunk to a first check returning (ms). */
  readiness: { ours: ReadinessStats; zxcvbnDefault: ReadinessStats };
}

export interface ReadinessStats {
  runs: number;
  medianMs: number;
  /** CPU time of the same span (all of the process's threads, so GC and compiler threads too). */
  medianCpuMs: number;
  maxMs: number;
  /** Medians of the phases: import (parse + evaluate the chunk), build, first check. */
  phases: { importMs: number; buildMs: number; firstCheckMs: number };
}

function quantiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return (p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0) * 100) / 100;
}

function stats(wall: number[], cpu: number[]): LatencyStats {
  const q = quantiles(wall);
  const c = quantiles(cpu);
  return { checks: wall.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1), cpuP50: c(0.5), cpuP95: c(0.95) };
}

/** Runs f, returning [wall ms, CPU ms]. */
function timed(f: () => void): [number, number] {
  const cpu = process.cpuUsage();
  const t = performance.now();
  f();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1000];
}

/** Inputs of exactly `length` characters: corpus entries cut to length, or extended with the next
 * entries of the same category. */
export function inputsOfLength(corpus: readonly CorpusEntry[], length: number, perCategory: number): string[] {
  const byCategory = new Map<CorpusCategory, string[]>();
  for (const e of corpus) byCategory.set(e.category, [...(byCategory.get(e.category) ?? []), e.password]);
  const out: string[] = [];
  for (const passwords of byCategory.values()) {
    for (let k = 0; k < perCategory && k < passwords.length; k += 1) {
      let s = passwords[(k * 7) % passwords.length] as string;
      for (let next = k + 1; s.length < length; next += 1) s += passwords[(next * 7) % passwords.length];
      out.push(s.slice(0, length));
    }
  }
  return out;
}

export interface StrengthBenchOptions {
  /** Inputs per category and length (10 categories). Default 1. */
  perCategory?: number;
  lengths?: number[];
  readinessRuns?: number;
  print?: boolean;
}

/** The lists as the packages' index modules export them: the stock zxcvbn-ts set-up. */
async function referenceLists() {
  const [{ dictionary: common }, { dictionary: en }, { dictionary: fr }] = await Promise.all([
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-fr'),
  ]);
  return { ...common, ...en, ...fr };
}

export async function runStrengthBench(options: StrengthBenchOptions = {}): Promise<StrengthBenchResults> {
  const { perCategory = 1, lengths = [8, 16, 32, 64], readinessRuns = 5, print = false } = options;

  // Readiness first, in child processes: it needs cold module caches.
  const readiness = await measureReadiness(readinessRuns);

  const dicts = await import('../src/strength/dictionaries.ts');
  const latin1 = new Uint8Array(gunzipSync(readFileSync(STRENGTH_WORDS_GZ)));
  const { createStrengthEstimator } = await import('../src/strength/estimator.ts');
  const policy = await import('../src/model/password-policy.ts');
  const { PASSPHRASE_WORDS } = await import('../src/model/passphrase-words.ts');
  const lists = await referenceLists();

  const corpus = buildStrengthCorpus({
    passwords: lists['passwords-common'].map(String),
    frenchWords: lists['commonWords-fr'].map(String),
    diceware: lists['diceware-common'].map(String),
    passphraseWords: [...PASSPHRASE_WORDS.fr, ...PASSPHRASE_WORDS.en],
  });

  // No result cache: each keystroke is a new string anyway, and we time the work, not the cache.
  const indexed = createStrengthEstimator({
    words: dicts.strengthWordData(decodeLatin1WordColumns(latin1)),
    graphs: dicts.strengthGraphs,
    cacheSize: 0,
  });
  const reference = createStrengthEstimator({ graphs: dicts.strengthGraphs, engine: 'reference', lists, cacheSize: 0 });
  const contextWords = policy.contextWordsFrom({ email: 'jean.dupont@mairie-lyon.fr', displayName: 'Jean Dupont' });
  const userInputs = policy.strengthUserInputs(policy.DEFAULT_PASSWORD_POLICY, contextWords);
  const verdictOf = (estimator: typeof indexed, password: string) =>
    policy.evaluatePassword(password, {
      policy: policy.DEFAULT_PASSWORD_POLICY,
      strength: estimator.check(password, userInputs),
      contextWords,
    });

  // Warm both engines up (JIT) before timing; the readiness figures cover the cold start.
  for (const e of corpus.slice(0, 30)) {
    verdictOf(indexed, e.password);
    verdictOf(reference, e.password);
  }

  const latency: StrengthBenchResults['latency'] = {};
  let verdictDifferences = 0;
  const loadBefore = loadavg()[0] ?? 0;
  for (const length of lengths) {
    const inputs = inputsOfLength(corpus, length, perCategory);
    const ours = { wall: [] as number[], cpu: [] as number[] };
    const ref = { wall: [] as number[], cpu: [] as number[] };
    for (const input of inputs) {
      for (let k = 1; k <= input.length; k += 1) {
        const prefix = input.slice(0, k);
        // Interleaved, so that load from elsewhere on the machine hits both alike.
        let a: unknown;
        let b: unknown;
        const [wa, ca] = timed(() => (a = verdictOf(indexed, prefix)));
        const [wb, cb] = timed(() => (b = verdictOf(reference, prefix)));
        ours.wall.push(wa);
        ours.cpu.push(ca);
        ref.wall.push(wb);
        ref.cpu.push(cb);
        if (JSON.stringify(a) !== JSON.stringify(b)) verdictDifferences += 1;
      }
    }
    latency[String(length)] = { ours: stats(ours.wall, ours.cpu), zxcvbnDefault: stats(ref.wall, ref.cpu), inputs: inputs.length };
  }

  const results: StrengthBenchResults = {
    environment: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAvg: [loadBefore, loadavg()[0] ?? 0],
    },
    latency,
    verdictDifferences,
    readiness,
  };
  if (print) printResults(results);
  return results;
}

function printResults(r: StrengthBenchResults): void {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const row = (l: LatencyStats) => `${pad(l.p50, 8)}${pad(l.p95, 8)}${pad(l.p99, 8)}${pad(l.max, 8)}${pad(l.cpuP95, 8)}`;
  const lines = [
    `strength bench — Node ${r.environment.node}, ${r.environment.cpus} × ${r.environment.cpuModel}, ` +
      `load average ${r.environment.loadAvg.map((x) => x.toFixed(1)).join(' → ')}`,
    'per-keystroke verdict latency, ms (each prefix checked: estimator + policy; cpu = CPU time)',
    `${'length'.padEnd(7)}${pad('checks', 7)} |${pad('ours p50', 9)}${pad('p95', 8)}${pad('p99', 8)}${pad('max', 8)}${pad('cpu95', 8)} |` +
      `${pad('zx p50', 8)}${pad('p95', 8)}${pad('p99', 8)}${pad('max', 8)}${pad('cpu95', 8)}`,
  ];
  for (const [length, { ours, zxcvbnDefault }] of Object.entries(r.latency)) {
    lines.push(`${length.padEnd(7)}${pad(ours.checks, 7)} |${row(ours)} |${row(zxcvbnDefault)}`);
  }
  lines.push(`verdict differences (ours vs zxcvbn-ts default options, every keystroke): ${r.verdictDifferences}`);
  for (const [name, s] of Object.entries(r.readiness)) {
    lines.push(
      `ready (${name}): median ${s.medianMs} ms (CPU ${s.medianCpuMs} ms), max ${s.maxMs} ms over ${s.runs} cold runs ` +
        `(import ${s.phases.importMs}, build ${s.phases.buildMs}, first check ${s.phases.firstCheckMs})`,
    );
  }
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Readiness: build the chunk as the extension would ship it, import it in fresh processes
// ---------------------------------------------------------------------------------------------

const run = promisify(execFile);

export async function measureReadiness(runs: number): Promise<StrengthBenchResults['readiness']> {
  const dir = await mkdtemp(join(tmpdir(), 'strength-bench-'));
  try {
    const { build } = await import('vite');
    // Two entries built as the extension would ship them (minified ES modules, dependencies
    // bundled; no project config, it carries the extension plugin):
    // - ours: src/strength/dictionaries.ts, the lazily loaded chunk;
    // - stock: zxcvbn-ts the documented way (packages' index modules, ZxcvbnFactory defaults).
    const stockSource = `
      import { ZxcvbnFactory } from '@zxcvbn-ts/core';
      import { dictionary as common, adjacencyGraphs } from '@zxcvbn-ts/language-common';
      import { dictionary as en } from '@zxcvbn-ts/language-en';
      import { dictionary as fr } from '@zxcvbn-ts/language-fr';
      export const needsWordBytes = false;
      export function createDefaultStrengthEstimator() {
        const factory = new ZxcvbnFactory({ dictionary: { ...common, ...en, ...fr }, graphs: adjacencyGraphs });
        return { check: (password, userInputs) => factory.check(password, userInputs) };
      }`;
    await build({
      configFile: false,
      logLevel: 'silent',
      publicDir: false,
      plugins: [
        (await import('../src/strength/build/vite-plugin.ts')).strengthWords(),
        {
          name: 'stock-zxcvbn-entry',
          resolveId: (id) => (id === 'virtual:stock' || id === 'virtual:ours' ? `\0${id}` : null),
          load: (id) =>
            id === '\0virtual:stock'
              ? stockSource
              : id === '\0virtual:ours'
                ? `export { createDefaultStrengthEstimator } from ${JSON.stringify(resolve('src/strength/dictionaries.ts'))}; export const needsWordBytes = true;`
                : null,
        },
      ],
      build: {
        outDir: dir,
        emptyOutDir: true,
        minify: true,
        rollupOptions: {
          input: { ours: 'virtual:ours', stock: 'virtual:stock' },
          preserveEntrySignatures: 'strict',
          output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
        },
      },
    });
    const measure = async (entry: 'ours' | 'stock') => {
      const url = pathToFileURL(join(dir, `${entry}.mjs`)).href;
      const script = `
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const m = await import(${JSON.stringify('URL')});
        const t1 = performance.now();
        // Ours also reads its word lists' bytes (the extension fetches them; here, from disk).
        const e = m.createDefaultStrengthEstimator(...(m.needsWordBytes ? [new Uint8Array((await import('node:zlib')).gunzipSync((await import('node:fs')).readFileSync(${JSON.stringify(STRENGTH_WORDS_GZ)})))] : []));
        const t2 = performance.now();
        e.check('Soleil2024', ['jean', 'dupont']);
        const t3 = performance.now();
        const c = process.cpuUsage(c0);
        console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2, t3 - t0, (c.user + c.system) / 1000]));`.replace(
        '"URL"',
        JSON.stringify(url),
      );
      const samples: number[][] = [];
      for (let k = 0; k < runs; k += 1) {
        const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
        samples.push(JSON.parse(stdout) as number[]);
      }
      const median = (i: number) => {
        const xs = samples.map((s) => s[i] as number).sort((x, y) => x - y);
        return Math.round(xs[Math.floor(xs.length / 2)] as number);
      };
      return {
        runs,
        medianMs: median(3),
        medianCpuMs: median(4),
        maxMs: Math.round(Math.max(...samples.map((s) => s[3] as number))),
        phases: { importMs: median(0), buildMs: median(1), firstCheckMs: median(2) },
      };
    };
    return { ours: await measure('ours'), zxcvbnDefault: await measure('stock') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.env.STRENGTH_BENCH) await runStrengthBench({ print: true });
