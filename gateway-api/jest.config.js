/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // fabric-gateway requires @noble/curves, which is ESM only: Node 24 loads it with require(),
    // Jest only with --experimental-vm-modules, so it is compiled to CommonJS here instead.
    '/node_modules/@noble/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60000,
};
