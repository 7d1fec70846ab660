/**
 * lib/report/data/config-defaults.json (the defaults `cdk8s-flink explain` shows) is generated from
 * the key catalogue in ../shared by scripts/build-report-data.js: regenerating it gives the
 * committed file byte for byte.
 */
import * as fs from 'fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../scripts/build-report-data.js') as { build(file: string): string; input: string; out: string };

test('npm run report-data reproduces lib/report/data/config-defaults.json', () => {
  expect(script.build(script.input)).toBe(fs.readFileSync(script.out, 'utf8'));
});
