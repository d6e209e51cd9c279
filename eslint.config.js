// ESLint flat config. Besides the usual TypeScript rules it enforces the layering of DESIGN.md §3:
// each folder may only import from the layers below it, named after where its code runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS =
  '^(node:|(assert|buffer|child_process|cluster|crypto|dgram|dns|events|fs|http|http2|https|inspector|module|net|os|path|perf_hooks|process|readline|stream|tls|url|util|v8|vm|worker_threads|zlib)(/|$))';

/** One rule per layer: what it must not import, and why. */
const layer = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns: patterns.map(([regex, message]) => ({ regex, message })) }] },
});

const NO_ELECTRON = ['^electron(/|$)', 'only electron/main and electron/preload may import electron'];
const NO_RENDERER = ['(^|/)renderer/', 'the renderer is a browser bundle; share code through electron/common'];
const NO_WORKERS = ['(^|/)workers/', 'code in spawned processes is started by path, never imported (STYLE.md §8)'];
const NO_MAIN = [
  '(^|/)(electron/)?(main|preload)/',
  'electron/main and electron/preload sit on top; nothing imports them',
];

export default tseslint.config(
  // Probes are guest code: deliberately hostile scripts, not project code.
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'docs/',
      'resources/probes/',
      'electron/engine/test/fixtures/probes-*/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'enums are not erasable syntax; use a union of literals' },
      ],
    },
  },
  layer(
    ['electron/common/**'],
    [
      [NODE_BUILTINS, 'electron/common runs anywhere: no Node built-ins'],
      NO_ELECTRON,
      ['(^|/)(engine|host|main|preload)/', 'electron/common imports nothing outside itself'],
      NO_RENDERER,
      NO_WORKERS,
    ],
    ['**/*.test.ts'],
  ),
  // Tests of common code run on Node's test runner, but still import nothing from the layers above.
  layer(
    ['electron/common/**/*.test.ts'],
    [
      NO_ELECTRON,
      ['(^|/)(engine|host|main|preload)/', 'electron/common imports nothing outside itself'],
      NO_RENDERER,
      NO_WORKERS,
    ],
  ),
  layer(
    ['electron/engine/**'],
    [
      NO_ELECTRON,
      ['^\\.\\./(host|main|preload)/', 'the engine may only import electron/common'],
      NO_RENDERER,
      NO_WORKERS,
    ],
  ),
  layer(['electron/host/**'], [NO_ELECTRON, NO_MAIN, NO_RENDERER, NO_WORKERS]),
  layer(
    ['electron/preload/**'],
    [
      [NODE_BUILTINS, 'the preload runs sandboxed: no Node built-ins'],
      ['(^|/)(engine|host|main)/', 'the preload may only import electron/common'],
      NO_RENDERER,
      NO_WORKERS,
    ],
  ),
  layer(['electron/main/**'], [NO_RENDERER, NO_WORKERS]),
  layer(
    ['renderer/**'],
    [
      [NODE_BUILTINS, 'the renderer runs in a browser: no Node built-ins'],
      NO_ELECTRON,
      ['(^|/)electron/(engine|host|main|preload)/', 'the renderer may only import electron/common'],
      NO_WORKERS,
    ],
    // Unit tests of the renderer's pure modules run under node:test; they are never bundled.
    ['renderer/**/*.test.ts'],
  ),
  layer(
    ['renderer/**/*.test.ts'],
    [
      NO_ELECTRON,
      ['(^|/)electron/(engine|host|main|preload)/', 'the renderer may only import electron/common'],
      NO_WORKERS,
    ],
  ),
  layer(
    ['workers/**'],
    [
      NO_ELECTRON,
      ['(^|/)electron/(engine|host|main|preload)/', 'workers may only import electron/common'],
      NO_RENDERER,
    ],
  ),
  {
    files: ['bin/**/*.mjs', '*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
