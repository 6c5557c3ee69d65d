import { join } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rollup } from 'vite';

const FRAME_PAGE = 'src/frame/index.html';
const FRAME_ENTRY = 'src/frame/main.ts';
/** Beside the page, under a fixed name: the page names it, nothing else does. */
export const FRAME_SCRIPT = 'src/frame/frame.js';

/**
 * Our nudge frame (src/frame/) is on the path of every nudge's first render: its page loads after
 * the field appears. What Vite emits for it is an ES module importing shared chunks (the module-
 * preload polyfill, ext, frame-messages), a graph the browser fetches, parses and links before
 * anything runs. This builds the frame's script as one classic, self-contained file instead, at the
 * end of the page's body (so #view exists when it runs), and drops the module entry Vite made for
 * the page; the shared chunks stay for the pages that still import them.
 *
 * Like lazyNudges' sub-builds, this one keeps the parent's `resolve` and none of its plugins.
 */
export function frameSingleScript(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'sobre-mail:frame-single-script',
    apply: 'build',
    // After Vite's HTML plugin has written the page with its module script.
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle(_, bundle) {
      const page = bundle[FRAME_PAGE];
      if (page?.type !== 'asset' || typeof page.source !== 'string') throw new Error(`frame-single-script: no ${FRAME_PAGE} in the bundle`);
      const entry = Object.values(bundle).find(
        (output): output is Rollup.OutputChunk =>
          output.type === 'chunk' && output.isEntry && output.facadeModuleId?.endsWith(FRAME_PAGE) === true,
      );
      if (!entry) throw new Error(`frame-single-script: no module entry for ${FRAME_PAGE}`);
      const importedElsewhere = Object.values(bundle).some(
        (output) =>
          output.type === 'chunk' &&
          output !== entry &&
          (output.imports.includes(entry.fileName) || output.dynamicImports.includes(entry.fileName)),
      );
      if (importedElsewhere) throw new Error(`frame-single-script: ${entry.fileName} is imported by another chunk`);

      const result = await build({
        configFile: false,
        logLevel: 'warn',
        root: config.root,
        mode: config.mode,
        resolve: config.resolve,
        define: config.define,
        build: {
          write: false,
          emptyOutDir: false,
          lib: { entry: join(config.root, FRAME_ENTRY), formats: ['iife'], name: 'sobreMailFrame', fileName: () => FRAME_SCRIPT },
          minify: config.build.minify,
          sourcemap: false,
          target: config.build.target,
        },
      });
      const chunks = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
      const script = chunks.find((output): output is Rollup.OutputChunk => output.type === 'chunk' && output.isEntry);
      if (!script || chunks.some((output) => output.type === 'chunk' && !output.isEntry))
        throw new Error('frame-single-script: the frame script must build as one file');

      const html = page.source;
      const rewritten = html
        .replace(/\s*<script type="module"[^>]*><\/script>/g, '')
        .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
        .replace('</body>', `  <script src="/${FRAME_SCRIPT}"></script>\n  </body>`);
      if (/type="module"|modulepreload/.test(rewritten) || !rewritten.includes(FRAME_SCRIPT))
        throw new Error(`frame-single-script: unexpected ${FRAME_PAGE}:\n${html}`);
      page.source = rewritten;
      delete bundle[entry.fileName];
      this.emitFile({ type: 'asset', fileName: FRAME_SCRIPT, source: script.code });
    },
  };
}
