import type { Config } from 'jest';

// One transformer (swc) for every project: TypeScript and TSX to CommonJS, fast.
const swc: [string, Record<string, unknown>] = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } },
    module: { type: 'commonjs' },
  },
];
const transform = { '^.+\\.(t|j)sx?$': swc, '^.+\\.cjs$': swc };
const moduleFileExtensions = ['ts', 'tsx', 'js', 'jsx', 'cjs', 'json'];

const config: Config = {
  // DynamoDB Local and the builds share two cores: allow for a busy machine, never for a hang
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'shared',
      testEnvironment: 'node',
      roots: ['<rootDir>/shared'],
      transform,
      moduleFileExtensions,
    },
    {
      // Tests of handlers and table modules, against a real DynamoDB Local started for the run.
      displayName: 'functions',
      testEnvironment: 'node',
      roots: ['<rootDir>/functions', '<rootDir>/infra', '<rootDir>/scripts', '<rootDir>/test'],
      transform,
      moduleFileExtensions,
      globalSetup: '<rootDir>/test/functions-support/global-setup.ts',
      globalTeardown: '<rootDir>/test/functions-support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/functions-support/env.ts'],
    },
    {
      displayName: 'miniapp',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/miniapp/src'],
      transform,
      moduleFileExtensions,
      setupFiles: ['<rootDir>/miniapp/test-support/globals.ts'],
      moduleNameMapper: {
        '^@shared/(.*)$': '<rootDir>/shared/$1',
        '^@tarojs/taro$': '<rootDir>/miniapp/test-support/taro-fake.ts',
        '^@tarojs/components$': '<rootDir>/miniapp/test-support/components-fake.tsx',
        '\\.(css|scss)$': '<rootDir>/miniapp/test-support/style-stub.ts',
      },
    },
    {
      // The built weapp bundle, run in Node with a fake wx (needs `npm run build:weapp` first).
      displayName: 'weapp',
      testEnvironment: 'node',
      roots: ['<rootDir>/miniapp/test-weapp'],
      transform,
      moduleFileExtensions,
    },
    {
      // The whole system: npm start, and the H5 app in a real Chromium against the local stack.
      displayName: 'system',
      testEnvironment: 'node',
      roots: ['<rootDir>/e2e'],
      transform,
      moduleFileExtensions,
    },
  ],
};

export default config;
