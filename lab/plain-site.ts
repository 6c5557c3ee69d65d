import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An ordinary, non-webmail site on loopback. Its page records, from its first script on, every DOM
 * mutation anyone makes, so a test can prove the extension changed nothing.
 */
export const PLAIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Plain page</title>
<script>
  window.__mutations = [];
  const observer = new MutationObserver((records) => {
    for (const r of records) window.__mutations.push(r.type + ':' + (r.target.nodeName || '') + ':' + [...r.addedNodes].map((n) => n.nodeName).join(','));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // Parsing itself inserts nodes; only what happens once the document is parsed counts. The
  // parser's records may still be queued (not yet delivered) here on a busy machine: drop them too.
  document.addEventListener('DOMContentLoaded', () => { observer.takeRecords(); window.__mutations = []; });
</script></head>
<body>
<h1>Opening hours</h1>
<p>The library opens at 9:00. Contact: desk@example.org</p>
<form><label>Password <input type="password" name="password" autocomplete="new-password"></label>
<input type="file" name="upload"><button>Send</button></form>
</body></html>`;

/** A loopback server with one page at `/` (whatever the query): the plain site, or a test's own page. */
export async function servePage(html: string): Promise<{ url: string; stop(): Promise<void>; hits: string[] }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(html);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        // Browsers keep connections alive for a minute; do not wait for them.
        server.closeAllConnections();
      }),
  };
}

export function startPlainSite(): Promise<{ url: string; stop(): Promise<void>; hits: string[] }> {
  return servePage(PLAIN_PAGE);
}
