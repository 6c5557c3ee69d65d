// The project's habits as lint rules, so they hold without anyone reading for them:
// - the model (src/model) is pure: no DOM, no browser or extension globals;
// - nothing the extension ships writes HTML from strings (innerHTML, outerHTML,
//   insertAdjacentHTML, document.write, preact's dangerouslySetInnerHTML);
// - no promise is left floating: a rejected one would be an unhandled error in a page or the worker.
// Formatting is Prettier's (`npx prettier --check .`, also in `npm test`), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import globals from 'globals';

const HTML_FROM_STRINGS = [
  {
    selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
    message: 'Build nodes (src/content/ui/dom.ts) or set textContent; never HTML from strings.',
  },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Build nodes instead of inserting HTML.' },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, never HTML from strings.' },
];

// Names a pure module must not reach for. Types (e.g. `Document` in a signature) are not values and stay allowed.
const BROWSER_GLOBALS = [
  'window',
  'document',
  'navigator',
  'location',
  'chrome',
  'browser',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'fetch',
  'XMLHttpRequest',
  'MutationObserver',
  'customElements',
  'HTMLElement',
  'Element',
  'Node',
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'artifacts/**', 'node_modules/**', '.tmp/**', 'coverage/**', 'public/**', 'test/fixtures/**', '**/*.generated.*'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node, ...globals.webextensions },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Code-point ranges such as [\x00-\x7f] are deliberate (ASCII and Latin-1 checks).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read JSON files and browser answers of any shape, then assert on them.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'no-unsanitized': noUnsanitized },
    rules: {
      'no-unsanitized/method': 'error',
      'no-unsanitized/property': 'error',
      'no-restricted-syntax': ['error', ...HTML_FROM_STRINGS],
    },
  },
  {
    files: ['src/model/**/*.ts', 'src/strength/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...BROWSER_GLOBALS.map((name) => ({ name, message: 'src/model is pure: pass what it needs in, from the DOM glue.' })),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/content/**', '**/background/**', '**/popup/**', '**/options/**', 'webextension-polyfill', '**/shared/ext*'],
              message: 'src/model is pure: no DOM glue or extension API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
