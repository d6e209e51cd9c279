// ESLint flat config. Besides the usual TypeScript rules it enforces the layering of DESIGN.md §3 (as amended
// in docs/engine.md "Layers": electron/node sits between common and the Node layers above it): each folder may
// only import from the layers below it, named after where its code runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS =
  '^(node:|(assert|buffer|child_process|cluster|crypto|dgram|dns|events|fs|http|http2|https|inspector|module|net|os|path|perf_hooks|process|readline|stream|tls|url|util|v8|vm|worker_threads|zlib)(/|$))';

/** Everywhere: enums are not erasable syntax. Layers repeat it, as their own no-restricted-syntax replaces this. */
const NO_ENUMS = { selector: 'TSEnumDeclaration', message: 'enums are not erasable syntax; use a union of literals' };

/**
 * A layer's pattern as an esquery regex literal: esquery ends the literal at the first `/`, so slashes are
 * written as `\x2F` (the same character to the regex).
 */
const asSelectorRegex = (regex) => `/${regex.replaceAll('/', '\\x2F')}/`;

/**
 * One rule per layer: what it must not import, and why — static imports and re-exports through
 * no-restricted-imports, `import('…')` expressions with a literal specifier through no-restricted-syntax.
 */
const layer = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': ['error', { patterns: patterns.map(([regex, message]) => ({ regex, message })) }],
    'no-restricted-syntax': [
      'error',
      NO_ENUMS,
      ...patterns.map(([regex, message]) => ({
        selector: `ImportExpression[source.value=${asSelectorRegex(regex)}]`,
        message: `${message} (dynamic import)`,
      })),
    ],
  },
});

const NO_ELECTRON = ['^electron(/|$)', 'only electron/main and electron/preload may import electron'];
const NO_RENDERER = ['(^|/)renderer/', 'the renderer is a browser bundle; share code through electron/common'];
/** The Node-only layer, from a file inside electron/ (../node/, ../../node/) or from outside it (electron/node/). */
const NO_NODE_LAYER = (who) => [
  '(^(\\.\\./)+|(^|/)electron/)node/',
  `${who} runs without Node: electron/node (Node-only code) is not for it`,
];
const NO_WORKERS = ['(^|/)workers/', 'code in spawned processes is started by path, never imported (STYLE.md §8)'];
const NO_MAIN = [
  '(^|/)(electron/)?(main|preload)/',
  'electron/main and electron/preload sit on top; nothing imports them',
];

/** Test hosts (electron/engine/test/fixtures/*-host.ts) run as the host process, started by path. */
const HOST_FIXTURES = ['electron/engine/test/fixtures/*-host.ts'];

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
      'no-restricted-syntax': ['error', NO_ENUMS],
    },
  },
  layer(
    ['electron/common/**'],
    [
      [NODE_BUILTINS, 'electron/common runs anywhere: no Node built-ins'],
      NO_ELECTRON,
      ['(^|/)(engine|host|main|preload)/', 'electron/common imports nothing outside itself'],
      NO_NODE_LAYER('electron/common'),
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
      NO_NODE_LAYER('electron/common'),
      NO_RENDERER,
      NO_WORKERS,
    ],
  ),
  // The Node-only layer: what engine, host, main and workers share that needs Node (sockets, /proc, the OS
  // sandboxes' command lines). It may use Node's built-ins and electron/common, nothing above.
  layer(
    ['electron/node/**'],
    [
      NO_ELECTRON,
      ['^(\\.\\./)+(engine|host|main|preload)/', 'electron/node may only import electron/common'],
      NO_RENDERER,
      NO_WORKERS,
    ],
  ),
  layer(
    ['electron/engine/**'],
    [
      NO_ELECTRON,
      // At any depth: electron/engine/history/x.ts reaches electron/host through ../../host/.
      ['^(\\.\\./)+(host|main|preload)/', 'the engine may only import electron/common and electron/node'],
      NO_RENDERER,
      NO_WORKERS,
    ],
    HOST_FIXTURES,
  ),
  // Misbehaving hosts for tests are spawned processes themselves: they may load the real host to wrap it.
  layer(HOST_FIXTURES, [
    NO_ELECTRON,
    ['^(\\.\\./)+(host|main|preload)/', 'the engine may only import electron/common and electron/node'],
    NO_RENDERER,
  ]),
  layer(['electron/host/**'], [NO_ELECTRON, NO_MAIN, NO_RENDERER, NO_WORKERS]),
  layer(
    ['electron/preload/**'],
    [
      [NODE_BUILTINS, 'the preload runs sandboxed: no Node built-ins'],
      ['(^|/)(engine|host|main)/', 'the preload may only import electron/common'],
      NO_NODE_LAYER('the preload'),
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
      NO_NODE_LAYER('the renderer'),
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
      NO_NODE_LAYER('the renderer'),
      NO_WORKERS,
    ],
  ),
  layer(
    ['workers/**'],
    [
      NO_ELECTRON,
      ['(^|/)electron/(engine|host|main|preload)/', 'workers may only import electron/common and electron/node'],
      NO_RENDERER,
    ],
  ),
  {
    files: ['bin/**/*.mjs', '*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
