// Lint rules that keep the architecture honest: type-aware checks plus import boundaries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';

const noIo = ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process'];

/** Forbid imports outside what a layer may depend on. */
function boundary(files, patterns, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.cache/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // The rules of React and of its hooks (the React Compiler's checks among them) in the web app.
  { files: ['apps/web/src/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  // Accessible markup in the web app: labels, roles, names, keyboard reach.
  {
    files: ['apps/web/src/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
    // Our components that render one native control, so a label around them labels it.
    settings: {
      'jsx-a11y': { components: { SpecialtySelect: 'select', ModalitySelect: 'select' } },
    },
  },
  {
    // dicom's typings for untyped dependencies travel with it through path references.
    files: ['packages/dicom/src/index.ts'],
    rules: { '@typescript-eslint/triple-slash-reference': ['error', { path: 'always' }] },
  },
  boundary(['packages/geometry/src/**'], ['@medlabel/*', ...noIo], 'geometry depends on nothing'),
  boundary(['packages/csv/src/**'], ['@medlabel/*', ...noIo], 'csv depends on nothing'),
  boundary(
    ['packages/schema/src/**'],
    ['@medlabel/!(geometry)', ...noIo],
    'schema may import only geometry and does no I/O',
  ),
  boundary(['packages/loop/src/**'], ['@medlabel/*', ...noIo], 'the loop is pure: no I/O'),
  boundary(
    ['packages/agreement/src/**'],
    ['@medlabel/!(geometry)', ...noIo],
    'agreement statistics may import only geometry and do no I/O',
  ),
  boundary(
    ['packages/editor/src/**'],
    ['@medlabel/!(geometry|schema)', 'react', 'react-dom', ...noIo],
    'the editor engine knows geometry and schema only, no React, no I/O',
  ),
  boundary(
    ['packages/dicom/src/**'],
    ['@medlabel/*', 'node:http', 'node:https', 'node:net', 'http', 'https', 'net'],
    'dicom parses and transforms; it never does HTTP',
  ),
  boundary(
    ['apps/web/src/**'],
    ['@medlabel/!(api-client|editor|schema|geometry)', ...noIo],
    'the web app reaches the server only through @medlabel/api-client',
  ),
  boundary(
    ['apps/server/src/**'],
    ['@medlabel/web', '@medlabel/editor', '@medlabel/cli'],
    'the server never imports front-end or CLI code',
  ),
  boundary(
    ['apps/server/src/**/*.routes.ts'],
    [
      '@medlabel/web',
      '@medlabel/editor',
      '@medlabel/cli',
      '**/*.repository.js',
      'kysely',
      '**/db/*',
    ],
    'routes declare and delegate to services; SQL stays in repositories',
  ),
  boundary(
    ['apps/server/src/**/*.service.ts'],
    ['@medlabel/web', '@medlabel/editor', '@medlabel/cli', 'kysely', 'better-sqlite3', 'pg'],
    'services own rules and access checks; SQL stays in repositories',
  ),
);
