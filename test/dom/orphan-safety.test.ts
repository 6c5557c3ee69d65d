// @vitest-environment happy-dom
/**
 * Issue 19, items 3 and 5, on Roundcube's real password page (fixture): block mode judges the field
 * as it is when Save is clicked, and once the extension context is lost (update, reload, removal)
 * the nudge takes its panel down and lets Save through, without one error. The same in real
 * browsers, with a real extension reload: test/e2e/orphan.e2e.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { loadFixture } from './load-fixture.ts';
import { captureFrames, useEnglish, userEvent } from './fake-extension.ts';
import { roundcubeAdapter } from '../../src/content/adapters/roundcube.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.ts';

vi.mock('../../src/shared/ext.ts', async () => ({ ext: (await import('@webext-core/fake-browser')).fakeBrowser }));

let frames: Awaited<ReturnType<typeof captureFrames>>;
const realFetch = globalThis.fetch;
const errors: unknown[] = [];
const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
const realId = fakeBrowser.runtime.id;

beforeEach(async () => {
  fakeBrowser.reset();
  useEnglish();
  fakeBrowser.runtime.getURL = ((path: string) => `chrome-extension://test/${path}`) as typeof fakeBrowser.runtime.getURL;
  // No word lists: the rules that need none decide, which is all these tests need.
  globalThis.fetch = vi.fn(async () => {
    throw new TypeError('Failed to fetch');
  });
  delete (globalThis as Record<string, unknown>).__sobreMail_passwordNudge;
  frames = await captureFrames();
  errors.length = 0;
  addEventListener('error', onError);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  // The same functions, throwing once the context is lost (Chromium keeps the objects, their calls throw).
  contextLost = false;
  const invalidatable = <T extends object, K extends keyof T>(object: T, key: K) => {
    const real = object[key] as (...args: unknown[]) => unknown;
    vi.spyOn(object, key as never).mockImplementation(((...args: unknown[]) => {
      if (contextLost) throw new Error('Extension context invalidated.');
      return real.apply(object, args);
    }) as never);
  };
  invalidatable(fakeBrowser.i18n, 'getMessage');
  invalidatable(fakeBrowser.runtime, 'sendMessage');
  invalidatable(fakeBrowser.storage.local, 'get');
});
let contextLost = false;

afterEach(async () => {
  (fakeBrowser.runtime as { id: string }).id = realId;
  removeEventListener('error', onError);
  (await import('../../src/content/orphan-guard.ts')).resetGuard();
  frames.release();
  globalThis.fetch = realFetch;
  vi.restoreAllMocks();
  vi.resetModules();
});

/** Starts the nudge as the background's injection does: published settings, guard and all. */
async function injectNudge(settings: Partial<Settings>) {
  const doc = loadFixture('roundcube/elastic-password.html', 'https://mail.example.test/?_task=settings&_action=plugin.password');
  await fakeBrowser.storage.local.set({
    effectiveSettings: { values: { ...structuredClone(DEFAULT_SETTINGS), ...settings }, locked: [], invalidManaged: [] },
  });
  const { runInjectedFeature } = await import('../../src/content/lazy/run-feature.ts');
  const { passwordChange } = await import('../../src/content/features/password-change.ts');
  await runInjectedFeature(passwordChange);
  const page = roundcubeAdapter.detect(doc, location, [])!;
  await vi.waitFor(() => expect(panelText()).toContain('not checked'));
  return page;
}

/** The page's side of our panel (an empty host), while it is in the page. */
const panelHost = () => frames.host() ?? undefined;
/** What our frame shows. */
const panelText = () => frames.text();

const field = (id: string) => document.getElementById(id) as HTMLInputElement;
function type(value: string) {
  for (const id of ['newpasswd', 'confpasswd']) {
    field(id).value = value;
    field(id).dispatchEvent(userEvent(new Event('input', { bubbles: true })));
  }
}
/** What a password manager or a page script does: the value changes, no input event. */
function fillSilently(value: string) {
  for (const id of ['newpasswd', 'confpasswd']) field(id).value = value;
}
function clickSave(page: ReturnType<typeof roundcubeAdapter.detect>): boolean {
  const save = page!.passwordForms()[0]!.saveButtons[0]!;
  // The user's own click (a page's synthetic click does not make Save judge the fields anew).
  return save.dispatchEvent(userEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
}

describe('block mode judges the value Save would send', () => {
  it('a strong value filled without an input event is let through', async () => {
    const page = await injectNudge({ passwordMode: 'block' });
    type('tigre');
    fillSilently('Tigre-Lampe-Orage-Fleuve7');
    expect(clickSave(page)).toBe(true);
  });

  it('a weak value filled without an input event is stopped, and the panel says why', async () => {
    const page = await injectNudge({ passwordMode: 'block' });
    type('Tigre-Lampe-Orage-Fleuve7');
    fillSilently('tigre');
    expect(clickSave(page)).toBe(false);
    expect(panelText()).toContain('at least 8 characters');
  });
});

describe('a lost extension context', () => {
  function loseContext() {
    // What Chromium does to an orphaned content script: no id, and every call throws.
    (fakeBrowser.runtime as { id?: string }).id = undefined;
    contextLost = true;
  }

  it('takes the panel down at the next keystroke and lets a weak password through Save, without an error', async () => {
    const page = await injectNudge({ passwordMode: 'block' });
    type('tigre');
    expect(clickSave(page)).toBe(false);
    loseContext();
    type('tigre2');
    expect(panelHost()).toBeUndefined();
    expect(clickSave(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('even when the first event after the loss is the Save click itself', async () => {
    const page = await injectNudge({ passwordMode: 'block' });
    type('tigre');
    loseContext();
    expect(clickSave(page)).toBe(true);
    expect(panelHost()).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('while the extension is there, nothing changes: the guard does not stop a live nudge', async () => {
    const page = await injectNudge({ passwordMode: 'block' });
    for (let i = 0; i < 5; i++) type(`tigre${i}`);
    expect(clickSave(page)).toBe(false);
    expect(panelHost()).toBeDefined();
  });
});

describe('messages are resolved when a nudge starts', () => {
  it('every message key the password and attachment nudges use is in their lists', async () => {
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const catalogue = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const used = (files: string[]) =>
      new Set(
        files.flatMap((f) =>
          [...readFileSync(resolve(import.meta.dirname, '../../src/content/features', f), 'utf8').matchAll(/'([A-Za-z]+)'/g)]
            .map((m) => m[1]!)
            .filter((k) => k in catalogue),
        ),
      );
    const { PASSWORD_MESSAGES } = await import('../../src/content/features/password-rules-text.ts');
    const { ATTACHMENT_MESSAGES } = await import('../../src/content/features/attachment-warning.ts');
    expect(new Set(PASSWORD_MESSAGES)).toEqual(used(['password-change.ts', 'password-rules-text.ts']));
    expect(new Set(ATTACHMENT_MESSAGES)).toEqual(used(['attachment-warning.ts']));
  });

  it('a message resolved before the loss is still given after it', async () => {
    const { t, resolveMessages } = await import('../../src/shared/i18n.ts');
    resolveMessages(['passwordSaveBlocked']);
    contextLost = true;
    expect(t('passwordSaveBlocked', 'too short')).toContain('too short');
  });
});
