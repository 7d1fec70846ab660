/** Differential tests against the operator's own validator (`npm run test:oracle`; needs java and mvn). */
module.exports = {
  ...require('./jest.config.js'),
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['**/test/oracle/**/*.oracle.test.ts'],
};
