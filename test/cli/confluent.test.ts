import * as fs from 'fs';
import * as path from 'path';
import { checkManifests } from '../../lib/cli/check';
import { CONFLUENT_DEFAULTABLE_RULES, CONFLUENT_RULES, isConfluentApplication } from '../../lib/cli/confluent';
import { RULE_INFO } from '../../lib/validation/rules';
import { FIXTURES, lines, lint } from './run';

const CMF = `${FIXTURES}/confluent/cmf-application.json`;
const CFK = `${FIXTURES}/confluent/cfk-application.yaml`;
const cmf = () => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/confluent/cmf-application.json'), 'utf-8'));

describe('Confluent FlinkApplication', () => {
  test('recognised in both API groups, not the cdk8s-flink construct of the same name', () => {
    expect(isConfluentApplication({ apiVersion: 'cmf.confluent.io/v1', kind: 'FlinkApplication' })).toBe(true);
    expect(isConfluentApplication({ apiVersion: 'platform.confluent.io/v1beta1', kind: 'FlinkApplication' })).toBe(true);
    expect(isConfluentApplication({ apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment' })).toBe(false);
    expect(isConfluentApplication({ apiVersion: 'example.com/v1', kind: 'FlinkApplication' })).toBe(false);
  });

  test('CMF JSON: findings keep the kind, point into the JSON, and defaultable rules are warnings', async () => {
    const r = await lint(['--format', 'json', CMF]);
    const out = JSON.parse(r.stdout);
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) {
      expect(f.kind).toBe('FlinkApplication');
      expect(f.file).toBe(CMF);
    }
    const sp = out.findings.find((f: any) => f.rule === 'savepoint-dir-required');
    expect(sp).toMatchObject({ severity: 'warning', line: 10, column: 5 });
    expect(sp.message).toContain('flinkApplicationDefaults');
    // The name is longer than the operator's 45 characters, but CMF names allow 253: no name finding.
    expect(out.findings.map((f: any) => f.rule)).not.toContain('deployment-name-invalid');
    // No CRD schema check, no service-account lookup.
    expect(out.findings.filter((f: any) => /^schema-|^service-account/.test(f.rule))).toEqual([]);
    expect(r.code).toBe(0);
    expect((await lint(['--strict', CMF])).code).toBe(1);
  });

  test('CFK custom resource: cmfRestClassRef and flinkEnvironment are not flagged; errors still fail', async () => {
    const r = await lint([CFK]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/cmfRestClassRef|flinkEnvironment/);
    const par = lines(r.stdout).find((l) => l.includes(' parallelism-invalid '));
    expect(par).toMatch(/^test\/cli\/fixtures\/confluent\/cfk-application\.yaml:28:5 error /);
  });

  test('the same spec as a FlinkDeployment gets the rules Confluent resources skip', () => {
    const app = cmf();
    const asDeployment = { ...app, apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment' };
    const rulesOf = (m: any) => checkManifests([m]).map((f) => f.rule);
    expect(rulesOf(asDeployment)).toContain('deployment-name-invalid');
    expect(rulesOf(app)).not.toContain('deployment-name-invalid');
    expect(checkManifests([asDeployment]).find((f) => f.rule === 'savepoint-dir-required')!.severity).toBe('error');
  });

  test('--previous matches Confluent resources too', () => {
    const prev = cmf();
    const next = { ...cmf(), spec: { ...prev.spec, mode: 'standalone' } };
    const prevNative = { ...prev, spec: { ...prev.spec, mode: 'native' } };
    const found = checkManifests([next], { previous: [prevNative] }).find((f) => f.rule === 'deployment-mode-change');
    expect(found).toMatchObject({ kind: 'FlinkApplication', severity: 'error', path: 'spec.mode' });
  });

  test('docs/confluent.md lists exactly the rule ids the code applies', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/confluent.md'), 'utf-8');
    const section = (title: string) => {
      const start = doc.indexOf(`## ${title}`);
      expect(start).toBeGreaterThanOrEqual(0);
      const end = doc.indexOf('\n## ', start + 3);
      const body = doc.slice(start, end < 0 ? undefined : end);
      return [...body.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]).filter((id) => !id.includes('confluent')).sort();
    };
    expect(section('Rules that apply as they do to a FlinkDeployment')).toEqual([...CONFLUENT_RULES].sort());
    expect(section('Rules that apply as warnings')).toEqual([...CONFLUENT_DEFAULTABLE_RULES].sort());
  });

  test('every listed id is a rule that exists', () => {
    const known = new Set(RULE_INFO.map((r) => r.id));
    expect([...CONFLUENT_RULES, ...CONFLUENT_DEFAULTABLE_RULES].filter((id) => !known.has(id))).toEqual([]);
  });
});
