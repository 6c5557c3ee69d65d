import { join } from 'node:path';
import type { Plugin, ResolvedConfig, Rollup } from 'vite';
import { subBuild } from './vite-sub-build.ts';

export interface SingleScriptPage {
  /** The page as the build emits it, e.g. `src/popup/index.html`. */
  html: string;
  /** Its script's source, e.g. `src/popup/main.tsx`. */
  entry: string;
  /** Where the one script goes, beside the page: named by the page only. */
  script: string;
  /**
   * `iife`: one classic script, nothing else (the frame: nothing to load later). `es`: one module
   * whose own dynamic imports stay separate files, loaded when used (the options page's policy check).
   */
  format: 'iife' | 'es';
}

/**
 * Pages on a user's path get one script instead of Vite's module graph. What Vite emits for an
 * extension page is an ES module importing shared chunks (the modulepreload polyfill, preact, ext,
 * i18n, …): a graph the browser fetches, parses and links before anything runs, and a fresh profile
 * has no code cache for it. Measured by the bench (`--only firstpaint`, bench/first-paint.ts: the
 * options page's scripts ran ~200 ms after its document was created in a fresh Chromium profile,
 * a static page's in ~40 ms) and on the nudge frame, which loads after a password field appears.
 *
 * Each page's script is built again here, self-contained (scripts/vite-sub-build.ts); the page
 * is rewritten to load it, Vite's entry for the page is dropped, and so is any shared chunk that no
 * remaining entry reaches any more (nothing unused ships in the packages).
 */
export function singleScriptPages(pages: readonly SingleScriptPage[]): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'sobre-mail:single-script-pages',
    apply: 'build',
    // After Vite's HTML plugin has written each page with its module script.
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle(_, bundle) {
      for (const page of pages) {
        const html = bundle[page.html];
        if (html?.type !== 'asset' || typeof html.source !== 'string')
          throw new Error(`single-script-pages: no ${page.html} in the bundle`);
        const entry = Object.values(bundle).find(
          (output): output is Rollup.OutputChunk =>
            output.type === 'chunk' && output.isEntry && output.facadeModuleId?.endsWith(page.html) === true,
        );
        if (!entry) throw new Error(`single-script-pages: no module entry for ${page.html}`);
        delete bundle[entry.fileName];

        const outputs = await subBuild(config, {
          // Not library mode: it leaves ES output unminified.
          modulePreload: false,
          rolldownOptions: {
            input: join(config.root, page.entry),
            output: { format: page.format, entryFileNames: page.script, chunkFileNames: 'assets/[name]-[hash].js' },
          },
        });
        const chunks = outputs.filter((output): output is Rollup.OutputChunk => output.type === 'chunk');
        if (page.format === 'iife' && chunks.length !== 1) throw new Error(`single-script-pages: ${page.script} must build as one file`);
        // Styles stay the page's own <link>, from the main build; the sub-build's copy is not used.
        for (const chunk of chunks) this.emitFile({ type: 'asset', fileName: chunk.fileName, source: chunk.code });

        const tag =
          page.format === 'iife' ? `<script src="/${page.script}"></script>` : `<script type="module" src="/${page.script}"></script>`;
        const rewritten = html.source
          .replace(/\s*<script type="module"[^>]*><\/script>/g, '')
          .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
          // At the end of the body: the page's root element exists when it runs.
          .replace('</body>', `  ${tag}\n  </body>`);
        if (/modulepreload/.test(rewritten) || !rewritten.includes(page.script))
          throw new Error(`single-script-pages: unexpected ${page.html}:\n${html.source}`);
        html.source = rewritten;
      }

      // Shared chunks only those pages imported are unreachable now.
      const reachable = new Set<string>();
      const visit = (fileName: string) => {
        const output = bundle[fileName];
        if (reachable.has(fileName) || output?.type !== 'chunk') return;
        reachable.add(fileName);
        for (const next of [...output.imports, ...output.dynamicImports]) visit(next);
      };
      for (const output of Object.values(bundle)) if (output.type === 'chunk' && output.isEntry) visit(output.fileName);
      const referenced = Object.values(bundle)
        .filter((output): output is Rollup.OutputAsset => output.type === 'asset' && typeof output.source === 'string')
        .map((asset) => asset.source as string)
        .join('\n');
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk' && !reachable.has(output.fileName) && !referenced.includes(output.fileName))
          delete bundle[output.fileName];
      }
    },
  };
}
