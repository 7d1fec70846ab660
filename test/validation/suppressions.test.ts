import * as fs from 'fs';
import * as path from 'path';
import { RULE_INFO, applyPolicy, lintManifests } from '../../lib';
import { checkManifests } from '../../lib/cli/check';
import { closestRuleIds, knownRuleIds, parseDirective } from '../../lib/validation/suppressions';
import { Finding } from '../../lib/validation/types';

/** A FlinkDeployment with a literal secret (error) and a deprecated key (warning). */
function deployment(annotations?: Record<string, string>, name = 'orders'): any {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: {
      image: 'flink:1.20',
      flinkVersion: 'v1_20',
      serviceAccount: 'flink',
      flinkConfiguration: {
        'taskmanager.numberOfTaskSlots': '2',
        'state.checkpoints.dir': 's3://bucket/checkpoints',
        'security.ssl.rest.keystore-password': 'password1234',
      },
      jobManager: { resource: { memory: '2048m', cpu: 1 } },
      taskManager: { resource: { memory: '2048m', cpu: 1 } },
      job: { jarURI: 'local:///opt/flink/usrlib/app.jar', parallelism: 2, upgradeMode: 'stateless' },
    },
  };
}
const SA = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flink' } };

const rules = (fs: readonly Finding[]) => fs.map((f) => `${f.rule}:${f.severity}${f.suppressed ? ':suppressed' : ''}`).sort();

describe('applyPolicy', () => {
  test('without settings, findings are unchanged', () => {
    const ms = [deployment(), SA];
    const raw = lintManifests(ms);
    expect(applyPolicy(ms, raw)).toEqual(raw);
    expect(rules(raw)).toEqual(['config-key-deprecated:warning', 'config-literal-secret:error']);
  });

  test('the annotation suppresses a rule on its resource only, and the finding stays, marked with the reason', () => {
    const ms = [deployment({ 'cdk8s-flink.io/suppress': 'config-literal-secret -- test keystore\n' }), deployment(undefined, 'other'), SA];
    const out = checkManifests(ms);
    const secret = out.filter((f) => f.rule === 'config-literal-secret');
    expect(secret).toHaveLength(2);
    expect(secret[0]).toMatchObject({
      name: 'orders',
      suppressed: { kind: 'inSource', reason: 'test keystore', where: "annotation cdk8s-flink.io/suppress of FlinkDeployment 'orders'" },
    });
    expect(secret[1].name).toBe('other');
    expect(secret[1].suppressed).toBeUndefined();
  });

  test('one annotation line can name several rules; each covers its own findings', () => {
    const ms = [deployment({ 'cdk8s-flink.io/suppress': 'config-literal-secret, config-key-deprecated -- migration in progress' }), SA];
    expect(rules(checkManifests(ms))).toEqual(['config-key-deprecated:warning:suppressed', 'config-literal-secret:error:suppressed']);
  });

  test('severities: off drops, warning and error replace the rule\'s own', () => {
    const ms = [deployment(), SA];
    const raw = lintManifests(ms);
    expect(rules(applyPolicy(ms, raw, { rules: { 'config-literal-secret': 'off' } }))).toEqual(['config-key-deprecated:warning']);
    expect(rules(applyPolicy(ms, raw, { rules: { 'config-literal-secret': 'warning', 'config-key-deprecated': 'error' } })))
      .toEqual(['config-key-deprecated:error', 'config-literal-secret:warning']);
  });

  test('a suppression that covers nothing is an unused-suppression warning on its resource', () => {
    const ms = [deployment({ 'cdk8s-flink.io/suppress': 'state-dir-node-local -- minikube' }), SA];
    const unused = checkManifests(ms).filter((f) => f.rule === 'unused-suppression');
    expect(unused).toEqual([expect.objectContaining({
      severity: 'warning', name: 'orders', index: 0, path: "metadata.annotations['cdk8s-flink.io/suppress']",
      message: expect.stringContaining('state-dir-node-local'),
    })]);
    // It can be turned off like any rule.
    expect(checkManifests(ms, { rules: { 'unused-suppression': 'off' } }).some((f) => f.rule === 'unused-suppression')).toBe(false);
  });

  test('two suppressions of the same finding: the first given is reported, neither is unused', () => {
    const ms = [deployment({ 'cdk8s-flink.io/suppress': 'config-literal-secret -- annotation' }), SA];
    const out = checkManifests(ms, { suppressions: [{ rule: 'config-literal-secret', reason: 'settings file', kind: 'external', where: 'cfg:2' }] });
    expect(out.find((f) => f.rule === 'config-literal-secret')!.suppressed).toEqual({ kind: 'external', reason: 'settings file', where: 'cfg:2' });
    expect(out.some((f) => f.rule === 'unused-suppression')).toBe(false);
  });

  test('an unknown rule id or a missing reason in the annotation is an error that names it', () => {
    const typo = checkManifests([deployment({ 'cdk8s-flink.io/suppress': 'config-literal-secrt -- x' }), SA]);
    const bad = typo.find((f) => f.rule === 'annotation-invalid')!;
    expect(bad.severity).toBe('error');
    expect(bad.message).toContain("unknown rule id 'config-literal-secrt' in annotation cdk8s-flink.io/suppress of FlinkDeployment 'orders'");
    expect(bad.message).toContain("Did you mean 'config-literal-secret'?");
    // Not applied: the secret is still an error.
    expect(typo.find((f) => f.rule === 'config-literal-secret')!.suppressed).toBeUndefined();

    const noReason = checkManifests([deployment({ 'cdk8s-flink.io/suppress': 'config-literal-secret' }), SA]);
    expect(noReason.find((f) => f.rule === 'annotation-invalid')!.message).toContain('without a reason');
  });

  test('external suppressions match by resource pattern; line suppressions by the finding\'s line', () => {
    const ms = [deployment(), deployment(undefined, 'other'), SA];
    const raw = lintManifests(ms);
    const byPattern = applyPolicy(ms, raw, {
      suppressions: [{ rule: 'config-literal-secret', reason: 'r', kind: 'external', where: 'cfg:3', resource: 'FlinkDeployment/other' }],
    });
    expect(byPattern.filter((f) => f.suppressed).map((f) => f.name)).toEqual(['other']);
    const lineOf = (index: number, path: string) => (path.includes('keystore-password') ? 40 + index : 1);
    const byLine = applyPolicy(ms, raw, {
      lineOf,
      suppressions: [{ rule: 'config-literal-secret', reason: 'r', kind: 'inSource', where: 'f:40', indexes: [0, 1], line: 41 }],
    });
    expect(byLine.filter((f) => f.suppressed).map((f) => f.name)).toEqual(['other']);
  });

  test('an external suppression for a resource that is not there is unused, at its own source line', () => {
    const ms = [deployment(), SA];
    const out = applyPolicy(ms, lintManifests(ms), {
      suppressions: [{ rule: 'config-literal-secret', reason: 'r', kind: 'external', where: '.cdk8s-flink.yaml:4', source: { file: '.cdk8s-flink.yaml', line: 4 }, resource: 'gone' }],
    });
    expect(out[out.length - 1]).toMatchObject({ rule: 'unused-suppression', index: -1, source: { file: '.cdk8s-flink.yaml', line: 4 } });
  });

  test('the cdk8s-flink.io/external annotation declares references, as options.external does', () => {
    const job = {
      apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkStateSnapshot', metadata: { name: 'cp' },
      spec: { jobReference: { kind: 'FlinkDeployment', name: 'gone' }, checkpoint: {} },
    };
    expect(checkManifests([job], { mode: 'synth' }).map((f) => f.rule)).toEqual(['snapshot-target-not-found']);
    const annotated = { ...job, metadata: { name: 'cp', annotations: { 'cdk8s-flink.io/external': '{"jobs":["gone"]}' } } };
    expect(checkManifests([annotated], { mode: 'synth' })).toEqual([]);
    const broken = { ...job, metadata: { name: 'cp', annotations: { 'cdk8s-flink.io/external': '{"job":["gone"]}' } } };
    expect(checkManifests([broken], { mode: 'synth' }).map((f) => f.rule).sort()).toEqual(['annotation-invalid', 'snapshot-target-not-found']);
  });
});

describe('rule ids', () => {
  test('every documented rule and schema finding is a known id', () => {
    for (const r of RULE_INFO) expect(knownRuleIds().has(r.id)).toBe(true);
    expect(knownRuleIds().has('schema-unknown-field')).toBe(true);
  });

  test('every id the engine reports on a broad input is known (so every rule is suppressible)', () => {
    const ms = [deployment(), { ...deployment(), metadata: { name: 'Bad_Name' }, spec: { job: { upgradeMode: 'nope' } } }];
    for (const f of checkManifests(ms, { mode: 'synth' })) expect(knownRuleIds().has(f.rule)).toBe(true);
  });

  test('every rule id written in the library\'s source is a known id', () => {
    const ids = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name)) {
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/\brule: '([a-z0-9-]+)'/g)) ids.add(m[1]);
        }
      }
    };
    walk(path.join(__dirname, '..', '..', 'lib'));
    expect(ids.size).toBeGreaterThan(50);
    expect([...ids].filter((id) => !knownRuleIds().has(id))).toEqual([]);
  });

  test('suggestions are the closest ids', () => {
    expect(closestRuleIds('state-dir-node-lokal')[0]).toBe('state-dir-node-local');
    expect(closestRuleIds('zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz')).toEqual([]);
  });

  test('directives: ids, then -- and a reason', () => {
    expect(parseDirective(' a-rule -- why', 'w')).toEqual(expect.any(String)); // unknown id
    expect(parseDirective('state-dir-node-local,pvc-not-found -- one node', 'w')).toEqual({ rules: ['state-dir-node-local', 'pvc-not-found'], reason: 'one node' });
    expect(parseDirective('state-dir-node-local --', 'w')).toMatch(/without a reason in w/);
    expect(parseDirective(' -- why', 'w')).toMatch(/without a rule id in w/);
  });
});
