import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads a fixture into the test document without running or fetching anything: a content script
 * sees the DOM, not the page's JavaScript.
 */
export function loadFixture(name: string, url = 'https://mail.example.test/?_task=mail'): Document {
  const html = readFileSync(resolve(import.meta.dirname, '../fixtures', name), 'utf8');
  (window as unknown as { happyDOM?: { setURL(url: string): void } }).happyDOM?.setURL(url);
  // Pages saved from the live DOM keep Roundcube's frames (watermark.html, the hidden upload and send
  // targets): our content script never reads them, and happy-dom reports each frame it may not load,
  // already while parsing. They go before the markup is parsed.
  const parsed = new DOMParser().parseFromString(html.replace(/<iframe\b[^>]*>[\s\S]*?<\/iframe>/gi, ''), 'text/html');
  document.documentElement.replaceChildren(...[...parsed.documentElement.childNodes].map((n) => document.importNode(n, true)));
  document.body.className = parsed.body.className;
  return document;
}
