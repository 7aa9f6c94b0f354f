/**
 * Transpile-only: @swc/jest strips types without checking them, so each test file loads in
 * milliseconds. Type checking runs once, in `npm run typecheck` (tsc --noEmit), which `npm test` runs first.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/__tests__/**/*.test.ts', '**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/', '/dist/', '/.plan/'],
  modulePathIgnorePatterns: ['<rootDir>/cdktf.out/', '<rootDir>/service/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 30000,
};
