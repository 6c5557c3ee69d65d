import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gzipColumns, strengthWordFiles } from '../../src/strength/build/word-lists.ts';
import { decodeRestWhenIdle } from '../../src/content/features/strength-words-loader.ts';
import { BLOCK_LINES, decodeLatin1WordColumns } from '../../src/strength/word-columns.ts';

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
