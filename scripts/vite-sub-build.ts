import { build, type BuildEnvironmentOptions, type Plugin, type ResolvedConfig, type Rollup } from 'vite';

/**
 * A build of one more script inside the extension's build, in memory: it keeps the parent's `resolve`
 * (the strength words' alias, preact's), `define` and `oxc` (preact's JSX), its minifier, source-map
 * choice and target,
 * and none of its plugins (CRXJS would treat it as the extension). Returns what it made; the caller
 * emits it into the parent's bundle.
 */
export async function subBuild(
  config: ResolvedConfig,
  options: BuildEnvironmentOptions,
  plugins: Plugin[] = [],
): Promise<(Rollup.OutputChunk | Rollup.OutputAsset)[]> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root: config.root,
    mode: config.mode,
    resolve: config.resolve,
    define: config.define,
    oxc: config.oxc,
    plugins,
    build: {
      write: false,
      emptyOutDir: false,
      minify: config.build.minify,
      sourcemap: config.build.sourcemap,
      target: config.build.target,
      ...options,
    },
  });
  return (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
}
