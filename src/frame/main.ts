/**
 * The extension page every in-page nudge shows its words in, embedded by the nudge's content script
 * as an iframe (src/content/ui/frame-host.ts). It is a document of the extension's origin: the
 * webmail page can neither read it (`window.find`, selections, `textContent`: the same-origin policy
 * stops at the frame) nor click its buttons (a page cannot dispatch events into another origin's
 * document; our click handlers also ignore untrusted clicks).
 *
 * It learns what to show over one runtime port only, to our background, which pairs it with the
 * content script that put the random id of our URL there (same tab, one of each). A page cannot
 * open a runtime port to an extension (no `externally_connectable`), so it cannot feed us a view;
 * it can post window messages to us, and we never listen to those.
 */
import type { Runtime } from 'webextension-polyfill';
import { ext } from '../shared/ext.ts';
import { FRAME_PORT_PREFIX, isFrameId, parseContentToFrame, type FrameToContent } from '../shared/frame-messages.ts';
import { createFrameRenderer } from './views.ts';

const id = location.hash.slice(1);
const root = document.getElementById('view')!;
document.documentElement.lang = ext.i18n.getUILanguage() || 'en';
let port: Runtime.Port | null = null;

const post = (message: FrameToContent) => {
  try {
    port?.postMessage(message);
  } catch {
    // The content script is gone (page left, extension reloaded): nothing to tell.
  }
};
// Only the user's own clicks and key presses count.
const views = createFrameRenderer(
  root,
  post,
  (event) => event.isTrusted,
  (title) => (document.title = title),
);

// One port per document, to the background, which pairs it with the content script that drew this
// id, in this tab (src/background/frame-relay.ts); it carries nothing else.
if (isFrameId(id)) {
  const own = ext.runtime.connect({ name: FRAME_PORT_PREFIX + id });
  port = own;
  own.onMessage.addListener((raw: unknown) => {
    const message = parseContentToFrame(raw);
    if (!message) return;
    if (message.type === 'view') {
      views.render(message.view);
      reportHeight(true);
    } else views.focus();
  });
  own.onDisconnect.addListener(() => {
    // Our nudge stopped: show nothing rather than a verdict nobody updates any more.
    port = null;
    views.clear();
  });
}

// ------------------------------------------------------------------ size

let lastHeight = -1;
/** `always`: after a view, so a content script that reloaded us learns the height again. */
function reportHeight(always = false): void {
  const px = Math.ceil(document.body.getBoundingClientRect().height);
  if (px === lastHeight && !always) return;
  lastHeight = px;
  post({ type: 'height', px });
}
new ResizeObserver(() => reportHeight()).observe(document.body);
