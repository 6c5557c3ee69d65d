import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { strengthWords } from './src/strength/build/vite-plugin.ts';

// Unit and DOM tests only: no CRXJS here, and no real browser (those are in test/e2e).
export default defineConfig({
  plugins: [preact(), strengthWords()],
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/dom/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Property tests and the estimator's corpus are CPU-bound: on a 2-core machine shared with
    // browsers (CI, or other runs) 5 s was seen to pass at 2 s and time out at 11 s for the same test.
    testTimeout: 30_000,
    environmentOptions: {
      // Fixtures are inert: never fetch their stylesheets or scripts.
      happyDOM: {
        settings: {
          disableJavaScriptFileLoading: true,
          disableCSSFileLoading: true,
          disableJavaScriptEvaluation: true,
          handleDisabledFileLoadingAsSuccess: true,
        },
      },
    },
  },
});
