/**
 * `npm test`: every test layer, in order, each closing with a plain `layer: N passed, N failed` line
 * that CI recognises (vitest's own summary is not one). `npm test unit` or `npm test e2e` runs one layer.
 *
 * lint: ESLint (the project's habits as rules: eslint.config.js) and Prettier's check; each tool
 *       counts as one check.
 * unit: pure modules and DOM fixtures (vitest, happy-dom).
 * e2e:  the built extension in real Chromium and Firefox ESR against real Roundcube, SOGo and Horde
 *       on Dovecot.
 * Each layer also prints the time it took (`unit: took 193 s`), on a line of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const REPORTS = join(ROOT, '.tmp/reports');

interface VitestLayer {
  name: 'unit' | 'e2e';
  config: string;
  /** Build first, so the end-to-end layer tests the code as it is now. */
  needsBuild: boolean;
}

interface CheckLayer {
  name: 'lint';
  /** Each command is one check: it passes when it exits 0. */
  checks: { name: string; command: string; args: string[] }[];
}

type Layer = VitestLayer | CheckLayer;

const LAYERS: Layer[] = [
  {
    name: 'lint',
    checks: [
      { name: 'eslint', command: 'npx', args: ['eslint', '--max-warnings', '0', '.'] },
      { name: 'prettier', command: 'npx', args: ['prettier', '--check', '.'] },
    ],
  },
  { name: 'unit', config: 'vitest.config.ts', needsBuild: false },
  { name: 'e2e', config: 'vitest.e2e.config.ts', needsBuild: true },
];

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

function runChecks(layer: CheckLayer): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const check of layer.checks) {
    const ok = run(check.command, check.args) === 0;
    console.log(`${layer.name}: ${check.name} ${ok ? 'passed' : 'FAILED'}`);
    if (ok) counts.passed += 1;
    else counts.failed += 1;
  }
  return counts;
}

function runLayer(layer: Layer): Counts {
  if ('checks' in layer) return runChecks(layer);
  if (layer.needsBuild && run('npm', ['run', '--silent', 'build']) !== 0) {
    console.error(`${layer.name}: the build failed`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const report = join(REPORTS, `${layer.name}.json`);
  rmSync(report, { force: true });
  const status = run('npx', [
    'vitest',
    'run',
    '--config',
    layer.config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  let json: {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
    numTotalTests: number;
  };
  try {
    json = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    // No report at all: vitest itself failed (config error, crash). Count it as a failure, never as a pass.
    return { passed: 0, failed: 1, skipped: 0 };
  }
  // A file that failed to load (or a non-zero exit) with no failed test still counts as one failure.
  const failed = json.numFailedTests + (json.numFailedTests === 0 && (json.numFailedTestSuites > 0 || status !== 0) ? 1 : 0);
  return { passed: json.numPassedTests, failed, skipped: json.numPendingTests + json.numTodoTests };
}

const wanted = process.argv[2];
const layers = LAYERS.filter((l) => !wanted || l.name === wanted);
if (layers.length === 0) {
  console.error(`Unknown layer "${wanted}"; layers: ${LAYERS.map((l) => l.name).join(', ')}`);
  process.exit(2);
}
mkdirSync(REPORTS, { recursive: true });

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
for (const layer of layers) {
  const started = Date.now();
  const counts = runLayer(layer);
  // A layer that ran nothing is a broken layer, not a green one.
  if (counts.passed + counts.failed === 0) counts.failed = 1;
  // The time each layer took: CI must stay well under its limit with every webmail's scenarios.
  const seconds = Math.round((Date.now() - started) / 1000);
  const line = `${layer.name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`;
  console.log(`${layer.name}: took ${seconds} s`);
  console.log(line);
  lines.push(line);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
if (layers.length > 1) {
  console.log('');
  for (const line of lines) console.log(line);
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
}
process.exit(total.failed > 0 ? 1 : 0);
