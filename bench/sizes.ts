/**
 * Section 1 — sizes. gzip (level 6, gzip's default) of what the Chrome build ships, by what a user's
 * browser loads when: the always-loaded content script (budget 10 KiB), each lazily injected chunk,
 * the background (service-worker loader and its static imports), the popup and the options page
 * (their HTML, the scripts and stylesheets it links, and the modules those import, each file once).
 * The store zips are already compressed: their bytes as they are.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * 10 KiB since SOGo and Horde joined Roundcube: every adapter is always loaded (a page is recognised
 * before anything else can run) and each costs ≈ 1 KiB gzip (measured: 6.1 KiB with Roundcube and the
 * generic rules, 8.1 KiB with SOGo and Horde too).
 */
export const CONTENT_BUDGET_BYTES = 10 * 1024;

export interface SizeRow {
  name: string;
  /** Files counted, relative to the build. */
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  budgetBytes?: number;
}

export interface SizesResult {
  rows: SizeRow[];
  zips: { name: string; bytes: number }[];
  /** Dynamic `import()`s found in the counted files (loaded later, not counted above). */
  dynamicImports: string[];
}

/** The background's files: the worker loader and every module it imports, transitively. */
export function backgroundFiles(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } };
  const entry = manifest.background?.service_worker;
  if (!entry) return [];
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const code = readFileSync(join(dir, rel), 'utf8');
    for (const m of code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+\.js)["']/g)) {
      visit(resolveRel(rel, m[1]!));
    }
  };
  visit(entry.replace(/^\//, ''));
  return [...seen];
}

export function resolveRel(from: string, spec: string): string {
  if (spec.startsWith('/')) return spec.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 6 }).length;

function row(dir: string, name: string, files: string[], budgetBytes?: number): SizeRow {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const buf = readFileSync(join(dir, f));
    rawBytes += buf.length;
    gzipBytes += gz(buf);
  }
  return { name, files, rawBytes, gzipBytes, ...(budgetBytes ? { budgetBytes } : {}) };
}

/** An HTML page and everything it loads up front: script src, modulepreload, stylesheets, and their static imports. */
function pageFiles(dir: string, html: string, dynamic: Set<string>): string[] {
  const seen = new Set<string>([html]);
  const text = readFileSync(join(dir, html), 'utf8');
  const queue = [...text.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((m) => resolveRel(html, m[1]!));
  while (queue.length) {
    const f = queue.shift()!;
    if (seen.has(f) || !existsSync(join(dir, f))) continue;
    seen.add(f);
    if (!f.endsWith('.js')) continue;
    const code = readFileSync(join(dir, f), 'utf8');
    for (const m of code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+\.js)["']/g))
      queue.push(resolveRel(f, m[1]!));
    // Minified output may quote a dynamic import's path with backticks.
    for (const m of code.matchAll(/import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)) dynamic.add(resolveRel(f, m[1]!));
  }
  return [...seen];
}

export function measureSizes(dir: string, artifactsDir: string): SizesResult {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
    web_accessible_resources?: { resources: string[] }[];
    action?: { default_popup?: string };
    options_ui?: { page?: string };
  };
  const dynamic = new Set<string>();
  const rows: SizeRow[] = [];
  const content = manifest.content_scripts?.flatMap((c) => c.js ?? []) ?? [];
  rows.push(row(dir, 'content script (every page)', content, CONTENT_BUDGET_BYTES));
  const lazyDir = join(dir, 'src/content/lazy');
  if (existsSync(lazyDir)) {
    for (const f of readdirSync(lazyDir)
      .filter((f) => f.endsWith('.js'))
      .sort()) {
      rows.push(row(dir, `lazy: ${f}`, [`src/content/lazy/${f}`]));
    }
  }
  // Files the nudges fetch from the package (the password nudge's word lists, already gzipped).
  for (const f of manifest.web_accessible_resources?.flatMap((w) => w.resources) ?? []) {
    if (existsSync(join(dir, f))) rows.push(row(dir, `fetched: ${f}`, [f]));
  }
  const background = backgroundFiles(dir);
  rows.push(row(dir, 'background', background));
  for (const f of background) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)) dynamic.add(resolveRel(f, m[1]!));
  }
  if (manifest.action?.default_popup) rows.push(row(dir, 'popup', pageFiles(dir, manifest.action.default_popup, dynamic)));
  if (manifest.options_ui?.page) rows.push(row(dir, 'options', pageFiles(dir, manifest.options_ui.page, dynamic)));
  const zips = existsSync(artifactsDir)
    ? readdirSync(artifactsDir)
        .filter((f) => f.endsWith('.zip'))
        .sort()
        .map((name) => ({ name, bytes: statSync(join(artifactsDir, name)).size }))
    : [];
  return { rows, zips, dynamicImports: [...dynamic] };
}
