/**
 * The CRD schema checks are generated ahead of time (scripts/build-validators.js, committed under
 * imports/validators). Regenerating them gives the committed bytes, and each generated check
 * reports exactly what Ajv compiling the committed schema at run time reports: on every example,
 * and on manifests mutated along random paths of the schema (deep into the pod template).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { SCHEMA_KINDS, checkSchema } from '../../lib/validation/schema';
import { EXAMPLE_CHARTS, exampleManifests } from '../example-charts';
import { SCHEMA_VERSIONS, bothResults, schemaDoc } from './schema-reference';

const ROOT = path.resolve(__dirname, '..', '..');
const COMMITTED = path.join(ROOT, 'imports', 'validators');

describe('generated schema checks', () => {
  test('npm run validators reproduces imports/validators byte for byte', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-validators-'));
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-validators.js')], {
        env: { ...process.env, CDK8S_FLINK_VALIDATORS_OUT: tmp }, stdio: 'pipe',
      });
      const committed = fs.readdirSync(COMMITTED).sort();
      expect(fs.readdirSync(tmp).sort()).toEqual(committed);
      for (const f of committed) {
        expect(`${f}: ${fs.readFileSync(path.join(tmp, f), 'utf8')}`).toBe(`${f}: ${fs.readFileSync(path.join(COMMITTED, f), 'utf8')}`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  test('the generated modules need nothing but each other (ajv is a build-time dependency only)', () => {
    for (const f of fs.readdirSync(COMMITTED)) {
      const requires = [...fs.readFileSync(path.join(COMMITTED, f), 'utf8').matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
      for (const r of requires) {
        expect(`${f} requires ${r}`).toMatch(/ requires \.\/[a-z0-9-]+\.js$/);
        expect(fs.existsSync(path.join(COMMITTED, r))).toBe(true);
      }
    }
  });

  test('every operator version and kind of the committed schemas has a generated check, with and without pod templates', () => {
    for (const version of SCHEMA_VERSIONS) {
      for (const kind of Object.keys(schemaDoc(version).resources)) {
        for (const podTemplates of [true, false]) {
          expect(bothResults(version, kind, podTemplates, { kind }).generated.valid).toBe(false);
        }
      }
    }
  });

  // Every example's Flink resources, checked against every version (the older CRDs reject newer fields).
  const examples = EXAMPLE_CHARTS.flatMap(([id]) => exampleManifests(id).filter((m) => (SCHEMA_KINDS as readonly string[]).includes(m.kind)).map((m) => [id, m] as const));

  test('the examples have Flink resources of every kind to compare on', () => {
    expect(new Set(examples.map(([, m]) => m.kind))).toEqual(new Set(SCHEMA_KINDS));
  });

  test.each(SCHEMA_VERSIONS)('operator %s: same result as the run-time compile on every example', (version) => {
    for (const [id, m] of examples) {
      if (!schemaDoc(version).resources[m.kind]) continue;
      for (const podTemplates of [true, false]) {
        const r = bothResults(version, m.kind, podTemplates, m);
        expect({ id, podTemplates, ...r.generated }).toEqual({ id, podTemplates, ...r.reference });
      }
    }
  });

  /** A random path through a schema (properties, items, additionalProperties, $ref), driven by `tape`. */
  function schemaPath(root: any, tape: readonly number[]): Array<string | number> {
    const out: Array<string | number> = [];
    let s = root;
    for (const t of tape) {
      while (s && typeof s.$ref === 'string') s = root.definitions[s.$ref.replace('#/definitions/', '')];
      if (!s || typeof s !== 'object') break;
      if (Array.isArray(s.anyOf)) s = { ...s, ...s.anyOf[t % s.anyOf.length] };
      const props = s.properties ? Object.keys(s.properties) : [];
      if (props.length > 0) {
        // Now and then a key the schema does not know, or one of the free map's own keys.
        if (t % 23 === 22) {
          out.push(`unknownField${t % 3}`);
          break;
        }
        const key = props[t % props.length];
        out.push(key);
        s = s.properties[key];
      } else if (s.items && typeof s.items === 'object') {
        out.push(t % 2);
        s = s.items;
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        out.push(`key${t % 2}`);
        s = s.additionalProperties;
      } else {
        break;
      }
    }
    return out;
  }

  /** A copy of `m` with `value` set at `p`, creating objects and arrays on the way (and replacing what is in the way). */
  function setAt(m: any, p: ReadonlyArray<string | number>, value: unknown): any {
    const copy = structuredClone(m);
    let cur = copy;
    p.forEach((seg, i) => {
      if (i === p.length - 1) {
        cur[seg] = value;
        return;
      }
      const next = p[i + 1];
      if (cur[seg] === null || typeof cur[seg] !== 'object' || (typeof next === 'number') !== Array.isArray(cur[seg])) {
        cur[seg] = typeof next === 'number' ? [] : {};
      }
      cur = cur[seg];
    });
    return copy;
  }

  const value = fc.oneof(
    fc.string({ maxLength: 6 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
    fc.constant({}), fc.constant([]), fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxKeys: 2 }),
    fc.constantFrom('v1_20', 'savepoint', 'native', 'Always', 'TCP', 'flink.apache.org/v1beta1', 'FlinkDeployment'),
  );
  const edit = fc.record({ tape: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 14 }), value, remove: fc.boolean(), pod: fc.boolean() });

  /** The paths of a kind schema's pod templates (its `$ref`s to the pod template schema). */
  function podPaths(schema: any, at: Array<string | number> = []): Array<Array<string | number>> {
    if (!schema || typeof schema !== 'object') return [];
    if (schema.$ref === '#/definitions/PodTemplate') return [at];
    return Object.entries(schema.properties ?? {}).flatMap(([k, v]) => podPaths(v, [...at, k]));
  }

  test.each(SCHEMA_VERSIONS)('operator %s: same result as the run-time compile on mutated manifests', (version) => {
    const doc = schemaDoc(version);
    const bases = examples.filter(([, m]) => doc.resources[m.kind]).map(([, m]) => m);
    let invalid = 0;
    let deep = 0;
    fc.assert(fc.property(fc.nat({ max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (b, edits, podTemplates) => {
      let m = bases[b];
      const kind: string = m.kind;
      for (const e of edits) {
        // Half of the edits start at a pod template, to reach deep into the pod schema.
        const pods = podPaths(doc.resources[kind]);
        const start = e.pod && pods.length > 0 ? pods[e.tape[0] % pods.length] : [];
        const p = [...start, ...schemaPath({ ...(start.length ? doc.definitions.PodTemplate : doc.resources[kind]), definitions: doc.definitions }, e.tape)];
        if (p.length === 0) continue;
        if (p.some((s) => s === 'podTemplate')) deep++;
        m = setAt(m, p, e.remove ? undefined : e.value);
      }
      const r = bothResults(version, kind, podTemplates, m);
      if (!r.reference.valid) invalid++;
      expect(r.generated).toEqual(r.reference);
    }), { numRuns: 400, seed: 17 + SCHEMA_VERSIONS.indexOf(version) });
    expect(invalid).toBeGreaterThan(100);
    expect(deep).toBeGreaterThan(50);
  }, 120_000);

  test('checkSchema reports through the generated checks (a pod template field deep in a container)', () => {
    const fd = examples.find(([, m]) => m.kind === 'FlinkDeployment')![1];
    const bad = setAt(fd, ['spec', 'podTemplate', 'spec', 'containers', 0, 'livenessProbe', 'httpGet', 'port'], { no: 1 });
    const findings = checkSchema(bad, '1.15', 3);
    expect(findings.map((f) => [f.rule, f.path, f.index])).toEqual(expect.arrayContaining([
      ['schema-wrong-type', 'spec.podTemplate.spec.containers[0].livenessProbe.httpGet.port', 3],
    ]));
    // Without the pod schema the same manifest passes (synth for pod templates the constructs built).
    expect(checkSchema(bad, '1.15', 3, { podTemplates: false })).toEqual([]);
  });
});
