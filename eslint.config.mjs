// One lint for the whole tree: TypeScript rules, React hooks rules, and the import boundaries that
// keep the parts apart (functions ⟂ miniapp, features ⟂ each other, production ⟂ tests and scripts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const features = ['activities', 'auth', 'home', 'join', 'orgs', 'stations'];
const testFiles = [
  '**/*.test.ts',
  '**/*.test.tsx',
  'test/**',
  'miniapp/test-support/**',
  'miniapp/test-weapp/**',
  'e2e/**',
  'bench/**',
  'scripts/**',
];

/** `no-restricted-imports` patterns: what production code may never reach. */
const notTestsOrScripts = [
  { group: ['**/test/**', '**/test-support/**', '**/test-weapp/**', '**/e2e/**'], message: 'Production code never imports test helpers.' },
  { group: ['**/scripts/**'], message: 'Production code never imports scripts/.' },
];

/** One `no-restricted-imports` rule for production files of `files`, with these patterns on top. */
const restrictImports = (files, patterns) => ({
  files,
  ignores: testFiles,
  rules: { 'no-restricted-imports': ['error', { patterns: [...notTestsOrScripts, ...patterns] }] },
});
const notBackend = { group: ['**/functions/**', '**/infra/**', '@aws-sdk/*'], message: 'The miniapp never imports the backend.' };
const notMiniapp = { group: ['**/miniapp/**', '@tarojs/*', 'react'], message: 'The backend and shared code never import the miniapp.' };

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.serverless/**',
      '.esbuild/**',
      '.artifacts/**',
      '.data/**',
      'miniapp/.swc/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // route types are generic over any route definition; `any` there is deliberate and local
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['miniapp/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  restrictImports(['functions/**/*.ts', 'shared/**/*.ts', 'infra/**/*.cjs'], [notMiniapp]),
  restrictImports(['miniapp/src/**/*.{ts,tsx}'], [notBackend]),
  ...features.map((feature) =>
    restrictImports(
      [`miniapp/src/features/${feature}/**/*.{ts,tsx}`],
      [
        notBackend,
        {
          group: features.filter((f) => f !== feature).flatMap((f) => [`../${f}/*`, `../${f}`, `**/features/${f}/*`]),
          message: 'Features never import each other: move what both need to components/ or lib/.',
        },
      ],
    ),
  ),
);
