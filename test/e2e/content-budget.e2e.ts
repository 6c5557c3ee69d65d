/**
 * The always-loaded content script runs on every page the user opens: its size budget (10 KiB
 * gzip, set from a measurement: README, Performance) is checked on every build, in both browsers'
 * packages, here in the layer that builds them. The bench reports the same figure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONTENT_BUDGET_BYTES } from '../../bench/index.ts';
import { DIST } from '../../lab/index.ts';
import { lazyScriptFile, STRENGTH_ESTIMATOR_SCRIPT } from '../../src/content/lazy/script-file.ts';

describe.each(Object.entries(DIST))('content script budget (%s build)', (_, dir) => {
  it('every content script the manifest loads on all pages fits in 10 KiB gzip', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { content_scripts: { js: string[] }[] };
    const files = manifest.content_scripts.flatMap((entry) => entry.js);
    expect(files.length).toBeGreaterThan(0);
    const gzipBytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 6 }).length, 0);
    expect(gzipBytes).toBeLessThanOrEqual(CONTENT_BUDGET_BYTES);
  });
});

describe.each(Object.entries(DIST))('the password nudge before its first view (%s build)', (_, dir) => {
  // The estimator is a script of its own, injected as the word lists load (content/lazy/script-file.ts):
  // its list names and keyboard graphs are in that script, and not in the nudge's.
  const markers = ['diceware-common', 'qwertz'];
  it('carries no estimator: that comes with the word lists, in a script of its own', () => {
    const nudge = readFileSync(join(dir, lazyScriptFile('passwordNudge')), 'utf8');
    const estimator = readFileSync(join(dir, STRENGTH_ESTIMATOR_SCRIPT), 'utf8');
    for (const marker of markers) {
      expect(nudge).not.toContain(marker);
      expect(estimator).toContain(marker);
    }
  });
});
