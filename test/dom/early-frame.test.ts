// @vitest-environment happy-dom
/**
 * Issue 19 (first render): the password trigger starts the panel's frame before the nudge is
 * injected; the nudge takes that very frame over (no second frame, no reload), a frame made by an
 * orphaned script instance is never taken over, and one nobody takes leaves the page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureShadowRoots, loadFrameScript as loadScript, scriptRuntime as fakeRuntime } from './fake-extension.ts';

const ourHosts = () => [...document.body.children].filter((e) => e.tagName === 'DIV');

let field: HTMLElement;
beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<input id="newpasswd" type="password"><button>Save</button>';
  field = document.getElementById('newpasswd')!;
});
afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
  vi.resetModules();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('sobre-mail.early-frames')];
});

describe('early nudge frame', () => {
  it('is loading under the field before the nudge comes, and the nudge takes that very frame over', async () => {
    const { runtime, ports } = fakeRuntime('chrome-extension://abc');
    const script = await loadScript(runtime);
    const trigger = new AbortController();
    const shadows = captureShadowRoots();
    script.openEarlyFrame(field, trigger.signal);
    shadows.release();
    const [host] = ourHosts();
    const iframe = shadows.roots[0]!.querySelector('iframe')!;
    const src = iframe.getAttribute('src')!;
    expect(src.startsWith('chrome-extension://abc/src/frame/index.html#')).toBe(true);
    expect(host).toBeDefined();
    expect(field.nextElementSibling).toBe(host);
    // Nothing of the nudge runs yet: no port, no title.
    expect(ports).toEqual([]);

    const nudge = new AbortController();
    const frame = script.openNudgeFrame({ placement: { after: field }, title: 'Password check', signal: nudge.signal });
    expect(frame.host).toBe(host);
    expect(ourHosts()).toHaveLength(1);
    // It pairs under the id the early frame's URL already carries, and the frame was not reloaded.
    expect(ports.map((p) => p.name)).toEqual([`sobre-mail-frame:${src.split('#')[1]}`]);
    expect(iframe.getAttribute('src')).toBe(src);
    expect(iframe.title).toBe('Password check');
    // The trigger's signal no longer decides once the nudge has it.
    trigger.abort();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(host!.isConnected).toBe(true);
    nudge.abort();
    expect(host!.isConnected).toBe(false);
  });

  it('is taken over by the nudge of the same extension instance only', async () => {
    const old = fakeRuntime('chrome-extension://abc');
    const orphanScript = await loadScript(old.runtime);
    orphanScript.openEarlyFrame(field, new AbortController().signal);
    const [orphanHost] = ourHosts();
    const fresh = fakeRuntime('chrome-extension://abc');
    const script = await loadScript(fresh.runtime);
    const frame = script.openNudgeFrame({ placement: { after: field }, title: 'Password check', signal: new AbortController().signal });
    expect(frame.host).not.toBe(orphanHost);
  });

  it('leaves the page when nobody takes it over, or when the trigger stops', async () => {
    const { runtime } = fakeRuntime('chrome-extension://abc');
    const script = await loadScript(runtime);
    script.openEarlyFrame(field, new AbortController().signal);
    expect(ourHosts()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ourHosts()).toHaveLength(0);

    const trigger = new AbortController();
    script.openEarlyFrame(field, trigger.signal);
    expect(ourHosts()).toHaveLength(1);
    trigger.abort();
    expect(ourHosts()).toHaveLength(0);
    // Once gone, a nudge makes its own.
    const frame = script.openNudgeFrame({ placement: { after: field }, title: 'Password check', signal: new AbortController().signal });
    expect(ourHosts()).toEqual([frame.host]);
  });
});
