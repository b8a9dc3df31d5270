/**
 * Shared jest preset: TypeScript through SWC, unit specs beside the code, integration tests in test/.
 * Dependencies published only as ES modules (jose, uuid, cookie, ...) are loaded as Node loads them,
 * with require(esm): Jest does that when Node runs with --experimental-vm-modules, which `.npmrc`
 * gives every package script (`pnpm test`, `pnpm run test`).
 */
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  // Where PostgreSQL, Redis and RabbitMQ come from: given URLs, throwaway containers, or this machine.
  globalSetup: path.join(__dirname, 'packages/shared/jest.global-setup.js'),
  globalTeardown: path.join(__dirname, 'packages/shared/jest.global-teardown.js'),
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
