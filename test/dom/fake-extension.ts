import { vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from '@webext-core/fake-browser';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string): Catalogue =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${lang}/messages.json`), 'utf8'));
export const CATALOGUES = { en: load('en'), fr: load('fr') };

/** chrome.i18n.getMessage as the browser does it: named placeholders → $1…, then the substitutions. */
export function useLanguage(lang: 'en' | 'fr', uiLanguage: string = lang): void {
  const catalogue = CATALOGUES[lang];
  fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) => {
    const entry = catalogue[key];
    if (!entry) return '';
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    return entry.message
      .replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '')
      .replace(/\$(\d)/g, (_, d: string) => list[Number(d) - 1] ?? '');
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => uiLanguage;
}

export const useEnglish = (): void => useLanguage('en', 'en-US');

/**
 * Keeps every shadow root our UI attaches (closed ones included, which only a test can reach) until
 * `release()` puts attachShadow back.
 */
export function captureShadowRoots(): { roots: ShadowRoot[]; release(): void } {
  const real = Element.prototype.attachShadow;
  const roots: ShadowRoot[] = [];
  Element.prototype.attachShadow = function (init: ShadowRootInit) {
    const root = real.call(this, init);
    roots.push(root);
    return root;
  };
  return { roots, release: () => (Element.prototype.attachShadow = real) };
}

/**
 * Our extension frames, played in the test's DOM: `runtime.connect` from a nudge (frame-host.ts)
 * gets a port whose other end is the real frame renderer (src/frame/views.ts), rendering into a
 * detached element the test reads, as the frame page does; the relay's checks (parseContentToFrame,
 * parseFrameToContent) are applied both ways. The hosts the page sees are kept too (their shadow
 * roots are closed, so only a test can find them this way).
 */
export interface PlayedFrame {
  name: string;
  view: HTMLElement;
  open: boolean;
}

export async function captureFrames({ reportHeights = true } = {}): Promise<{
  frames: PlayedFrame[];
  /** The newest host element the nudges made, if it is in the page. */
  host(): HTMLElement | null;
  /** Text of the open frames' views. */
  text(): string;
  /** The open frames' views, to query. */
  views(): HTMLElement[];
  release(): void;
}> {
  const { createFrameRenderer } = await import('../../src/frame/views.ts');
  const { parseContentToFrame, parseFrameToContent } = await import('../../src/shared/frame-messages.ts');
  const shadows = captureShadowRoots();
  const frames: PlayedFrame[] = [];
  const realConnect = fakeBrowser.runtime.connect;
  fakeBrowser.runtime.connect = ((info?: { name?: string }) => {
    const toContent = new Set<(m: unknown) => void>();
    // A document of its own, as the frame has: focus moves inside it, apart from the page's.
    const frameDocument = document.implementation.createHTMLDocument('frame');
    const played: PlayedFrame = { name: info?.name ?? '', view: frameDocument.createElement('main'), open: true };
    frameDocument.body.append(played.view);
    frames.push(played);
    const deliver = (message: unknown) =>
      queueMicrotask(() => {
        const checked = parseFrameToContent(JSON.parse(JSON.stringify(message)));
        if (checked && played.open) for (const listener of toContent) listener(checked);
      });
    // A test's clicks are synthetic: the frame's trust check is the real browser's to make (e2e).
    const renderer = createFrameRenderer(played.view, deliver, () => true);
    deliver({ type: 'hello' });
    return {
      name: played.name,
      onMessage: {
        addListener: (l: (m: unknown) => void) => toContent.add(l),
        removeListener: (l: (m: unknown) => void) => toContent.delete(l),
        hasListener: () => false,
      },
      onDisconnect: { addListener: () => undefined, removeListener: () => undefined, hasListener: () => false },
      postMessage(raw: unknown) {
        const message = parseContentToFrame(JSON.parse(JSON.stringify(raw)));
        if (!message || !played.open) return;
        if (message.type === 'view') {
          renderer.render(message.view);
          // As the frame page reports its height after each view (src/frame/main.ts); happy-dom lays
          // nothing out, so a drawn view counts 1 px.
          if (reportHeights) deliver({ type: 'height', px: played.view.childNodes.length > 0 ? 1 : 0 });
        } else renderer.focus();
      },
      disconnect() {
        played.open = false;
        renderer.clear();
      },
    };
  }) as unknown as typeof fakeBrowser.runtime.connect;
  const open = () => frames.filter((f) => f.open);
  return {
    frames,
    host() {
      const newest = shadows.roots.at(-1)?.host as HTMLElement | undefined;
      return newest?.isConnected ? newest : null;
    },
    text: () =>
      open()
        .map((f) => f.view.textContent ?? '')
        .join(' ')
        .replace(/\u00a0/g, ' '),
    views: () => open().map((f) => f.view),
    release() {
      shadows.release();
      fakeBrowser.runtime.connect = realConnect;
    },
  };
}

/**
 * An event as the browser makes it for the user's own action (`isTrusted`): happy-dom has no
 * notion of trust, and our listeners ignore events a page script made.
 */
export function userEvent<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

/**
 * One content script's own `runtime`, as each script instance has in a browser (an orphaned one and
 * the one re-injected after an update differ): the ports it opened, by name, and its context's end.
 */
export function scriptRuntime(origin: string) {
  const ports: Array<{ name: string; fireDisconnect(): void }> = [];
  const runtime = {
    id: 'ext' as string | undefined,
    getURL: (path: string) => `${origin}/${path}`,
    connect(info?: { name?: string }) {
      // Chromium, once the context is invalidated: the call throws.
      if (runtime.id === undefined) throw new Error('Extension context invalidated.');
      const onDisconnect = new Set<() => void>();
      const name = info?.name ?? '';
      ports.push({ name, fireDisconnect: () => onDisconnect.forEach((l) => l()) });
      return {
        name,
        onMessage: { addListener: () => undefined, removeListener: () => undefined, hasListener: () => false },
        onDisconnect: { addListener: (l: () => void) => onDisconnect.add(l), removeListener: () => undefined, hasListener: () => false },
        postMessage: () => undefined,
        disconnect: () => undefined,
      };
    },
  };
  return { runtime, ports, invalidate: () => (runtime.id = undefined) };
}

/**
 * The frame host, the early frame and the orphan guard as one content script instance loads them,
 * over that instance's runtime (fresh module instances each time, as a new injection gets).
 */
export async function loadFrameScript(runtime: ReturnType<typeof scriptRuntime>['runtime']) {
  vi.resetModules();
  vi.doMock('../../src/shared/ext.ts', () => ({ ext: { runtime } }));
  const host = await import('../../src/content/ui/frame-host.ts');
  const early = await import('../../src/content/ui/early-frame.ts');
  const guard = await import('../../src/content/orphan-guard.ts');
  vi.doUnmock('../../src/shared/ext.ts');
  return { ...host, ...early, guard };
}
