import { resolve } from 'node:path';
import { createServer } from 'vite';
import { strengthWords } from '../src/strength/build/vite-plugin.ts';

/**
 * bench/max-policy.ts runs the extension's own modules, and the estimator's word lists come through
 * a build plugin (`virtual:strength-words`): loaded through Vite with that plugin, like the unit tests.
 */
export async function loadMaxPolicy(): Promise<typeof import('./max-policy.ts')> {
  const server = await createServer({
    root: resolve(import.meta.dirname, '..'),
    configFile: false,
    plugins: [strengthWords()],
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: 'custom',
    logLevel: 'warn',
  });
  try {
    return (await server.ssrLoadModule('/bench/max-policy.ts')) as typeof import('./max-policy.ts');
  } finally {
    // The module stays usable once loaded: it needs nothing more from the server.
    await server.close();
  }
}
