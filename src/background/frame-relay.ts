import browser from 'webextension-polyfill';
import { isOwnContentScript } from '../shared/messages.ts';
import {
  FRAME_PORT_PREFIX,
  FRAME_READY,
  isFrameId,
  isOwnFramePage,
  parseContentToFrame,
  parseFrameToContent,
  type ContentToFrame,
} from '../shared/frame-messages.ts';

/**
 * Pairs each nudge's content script with the extension frame it made (src/content/ui/frame-host.ts)
 * and relays their messages, checked both ways. Both ends connect here with a port named after the
 * random id the content script put in the frame's URL; a pair is one content script and one frame
 * page of this extension, in the same tab, with that id. A page cannot open a runtime port to us,
 * so it can neither pose as either end nor read what goes through.
 *
 * Why a relay and not a direct port from the content script to the frame: Firefox does not deliver
 * a content script's `runtime.connect` to an extension page framed in that tab (seen with Firefox
 * ESR 153), and a window message, which would reach it, can be sent to our frame by the page as well.
 * The words pass through this worker's memory only (the latest view of each pair is kept there until
 * the pair ends, to hand it to a frame that connects); nothing is stored or logged.
 *
 * A content script whose frame does not connect within FRAME_WAIT_MS (the page navigated the frame
 * elsewhere; a short timer, only while one waits) is told so by a disconnect, and loads its frame
 * again. A frame that comes back (reloaded after the page moved it) is paired again and given the
 * latest view at once; the content script is told its frame is there.
 */
const FRAME_WAIT_MS = 5000;

interface Pair {
  nudge?: browser.Runtime.Port;
  frame?: browser.Runtime.Port;
  timer?: ReturnType<typeof setTimeout>;
  /**
   * The nudge's latest view, checked: given to the frame as soon as it connects (first load or
   * reload), so its first render does not wait for a round trip to the content script.
   */
  view?: ContentToFrame;
}

const pairs = new Map<string, Pair>();

function drop(key: string): void {
  const pair = pairs.get(key);
  if (!pair) return;
  clearTimeout(pair.timer);
  pairs.delete(key);
  for (const port of [pair.nudge, pair.frame]) {
    try {
      port?.disconnect();
    } catch {
      // Already gone.
    }
  }
}

export function startFrameRelay(): void {
  browser.runtime.onConnect.addListener((port) => {
    if (!port.name.startsWith(FRAME_PORT_PREFIX)) return;
    const id = port.name.slice(FRAME_PORT_PREFIX.length);
    const sender = port.sender ?? {};
    const role = isOwnContentScript(sender, browser.runtime.id) ? 'nudge' : isOwnFramePage(sender, browser.runtime.id) ? 'frame' : null;
    const tabId = sender.tab?.id;
    if (!role || !isFrameId(id) || typeof tabId !== 'number') {
      port.disconnect();
      return;
    }
    const key = `${tabId}:${id}`;
    const pair = pairs.get(key) ?? {};
    // One of each per pair: a second nudge or frame with the same id is refused.
    if (pair[role]) {
      port.disconnect();
      return;
    }
    pair[role] = port;
    pairs.set(key, pair);
    port.onDisconnect.addListener(() => {
      const current = pairs.get(key);
      if (!current) return;
      if (role === 'nudge') return drop(key);
      // The frame reloads (the page moved it and it was put back) or was navigated away: wait for
      // a frame of ours to come back under this id, or tell the nudge it did not.
      current.frame = undefined;
      current.timer ??= setTimeout(() => drop(key), FRAME_WAIT_MS);
    });
    if (role === 'nudge') {
      port.onMessage.addListener((raw: unknown) => {
        const message = parseContentToFrame(raw);
        const current = pairs.get(key);
        if (!message || !current) return;
        if (message.type === 'view') current.view = message;
        current.frame?.postMessage(message);
      });
    } else {
      port.onMessage.addListener((raw: unknown) => {
        const message = parseFrameToContent(raw);
        if (message && message.type !== 'hello') pairs.get(key)?.nudge?.postMessage(message);
      });
    }
    if (pair.nudge && pair.frame) {
      clearTimeout(pair.timer);
      pair.timer = undefined;
      if (pair.view) pair.frame.postMessage(pair.view);
      pair.nudge.postMessage(FRAME_READY);
    } else if (role === 'nudge') {
      pair.timer = setTimeout(() => drop(key), FRAME_WAIT_MS);
    }
  });
}
