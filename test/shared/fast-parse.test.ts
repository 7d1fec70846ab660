import * as fs from 'fs';
import * as path from 'path';
import { parseDocumentValues } from '../../lib/cli/load';

// The operator's example manifests read the same through lint's fast parser and the reference one.

const DIR = path.resolve(__dirname, '../../../shared/operator-examples');
const FILES = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();

test('there are operator examples', () => {
  expect(FILES.length).toBeGreaterThan(10);
});

test.each(FILES.map((f) => [f]))('%s', (file) => {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  const fast = parseDocumentValues(text, false);
  const exact = parseDocumentValues(text, true);
  if (fast !== undefined) expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(exact)));
});
