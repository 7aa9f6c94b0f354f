/**
 * Transpile-only: @swc/jest strips types without checking them, so each test file loads in
 * milliseconds. Type checking runs once, in `npm run typecheck` (tsc --noEmit), which `npm test` runs first.
 * @type {import('jest').Config}
 */
module.exports = {
  // jest's own, with cdktf's token stack traces left unmapped (a third of a synth's CPU went to mapping them)...
  testEnvironment: '<rootDir>/scripts/jest-environment.js',
  // ...and dependencies compiled once per worker rather than once per test file.
  runtime: '<rootDir>/scripts/jest-runtime.js',
  // Token creation stacks as the app records them (lib/token-creation-stacks.ts): by default, none.
  setupFiles: ['<rootDir>/scripts/jest-setup.ts'],
  roots: ['<rootDir>'],
  testMatch: ['**/__tests__/**/*.test.ts', '**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/', '/dist/', '/.plan/'],
  // cdktf loads archiver (200 modules) for TerraformAsset, which this project never uses.
  moduleNameMapper: { '^archiver$': '<rootDir>/scripts/jest-archiver-stub.ts' },
  modulePathIgnorePatterns: ['<rootDir>/cdktf.out/', '<rootDir>/dist/', '<rootDir>/service/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 30000,
  // Five workers on the 2-core machines this runs on: the cdktf and Terraform-backed files keep a core busy, but
  // the store-fault and idempotency files spend twenty seconds each waiting for deadlines to pass, and the process
  // and build files wait on their children; with four workers a core still sat idle for seconds while those waited
  // (with two, both did). A worker whose heap is past the limit after a file is replaced; its
  // resident size runs well above its heap, so this keeps every process under 500 MB however many files it runs.
  maxWorkers: 5,
  workerIdleMemoryLimit: '200MB',
};
