/**
 * Section 4 — password check. Per-keystroke verdict latency of our estimator (src/strength/estimator.ts,
 * the one the password nudge uses) against stock zxcvbn-ts 4 at default options (the same module's
 * 'reference' engine: `new ZxcvbnFactory({ dictionary, graphs })`, same word lists), on the same
 * inputs, in Chromium (the browser the nudge runs in; V8 like Node, but the page's timer resolution
 * and memory). First-ready: from inserting the bundled lists + estimator (minified, as the lazy
 * chunk is) into a fresh page to the first verdict.
 *
 * With `--strength-bench`, the password engineer's bench/strength.bench.ts is also run and its
 * result kept under `external` as it comes (see `external` below for why it is not the default).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { STRENGTH_WORDS_GZ, strengthWords } from '../src/strength/build/vite-plugin.ts';
import { launch } from '../lab/index.ts';
import { quantile, summarize, type Summary } from './lib.ts';
import type { KeystrokeRun } from './password-page.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const LENGTHS = [8, 16, 32, 64] as const;

export interface PasswordRow {
  length: number;
  engine: 'ours' | 'zxcvbn';
  n: number;
  skipped: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PasswordResult {
  source: 'bench/password.ts';
  bundleBytes: number;
  /** evaluateMs: until the code ran; fetchMs: until the lists' bytes were there (in parallel); both from insertion. */
  firstReady: { totalMs: Summary; evaluateMs: Summary; fetchMs: Summary; buildMs: Summary; firstCheckMs: Summary };
  rows: PasswordRow[];
  inputs: Record<number, string[]>;
  stride: Record<number, number>;
  external?: unknown;
  externalError?: string;
  /** The same start-up in the extension itself (bench/password-extension.ts). */
  inExtension?: import('./password-extension.ts').ExtensionFirstReady;
}

/** Three kinds of input per length: a passphrase, a "human" password (words, digits, AZERTY walk, l33t), random printable. */
export function inputsFor(length: number): string[] {
  const cycle = (seed: string) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
  let state = 0x5eed + length;
  const rnd = () => (state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  const printable = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_=+[]{};:,.<>/?|~';
  return [
    cycle('soleil-maison-correct-horse-jardin-battery-liberte-staple-'),
    cycle('Covid-19Azerty!Marseille2024P@ssw0rd'),
    Array.from({ length }, () => printable[Math.floor(rnd() * printable.length)]).join(''),
  ];
}

/** Keystrokes timed: all of them up to 16 characters; on longer inputs every 2nd / 4th (stock zxcvbn-ts needs seconds per check there). */
const STRIDE: Record<number, number> = { 8: 1, 16: 1, 32: 2, 64: 4 };

/**
 * Page code: the word lists' bytes, fetched and inflated (a fresh URL: no cache between runs).
 * The extension's loader also decodes them while they download; here that decoding is part of
 * building the estimator, after the last byte.
 */
function downloadWords(query: string): string {
  return `fetch('/strength-words.bin.gz?${query}').then((r) => new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()).then((b) => new Uint8Array(b))`;
}

/** The page scripts, minified as the lazy chunk is, with the build's word lists. */
async function bundle(outDir: string): Promise<{ ours: string; reference: string }> {
  const one = async (entry: string, fileName: string) => {
    await build({
      configFile: false,
      logLevel: 'warn',
      publicDir: false,
      plugins: [strengthWords()],
      build: {
        outDir,
        emptyOutDir: false,
        minify: true,
        target: 'es2022',
        lib: { entry: join(ROOT, entry), formats: ['iife'], name: 'StrengthBench', fileName: () => fileName },
      },
    });
    return join(outDir, fileName);
  };
  return {
    ours: await one('bench/password-page.ts', 'strength-bench.js'),
    reference: await one('bench/password-reference-page.ts', 'strength-reference.js'),
  };
}

/** Cross-origin isolated (COOP + COEP), so performance.now() has 5 µs resolution instead of 100 µs. */
async function serve(script: Buffer, reference: Buffer): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('cache-control', 'no-store');
    if ((req.url ?? '').startsWith('/strength-bench.js') || (req.url ?? '').startsWith('/strength-reference.js')) {
      res.setHeader('content-type', 'text/javascript; charset=utf-8');
      res.end((req.url ?? '').startsWith('/strength-bench.js') ? script : reference);
    } else if ((req.url ?? '').startsWith('/strength-words.bin.gz')) {
      res.setHeader('content-type', 'application/octet-stream');
      res.end(readFileSync(STRENGTH_WORDS_GZ));
    } else {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><meta charset="utf-8"><title>strength bench</title>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * The password engineer's own bench (bench/strength.bench.ts, `runStrengthBench`): Node, every
 * keystroke of 10 input kinds, estimator + policy, interleaved with stock zxcvbn-ts, and readiness in
 * fresh Node processes. Its deep imports of zxcvbn-ts internals resolve only through Vite, so it is
 * loaded with Vite's SSR loader (its documented `runnerImport` closes the runner before the file's
 * own dynamic imports run). Opt-in (`--strength-bench`): at its defaults it ran more than 15 minutes
 * on this 2-core machine, past the whole bench's 10-minute budget.
 */
async function external(log: (s: string) => void): Promise<{ external?: unknown; externalError?: string }> {
  const file = join(ROOT, 'bench/strength.bench.ts');
  if (!existsSync(file)) return { externalError: 'bench/strength.bench.ts does not exist' };
  const { createServer } = await import('vite');
  const server = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    appType: 'custom',
    plugins: [strengthWords()],
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  try {
    const mod = (await server.ssrLoadModule('/bench/strength.bench.ts')) as { runStrengthBench?: (o: object) => Promise<unknown> };
    if (typeof mod.runStrengthBench !== 'function') return { externalError: 'bench/strength.bench.ts exports no runStrengthBench' };
    log('  password: bench/strength.bench.ts runStrengthBench()');
    return { external: await mod.runStrengthBench({ lengths: [...LENGTHS] }) };
  } catch (error) {
    return { externalError: String(error).split('\n')[0] };
  } finally {
    await server.close();
  }
}

export async function runPassword(
  opts: { firstReadyRuns: number; passes: number; zxcvbnBudgetMs: number; external: boolean },
  log: (s: string) => void,
): Promise<PasswordResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'sobre-bench-strength-'));
  const browser = await launch('chromium', { extension: false });
  let site: Awaited<ReturnType<typeof serve>> | undefined;
  try {
    log('  password: bundling the estimator and its lists');
    const files = await bundle(outDir);
    const script = readFileSync(files.ours);
    site = await serve(script, readFileSync(files.reference));

    const firstReady = {
      totalMs: [] as number[],
      evaluateMs: [] as number[],
      fetchMs: [] as number[],
      buildMs: [] as number[],
      firstCheckMs: [] as number[],
    };
    for (let i = 0; i < opts.firstReadyRuns; i++) {
      const page = await browser.newPage();
      await page.goto(`${site.url}?page=${i}`);
      // A fresh URL each time: no compilation cache from the previous page.
      // As in the extension: when the field appears, the trigger starts downloading the lists and
      // asks for the nudge's code, both at once; the nudge then waits for the lists.
      const r = await page.evaluate<{
        t0: number;
        loadedAt: number;
        wordsAt: number;
        buildMs: number;
        firstCheckMs: number;
        readyAt: number;
      }>(`new Promise((resolve, reject) => {
        const t0 = performance.now();
        window.__wordsPromise = ${downloadWords(`run=${i}`)};
        const s = document.createElement('script');
        s.src = '/strength-bench.js?run=${i}';
        s.onerror = () => reject(new Error('strength bundle failed to load'));
        s.onload = () => window.__strengthBench.firstVerdict().then((r) => resolve({ t0, loadedAt: window.__benchLoadedAt, ...r }), reject);
        document.head.append(s);
      })`);
      firstReady.totalMs.push(r.readyAt - r.t0);
      firstReady.evaluateMs.push(r.loadedAt - r.t0);
      firstReady.fetchMs.push(r.wordsAt - r.t0);
      firstReady.buildMs.push(r.buildMs);
      firstReady.firstCheckMs.push(r.firstCheckMs);
      await page.close();
    }

    const page = await browser.newPage();
    await page.goto(`${site.url}?keystrokes`);
    await page.evaluate(`window.__wordsPromise = ${downloadWords('keystrokes')}`);
    for (const src of ['/strength-reference.js', '/strength-bench.js?keystrokes']) {
      await page.evaluate(
        `new Promise((resolve, reject) => { const s = document.createElement('script'); s.src = ${JSON.stringify(src)}; s.onload = resolve; s.onerror = reject; document.head.append(s); })`,
      );
    }
    const rows: PasswordRow[] = [];
    const inputs: Record<number, string[]> = {};
    for (const length of LENGTHS) {
      inputs[length] = inputsFor(length);
      for (const engine of ['ours', 'zxcvbn'] as const) {
        log(`  password: ${length} characters, ${engine}`);
        const passes = engine === 'ours' ? opts.passes : 1;
        const run = await page.evaluate<KeystrokeRun>(
          `window.__strengthBench.keystrokes(${JSON.stringify(engine)}, ${JSON.stringify(inputs[length])}, ${STRIDE[length]}, ${passes}, ${opts.zxcvbnBudgetMs})`,
        );
        rows.push({
          length,
          engine,
          n: run.times.length,
          skipped: run.skipped,
          p50: quantile(run.times, 0.5),
          p95: quantile(run.times, 0.95),
          p99: quantile(run.times, 0.99),
          max: Math.max(...run.times),
        });
      }
    }
    await page.close();
    return {
      source: 'bench/password.ts',
      bundleBytes: script.length,
      firstReady: {
        totalMs: summarize(firstReady.totalMs),
        evaluateMs: summarize(firstReady.evaluateMs),
        fetchMs: summarize(firstReady.fetchMs),
        buildMs: summarize(firstReady.buildMs),
        firstCheckMs: summarize(firstReady.firstCheckMs),
      },
      rows,
      inputs,
      stride: STRIDE,
      ...(opts.external ? await external(log) : {}),
    };
  } finally {
    await site?.stop();
    await browser.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
