/**
 * Pages the bench opens, served from one loopback server: an ordinary page (the end-to-end tests'
 * plain site), a copy of the elastic mail-view fixture (which the extension recognises as Roundcube
 * and so starts its observers on), and "busy" variants of both that mutate the DOM at a fixed rate.
 *
 * Query strings are ignored, so every navigation can use a fresh URL (no bfcache, no same-document skip).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PLAIN_PAGE } from '../lab/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/roundcube/elastic-mail.html'), 'utf8');
/** Compose: the attachment nudge adds capture listeners there, a positive control for the listener probe. */
const COMPOSE = readFileSync(join(ROOT, 'test/fixtures/roundcube/elastic-compose.html'), 'utf8');

/** Rows like Roundcube's message list, so the busy script has a realistic place to churn. */
const MESSAGE_LIST = `<table id="messagelist" class="records-table messagelist"><tbody>${Array.from(
  { length: 50 },
  (_, i) =>
    `<tr id="rcmrow${i}" class="message"><td class="subject"><span class="fromto">Sender ${i}</span><span class="subject"><a href="#">Subject ${i}</a></span></td><td class="flags"><span class="size">${i + 1} KB</span></td></tr>`,
).join('')}</tbody></table>`;

/**
 * `perSecond` DOM mutations per second for `seconds`: a 10 ms interval that catches up on the time
 * elapsed (timers are late on a busy machine), with a mix of what a busy webmail does: rows added
 * and removed, attributes and text rewritten in a list. With `touchQuota`, each tick also rewrites
 * Roundcube's quota widget with its own text and title (what `rcmail.set_quota()` does on a folder
 * refresh, here 100 times a second): the worst case for the extension's quota observer.
 * `window.__startBusy()` starts it; `window.__busy` says when it is over and what it achieved.
 */
export function busyScript(perSecond: number, seconds: number, touchQuota: boolean): string {
  return `<script>
(() => {
  const rate = ${perSecond} / 1000, duration = ${seconds * 1000}, touchQuota = ${touchQuota};
  window.__busy = { done: false, mutations: 0, started: 0, ended: 0 };
  window.__startBusy = () => {
    const list = document.querySelector('#messagelist tbody') || document.querySelector('#feed');
    const quota = touchQuota ? document.querySelector('#rcmquotadisplay') : null;
    const rowTag = list.tagName === 'TBODY' ? 'tr' : 'li';
    let n = 0;
    const t0 = performance.now();
    window.__busy.started = t0;
    const mutate = () => {
      const k = n % 4;
      if (k === 0) { const row = document.createElement(rowTag); row.className = 'message new'; row.textContent = 'New ' + n; list.appendChild(row); }
      else if (k === 1) { const last = list.lastElementChild; if (last) last.remove(); }
      else if (k === 2) { const row = list.children[n % list.children.length]; if (row) row.setAttribute('class', n % 8 ? 'message' : 'message selected'); }
      else { const row = list.children[(n * 7) % list.children.length]; if (row && row.firstChild) row.firstChild.textContent = 'Row ' + n; }
      n++;
    };
    const timer = setInterval(() => {
      const elapsed = Math.min(performance.now() - t0, duration);
      const due = Math.floor(elapsed * rate);
      if (quota && n < due) { quota.setAttribute('title', quota.getAttribute('title')); quota.textContent = quota.textContent; n += 2; }
      while (n < due) mutate();
      window.__busy.mutations = n;
      if (elapsed >= duration) { clearInterval(timer); window.__busy.ended = performance.now(); window.__busy.done = true; }
    }, 10);
  };
})();
</script>`;
}

/** The fixture with its missing assets answered (an empty stylesheet, a stub app.js), so nothing throws. */
function mailPage(extra = ''): string {
  return FIXTURE.replace('</div>\n</body>', `</div>\n${MESSAGE_LIST}\n${extra}</body>`);
}

function plainPage(extra = ''): string {
  return PLAIN_PAGE.replace('</body>', `<ul id="feed"></ul>\n${extra}</body>`);
}

export interface BenchSite {
  origin: string;
  plain: string;
  mail: string;
  compose: string;
  busyPlain: string;
  busyMail: string;
  busyMailQuota: string;
  stop(): Promise<void>;
}

export async function startBenchSite(busy = { perSecond: 10_000, seconds: 5 }): Promise<BenchSite> {
  const pages: Record<string, string> = {
    '/plain': plainPage(),
    '/mail': mailPage(),
    '/compose': COMPOSE,
    '/busy-plain': plainPage(busyScript(busy.perSecond, busy.seconds, false)),
    '/busy-mail': mailPage(busyScript(busy.perSecond, busy.seconds, false)),
    '/busy-mail-quota': mailPage(busyScript(busy.perSecond, busy.seconds, true)),
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (pages[path]) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(pages[path]);
    } else if (path.endsWith('.css')) {
      res.setHeader('content-type', 'text/css');
      res.end('');
    } else if (path.endsWith('app.min.js')) {
      res.setHeader('content-type', 'text/javascript');
      res.end('function rcube_webmail() {} rcube_webmail.prototype.set_env = function () {};');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    plain: `${origin}/plain`,
    mail: `${origin}/mail`,
    compose: `${origin}/compose`,
    busyPlain: `${origin}/busy-plain`,
    busyMail: `${origin}/busy-mail`,
    busyMailQuota: `${origin}/busy-mail-quota`,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
