/** Every test runs on real PostgreSQL: test/support/global-setup starts one embedded server for the run. */
const ESM_ONLY = ['@nestjs', 'jose', 'dinero\\.js', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit', '@standard-schema'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+/node_modules/.+\\.js$': '<rootDir>/test/support/jest-esm-transformer.js',
  },
  // Only the ESM-only packages are compiled; everything else in node_modules is loaded as it is.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: { '^@o2c/([a-z-]+)$': '<rootDir>/libs/$1/src', '^@o2c/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
