/**
 * The password nudge as the user sees it now that it draws in our extension frame (issue 19): how
 * long from a new-password field appearing to the frame's first verdict on screen, and from a key
 * press to the frame showing the verdict for it. Run alone: `npx tsx bench/password-frame.ts
 * [--runs N] [--browser chromium|firefox]` (builds are not made here: `npm run build` first).
 *
 * What it measures, and how:
 * - first render: the page notes `performance.timeOrigin + performance.now()` as it inserts the form
 *   (as bench/password-extension.ts does); the frame's own first-contentful-paint (paint timing,
 *   which is its first view: the empty field judged, the known-word rules pending until the word
 *   lists are indexed) is read from inside the frame by the test tool, on the same wall clock (`timeOrigin` is shared by all documents of
 *   one machine). It includes what the user waits for and the old in-page panel did not: the frame's
 *   document loading in the extension's process and the two port hops through the background.
 * - every rule judged: when the frame's view first shows no known-word rule still "checking" (the
 *   word lists loaded and indexed; the nudge loads them once its first view is on screen), noted by
 *   a MutationObserver the test tool adds to the frame as soon as its view element exists.
 * - keystroke: the page notes each key's `keydown` time; the frame records, with a MutationObserver
 *   the test tool adds to the frame once it is there, when its verdict changes. Keys are typed
 *   250 ms apart so each answer is matched with its key. This is wall time from key to pixels'
 *   DOM, the content script's checking included; the README's per-keystroke row (bench/password.ts)
 *   is the estimator's own cost, which this change does not touch.
 * Chromium is driven over the bare DevTools pipe, attaching to the frame only once it exists and
 * never paused (see measureFrameInChromium); Firefox by Playwright.
 * Nothing is changed in the extension; the probes only read. `npm run bench`'s password section
 * runs the first-render part in Chromium (bench/password-extension.ts, its "first-ready in the
 * extension" row).
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { DIST, launch, setUserSettings, type BrowserName, type TestPage } from '../lab/index.ts';
import { BareChromium } from './bare-chromium.ts';
import { quantile, sleep, summarize } from './lib.ts';

const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Account</title><body><main id="app"><p>Account settings</p></main>
<script>
  window.__keys = [];
  addEventListener('keydown', () => window.__keys.push(performance.timeOrigin + performance.now()), true);
</script></body></html>`;

const INSERT_FORM = `(() => {
  const form = document.createElement('form');
  form.innerHTML = '<label>New password <input type="password" name="new_password" autocomplete="new-password"></label>'
    + '<label>Confirm the new password <input type="password" name="confirm_password" autocomplete="new-password"></label>'
    + '<button type="submit">Save</button>';
  const t0 = performance.timeOrigin + performance.now();
  document.getElementById('app').append(form);
  return t0;
})()`;

interface AnyFrame {
  url(): string;
  evaluate<T>(fn: string): Promise<T>;
}

async function ourFrame(page: TestPage): Promise<AnyFrame | null> {
  for (const frame of ((page.raw as { frames(): unknown[] }).frames() as AnyFrame[]).slice(1)) {
    const href = await frame.evaluate<string>('location.href').catch(() => '');
    if (href.includes('/src/frame/index.html')) return frame;
  }
  return null;
}

export interface FrameMeasures {
  /** Field inserted → the frame's first view painted (its first-contentful-paint). */
  firstRender: number[];
  /** Field inserted → the frame's document created (its timeOrigin). */
  created: number[];
  /** Field inserted → the frame's scripts run (its DOMContentLoaded end). */
  loaded: number[];
  /** Field inserted → the frame's first view with every rule judged (the known-word rules no longer
   * pending: the word lists loaded and indexed), drawn; the frame has its height by then. */
  complete: number[];
  /** Key press → the frame's verdict changed; only when `keystrokes`. */
  keystroke: number[];
}

export interface FrameOptions {
  extensionDir?: string;
  keystrokes?: boolean;
  log?: (s: string) => void;
}

async function startPageServer(): Promise<{ origin: string; close(): void }> {
  const server = createServer((_, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(PAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}

/** Read inside the frame: its first-contentful-paint, on the machine's wall clock, or null. */
const FRAME_PAINTED = `(() => { const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? performance.timeOrigin + p.startTime : null; })()`;
/** Read inside the frame: its document's creation (timeOrigin) and DOMContentLoaded end, on the wall clock. */
const FRAME_TIMES = `(() => { const n = performance.getEntriesByType('navigation')[0]; return [performance.timeOrigin, performance.timeOrigin + (n ? n.domContentLoadedEventEnd : NaN)]; })()`;
/**
 * Installed in the frame as soon as its view element exists (true then): notes when the view first
 * shows a verdict without the known-word rules' "checking" text, in either language of the panel.
 */
const WATCH_COMPLETE = `(() => {
  const view = document.getElementById('view');
  if (!view) return false;
  if (window.__complete !== undefined) return true;
  window.__complete = null;
  const checking = ${JSON.stringify(['checking known words…', 'vérification des mots connus…'])};
  const look = () => {
    const text = view.textContent;
    if (window.__complete === null && text && !checking.some((c) => text.includes(c))) window.__complete = performance.timeOrigin + performance.now();
  };
  look();
  new MutationObserver(look).observe(view, { childList: true, subtree: true, characterData: true });
  return true;
})()`;
/** Waits (up to 10 s) for the complete verdict WATCH_COMPLETE notes; its time on the wall clock. */
async function completeVerdict(evaluate: (expression: string) => Promise<number | null>): Promise<number> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(20)) {
    const at = await evaluate('window.__complete ?? null');
    if (typeof at === 'number') return at;
  }
  throw new Error(
    `the frame never showed a verdict with every rule judged: ${await evaluate('document.getElementById("view").textContent')}`,
  );
}
const WATCH_FRAME_VIEW = `(() => {
  window.__changes = [];
  new MutationObserver(() => window.__changes.push(performance.timeOrigin + performance.now()))
    .observe(document.getElementById('view'), { childList: true, subtree: true, characterData: true });
})()`;

const KEY_SPACING_MS = 250;
/** Each key press's time to the frame's next verdict change; keys are typed KEY_SPACING_MS apart, so a later change is another key's. */
function keyToVerdict(keys: number[], changes: number[]): number[] {
  return keys.flatMap((key) => {
    const answer = changes.find((c) => c >= key);
    return answer !== undefined && answer - key < KEY_SPACING_MS ? [answer - key] : [];
  });
}
/**
 * Chromium, driven over the bare DevTools pipe (bench/bare-chromium.ts). Playwright attaches to every
 * new target with the debugger paused at start (its auto-attach waits for the debugger), so under
 * Playwright our frame, an out-of-process iframe, stood still until the tool had set it up: time no
 * user spends. Here nothing is attached to the frame until its target exists, and never with a pause;
 * its timings are read afterwards from its own performance timeline.
 */
async function measureFrameInChromium(runs: number, options: FrameOptions): Promise<FrameMeasures> {
  const log = options.log ?? ((s: string) => console.log(s));
  const site = await startPageServer();
  const browser = await BareChromium.launch(options.extensionDir ?? DIST.chromium);
  const measures: FrameMeasures = { firstRender: [], created: [], loaded: [], complete: [], keystroke: [] };
  try {
    // Settings are written from a page of the extension (it has the storage API), then closed.
    const extension = await browser.extensionOrigin();
    const settingsPage = await browser.newPage(`${extension}/src/privacy/index.html`);
    const settingsSession = settingsPage.sessionId;
    for (
      const deadline = Date.now() + 10_000;
      !(await browser.evaluate<boolean>(settingsSession, `!!globalThis.chrome?.storage`));
      await sleep(100)
    )
      if (Date.now() > deadline) throw new Error('no extension page to write the settings from');
    await browser.evaluate(
      settingsSession,
      `chrome.storage.local.set({ userSettings: { webmailOrigins: [${JSON.stringify(site.origin)}] } }).then(() => true)`,
    );
    for (const deadline = Date.now() + 40_000; ; await sleep(200)) {
      const published = await browser.evaluate<unknown>(
        settingsSession,
        `chrome.storage.local.get('effectiveSettings').then((s) => s.effectiveSettings?.values?.webmailOrigins)`,
      );
      if (JSON.stringify(published) === JSON.stringify([site.origin])) break;
      if (Date.now() > deadline) throw new Error(`webmailOrigins not published after 40 s: ${JSON.stringify(published)}`);
    }
    await settingsPage.close();
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage(`${site.origin}/`);
      await sleep(800);
      const before = new Set(
        (await browser.send<{ targetInfos: { targetId: string }[] }>('Target.getTargets')).targetInfos.map((t) => t.targetId),
      );
      const t0 = await browser.evaluate<number>(page.sessionId, INSERT_FORM);
      let frameSession: string | null = null;
      let watching = false;
      let painted: number | null = null;
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && painted === null; await sleep(20)) {
        if (!frameSession) {
          const { targetInfos: now } = await browser.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>(
            'Target.getTargets',
          );
          const frame = now.find((t) => !before.has(t.targetId) && t.type === 'iframe' && t.url.includes('/src/frame/index.html'));
          if (frame)
            frameSession = (await browser.send<{ sessionId: string }>('Target.attachToTarget', { targetId: frame.targetId, flatten: true }))
              .sessionId;
        }
        if (frameSession && !watching) watching = await browser.evaluate<boolean>(frameSession, WATCH_COMPLETE).catch(() => false);
        if (frameSession) painted = await browser.evaluate<number | null>(frameSession, FRAME_PAINTED).catch(() => null);
      }
      if (painted === null || !frameSession) throw new Error('the frame never painted');
      const session = frameSession;
      if (!watching) await browser.evaluate<boolean>(session, WATCH_COMPLETE);
      const complete = await completeVerdict((e) => browser.evaluate<number | null>(session, e));
      measures.complete.push(complete - t0);
      const [created, loaded] = await browser.evaluate<[number, number]>(frameSession, FRAME_TIMES);
      measures.firstRender.push(painted - t0);
      measures.created.push(created - t0);
      measures.loaded.push(loaded - t0);
      log(
        `run ${run + 1}: frame document created at ${(created - t0).toFixed(0)} ms, its scripts run at ${(loaded - t0).toFixed(0)} ms, first verdict painted at ${(painted - t0).toFixed(0)} ms, every rule judged at ${(complete - t0).toFixed(0)} ms`,
      );
      if (options.keystrokes !== false) {
        await browser.evaluate(frameSession, WATCH_FRAME_VIEW);
        await browser.evaluate(page.sessionId, `document.querySelector('input[name="new_password"]').focus()`);
        for (const key of 'Glacier-Tortue7') {
          await browser.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text: key }, page.sessionId);
          await browser.send('Input.dispatchKeyEvent', { type: 'keyUp', key }, page.sessionId);
          await sleep(KEY_SPACING_MS);
        }
        const keys = await browser.evaluate<number[]>(page.sessionId, 'window.__keys');
        const changes = await browser.evaluate<number[]>(frameSession, 'window.__changes');
        measures.keystroke.push(...keyToVerdict(keys, changes));
      }
      await page.close();
    }
  } finally {
    await browser.close();
    site.close();
  }
  return measures;
}

export async function measureFrame(browserName: BrowserName, runs: number, options: FrameOptions = {}): Promise<FrameMeasures> {
  if (browserName === 'chromium') return measureFrameInChromium(runs, options);
  const log = options.log ?? ((s: string) => console.log(s));
  const site = await startPageServer();
  const origin = site.origin;
  const browser = await launch(browserName, { locale: 'en', extensionDir: options.extensionDir });
  const measures: FrameMeasures = { firstRender: [], created: [], loaded: [], complete: [], keystroke: [] };
  const { firstRender, keystroke } = measures;
  try {
    await setUserSettings(browser, { webmailOrigins: [origin] });
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await sleep(500);
      const t0 = await page.evaluate<number>(INSERT_FORM);
      let frame: AnyFrame | null = null;
      let painted: number | null = null;
      let watching = false;
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && painted === null; await sleep(50)) {
        frame ??= await ourFrame(page);
        if (frame && !watching) watching = await frame.evaluate<boolean>(WATCH_COMPLETE).catch(() => false);
        painted = frame ? await frame.evaluate<number | null>(FRAME_PAINTED).catch(() => null) : null;
      }
      if (painted === null || !frame) throw new Error('the frame never painted');
      firstRender.push(painted - t0);
      const watched = frame;
      if (!watching) await watched.evaluate<boolean>(WATCH_COMPLETE);
      const complete = await completeVerdict((e) => watched.evaluate<number | null>(e));
      measures.complete.push(complete - t0);
      // Where the time went: the frame's document created, its scripts run (DOMContentLoaded).
      const [created, loaded] = await frame.evaluate<[number, number]>(FRAME_TIMES);
      measures.created.push(created - t0);
      measures.loaded.push(loaded - t0);
      log(
        `run ${run + 1}: frame document created at ${(created - t0).toFixed(0)} ms, its scripts run at ${(loaded - t0).toFixed(0)} ms, first verdict painted at ${(painted - t0).toFixed(0)} ms, every rule judged at ${(complete - t0).toFixed(0)} ms`,
      );
      if (options.keystrokes !== false) {
        await frame.evaluate(WATCH_FRAME_VIEW);
        await page.click('input[name="new_password"]');
        for (const key of 'Glacier-Tortue7') {
          await (page.raw as { keyboard: { type(text: string): Promise<void> } }).keyboard.type(key);
          await sleep(KEY_SPACING_MS);
        }
        const keys = await page.evaluate<number[]>('window.__keys');
        const changes = await frame.evaluate<number[]>('window.__changes');
        keystroke.push(...keyToVerdict(keys, changes));
      }
      await page.close();
    }
  } finally {
    await browser.close();
    site.close();
  }
  return measures;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
  const browserName: BrowserName = args.includes('firefox') ? 'firefox' : 'chromium';
  const { firstRender, complete, keystroke } = await measureFrame(browserName, runs);
  const show = (name: string, samples: number[]) => {
    const s = summarize(samples);
    console.log(
      `${browserName} ${name}: n ${samples.length}, median ${s.median.toFixed(1)} ms, p95 ${quantile(samples, 0.95).toFixed(1)} ms, min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}`,
    );
  };
  show('field appears → first verdict painted in the frame', firstRender);
  show('field appears → every rule judged (word lists loaded)', complete);
  show('key press → verdict changed in the frame', keystroke);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
