// @vitest-environment happy-dom
/**
 * The password nudge on Roundcube's real password page (fixture captured from 1.6.5) when its word
 * lists cannot be loaded: a broken download must not lock staff out of changing their password.
 * The real estimator and the successful download are proven end to end (test/e2e/password.e2e.ts);
 * here the download fails on purpose, or never ends, which a real browser does not do on demand.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { loadFixture } from './load-fixture.ts';
import { captureFrames, useEnglish, userEvent } from './fake-extension.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

let frames: Awaited<ReturnType<typeof captureFrames>>;
const running: AbortController[] = [];
const realFetch = globalThis.fetch;

beforeEach(async () => {
  fakeBrowser.reset();
  useEnglish();
  fakeBrowser.runtime.getURL = ((path: string) => `chrome-extension://test/${path}`) as typeof fakeBrowser.runtime.getURL;
  globalThis.fetch = vi.fn(async () => {
    throw new TypeError('Failed to fetch');
  });
  frames = await captureFrames();
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  for (const controller of running.splice(0)) controller.abort();
  frames.release();
  globalThis.fetch = realFetch;
  vi.restoreAllMocks();
  vi.resetModules();
});

async function startNudge(settings: Partial<Settings>, { settled = true } = {}) {
  const doc = loadFixture('roundcube/elastic-password.html', 'https://mail.example.test/?_task=settings&_action=plugin.password');
  const page = roundcubeAdapter.detect(doc, location, [])!;
  const { passwordChange } = await import('../../src/content/features/password-change.ts');
  const controller = new AbortController();
  running.push(controller);
  passwordChange.start({ page, settings: { ...structuredClone(DEFAULT_SETTINGS), ...settings } as Settings, signal: controller.signal });
  // The failed download settles, and the panel redraws.
  if (settled) await vi.waitFor(() => expect(panelText()).toContain('not checked'));
  return page;
}

/** What our frame shows (src/frame/views.ts), as the nudge sent it. */
const panelText = () => frames.text();

function type(value: string) {
  for (const id of ['newpasswd', 'confpasswd']) {
    const field = document.getElementById(id) as HTMLInputElement;
    field.value = value;
    field.dispatchEvent(userEvent(new Event('input', { bubbles: true })));
  }
}

/** Clicks Save as the user would; whether the page's own handler would still run. */
function clickSave(page: ReturnType<typeof roundcubeAdapter.detect>): boolean {
  const save = page!.passwordForms()[0]!.saveButtons[0]!;
  return save.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
}

describe('password nudge, word lists not loaded', () => {
  it('says the known-word and strength rules were not checked, and lets Save through in block mode', async () => {
    const page = await startNudge({ passwordMode: 'block' });
    type('Tigre-Lampe-Orage-Fleuve7');
    expect(panelText()).toContain('not checked: the word lists did not load');
    expect(panelText()).not.toContain('checking known words');
    expect(clickSave(page)).toBe(true);
  });

  it('still stops Save on the rules that need no word list', async () => {
    const page = await startNudge({ passwordMode: 'block' });
    type('tigre');
    expect(clickSave(page)).toBe(false);
    expect(panelText()).toContain('at least 8 characters');
  });
});

describe('password nudge, word lists still downloading', () => {
  beforeEach(async () => {
    globalThis.fetch = vi.fn(() => new Promise<Response>(() => undefined));
  });

  it('guards Save in block mode from the start, before the estimator is ready', async () => {
    const page = await startNudge({ passwordMode: 'block' }, { settled: false });
    expect(panelText()).not.toContain('Not saved');
    expect(clickSave(page)).toBe(false);
    // The refusal is said, in the panel it brings up.
    expect(panelText()).toContain('Not saved: the new password is empty');
  });

  // It drew nothing for up to 300 ms while the page laid out its panel; the panel is in our frame now.
  it('shows its panel at once, with the known-word rules pending', async () => {
    await startNudge({}, { settled: false });
    expect(panelText()).toContain('checking known words');
  });

  it('asks for the word lists once its panel is on screen', async () => {
    await startNudge({}, { settled: false });
    await vi.waitFor(() => expect(globalThis.fetch).toHaveBeenCalledTimes(1));
    expect(vi.mocked(globalThis.fetch).mock.calls[0]![0]).toMatch(/^chrome-extension:\/\/test\//);
  });

  it('does not ask for them while its panel has no height, unless the user types', async () => {
    frames.release();
    frames = await captureFrames({ reportHeights: false });
    await startNudge({}, { settled: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(globalThis.fetch).not.toHaveBeenCalled();
    type('t');
    await vi.waitFor(() => expect(globalThis.fetch).toHaveBeenCalledTimes(1));
  });

  it('shows its panel at once when the user types', async () => {
    await startNudge({}, { settled: false });
    type('tigre');
    expect(panelText()).toContain('at least 8 characters');
  });
});
