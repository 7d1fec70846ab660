/**
 * The differential test against Flink's own jars (`npm run test:oracle:flink`). It needs the
 * oracle's output of this machine (node oracle/flink/run.js, Java and Maven), so `npm test` does
 * not run it.
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/oracle/flink/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
