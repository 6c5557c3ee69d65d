/**
 * A closed shadow root, now only for the out-of-office advice (whose words the page already has:
 * they quote what the user typed in it). It keeps the page's CSS out, and nothing more: a page
 * reads its text with `window.find`, in Firefox gets the root itself through the selection, and in
 * Chromium through `attachInternals()` on a custom element it defined first under our tag name
 * (issue 19). Anything the page must not read or click goes through frame-host.ts instead.
 */
export interface ShadowSurface {
  host: HTMLElement;
  root: ShadowRoot;
  remove(): void;
}

export function createShadowSurface(name: string, css: string, signal: AbortSignal): ShadowSurface {
  const host = document.createElement(`sobre-mail-${name}`);
  // The host is ours, so its inline style is safe; it keeps our block from inheriting page layout quirks.
  host.style.display = 'block';
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = css;
  root.appendChild(style);
  const remove = () => host.remove();
  signal.addEventListener('abort', remove, { once: true });
  return { host, root, remove };
}

/** Colours follow the page's scheme, with contrast ≥ 4.5:1 in both (WCAG AA). */
export const BASE_CSS = `
:host { all: initial; display: block; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.panel { color: #1b1f23; background: #f6f8fa; border: 1px solid #8c959f; border-radius: 6px; padding: 8px 10px; margin: 6px 0; }
.panel.warning { background: #fff8e5; border-color: #9a6700; }
.panel.danger { background: #ffebe9; border-color: #cf222e; }
@media (prefers-color-scheme: dark) {
  .panel { color: #e6edf3; background: #161b22; border-color: #6e7681; }
  .panel.warning { background: #2e2211; border-color: #d29922; }
  .panel.danger { background: #2d1214; border-color: #f85149; }
}
button { font: inherit; border: 1px solid currentColor; border-radius: 4px; background: transparent; color: inherit; padding: 2px 8px; cursor: pointer; }
button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
.source { font-size: 11px; opacity: .85; }
`;
