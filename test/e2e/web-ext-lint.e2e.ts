/**
 * Mozilla's linter (the one addons.mozilla.org runs on upload) over the Firefox build, in the layer
 * that builds it: no error, no warning, no notice, except the one below, which is not ours.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DIST } from '../../lab/index.ts';

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}

/**
 * Preact's renderer supports `dangerouslySetInnerHTML`, so its bundled chunk holds an `innerHTML`
 * assignment. Our code never passes that prop (eslint.config.js forbids it), so the line never runs.
 */
const ACCEPTED: { code: string; file: RegExp; why: string }[] = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^assets\/jsxRuntime\.module-[\w-]+\.js$/,
    why: "preact's dangerouslySetInnerHTML support, unused",
  },
];

describe('web-ext lint (Firefox build)', () => {
  it('reports nothing but the accepted third-party line', async () => {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['web-ext', 'lint', '--source-dir', DIST.firefox, '--self-hosted', '--output=json', '--no-config-discovery'],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] };
    const unexpected = [...report.errors, ...report.warnings, ...report.notices]
      .filter((m) => !ACCEPTED.some((a) => a.code === m.code && a.file.test(m.file ?? '')))
      .map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`);
    expect(unexpected).toEqual([]);
  }, 120_000);
});
