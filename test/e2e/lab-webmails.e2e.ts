/**
 * The SOGo and Horde labs (lab/sogo.ts, horde.ts) start and stop cleanly: each serves its sign-in
 * page over HTTP, and its stop() leaves none of the processes it started. What the webmails do with
 * the extension, their quota against `doveadm quota get` and their password pages proven over IMAP,
 * is in sogo-horde.e2e.ts and webmail-quota.e2e.ts, on the shared labs.
 *
 *   npx vitest run --config vitest.e2e.config.ts test/e2e/lab-webmails.e2e.ts
 *
 * Each lab prints how long each step of its start took.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHordeLab, startSogoLab, type Lab } from '../../lab/index.ts';

/** A process's identity: its PID and start time (/proc/<pid>/stat field 22), so a reused PID is not mistaken for it. */
function identity(pid: number): { pid: number; start: string; cmd: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return null; // a zombie runs nothing and holds nothing
    return { pid, start: fields[19]!, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() };
  } catch {
    return null;
  }
}

/** Stops the lab and checks that every process it had started is gone (waiting up to 5 s for the last exits). */
async function stopAndCheck(lab: Lab): Promise<void> {
  const before = lab
    .processIds()
    .map(identity)
    .filter((p) => p !== null);
  await lab.stop();
  let left = before;
  for (let i = 0; i < 50 && left.length > 0; i++) {
    left = left.filter((p) => identity(p.pid)?.start === p.start);
    if (left.length > 0) await new Promise((r) => setTimeout(r, 100));
  }
  expect(left.map((p) => `${p.pid} ${p.cmd}`)).toEqual([]);
}

describe.each([
  ['SOGo 5.8 (PostgreSQL, memcached, the lab Dovecot)', () => startSogoLab(), 'ng-app="SOGo.MainUI"'],
  ['Horde Webmail 5.2 (IMP 6.2 + Passwd 5.0, the lab Dovecot)', () => startHordeLab(), 'horde_login'],
] as const)('%s lab', (_name, start, signInMarker) => {
  it('serves its sign-in page, and its stop leaves none of its processes', async () => {
    const t = Date.now();
    const lab = await start();
    try {
      console.log(
        `[lab-webmails] ${lab.webmail} lab started in ${((Date.now() - t) / 1000).toFixed(1)} s (${lab.startup.map((s) => `${s.step} ${s.ms} ms`).join(', ')})`,
      );
      const answer = await fetch(lab.url);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain(signInMarker);
    } finally {
      await stopAndCheck(lab);
    }
  });
});
