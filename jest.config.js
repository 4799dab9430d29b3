// Three levels, as the style guide says: unit (pure, no I/O), int (real Postgres / Kafka, one
// app's code), e2e (the running processes under test/). int and e2e share the real services, so
// they run in band.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));

const moduleNameMapper = {
  '^@casetrail/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@casetrail/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  '^@api/(.*)$': '<rootDir>/apps/api/src/$1',
  '^@seeds/(.*)$': '<rootDir>/seeds/$1',
  '^@scheduler/(.*)$': '<rootDir>/apps/scheduler/src/$1',
};
const shared = {
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // jose ships ES modules only; jest's CommonJS runtime needs them compiled.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { ...swc, swcrc: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  testSequencer: '<rootDir>/test/support/last-scan-sequencer.js',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,seeds,bench}/**/*.unit.spec.ts'] },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,seeds,infra}/**/*.int.spec.ts'],
      setupFiles: ['<rootDir>/libs/testing/src/setup-env.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'],
      // Keeps the apps' output and topic prefixes of the run for the personal-data scan.
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
      setupFiles: ['<rootDir>/libs/testing/src/setup-env.ts'],
    },
  ],
};
