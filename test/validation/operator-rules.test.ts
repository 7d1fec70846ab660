/**
 * Conformance tests of the operator's FlinkDeployment rules (R1-R3, R5-R26, R30) and the edge
 * cases its own validator tests pin (T1-T18). Each rule id gets a manifest that fails it and a
 * near miss that passes.
 */
import * as fc from 'fast-check';
import { lintManifests } from '../../lib/validation';
import { DEPLOYMENT_RULES, ingressTemplateProblem } from '../../lib/validation/rules/deployment';
import { SESSION_JOB_RULES } from '../../lib/validation/rules/session-job';
import { SNAPSHOT_RULES } from '../../lib/validation/rules/snapshot';
import { AUTOSCALER_RULES } from '../../lib/validation/rules/autoscaler';
import { ALL_RULES } from '../../lib/validation/rules';
import {
  NS, OPERATOR_RULES, deployment, ids, idsOf, lint, sessionCluster, sessionJob, snapshot,
} from './operator-fixtures';

const only = (m: any, opts = {}) => lint([m], opts);

describe('baseline', () => {
  test('the operator test fixture is valid on main, and its 1.15 form on 1.15', () => {
    expect(lint([deployment()])).toEqual([]);
    expect(lint([deployment(undefined, '1.15')], { operatorVersion: '1.15' })).toEqual([]);
    expect(lint([sessionCluster(), sessionJob()])).toEqual([]);
    expect(lint([deployment(), snapshot()])).toEqual([]);
  });

  test('T2: job state suspended and running are both valid', () => {
    expect(idsOf(deployment((d) => { d.spec.job.state = 'suspended'; }))).toEqual([]);
    expect(idsOf(deployment((d) => { d.spec.job.state = 'running'; }))).toEqual([]);
  });

  test('canary resources skip validation, as in the operator', () => {
    const canary = { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: 'canary', labels: { 'flink.apache.org/canary': 'true' } } };
    expect(lint([canary])).toEqual([]);
    const notCanary = { ...canary, metadata: { name: 'canary', labels: { 'flink.apache.org/canary': 'false' } } };
    expect(ids(lint([notCanary]))).toContain('flink-version-missing:R2');
  });

  test('non-Flink kinds and unknown kinds are skipped', () => {
    expect(lint([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Valid_Name' } },
      { apiVersion: 'apps/v1', kind: 'FlinkDeployment', metadata: { name: 'x' }, spec: {} },
      { apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkBlueGreenDeployment', metadata: { name: 'x' }, spec: {} },
    ])).toEqual([]);
  });

  test('malformed input never makes a rule throw', () => {
    const kinds = fc.constantFrom('FlinkDeployment', 'FlinkSessionJob', 'FlinkStateSnapshot');
    fc.assert(fc.property(kinds, fc.anything(), fc.anything(), (kind, spec, meta) => {
      const manifests = [
        { apiVersion: 'flink.apache.org/v1beta1', kind, metadata: meta, spec },
        deployment(), sessionJob(), snapshot(),
      ];
      for (const operatorVersion of ['1.15', 'main'] as const) {
        for (const mode of ['synth', 'lint'] as const) lint(manifests, { operatorVersion, mode });
      }
    }), { numRuns: 300 });
    const wrongTypes = deployment((d) => {
      d.spec.job = 'x'; d.spec.jobManager = { resources: 7, replicas: 'two' }; d.spec.taskManager = [];
      d.spec.ingress = { template: 5 }; d.spec.logConfiguration = 'x'; d.spec.flinkConfiguration = [1, 2];
    });
    expect(() => lint([wrongTypes, null, 3, 'x', {}])).not.toThrow();
  });

  test('each finding quotes a field path, a message and a fix', () => {
    const findings = only(deployment((d) => { d.metadata.name = 'Bad.Name'; d.spec.job.parallelism = 0; }));
    expect(findings.length).toBe(2);
    for (const f of findings) {
      expect(f).toMatchObject({ kind: 'FlinkDeployment', name: 'Bad.Name', namespace: NS, index: 0, severity: 'error' });
      expect(f.message).not.toBe('');
      expect(f.fix).not.toBe('');
    }
  });
});

describe('R1 deployment-name-invalid (T1)', () => {
  test.each(['session-cluster', 'a', 'a'.repeat(45), 'x1-2'])('%s is valid', (name) => {
    expect(idsOf(deployment((d) => { d.metadata.name = name; }))).toEqual([]);
  });
  test.each(['session-cluster-1.13', 'a'.repeat(46), 'Session', '1abc', 'abc-', 'a_b', ''])('%s is invalid', (name) => {
    const f = only(deployment((d) => { d.metadata.name = name; }));
    expect(ids(f)).toEqual(['deployment-name-invalid:R1']);
    expect(f[0].path).toBe('metadata.name');
    expect(f[0].message).toContain(JSON.stringify(name));
  });
});

describe('R2/R3 flinkVersion (T16)', () => {
  test('missing -> flink-version-missing', () => {
    expect(idsOf(deployment((d) => { delete d.spec.flinkVersion; }))).toEqual(['flink-version-missing:R2']);
    expect(idsOf(deployment((d) => { d.spec.flinkVersion = null; }))).toEqual(['flink-version-missing:R2']);
  });
  test.each(['v1_13', 'v1_14'])('%s -> flink-version-unsupported', (v) => {
    const f = only(deployment((d) => { d.spec.flinkVersion = v; }));
    expect(ids(f)).toEqual(['flink-version-unsupported:R3']);
    expect(f[0].message).toContain(v);
  });
  test.each(['v1_15', 'v1_18', 'v1_19', 'v2_2'])('%s is supported', (v) => {
    expect(idsOf(deployment((d) => { d.spec.flinkVersion = v; }))).toEqual([]);
  });
});

describe('R5 forbidden-config-key (T6)', () => {
  test('an arbitrary key is fine', () => {
    expect(idsOf(deployment((d) => { d.spec.flinkConfiguration.random = 'config'; }))).toEqual([]);
  });
  test.each(['kubernetes.namespace', 'kubernetes.cluster-id', 'high-availability.cluster-id'])('%s is forbidden', (key) => {
    const f = only(deployment((d) => { d.spec.flinkConfiguration[key] = 'x'; }));
    expect(ids(f)).toEqual(['forbidden-config-key:R5']);
    expect(f[0].path).toBe(`spec.flinkConfiguration['${key}']`);
  });
  test('a nested spelling points at the nested field', () => {
    const f = only(deployment((d) => { d.spec.flinkConfiguration.kubernetes = { namespace: 'x' }; }));
    expect(ids(f)).toEqual(['forbidden-config-key:R5']);
    expect(f[0].path).toBe('spec.flinkConfiguration.kubernetes.namespace');
  });
});

describe('R6 rollback-needs-ha, R7 health-check-needs-recovery (T7)', () => {
  const noHa = (d: any) => { delete d.spec.flinkConfiguration['high-availability.type']; };
  test('rollback without HA fails; with HA passes', () => {
    expect(idsOf(deployment((d) => { noHa(d); d.spec.flinkConfiguration['kubernetes.operator.deployment.rollback.enabled'] = 'true'; })))
      .toEqual(['rollback-needs-ha:R6']);
    expect(idsOf(deployment((d) => { d.spec.flinkConfiguration['kubernetes.operator.deployment.rollback.enabled'] = 'true'; }))).toEqual([]);
    expect(idsOf(deployment((d) => {
      d.spec.flinkConfiguration['high-availability.type'] = 'NONE';
      d.spec.flinkConfiguration['kubernetes.operator.deployment.rollback.enabled'] = true;
    }))).toEqual(['rollback-needs-ha:R6']);
  });
  test('health check with recovery disabled fails; with the default passes', () => {
    expect(idsOf(deployment((d) => {
      d.spec.flinkConfiguration['kubernetes.operator.cluster.health-check.enabled'] = 'true';
      d.spec.flinkConfiguration['kubernetes.operator.jm-deployment-recovery.enabled'] = 'false';
    }))).toEqual(['health-check-needs-recovery:R7']);
    expect(idsOf(deployment((d) => { d.spec.flinkConfiguration['kubernetes.operator.cluster.health-check.enabled'] = 'true'; }))).toEqual([]);
  });
});

describe('R8 ingress-template-missing, R9 ingress-template-invalid (T9)', () => {
  test('ingress without template', () => {
    expect(idsOf(deployment((d) => { d.spec.ingress = {}; }))).toEqual(['ingress-template-missing:R8']);
  });
  test('a non-numeric port is not a URL', () => {
    const f = only(deployment((d) => { d.spec.ingress = { template: 'example.com:port' }; }));
    expect(ids(f)).toEqual(['ingress-template-invalid:R9']);
    expect(f[0].message).toContain('"port"');
  });
  test.each([
    'example.com/{{namespace}}/{{name}}',
    '{{name}}.{{namespace}}.flink.k8s.io',
    '/{{namespace}}/{{name}}(/|$)(.*)',
    'https://example.com:8443/{{NAME}}',
    '[::1]:8080/x',
  ])('%s is valid', (template) => {
    expect(idsOf(deployment((d) => { d.spec.ingress = { template }; }))).toEqual([]);
  });
  test('IPv6 host without closing bracket', () => {
    expect(ingressTemplateProblem('[::1/x', 'a', 'b')).toContain(']');
  });
});

describe('R10 log-config-key-invalid (T8)', () => {
  test('allowed keys pass, others fail', () => {
    expect(idsOf(deployment((d) => { d.spec.logConfiguration = { 'log4j-console.properties': 'x', 'logback-console.xml': 'y' }; }))).toEqual([]);
    const f = only(deployment((d) => { d.spec.logConfiguration = { random: 'x' }; }));
    expect(ids(f)).toEqual(['log-config-key-invalid:R10']);
    expect(f[0].path).toBe('spec.logConfiguration.random');
  });
});

describe('R11 checkpoint-dir-required, R12-R15 savepoint-dir-required (T4, T5)', () => {
  const noCp = (d: any) => { delete d.spec.flinkConfiguration['execution.checkpointing.dir']; };
  const noSp = (d: any) => { delete d.spec.flinkConfiguration['execution.checkpointing.savepoint-dir']; };

  test('T4: savepoint mode without savepoint dir -> R12', () => {
    const f = only(deployment((d) => { noSp(d); d.spec.job.upgradeMode = 'savepoint'; }));
    expect(ids(f)).toEqual(['savepoint-dir-required:R12']);
    expect(f[0].path).toBe("spec.flinkConfiguration['execution.checkpointing.savepoint-dir']");
  });
  test.each(['savepoint', 'last-state'])('T4: %s without checkpoint dir -> R11', (mode) => {
    const f = only(deployment((d) => { noCp(d); d.spec.job.upgradeMode = mode; }));
    expect(ids(f)).toEqual(['checkpoint-dir-required:R11']);
    expect(f[0].message).toContain('execution.checkpointing.dir');
  });
  test('T4: stateless without either dir is valid', () => {
    expect(idsOf(deployment((d) => { noCp(d); noSp(d); }))).toEqual([]);
  });
  test('deprecated key names satisfy the rules; blank values do not', () => {
    expect(idsOf(deployment((d) => {
      noCp(d); noSp(d); d.spec.job.upgradeMode = 'savepoint';
      d.spec.flinkConfiguration.state = { checkpoints: { dir: 's3://b/cp' }, savepoints: { dir: 's3://b/sp' } };
    }))).toEqual([]);
    const f = only(deployment((d) => { d.spec.flinkConfiguration['execution.checkpointing.dir'] = '  '; d.spec.job.upgradeMode = 'last-state'; }));
    expect(ids(f)).toEqual(['checkpoint-dir-required:R11']);
    expect(f[0].path).toBe("spec.flinkConfiguration['execution.checkpointing.dir']");
  });
  test('the fix names the key the Flink version reads', () => {
    const old = only(deployment((d) => { noCp(d); d.spec.flinkVersion = 'v1_19'; d.spec.job.upgradeMode = 'last-state'; }));
    expect(old[0].fix).toContain("'state.checkpoints.dir'");
    const current = only(deployment((d) => { noCp(d); d.spec.job.upgradeMode = 'last-state'; }));
    expect(current[0].fix).toContain("'execution.checkpointing.dir'");
  });
  test('T5: savepointTriggerNonce without savepoint dir -> R13 (any value, even 0)', () => {
    expect(idsOf(deployment((d) => { noSp(d); d.spec.job.savepointTriggerNonce = 0; }))).toEqual(['savepoint-dir-required:R13']);
    expect(idsOf(deployment((d) => { d.spec.job.savepointTriggerNonce = 0; }))).toEqual([]);
  });
  test('T5: periodic savepoint interval without savepoint dir -> R14, even empty', () => {
    expect(idsOf(deployment((d) => { noSp(d); d.spec.flinkConfiguration['kubernetes.operator.periodic.savepoint.interval'] = '1m'; })))
      .toEqual(['savepoint-dir-required:R14']);
    expect(idsOf(deployment((d) => { noSp(d); d.spec.flinkConfiguration['kubernetes.operator.periodic.savepoint.interval'] = ''; })))
      .toEqual(['savepoint-dir-required:R14']);
    expect(idsOf(deployment((d) => { d.spec.flinkConfiguration['kubernetes.operator.periodic.savepoint.interval'] = '1m'; }))).toEqual([]);
  });
  test('T5: last-state max checkpoint age without savepoint dir -> R15', () => {
    const key = 'kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age';
    expect(idsOf(deployment((d) => { noSp(d); d.spec.flinkConfiguration[key] = '1m'; }))).toEqual(['savepoint-dir-required:R15']);
    expect(idsOf(deployment((d) => { d.spec.flinkConfiguration[key] = '1m'; }))).toEqual([]);
  });
  test('R15 also for an empty max checkpoint age: the operator fails to read it as a duration', () => {
    const key = 'kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age';
    expect(idsOf(deployment((d) => { noSp(d); d.spec.flinkConfiguration[key] = ''; }))).toEqual(['savepoint-dir-required:R15']);
    expect(idsOf(deployment((d) => { noSp(d); d.spec.flinkConfiguration[key] = '  '; }))).toEqual(['savepoint-dir-required:R15']);
    expect(idsOf(deployment((d) => { d.spec.flinkConfiguration[key] = ''; }))).toEqual([]);
  });
  test('every missing-dir finding is reported, not only the first', () => {
    expect(idsOf(deployment((d) => {
      noCp(d); noSp(d); d.spec.job.upgradeMode = 'savepoint'; d.spec.job.savepointTriggerNonce = 1;
    }))).toEqual(['checkpoint-dir-required:R11', 'savepoint-dir-required:R12', 'savepoint-dir-required:R13']);
  });
  test('session clusters have no job, so no dir rules', () => {
    expect(idsOf(sessionCluster((d) => { noCp(d); noSp(d); d.spec.flinkConfiguration['kubernetes.operator.periodic.savepoint.interval'] = '1h'; }))).toEqual([]);
  });
  test('T18: last-state with HA type "kubernetes" and dirs is valid', () => {
    expect(idsOf(deployment((d) => { d.spec.job.upgradeMode = 'last-state'; d.spec.flinkConfiguration['high-availability.type'] = 'kubernetes'; }))).toEqual([]);
  });
});

describe('R16/R26 taskmanager-replicas-invalid, R17 parallelism-invalid (T3)', () => {
  test('parallelism 0 -> R17; missing parallelism reads as 0', () => {
    expect(idsOf(deployment((d) => { d.spec.job.parallelism = 0; }))).toEqual(['parallelism-invalid:R17']);
    const f = only(deployment((d) => { delete d.spec.job.parallelism; }));
    expect(ids(f)).toEqual(['parallelism-invalid:R17']);
    expect(f[0].path).toBe('spec.job.parallelism');
  });
  test('taskManager.replicas 0 -> R16', () => {
    expect(idsOf(deployment((d) => { d.spec.taskManager.replicas = 0; }))).toEqual(['taskmanager-replicas-invalid:R16']);
  });
  test('replicas 1 with parallelism 0 is valid', () => {
    expect(idsOf(deployment((d) => { d.spec.taskManager.replicas = 1; d.spec.job.parallelism = 0; }))).toEqual([]);
  });
  test('session cluster with replicas 0 -> R26; 1 is valid', () => {
    expect(idsOf(sessionCluster((d) => { d.spec.taskManager.replicas = 0; }))).toEqual(['taskmanager-replicas-invalid:R26']);
    expect(idsOf(sessionCluster((d) => { d.spec.taskManager.replicas = 1; }))).toEqual([]);
  });
});

describe('R18/R23 memory missing, R19/R24 resource invalid (T11, T14)', () => {
  const v115 = { operatorVersion: '1.15' as const };
  const legacy = (mutate: (d: any) => void) => deployment(mutate, '1.15');

  test.each(['1G', '100', '1Gi', '2048m', '1GiB'])('T11: resource.memory %s is valid', (memory) => {
    expect(idsOf(legacy((d) => { d.spec.jobManager.resource.memory = memory; d.spec.taskManager.resource.memory = memory; }), v115)).toEqual([]);
  });
  test('T11: resource.memory "invalid" -> R19 / R24', () => {
    const f = only(legacy((d) => { d.spec.jobManager.resource.memory = 'invalid'; d.spec.taskManager.resource.memory = 'invalid'; }), v115);
    expect(ids(f)).toEqual(['jobmanager-resource-invalid:R19', 'taskmanager-resource-invalid:R24']);
    expect(f.map((x) => x.path)).toEqual(['spec.jobManager.resource.memory', 'spec.taskManager.resource.memory']);
  });
  test('T11: memory null -> R18 / R23', () => {
    expect(idsOf(legacy((d) => { delete d.spec.jobManager.resource.memory; }), v115)).toEqual(['jobmanager-memory-missing:R18']);
    expect(idsOf(legacy((d) => { delete d.spec.taskManager.resource.memory; }), v115)).toEqual(['taskmanager-memory-missing:R23']);
    expect(idsOf(legacy((d) => { delete d.spec.jobManager; delete d.spec.taskManager; }), v115))
      .toEqual(['jobmanager-memory-missing:R18', 'taskmanager-memory-missing:R23']);
  });
  test('T11: memory from flinkConfiguration', () => {
    const cfg = (extra: Record<string, string>, comp: 'jobManager' | 'taskManager') => legacy((d) => {
      delete d.spec[comp].resource.memory; Object.assign(d.spec.flinkConfiguration, extra);
    });
    expect(idsOf(cfg({ 'taskmanager.memory.task.heap.size': '1g' }, 'taskManager'), v115)).toEqual(['taskmanager-memory-missing:R23']);
    expect(idsOf(cfg({ 'jobmanager.memory.heap.size': '2048m' }, 'jobManager'), v115)).toEqual([]);
    expect(idsOf(cfg({ 'taskmanager.memory.flink.size': '2048m' }, 'taskManager'), v115)).toEqual([]);
    expect(idsOf(cfg({ 'taskmanager.memory.task.heap.size': '1g', 'taskmanager.memory.managed.size': '1g' }, 'taskManager'), v115)).toEqual([]);
    expect(idsOf(cfg({ 'jobmanager.memory.process.size': '' }, 'jobManager'), v115)).toEqual(['jobmanager-memory-missing:R18']);
  });
  test('memory in flinkConfiguration that Flink cannot parse does not count (the operator derives it with Flink)', () => {
    const cfg = (extra: Record<string, string>, comp: 'jobManager' | 'taskManager') => legacy((d) => {
      delete d.spec[comp].resource.memory; Object.assign(d.spec.flinkConfiguration, extra);
    });
    for (const bad of ['-1G', '1.5g', 'invalid', '0', '2 gigabytes']) {
      expect(idsOf(cfg({ 'taskmanager.memory.process.size': bad }, 'taskManager'), v115)).toEqual(['taskmanager-memory-missing:R23']);
      expect(idsOf(cfg({ 'jobmanager.memory.process.size': bad }, 'jobManager'), v115)).toEqual(['jobmanager-memory-missing:R18']);
    }
    expect(idsOf(cfg({ 'taskmanager.memory.process.size': '2 gb' }, 'taskManager'), v115)).toEqual([]);
    expect(idsOf(cfg({ 'jobmanager.memory.process.size': ' 1024 mb ' }, 'jobManager'), v115)).toEqual([]);
  });
  test('a total size too small for Flink\'s memory model does not define memory; explicit heaps of 0 do', () => {
    // Boundaries measured with the operator's own validator (docs/fidelity.md).
    const cfg = (extra: Record<string, string>, comp: 'jobManager' | 'taskManager') => legacy((d) => {
      delete d.spec[comp].resource.memory; Object.assign(d.spec.flinkConfiguration, extra);
    });
    const jm = (v: Record<string, string>) => idsOf(cfg(v, 'jobManager'), v115);
    const tm = (v: Record<string, string>) => idsOf(cfg(v, 'taskManager'), v115);
    expect(jm({ 'jobmanager.memory.process.size': '576m' })).toEqual(['jobmanager-memory-missing:R18']);
    expect(jm({ 'jobmanager.memory.process.size': '577m' })).toEqual([]);
    expect(jm({ 'jobmanager.memory.flink.size': '128m' })).toEqual(['jobmanager-memory-missing:R18']);
    expect(jm({ 'jobmanager.memory.flink.size': '129m' })).toEqual([]);
    expect(jm({ 'jobmanager.memory.process.size': '100' })).toEqual(['jobmanager-memory-missing:R18']);
    expect(jm({ 'jobmanager.memory.heap.size': '0' })).toEqual([]);
    expect(tm({ 'taskmanager.memory.process.size': '981m' })).toEqual(['taskmanager-memory-missing:R23']);
    expect(tm({ 'taskmanager.memory.process.size': '982m' })).toEqual([]);
    expect(tm({ 'taskmanager.memory.flink.size': '533m' })).toEqual(['taskmanager-memory-missing:R23']);
    expect(tm({ 'taskmanager.memory.flink.size': '534m' })).toEqual([]);
    expect(tm({ 'taskmanager.memory.process.size': '20g' })).toEqual([]);
    expect(tm({ 'taskmanager.memory.task.heap.size': '0', 'taskmanager.memory.managed.size': '0' })).toEqual([]);
    // Another memory option changes the model: then any readable size counts (no false errors).
    expect(tm({ 'taskmanager.memory.process.size': '900m', 'taskmanager.memory.managed.fraction': '0.1' })).toEqual([]);
  });
  test('T14: ephemeralStorage "abc" -> parse error naming the character', () => {
    const f = only(legacy((d) => { d.spec.jobManager.resource.ephemeralStorage = 'abc'; }), v115);
    expect(ids(f)).toEqual(['jobmanager-resource-invalid:R19']);
    expect(f[0].path).toBe('spec.jobManager.resource.ephemeralStorage');
    expect(f[0].message).toContain("character 'a' is neither a decimal digit");
  });

  test('§8: on 1.15 `resources` does not count, and the message says why', () => {
    const f = only(deployment(), v115);
    expect(ids(f)).toEqual(['jobmanager-memory-missing:R18', 'taskmanager-memory-missing:R23']);
    expect(f[0].message).toContain('spec.jobManager.resource.memory');
    expect(f[0].message).not.toContain('resources.requests.memory is set');
    expect(f[0].message).toContain('only on operator main');
    expect(f[0].path).toBe('spec.jobManager.resource.memory');
  });
  test('§8: memory-missing messages differ per version', () => {
    const none = (v: '1.15' | 'main') => deployment((d) => { delete d.spec.jobManager; delete d.spec.taskManager; }, v);
    const onMain = only(none('main'));
    const on115 = only(none('1.15'), v115);
    expect(onMain[0].message).toContain('spec.jobManager.resources.requests.memory');
    expect(onMain[0].path).toBe('spec.jobManager.resources.requests.memory');
    expect(on115[0].message).not.toContain('resources');
    expect(on115[0].fix).toContain('spec.jobManager.resource.memory');
  });
});

describe('R20/R25 resources invalid (main only; T12, T13)', () => {
  const withRes = (comp: 'jobManager' | 'taskManager', resources: any) => deployment((d) => { d.spec[comp].resources = resources; });
  const jm = (r: any) => idsOf(withRes('jobManager', r));
  const tm = (r: any) => idsOf(withRes('taskManager', r));

  test('T12: valid shapes', () => {
    expect(jm({ requests: { memory: '2Gi' } })).toEqual([]);
    expect(tm({ requests: { memory: '2Gi' } })).toEqual([]);
    expect(jm({ limits: { memory: '2Gi', cpu: '2' } })).toEqual([]);
    expect(tm({ limits: { memory: '2Gi', cpu: 2 } })).toEqual([]);
    expect(jm({ requests: { memory: '1Gi', cpu: '500m' }, limits: { memory: '2Gi', cpu: '1' } })).toEqual([]);
    expect(jm({ requests: { memory: '2Gi', cpu: '1' }, limits: { memory: '2Gi', cpu: '1' } })).toEqual([]);
  });
  test('T12: parse errors', () => {
    expect(jm({ requests: { memory: 'abc' } })).toEqual(['jobmanager-resources-invalid:R20']);
    expect(tm({ requests: { memory: '2Gi', cpu: 'notacpu' } })).toEqual(['taskmanager-resources-invalid:R25']);
    expect(jm({ requests: { memory: '2Gi' }, limits: { memory: 'xyz' } })).toEqual(['jobmanager-resources-invalid:R20']);
    const f = only(withRes('jobManager', { requests: { memory: 'abc' } }));
    expect(f[0].path).toBe('spec.jobManager.resources.requests.memory');
    expect(f[0].message).toContain('parse error');
  });
  test('T13: positivity, negativity and request <= limit', () => {
    const msg = (comp: 'jobManager' | 'taskManager', r: any) => only(withRes(comp, r)).map((f) => f.message);
    expect(msg('jobManager', { requests: { memory: '2Gi', cpu: '-1' } })[0]).toContain('must be positive');
    expect(msg('jobManager', { requests: { memory: '2Gi', cpu: '0' } })[0]).toContain('must be positive');
    expect(msg('taskManager', { requests: { memory: '0' } })[0]).toContain('must be positive');
    expect(msg('taskManager', { requests: { memory: '-2Gi' } })[0]).toContain('parse error');
    expect(msg('jobManager', { requests: { memory: '2Gi', 'ephemeral-storage': '-5Gi' } })[0]).toContain('must not be negative');
    expect(msg('jobManager', { requests: { memory: '4Gi' }, limits: { memory: '2Gi' } })[0]).toContain('request (4Gi) must not exceed its limit (2Gi)');
    expect(msg('taskManager', { requests: { memory: '2Gi', cpu: '1000m' }, limits: { cpu: '500m' } })[0]).toContain('cpu request (1000m)');
  });
  test('every problem is reported separately', () => {
    expect(jm({ requests: { memory: '0', cpu: '0', gpu: '-1' } })).toEqual(Array(3).fill('jobmanager-resources-invalid:R20'));
  });
  test('not checked on 1.15, where the field does not exist', () => {
    const d = deployment((x) => {
      x.spec.jobManager = { resource: { memory: '2g' }, resources: { requests: { memory: 'abc', cpu: '-1' } } };
      x.spec.taskManager = { resource: { memory: '2g' } };
    });
    expect(idsOf(d, { operatorVersion: '1.15' })).toEqual([]);
    expect(idsOf(d)).toEqual(['jobmanager-resources-invalid:R20', 'jobmanager-resources-invalid:R20']);
  });
});

describe('R21 jobmanager-replicas-invalid, R22 standby-jobmanagers-need-ha (T10)', () => {
  test('replicas 2 without HA -> R22; with HA valid', () => {
    expect(idsOf(deployment((d) => { d.spec.jobManager.replicas = 2; delete d.spec.flinkConfiguration['high-availability.type']; })))
      .toEqual(['standby-jobmanagers-need-ha:R22']);
    expect(idsOf(deployment((d) => { d.spec.jobManager.replicas = 2; }))).toEqual([]);
  });
  test('replicas 0 -> R21', () => {
    const f = only(deployment((d) => { d.spec.jobManager.replicas = 0; }));
    expect(ids(f)).toEqual(['jobmanager-replicas-invalid:R21']);
    expect(f[0].path).toBe('spec.jobManager.replicas');
  });
});

describe('R30 service-account-missing (T17)', () => {
  test('null fails; "flink" and "" pass', () => {
    expect(idsOf(deployment((d) => { delete d.spec.serviceAccount; }))).toEqual(['service-account-missing:R30']);
    expect(idsOf(deployment((d) => { d.spec.serviceAccount = 'flink'; }))).toEqual([]);
    expect(idsOf(deployment((d) => { d.spec.serviceAccount = ''; }))).toEqual([]);
  });
});

describe('R31 autoscaler checks on a deployment', () => {
  test('the finding carries the A-number and points at the key', () => {
    const f = only(deployment((d) => {
      d.spec.flinkConfiguration['job.autoscaler.enabled'] = 'true';
      d.spec.flinkConfiguration['job.autoscaler.utilization.target'] = '1.5';
    }));
    expect(ids(f)).toEqual(['autoscaler-option-out-of-range:A3']);
    expect(f[0].path).toBe("spec.flinkConfiguration['job.autoscaler.utilization.target']");
  });
});

describe('rule registry', () => {
  test('the rule sets are registered in ALL_RULES', () => {
    for (const r of OPERATOR_RULES) expect(ALL_RULES).toContain(r);
    const f = lintManifests([deployment((d) => { d.spec.job.parallelism = 0; })], { operatorVersion: 'main' });
    expect(ids(f)).toContain('parallelism-invalid:R17');
  });
  test('every id reported in these tests is documented with a ref and a why', () => {
    const all = [...DEPLOYMENT_RULES, ...SESSION_JOB_RULES, ...SNAPSHOT_RULES, ...AUTOSCALER_RULES];
    for (const r of all) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.why.length).toBeGreaterThan(10);
    }
    const documented = new Set(all.map((r) => r.id));
    const reported = lint([
      deployment((d) => {
        d.metadata.name = 'X'; delete d.spec.flinkVersion; delete d.spec.serviceAccount; d.spec.job.parallelism = 0;
        d.spec.flinkConfiguration['kubernetes.namespace'] = 'x';
      }),
      sessionJob((s) => { s.spec.deploymentName = 'nope'; s.spec.job.jarURI = 'http://127.0.0.1/x.jar'; }),
      snapshot((s) => { s.spec.checkpoint = {}; }),
    ], { mode: 'synth' });
    expect(reported.length).toBeGreaterThan(5);
    for (const f of reported) expect(documented).toContain(f.rule);
  });
  test('refs match the documented ref ranges', () => {
    const f = lint([deployment((d) => { d.spec.jobManager.replicas = 0; d.spec.flinkConfiguration['high-availability.cluster-id'] = 'x'; }),
      { ...sessionCluster(), metadata: { name: 'other', namespace: NS } }]);
    expect(ids(f)).toEqual(['forbidden-config-key:R5', 'jobmanager-replicas-invalid:R21']);
  });
});
