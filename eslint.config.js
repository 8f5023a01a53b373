// One linter for the whole repository, including the layer rules of DESIGN.md:
// shared/ imports nothing of ours and no Node/Electron/DOM-only module; renderer/ never imports
// electron/; services never import the adapters (shell, host, CLI) that call them.
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

/** Every Node built-in: its bare name (builtinModules), and anything with the node: prefix. */
const nodeBuiltins = (message) => ({
  paths: builtinModules.map((name) => ({ name, message })),
  patterns: [{ group: ['node:*'], message }],
});

const builtins = {
  shared: nodeBuiltins('shared/ is pure TypeScript: no Node built-ins.'),
  renderer: nodeBuiltins('renderer/ runs in a sandboxed browser: no Node built-ins.'),
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure TypeScript: no Electron.' }, ...builtins.shared.paths],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not import electron/ or renderer/.' },
            ...builtins.shared.patterns,
            { group: ['vue', 'pinia', 'better-sqlite3'], message: 'shared/ must stay framework- and storage-free.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'renderer/ talks to the API contract only.' },
            ...builtins.renderer.paths,
          ],
          patterns: [
            { group: ['**/electron/**'], message: 'renderer/ must never import electron/.' },
            ...builtins.renderer.patterns,
            { group: ['better-sqlite3'], message: 'renderer/ talks to the API contract only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Services run in plain Node too (CLI, host): no Electron.' }],
          patterns: [
            {
              group: ['**/shell', '**/shell/**', '**/host', '**/host/**', '**/cli', '**/cli/**'],
              message:
                'Services never import the adapters that call them (electron/shell, electron/host, electron/cli).',
            },
          ],
        },
      ],
    },
  },
);
