import { readFileSync, writeFileSync, rmSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

/**
 * CRXJS lists dynamically injected scripts (`?script`) as web-accessible to every matched site, which
 * would let any page probe for the extension by fetching them. `scripting.executeScript({ files })`
 * does not need that, so this removes those entries, and the unreferenced ESM copies CRXJS leaves
 * beside the IIFE builds, with the shared chunks only those copies imported.
 */
export function privateLazyScripts(outDir: string): Plugin {
  return {
    name: 'sobre-mail:private-lazy-scripts',
    apply: 'build',
    enforce: 'post',
    closeBundle() {
      const manifestPath = join(outDir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      const isLazy = (r: string) => /\.iife\.js$/.test(r);
      manifest.web_accessible_resources = (manifest.web_accessible_resources ?? [])
        .map((entry: { resources: string[] }) => ({ ...entry, resources: entry.resources.filter((r) => !isLazy(r)) }))
        .filter((entry: { resources: string[] }) => entry.resources.length > 0);
      if (manifest.web_accessible_resources.length === 0) delete manifest.web_accessible_resources;
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
      removeUnreachableScripts(outDir);
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Scripts in assets/ that nothing the browser loads can reach: starting from the manifest, the HTML
 * pages and the injected IIFE scripts, follow every file whose name another reached file mentions.
 */
function removeUnreachableScripts(outDir: string): void {
  const files = filesUnder(outDir);
  const candidates = files.filter((f) => relative(outDir, f).startsWith('assets') && f.endsWith('.js'));
  const roots = files.filter((f) => !candidates.includes(f) && /\.(json|html|js)$/.test(f));
  const reached = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const text = readFileSync(queue.pop() as string, 'utf8');
    for (const candidate of candidates) {
      if (reached.has(candidate) || !text.includes(candidate.slice(candidate.lastIndexOf('/') + 1))) continue;
      reached.add(candidate);
      queue.push(candidate);
    }
  }
  for (const candidate of candidates) if (!reached.has(candidate)) rmSync(candidate);
}
