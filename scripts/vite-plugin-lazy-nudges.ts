import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { subBuild } from './vite-sub-build.ts';
import { LAZY_SCRIPT_DIR, STRENGTH_ESTIMATOR_ENTRY, STRENGTH_ESTIMATOR_SCRIPT } from '../src/content/lazy/script-file.ts';

/** One file per lazily injected nudge, named after its id in kebab case (src/content/features/index.ts). */
export const NUDGES_DIR = 'src/content/nudges';
const ENTRY_PREFIX = 'virtual:sobre-mail-lazy-nudge/';

export function nudgeFiles(root: string): string[] {
  return readdirSync(join(root, NUDGES_DIR))
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => join(root, NUDGES_DIR, name));
}

/**
 * Builds the script the background injects for each nudge of src/content/nudges/: one self-contained
 * IIFE per file, at src/content/lazy/<file name>.iife.js (content/lazy/script-file.ts), whose entry
 * is written here: it imports the nudge's file and starts it with runInjectedNudge. No entry file
 * per nudge, no import of each script in the background.
 *
 * Not CRXJS's `?script` imports: those need an entry file on disk per script, and CRXJS lists them
 * as web-accessible to every matched site, which would let any page probe for the extension by
 * fetching them; `scripting.executeScript({ files })` needs no such listing. Like CRXJS's own
 * sub-builds, these keep the parent's `resolve` (the strength words' alias) and none of its plugins
 * (scripts/vite-sub-build.ts).
 */
export function lazyNudges(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'sobre-mail:lazy-nudges',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      /** Builds `entry` as one self-contained IIFE at `fileName`, and emits it. */
      const emitScript = async (name: string, entry: string, fileName: string, plugins: Plugin[] = []) => {
        const outputs = await subBuild(
          config,
          { lib: { entry, formats: ['iife'], name: name.replace(/\W/g, '_'), fileName: () => fileName } },
          plugins,
        );
        for (const output of outputs) {
          if (output.type === 'chunk' && !output.isEntry)
            throw new Error(`${name}: an injected script must be one file (${output.fileName})`);
          this.emitFile({
            type: 'asset',
            fileName: output.type === 'chunk' ? fileName : output.fileName,
            source: output.type === 'chunk' ? output.code : output.source,
          });
        }
      };
      // The password nudge's estimator, injected when its word lists load (content/lazy/script-file.ts).
      await emitScript('strength-estimator', join(config.root, STRENGTH_ESTIMATOR_ENTRY), STRENGTH_ESTIMATOR_SCRIPT);
      const runner = join(config.root, 'src/content/lazy/run-feature.ts');
      for (const file of nudgeFiles(config.root)) {
        const name = basename(file, '.ts');
        const fileName = `${LAZY_SCRIPT_DIR}/${name}.iife.js`;
        const entry: Plugin = {
          name: 'sobre-mail:lazy-nudge-entry',
          // Library mode makes the entry a path under the root.
          resolveId: (id) => (id.endsWith(`${ENTRY_PREFIX}${name}`) ? `\0${ENTRY_PREFIX}${name}` : null),
          load: (id) =>
            id === `\0${ENTRY_PREFIX}${name}`
              ? [
                  `import * as nudge from ${JSON.stringify(file)};`,
                  `import { runInjectedNudge } from ${JSON.stringify(runner)};`,
                  'void runInjectedNudge(nudge);',
                ].join('\n')
              : null,
        };
        await emitScript(name, `${ENTRY_PREFIX}${name}`, fileName, [entry]);
      }
    },
  };
}
