/**
 * Section 7 — pages that open at once: the options page and the popup, each the first page opened in
 * a fresh profile (a new browser with an empty profile per page and run), in Chromium and in Firefox.
 *
 * Beside them, the floor: a static page added to a copy of the same build (one line of text, no
 * script, no stylesheet), opened the same way. It is the browser's own price for the first extension
 * page of a fresh profile (starting the extension's process, committing the page, its first frame),
 * which no code of ours can go under.
 *
 * What is timed, in the page's own clock (performance.now(), 0 = navigation start). In Chromium a
 * probe added before any of the page's scripts (Page.addScriptToEvaluateOnNewDocument over a bare
 * DevTools pipe, bench/bare-chromium.ts) sees each moment; in Firefox, a poll (see `firefoxSample`):
 *   first paint       the paint timing API's first-contentful-paint: the first frame with text;
 *   options: settings painted   the settings form entered the DOM, then the next animation frame
 *                     (the frame that shows it is painted right after that callback);
 *   options: policy applied     the page dropped `aria-busy` (the managed-storage read arrived and
 *                     is shown; before the change of issue 17 the form itself only appeared then);
 *   popup: state painted        the quota section (the background's answer) entered the DOM, then
 *                     the next animation frame;
 *   first local read  (Chromium) when the page's first storage.local.get was called and answered: the
 *                     probe wraps the call and passes it through.
 * What it misses: the time before navigation start (a click on the toolbar button opening the popup
 * is not simulated: the popup is opened as a tab, as keyboard users and the e2e tests do), and
 * anything painted after the probe stops waiting (6 s).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import puppeteer from 'puppeteer-core';
import { GECKO_ID } from '../manifest.config.ts';
import { BareChromium } from './bare-chromium.ts';
import { sleep } from './lib.ts';

export const FLOOR_PAGE = 'bench-floor.html';
const FIREFOX_EXECUTABLE = '/usr/bin/firefox-esr';

export type PaintPage = 'floor' | 'options' | 'popup';
export const PAINT_PAGES: readonly PaintPage[] = ['floor', 'options', 'popup'];
const PATHS: Record<PaintPage, string> = { floor: FLOOR_PAGE, options: 'src/options/index.html', popup: 'src/popup/index.html' };

/** One page in one fresh profile; ms from navigation start, null when it did not happen in time. */
export interface PaintSample {
  /** Chromium: the document's window created (the probe's first line); null in Firefox. */
  created: number | null;
  /** Chromium: the page's first storage.local read, [started, answered]; null in Firefox or without one. */
  localRead?: [number, number] | null;
  /** Navigation timing domContentLoadedEventEnd: the page's scripts have run by then. */
  domContentLoaded: number | null;
  firstPaint: number | null;
  settingsPainted: number | null;
  policyApplied: number | null;
  statePainted: number | null;
}

export interface FirstPaintResult {
  runs: number;
  browsers: Partial<Record<'chromium' | 'firefox', Record<PaintPage, PaintSample[]>>>;
  errors: string[];
}

/** Runs before the page's own scripts; keeps the times in `window.__paint`. */
const PROBE = `(() => {
  const t = { created: performance.now(), settingsPainted: null, policyApplied: null, statePainted: null, localRead: null };
  window.__paint = t;
  // When the page's first local-storage read starts and is answered (the options page waits for it
  // before its first render): the call is passed through unchanged.
  const api = globalThis.chrome && chrome.storage && chrome.storage.local;
  if (api) {
    const get = api.get.bind(api);
    api.get = (...args) => {
      const started = performance.now();
      const answer = get(...args);
      if (t.localRead === null) { t.localRead = [started, null]; Promise.resolve(answer).then(() => { t.localRead[1] = performance.now(); }, () => {}); }
      return answer;
    };
  }
  const frame = (key) => requestAnimationFrame(() => { t[key] = performance.now(); });
  const check = () => {
    if (t.settingsPainted === null && !t.settingsSeen && document.querySelector('form')) { t.settingsSeen = true; frame('settingsPainted'); }
    if (t.policyApplied === null && !t.policySeen && document.querySelector('main:not([aria-busy]) form')) { t.policySeen = true; frame('policyApplied'); }
    if (t.statePainted === null && !t.stateSeen && document.querySelector('main section')) { t.stateSeen = true; frame('statePainted'); }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
})()`;

/** What the page is done with, read back when it is done or the wait is over. */
const READ = `(() => {
  const p = window.__paint;
  const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
  const nav = performance.getEntriesByType('navigation')[0];
  return p ? { created: p.created, localRead: p.localRead && p.localRead[1] !== null ? p.localRead : null, domContentLoaded: nav && nav.domContentLoadedEventEnd > 0 ? nav.domContentLoadedEventEnd : null, firstPaint: fcp ? fcp.startTime : null, settingsPainted: p.settingsPainted, policyApplied: p.policyApplied, statePainted: p.statePainted } : null;
})()`;

const DONE: Record<PaintPage, string> = {
  floor: `performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint')`,
  options: `!!window.__paint && window.__paint.policyApplied !== null && performance.getEntriesByType('paint').length > 0`,
  popup: `!!window.__paint && window.__paint.statePainted !== null && performance.getEntriesByType('paint').length > 0`,
};

const WAIT_MS = 6000;

/** A copy of the build with the floor page added (the extension's own pages are left as they are). */
function withFloorPage(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'sobre-bench-paint-'));
  cpSync(dir, copy, { recursive: true });
  writeFileSync(
    join(copy, FLOOR_PAGE),
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Sobre Mail</title><p>Sobre Mail</p></html>\n',
  );
  return copy;
}

async function chromiumSample(dir: string, page: PaintPage): Promise<PaintSample> {
  const browser = await BareChromium.launch(dir);
  try {
    const origin = await browser.extensionOrigin();
    const { targetId } = await browser.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await browser.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    await browser.send('Page.enable', {}, sessionId);
    await browser.send('Page.addScriptToEvaluateOnNewDocument', { source: PROBE }, sessionId);
    await browser.send('Page.navigate', { url: `${origin}/${PATHS[page]}` }, sessionId);
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline && !(await browser.evaluate<boolean>(sessionId, DONE[page]).catch(() => false))) await sleep(50);
    const sample = await browser.evaluate<PaintSample | null>(sessionId, READ);
    if (!sample) throw new Error(`chromium ${page}: the probe did not run`);
    return sample;
  } finally {
    await browser.close();
  }
}

/**
 * Firefox runs no preload script in moz-extension: pages (WebDriver BiDi's preload scripts skip
 * them, checked with Firefox ESR 153), so its probe is a poll: every 50 ms the page is asked what
 * it shows, and the page's clock at the first answer that shows it is kept. Those times are upper
 * bounds ("seen by"), up to one poll late; first paint is the paint timing API's, exact.
 */
const POLL = `(() => {
  const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    now: performance.now(),
    domContentLoaded: nav && nav.domContentLoadedEventEnd > 0 ? nav.domContentLoadedEventEnd : null,
    firstPaint: fcp ? fcp.startTime : null,
    settings: !!document.querySelector('form'),
    policy: !!document.querySelector('main:not([aria-busy]) form'),
    state: !!document.querySelector('main section'),
  };
})()`;

async function firefoxSample(dir: string, page: PaintPage): Promise<PaintSample> {
  const profile = mkdtempSync(join(tmpdir(), 'sobre-bench-firefox-'));
  const uuid = randomUUID();
  // The harness's Firefox (lab/browsers.ts), with this build instead of dist/firefox.
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_EXECUTABLE,
    headless: true,
    userDataDir: profile,
    protocol: 'webDriverBiDi',
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'intl.locale.requested': 'en-US',
      'intl.accept_languages': 'en-US, en',
      'browser.shell.checkDefaultBrowser': false,
      'app.update.enabled': false,
      'extensions.update.enabled': false,
    },
  });
  try {
    await browser.installExtension(dir);
    const tab = await browser.newPage();
    // Firefox never resolves a navigation to moz-extension: (see the harness): poll instead.
    void tab.goto(`moz-extension://${uuid}/${PATHS[page]}`).catch(() => undefined);
    const sample: PaintSample = {
      created: null,
      domContentLoaded: null,
      firstPaint: null,
      settingsPainted: null,
      policyApplied: null,
      statePainted: null,
    };
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const seen = (await tab.evaluate(POLL).catch(() => null)) as {
        now: number;
        domContentLoaded: number | null;
        firstPaint: number | null;
        settings: boolean;
        policy: boolean;
        state: boolean;
      } | null;
      if (seen) {
        sample.firstPaint ??= seen.firstPaint;
        sample.domContentLoaded ??= seen.domContentLoaded;
        if (seen.settings) sample.settingsPainted ??= seen.now;
        if (seen.policy) sample.policyApplied ??= seen.now;
        if (seen.state) sample.statePainted ??= seen.now;
        const done = {
          floor: sample.firstPaint !== null,
          options: sample.firstPaint !== null && sample.policyApplied !== null,
          popup: sample.firstPaint !== null && sample.statePainted !== null,
        };
        if (done[page]) break;
      }
      await sleep(50);
    }
    if (sample.firstPaint === null) throw new Error(`firefox ${page}: no first paint within ${WAIT_MS} ms`);
    return sample;
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function runFirstPaint(
  dirs: { chromium: string; firefox: string },
  runs: number,
  log: (s: string) => void,
): Promise<FirstPaintResult> {
  const result: FirstPaintResult = { runs, browsers: {}, errors: [] };
  for (const name of ['chromium', 'firefox'] as const) {
    const dir = withFloorPage(dirs[name]);
    try {
      const pages = { floor: [], options: [], popup: [] } as Record<PaintPage, PaintSample[]>;
      log(`  first paint: ${name}, ${runs} fresh profiles per page`);
      for (let r = 0; r < runs; r++) {
        // The pages take turns, so that none always comes first after a quiet moment.
        for (let k = 0; k < PAINT_PAGES.length; k++) {
          const page = PAINT_PAGES[(k + r) % PAINT_PAGES.length]!;
          try {
            pages[page].push(await (name === 'chromium' ? chromiumSample(dir, page) : firefoxSample(dir, page)));
          } catch (error) {
            result.errors.push(String(error instanceof Error ? error.message : error).split('\n')[0]!);
          }
        }
      }
      result.browsers[name] = pages;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return result;
}
