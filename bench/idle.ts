/**
 * Section 6 — background at rest. Chromium with the extension opens one webmail page (the mail
 * fixture: the content script reports the quota, which wakes the service worker with an event),
 * then nobody touches anything for `--idle-seconds`. A CDP client that only *discovers* targets
 * (Target.setDiscoverTargets, never attaching to the worker) records when the worker target is
 * created and destroyed: created again during the idle period = a wake-up.
 *
 * Not launched through lab/browsers.ts: Playwright attaches to every service worker of a
 * persistent context, and Chromium never stops a worker that has a debugger attached (seen: still
 * running after 45 s idle under Playwright, stopped ≈ 30 s after its last event without it). So this
 * section launches the same binary with the same flags through puppeteer-core, told to leave
 * service workers alone (`targetFilter`).
 *
 * What it cannot see: a worker that stays alive because of work it does itself (a timer under 30 s
 * keeps it alive; Chromium does not report timers), other than by the worker not stopping. Alarms
 * need the `alarms` permission, read from the manifest; the background code is also scanned for
 * timer and alarm calls.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, CHROMIUM_EXECUTABLE } from '../lab/index.ts';
import { sleep } from './lib.ts';
import { backgroundFiles } from './sizes.ts';
import type { BenchSite } from './sites.ts';

export interface IdleResult {
  idleSeconds: number;
  permissions: string[];
  hasAlarmsPermission: boolean;
  /** Calls found in the background's own files (dist/chrome: service-worker-loader.js and what it imports). */
  backgroundScan: Record<string, number>;
  /** Seconds from the start of the idle period; null if it did not happen. */
  workerStoppedAt: number | null;
  workerRunningAtEnd: boolean;
  /** Worker targets created during the idle period (after the page's last event). */
  wakeUps: number[];
  /** Every worker target event, seconds from the start of the idle period (negative: before it). */
  timeline: { at: number; event: 'created' | 'destroyed' }[];
}

export async function runIdle(extensionDir: string, site: BenchSite, idleSeconds: number, log: (s: string) => void): Promise<IdleResult> {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { permissions?: string[] };
  const permissions = manifest.permissions ?? [];
  const backgroundScan: Record<string, number> = { 'setInterval(': 0, 'setTimeout(': 0, 'alarms.': 0 };
  for (const file of backgroundFiles(extensionDir)) {
    const code = readFileSync(join(extensionDir, file), 'utf8');
    for (const needle of Object.keys(backgroundScan)) backgroundScan[needle]! += code.split(needle).length - 1;
  }

  const profile = mkdtempSync(join(tmpdir(), 'sobre-bench-idle-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    pipe: true,
    userDataDir: profile,
    ignoreDefaultArgs: ['--disable-extensions'],
    // The e2e harness's switches, for a like-for-like browser.
    args: chromiumArgs({ extensionDir }),
    // Never attach to the worker: an attached debugger keeps it alive.
    targetFilter: (t) => t.type() !== 'service_worker',
  });
  const events: { t: number; event: 'created' | 'destroyed' }[] = [];
  const workers = new Set<string>();
  try {
    const session = await browser.target().createCDPSession();
    session.on('Target.targetCreated', (e) => {
      if (e.targetInfo.type === 'service_worker' && e.targetInfo.url.startsWith('chrome-extension://')) {
        workers.add(e.targetInfo.targetId);
        events.push({ t: Date.now(), event: 'created' });
      }
    });
    session.on('Target.targetDestroyed', (e) => {
      if (workers.delete(e.targetId)) events.push({ t: Date.now(), event: 'destroyed' });
    });
    await session.send('Target.setDiscoverTargets', { discover: true });

    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto(`${site.mail}?idle`, { waitUntil: 'load' });
    // The content script runs at document_idle and reports the quota to the worker: the last event.
    await sleep(1000);
    const idleStart = Date.now();
    log(`  idle: ${idleSeconds} s with nothing happening`);
    await sleep(idleSeconds * 1000);
    const idleEnd = Date.now();

    const at = (t: number) => Math.round((t - idleStart) / 100) / 10;
    const during = events.filter((e) => e.t >= idleStart && e.t <= idleEnd);
    const stopped = during.find((e) => e.event === 'destroyed') ?? events.filter((e) => e.event === 'destroyed' && e.t < idleStart).at(-1);
    return {
      idleSeconds,
      permissions,
      hasAlarmsPermission: permissions.includes('alarms'),
      backgroundScan,
      workerStoppedAt: stopped ? at(stopped.t) : null,
      workerRunningAtEnd: workers.size > 0,
      wakeUps: during.filter((e) => e.event === 'created').map((e) => at(e.t)),
      timeline: events.map((e) => ({ at: at(e.t), event: e.event })),
    };
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
