import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Unit and DOM tests only: no CRXJS here, and no real browser (those are in test/e2e).
export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/dom/**/*.test.ts', 'test/dom/**/*.test.tsx'],
    environment: 'node',
  },
});
