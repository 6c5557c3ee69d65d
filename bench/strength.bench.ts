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
 * The corpus (`buildStrengthCorpus`) is also the one test/unit/strength.test.ts proves the
 * indexed engine equivalent on: what we time is what we proved.
 *
 * Everything heavy is imported dynamically, so that importing this file (the test does, for the
 * corpus) loads nothing, and the readiness timing starts from a cold process.
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

// ---------------------------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------------------------

export type CorpusCategory =
  'required' | 'common' | 'french' | 'keyboard' | 'date' | 'random' | 'passphrase' | 'sentence' | 'l33t' | 'context';

export interface CorpusEntry {
  category: CorpusCategory;
  password: string;
}

/** The context used with the 'context' category (and for every entry in the equivalence test). */
export const CORPUS_USER_INPUTS = ['jean', 'dupont', 'mairie', 'lyon', 'mairielyon', 'sobremail'];

/** Deterministic PRNG (mulberry32): the corpus must be the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface CorpusLists {
  /** 'passwords-common', most common first. */
  passwords: readonly string[];
  /** 'commonWords-fr', most common first. */
  frenchWords: readonly string[];
  /** Passphrase words (PASSPHRASE_WORDS.fr / .en). */
  passphraseWords: readonly string[];
  diceware: readonly string[];
}

/** ≥ 200 passwords of 8 to 64 characters across the kinds users type. */
export function buildStrengthCorpus(lists: CorpusLists): CorpusEntry[] {
  const rnd = seededRandom(20240917);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const cap = (w: string) => (w[0] ?? '').toUpperCase() + w.slice(1);
  const out: CorpusEntry[] = [];
  const add = (category: CorpusCategory, password: string) => out.push({ category, password });

  ['Password', 'Azerty01', 'Covid-19', 'azertyuiop', 'Motdepasse1', 'Soleil2024'].forEach((p) => add('required', p));
  ['Password1', 'Azerty2024!', 'covid-19!', 'Azertyuiop1', 'MotDePasse123', 'Soleil2024!'].forEach((p) => add('required', p));

  // The most common passwords themselves, then short ones dressed the usual way.
  lists.passwords
    .filter((p) => p.length >= 8)
    .slice(0, 30)
    .forEach((p) => add('common', p));
  const short = lists.passwords.filter((p) => p.length >= 5 && p.length < 8 && /^[a-z]+$/.test(p)).slice(0, 40);
  const suffixes = ['1', '!', '123', '2024', '01!', '*', '1234', '99'];
  for (let k = 0; k < 30; k += 1) add('common', cap(pick(short)) + pick(suffixes));

  const french = lists.frenchWords.filter((w) => w.length >= 4 && w.length <= 12).slice(0, 20000);
  for (let k = 0; k < 20; k += 1) add('french', cap(pick(french)) + String(1950 + Math.floor(rnd() * 80)));
  for (let k = 0; k < 10; k += 1) add('french', cap(pick(french)) + cap(pick(french)) + String(Math.floor(rnd() * 100)));
  for (let k = 0; k < 10; k += 1) add('french', `${pick(french)}${pick(['!', '?', '.', '@', '#'])}${Math.floor(rnd() * 1000)}`);

  [
    'azertyuiop',
    'qsdfghjklm',
    'wxcvbn123',
    'azerty123',
    'AZERTYuiop',
    'qwertyuiop',
    'asdfghjkl',
    '1qaz2wsx',
    'zxcvbnm1',
    'qwerty123!',
    'azertyazerty',
    'a1z2e3r4t5',
    '&é"\'(-è_çà',
    'azerqsdf',
    'poiuytreza',
    'mlkjhgfdsq',
    '1234567890',
    '0987654321',
    'qazwsxedc',
    'zsxdcfvgbh',
    'Azerty123456',
    'qwertz123',
    'ytrewq321',
    '147258369',
    '789456123',
    'azertyuiopqsdfghjklmwxcvbn',
    'aqwzsxedc',
    'AZERTY2024',
    '!QAZ2wsx',
    'Qwerty!@#',
  ].forEach((p) => add('keyboard', p));

  [
    '14/07/1989',
    '01011990',
    'Marie14071989',
    '25-12-2000',
    '1985-06-12',
    '12.03.1977',
    '31121999',
    'Lucas2012!',
    'Nath19081984',
    '06/06/2006',
    'Juillet1969',
    '2001-09-11',
    'Noel25122023',
    '19700101',
    'Paris2024!!',
    'Lea2010Tom2013',
  ].forEach((p) => add('date', p));
  for (let k = 0; k < 10; k += 1) {
    const d = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
    const m = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
    add('date', `${cap(pick(french))}${d}${m}${1940 + Math.floor(rnd() * 85)}`);
  }

  const charsets = [
    'abcdefghijklmnopqrstuvwxyz',
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_=+[]{};:,.<>/?',
    '0123456789',
  ];
  for (const length of [8, 10, 12, 16, 20, 24, 32, 40, 48, 64]) {
    for (const charset of charsets) {
      let s = '';
      for (let k = 0; k < length; k += 1) s += charset[Math.floor(rnd() * charset.length)];
      add('random', s);
    }
  }

  for (let k = 0; k < 30; k += 1) {
    const count = 3 + (k % 4);
    const words: string[] = [];
    for (let w = 0; w < count; w += 1) words.push(pick(lists.passphraseWords));
    const sep = pick(['-', ' ', '.', '_', '']);
    let p = words.map((w, i) => (i === 0 ? cap(w) : w)).join(sep) + (k % 2 ? String(k % 10) : '');
    if (p.length > 64) p = p.slice(0, 64);
    add('passphrase', p);
  }
  for (let k = 0; k < 10; k += 1) {
    add('passphrase', [pick(lists.diceware), pick(lists.diceware), pick(lists.diceware), pick(lists.diceware)].join('-'));
  }

  [
    'Le petit chat est monte sur le toit de la maison hier soir 2024!',
    'correct horse battery staple',
    'JeSuisUnMotDePasseTresLong2024!!',
    'il fait beau aujourd hui a Lyon',
    'The quick brown fox jumps over the lazy dog',
    'MonChatSappelleFelix',
    'jaimelespommesvertes',
    'Allez l OM 13013 Marseille!',
    'vivelesvacancesalamer',
    'iloveyouforeverandever',
    // zxcvbn's word-sequence matcher: counting in English and French.
    'onetwothreefour',
    'unDeuxTroisQuatre5',
  ].forEach((p) => add('sentence', p));

  [
    'P@ssw0rd!',
    'Tr0ub4dor&3',
    'M0td3p@sse',
    'S0l31l2024',
    'P4ssw0rd123',
    'Az3rty!!',
    'L0v3y0u!',
    'Dr@g0n2024',
    'B0nj0ur!!',
    'Ch0c0l@t!',
    'J3t@im3!',
    'M@ison2023',
    'Pr1nc3ss3',
    '$uperm@n1',
    'Fr@nc3_2024',
  ].forEach((p) => add('l33t', p));

  [
    'Dupont1975!',
    'JeanDupont',
    'MairieLyon69',
    'tnopud2024',
    'Jean-Dupont75',
    'Dup0nt!2024',
    'sobremail2024',
    'LyonMairie!1',
    'Jean.Dupont.1',
    'xK9#Dupont',
  ].forEach((p) => add('context', p));

  return out.filter((e) => e.password.length >= 8 && e.password.length <= 64);
}

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
