import { readFileSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * CRXJS lists dynamically injected scripts (`?script`) as web-accessible to every matched site, which
 * would let any page probe for the extension by fetching them. `scripting.executeScript({ files })`
 * does not need that, so this removes those entries, and the unreferenced ESM copies CRXJS leaves
 * beside the IIFE builds.
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
      for (const file of readdirSync(join(outDir, 'assets'))) {
        if (/\.iife\.ts-[\w-]+\.js$/.test(file)) rmSync(join(outDir, 'assets', file));
      }
    },
  };
}
