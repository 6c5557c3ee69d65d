import { defineConfig, type Plugin } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { buildManifest, type TargetBrowser } from './manifest.config.ts';
import { lazyNudges } from './scripts/vite-plugin-lazy-nudges.ts';
import { singleScriptPages } from './scripts/vite-plugin-single-script-pages.ts';
import { strengthWords } from './src/strength/build/vite-plugin.ts';
import { managedSchemaText } from './src/shared/settings-schema.ts';

/**
 * The built managed_schema.json is generated from the settings table, never a copy that could lag
 * behind it: emitted last, it replaces the one Vite copies from public/ (kept there for readers and
 * `npm run check-policy`, and tested equal to this text).
 */
function managedSchemaFile(): Plugin {
  return {
    name: 'sobre-mail:managed-schema',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'managed_schema.json', source: managedSchemaText() });
    },
  };
}

const browser: TargetBrowser = process.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';

export default defineConfig({
  plugins: [
    preact(),
    strengthWords({ emitAsset: true }),
    crx({
      manifest: buildManifest(browser),
      browser,
      // One self-contained content script: no loader, no chunk made web-accessible to every site.
      contentScripts: { standaloneFiles: ['src/content/index.ts'] },
    }),
    lazyNudges(),
    managedSchemaFile(),
    singleScriptPages([
      // The nudge frame loads after a password field appears: one classic script, nothing to link.
      { html: 'src/frame/index.html', entry: 'src/frame/main.ts', script: 'src/frame/frame.js', format: 'iife' },
      { html: 'src/popup/index.html', entry: 'src/popup/main.tsx', script: 'src/popup/popup.js', format: 'iife' },
      // Its policy check (the strength estimator) stays a module of its own, loaded when asked for.
      { html: 'src/options/index.html', entry: 'src/options/main.tsx', script: 'src/options/options.js', format: 'es' },
    ]),
  ],
  build: {
    outDir: `dist/${browser}`,
    emptyOutDir: true,
    target: 'es2022',
    // Minified: the content script loads on every page and has a size budget (test/e2e/content-budget.e2e.ts).
    // No source maps in the packages: stores and admins get only what runs; a trace is read against a local build.
    sourcemap: false,
    minify: true,
    // Extension pages the manifest does not name (or names only as web-accessible, which CRXJS copies
    // unbuilt): CRXJS builds what the manifest lists, Vite these too.
    // (Vite 8's name for rollupOptions; CRXJS reads either.)
    rolldownOptions: { input: { privacy: 'src/privacy/index.html', frame: 'src/frame/index.html' } },
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
