import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { gzipColumns, strengthWordFiles } from '../../src/strength/build/word-lists.ts';
import { decodeRestWhenIdle, type StrengthEstimatorHandoff } from '../../src/content/features/strength-words-loader.ts';
import { BLOCK_LINES, decodeLatin1WordColumns, type WordColumns } from '../../src/strength/word-columns.ts';
import { STRENGTH_ESTIMATOR_HANDOFF } from '../../src/content/lazy/script-file.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

describe('the word lists after the first verdict', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are decoded block by block in idle time only, until every block is', () => {
    const words = Array.from({ length: 40 * BLOCK_LINES }, (_, k) => `${String.fromCharCode(97 + (k % 26))}${k}`);
    const files = strengthWordFiles({ 'passwords-common': words });
    const columns = decodeLatin1WordColumns(new Uint8Array(gunzipSync(gzipColumns(files.latin1, files.latin1Ranks))));
    columns.decodeBlock(3); // reached by a first search
    const idle: ((deadline: IdleDeadline) => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: (deadline: IdleDeadline) => void) => idle.push(callback));
    decodeRestWhenIdle(columns);
    const decoded = () => columns.decoded.reduce((n, d) => n + d, 0);
    expect(decoded()).toBe(1); // nothing before the page is idle
    // An idle period with time for one step of 16 blocks, then another with none left.
    const run = (remaining: number[]) => idle.shift()!({ didTimeout: false, timeRemaining: () => remaining.shift() ?? 0 });
    run([5, 0]);
    expect(decoded()).toBe(16); // blocks 0–15, 3 among them
    run([0]);
    expect(decoded()).toBe(16);
    run([5, 5, 0]);
    expect(decoded()).toBe(40);
    expect(idle).toHaveLength(0);
    // The same words as decoding everything at once.
    const eager = decodeLatin1WordColumns(new Uint8Array(gunzipSync(gzipColumns(files.latin1, files.latin1Ranks)))).decodeAll();
    expect(columns.words).toEqual(eager.words);
    expect(columns.wordStart).toEqual(eager.wordStart);
  });
});

describe('the estimator: its script and its word lists, asked for together', () => {
  const world = globalThis as unknown as Record<string, unknown>;
  const files = strengthWordFiles({ 'passwords-common': ['azerty', 'password', 'soleil'] });
  const gzipped = gzipColumns(files.latin1, files.latin1Ranks);
  let sent: unknown[];
  /** What the injected script would leave behind (content/lazy/strength-estimator.ts), or nothing. */
  let leaves: (() => StrengthEstimatorHandoff) | null;
  const create = vi.fn((columns: WordColumns) => ({ columns }) as unknown as ReturnType<StrengthEstimatorHandoff['create']>);

  beforeEach(() => {
    vi.resetModules();
    fakeBrowser.reset();
    create.mockClear();
    delete world[STRENGTH_ESTIMATOR_HANDOFF];
    sent = [];
    leaves = () => ({ runtime: fakeBrowser.runtime, create });
    fakeBrowser.runtime.getURL = ((path: string) => `chrome-extension://test/${path}`) as typeof fakeBrowser.runtime.getURL;
    fakeBrowser.runtime.sendMessage = (async (message: unknown) => {
      sent.push(message);
      if (leaves) world[STRENGTH_ESTIMATOR_HANDOFF] = leaves();
      return { injected: leaves !== null };
    }) as typeof fakeBrowser.runtime.sendMessage;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(new Uint8Array(gzipped))),
    );
    vi.stubGlobal('requestIdleCallback', () => 0);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    delete world[STRENGTH_ESTIMATOR_HANDOFF];
  });

  const loader = () => import('../../src/content/features/strength-words-loader.ts');

  it('builds it from the injected script’s factory and the downloaded lists, each asked for once per page', async () => {
    const { loadStrengthEstimator } = await loader();
    const [first, second] = await Promise.all([loadStrengthEstimator(), loadStrengthEstimator()]);
    expect(sent).toEqual([{ type: 'inject-strength-estimator' }]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledTimes(2);
    const { columns } = first as unknown as { columns: WordColumns };
    expect(columns.decodeAll().words).toEqual(decodeLatin1WordColumns(new Uint8Array(gunzipSync(gzipped))).decodeAll().words);
    expect((second as unknown as { columns: WordColumns }).columns.decodeAll().words).toEqual(columns.words);
  });

  it('refuses a factory an orphaned version left in the world after an update, and a script that was not injected', async () => {
    leaves = () => ({ runtime: { id: 'the previous version' }, create });
    await expect((await loader()).loadStrengthEstimator()).rejects.toThrow('not injected');
    vi.resetModules();
    delete world[STRENGTH_ESTIMATOR_HANDOFF];
    leaves = null;
    await expect((await loader()).loadStrengthEstimator()).rejects.toThrow('not injected');
    expect(create).not.toHaveBeenCalled();
  });
});
