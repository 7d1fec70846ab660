/** Unit tests: everything here runs from a fresh clone, with no files outside the repo. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/shared/', '/test/browser/', '/test/oracle/'],
  // Code written as a user would write it (the README example) imports the package by name.
  moduleNameMapper: { '^cdk8s-flink$': '<rootDir>/lib/index.ts' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
  },
};
