/** Checks against the operator's own files, which live beside the repo in ../shared (not in a user's clone). */
module.exports = {
  ...require('./jest.config.js'),
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['**/test/shared/**/*.test.ts'],
};
