// ESLint 9 flat config: typescript-eslint (syntax rules, no type information: see docs/ARCHITECTURE.md "Lint"),
// React hooks rules for the web, and the feature-folder boundary (eslint-plugin-boundaries):
// a feature folder is entered through its index.ts face.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';

// Files another feature may import besides the face:
// - server `*.table.ts`: the Drizzle schema is one database; foreign keys and joins name other features' tables;
// - web `i18n.<locale>.ts`: the dictionaries are merged by web/src/i18n per language, so only the active one loads.
const faces = ['index.ts', 'index.tsx'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'data-*/**',
      '.cache/**',
      'test-results/**',
      'screenshots/**',
      'bench/results/**',
      'migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...nodeAndBrowserGlobals() } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // the text guards strip and refuse control characters on purpose (contracts/common.ts, incoming mail)
      'no-control-regex': 'off',
      // full-width spaces (U+3000) belong in the Chinese print forms' text
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // an unused argument or a destructured rest sibling named with a leading underscore is deliberate
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // tests read JSON answers and poke at internals loosely; the product code does not
    files: ['tests/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['server/**/*.ts', 'web/src/**/*.{ts,tsx}', 'contracts/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: 'tsconfig.json' } },
      'boundaries/elements': [
        { type: 'contracts', pattern: 'contracts' },
        { type: 'server-platform', pattern: 'server/platform' },
        { type: 'server-feature', pattern: 'server/*', capture: ['feature'] },
        { type: 'web-shared', pattern: 'web/src/(platform|api|i18n)' },
        { type: 'web-app', pattern: 'web/src/app' },
        { type: 'web-feature', pattern: 'web/src/*', capture: ['feature'] },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'server-*' } },
              disallow: { to: { element: { type: 'server-feature' } } },
              message: 'server features import each other through the face: {{to.element.captured.feature}}/index.ts',
            },
            { from: { element: { type: 'server-*' } }, allow: { to: { element: { type: 'server-feature', fileInternalPath: [...faces, '*.table.ts'] } } } },
            {
              from: { element: { type: 'web-*' } },
              disallow: { to: { element: { type: 'web-feature' } } },
              message: 'web features import each other through the face: {{to.element.captured.feature}}/index.ts',
            },
            { from: { element: { type: 'web-*' } }, allow: { to: { element: { type: 'web-feature', fileInternalPath: [...faces, 'i18n.*.ts'] } } } },
            // a page or a panel fetched on first use is its own chunk and entered by import() itself: re-exported by a face,
            // the face's chunk would import it statically and pull it into the first load
            { from: { element: { type: 'web-*' } }, allow: { dependency: { nodeKind: 'dynamic-import' }, to: { element: { type: 'web-feature' } } } },
            {
              from: { element: { type: 'contracts' } },
              disallow: { to: { element: { type: '(server|web)-*' } } },
              message: 'contracts are shared by server and web and import neither',
            },
          ],
        },
      ],
    },
  },
);

function nodeAndBrowserGlobals() {
  // TypeScript checks names (no-undef is off for .ts); only the plain .js/.mjs files need these
  return Object.fromEntries(
    [
      'process',
      'console',
      'URL',
      'Buffer',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'globalThis',
      'fetch',
      'AbortController',
      'structuredClone',
      'queueMicrotask',
      'TextEncoder',
      'TextDecoder',
    ].map((name) => [name, 'readonly']),
  );
}
