/** Browser tests: the HTML report rendered in headless Chromium (`npm run test:browser`; needs a chromium binary). */
module.exports = {
  ...require('./jest.config.js'),
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['**/test/browser/**/*.test.ts'],
};
