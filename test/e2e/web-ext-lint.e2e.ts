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
 * Preact's renderer supports `dangerouslySetInnerHTML`, so every script that bundles it holds an
 * `innerHTML` assignment: the privacy page's preact chunk, and the popup's and the options page's
 * single scripts (scripts/vite-plugin-single-script-pages.ts). Our code never passes that prop
 * (eslint.config.js forbids it), so the line never runs. One such line per file: a second would
 * be reported as well.
 */
const ACCEPTED: { code: string; file: RegExp; why: string }[] = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^(assets\/jsxRuntime\.module-[\w-]+|src\/popup\/popup|src\/options\/options)\.js$/,
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
    const all = [...report.errors, ...report.warnings, ...report.notices];
    const accepted = (m: LintMessage) => ACCEPTED.some((a) => a.code === m.code && a.file.test(m.file ?? ''));
    const unexpected = all.filter((m) => !accepted(m)).map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`);
    expect(unexpected).toEqual([]);
    const acceptedPerFile = new Map<string, number>();
    for (const m of all.filter(accepted)) acceptedPerFile.set(m.file ?? '', (acceptedPerFile.get(m.file ?? '') ?? 0) + 1);
    for (const [file, count] of acceptedPerFile) expect(count, `${file}: preact's line, and another`).toBe(1);
  }, 120_000);
});
