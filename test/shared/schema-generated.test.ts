/**
 * The ahead-of-time schema checks (imports/validators) against the operator's own example
 * manifests: for every operator version and kind, with and without the pod template schema, the
 * same result and errors as Ajv compiling the committed schema at run time.
 *
 * Reads ../shared/operator-examples beside the repo (or $CDK8S_FLINK_SHARED/operator-examples).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { SCHEMA_KINDS } from '../../lib/validation/schema';
import { SCHEMA_VERSIONS, bothResults, schemaDoc } from '../validation/schema-reference';

const SHARED = process.env.CDK8S_FLINK_SHARED || path.resolve(__dirname, '..', '..', '..', 'shared');
const DIR = path.join(SHARED, 'operator-examples');

const manifests = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort().flatMap((f) =>
  parseAllDocuments(fs.readFileSync(path.join(DIR, f), 'utf8')).map((d) => d.toJS()).filter((m) => m && (SCHEMA_KINDS as readonly string[]).includes(m.kind))
    .map((m, i) => [`${f}#${i}`, m] as const));

test('the operator examples have Flink resources of every kind', () => {
  expect(new Set(manifests.map(([, m]) => m.kind))).toEqual(new Set(SCHEMA_KINDS));
});

test.each(SCHEMA_VERSIONS)('operator %s: the generated checks report what the run-time compile reports on every operator example', (version) => {
  let compared = 0;
  for (const [id, m] of manifests) {
    if (!schemaDoc(version).resources[m.kind]) continue;
    for (const podTemplates of [true, false]) {
      const r = bothResults(version, m.kind, podTemplates, m);
      expect({ id, podTemplates, ...r.generated }).toEqual({ id, podTemplates, ...r.reference });
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(20);
});
