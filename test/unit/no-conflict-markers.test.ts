/**
 * A merge once left its conflict markers in README.md, and every other check passed: Markdown with
 * `<<<<<<<` in it is still Markdown. Every tracked text file is searched for them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TEXT = /\.(ts|tsx|js|mjs|json|md|html|css|sh|yml|yaml|xml|reg|mobileconfig|adm[xl])$/;
const MARKER = /^(<{7}|>{7}) |^={7}$/m;

it('no tracked text file holds a merge conflict marker', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => TEXT.test(file));
  expect(files.length).toBeGreaterThan(100);
  const marked = files.filter((file) => MARKER.test(readFileSync(resolve(ROOT, file), 'utf8')));
  expect(marked).toEqual([]);
});
