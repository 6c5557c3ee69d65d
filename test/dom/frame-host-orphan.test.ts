// @vitest-environment happy-dom
/**
 * Issue 19, item 3: an orphaned nudge frame (the extension updated or reloaded under the page) stops
 * repairing at once. The sequence is Chromium's, as seen under test/e2e/orphan.e2e.ts: the old
 * content script's port disconnects while `runtime.id` is still set, its context is invalidated a
 * moment later, and the re-injected script puts its own host right after the same field. Before the
 * fix the orphan reloaded its frame at once (an address of the extension being replaced) and then
 * fought the new host for that place once a second, each move reloading both frames, for as long as
 * the page stayed open.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadFrameScript as loadScript, scriptRuntime as fakeRuntime } from './fake-extension.ts';

/** Lets MutationObserver callbacks and due timers run. */
const settle = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

let field: HTMLElement;
beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<form><input id="newpasswd" type="password"><button>Save</button></form>';
  field = document.getElementById('newpasswd')!;
});
afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
  vi.resetModules();
});

describe('an orphaned nudge frame', () => {
  it('does not load its frame again when its port drops at an update, and leaves the page once the context is gone', async () => {
    const old = fakeRuntime('chrome-extension://old');
    const { openNudgeFrame, RECONNECT_DELAY_MS, guard } = await loadScript(old.runtime);
    // As run-feature.ts gives a nudge its signal: the rest of the nudge (block mode's hold on Save) hangs on it too.
    const nudgeSignal = guard.guardedSignal(new AbortController().signal);
    const orphan = openNudgeFrame({ placement: { after: field }, title: 'old', signal: nudgeSignal });
    const iframe = () => orphan.host.isConnected;
    await settle();
    expect(field.nextElementSibling).toBe(orphan.host);
    expect(old.ports).toHaveLength(1);

    // The reload: the port goes first, while runtime.id is still set…
    old.ports[0]!.fireDisconnect();
    await settle(RECONNECT_DELAY_MS / 4);
    // …and the context a moment later, before a reconnect was due.
    old.invalidate();
    await settle(RECONNECT_DELAY_MS * 3);

    expect(old.ports).toHaveLength(1);
    expect(orphan.repairs()).toBe(0);
    expect(iframe()).toBe(false);
    // Not only the frame: the whole nudge stopped, without waiting for the user's next event.
    expect(nudgeSignal.aborted).toBe(true);
    guard.resetGuard();
  });

  it('still comes back after a disconnect while the extension is there (the page navigated its frame away)', async () => {
    const live = fakeRuntime('chrome-extension://live');
    const { openNudgeFrame, RECONNECT_DELAY_MS } = await loadScript(live.runtime);
    const nudge = openNudgeFrame({ placement: { after: field }, title: 'live', signal: new AbortController().signal });
    await settle();
    live.ports[0]!.fireDisconnect();
    await settle(RECONNECT_DELAY_MS);
    expect(live.ports).toHaveLength(2);
    expect(nudge.repairs()).toBe(1);
    expect(field.nextElementSibling).toBe(nudge.host);
  });

  it('leaves the place after the field to the re-injected nudge instead of fighting it for that place', async () => {
    const old = fakeRuntime('chrome-extension://old');
    const orphan = (await loadScript(old.runtime)).openNudgeFrame({
      placement: { after: field },
      title: 'old',
      signal: new AbortController().signal,
    });
    await settle();
    // The context goes; no disconnect reaches the orphan (its port died with it).
    old.invalidate();

    // The background re-injects: a new script, with a live runtime of its own, adds its host.
    const fresh = fakeRuntime('chrome-extension://new');
    const nudge = (await loadScript(fresh.runtime)).openNudgeFrame({
      placement: { after: field },
      title: 'new',
      signal: new AbortController().signal,
    });
    await settle(5000);

    expect(orphan.host.isConnected).toBe(false);
    expect(orphan.repairs()).toBe(0);
    expect(field.nextElementSibling).toBe(nudge.host);
    expect(nudge.repairs()).toBe(0);
    expect(document.querySelectorAll('form > div')).toHaveLength(1);
  });
});
