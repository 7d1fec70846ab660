import { lintManifests } from '../../lib/validation/engine';
import { ALL_RULES } from '../../lib/validation/rules';
import { UPGRADE_RULES, upgradeRules } from '../../lib/validation/rules/upgrade';
import { Finding } from '../../lib/validation/types';

// Fixtures ---------------------------------------------------------------------------------------

/** The DefaultValidatorTest baseline shape (operator-rules.md §2.5), with a PVC-backed state dir. */
function deployment(job: Record<string, unknown> | null = { parallelism: 1, upgradeMode: 'stateless', state: 'running' }, extra: Record<string, any> = {}): any {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name: 'test-cluster', namespace: 'flink-operator-test' },
    spec: {
      image: 'flink:latest',
      flinkVersion: 'v1_20',
      serviceAccount: 'flink-operator',
      flinkConfiguration: {
        'taskmanager.numberOfTaskSlots': '2',
        'high-availability.type': 'org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory',
        'high-availability.storageDir': 'file:///flink-data/ha',
        'execution.checkpointing.dir': 'file:///flink-data/checkpoints',
        'execution.checkpointing.savepoint-dir': 'file:///flink-data/savepoints',
      },
      jobManager: { replicas: 1, resources: { requests: { cpu: '1', memory: '2048m' } } },
      taskManager: { resources: { requests: { cpu: '1', memory: '2048m' } } },
      podTemplate: {
        spec: {
          containers: [{ name: 'flink-main-container', volumeMounts: [{ name: 'state', mountPath: '/flink-data' }] }],
          volumes: [{ name: 'state', persistentVolumeClaim: { claimName: 'flink-state' } }],
        },
      },
      ...(job ? { job: { jarURI: 'local:///tmp/sample.jar', ...job } } : {}),
      ...extra,
    },
  };
}

function sessionJob(deploymentName: string, job: Record<string, unknown> = { parallelism: 1, upgradeMode: 'stateless' }, conf: Record<string, string> = {}): any {
  return {
    apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkSessionJob',
    metadata: { name: 'session-job', namespace: 'flink-operator-test' },
    spec: { deploymentName, flinkConfiguration: conf, job: { jarURI: 'https://example.com/job.jar', ...job } },
  };
}

function pvc(storage: string, storageClassName?: string, name = 'flink-state'): any {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'flink-operator-test' },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage } }, ...(storageClassName ? { storageClassName } : {}) },
  };
}

function change(previous: any[], next: any[]): Finding[] {
  return lintManifests(next, { previous }, [upgradeRules]);
}
const ids = (fs: Finding[]) => fs.map((f) => `${f.rule}:${f.severity}`);
const refs = (fs: Finding[]) => fs.map((f) => `${f.ref}:${f.rule}`);

const clone = (x: any) => JSON.parse(JSON.stringify(x));
function edit(d: any, fn: (d: any) => void): any {
  const c = clone(d);
  fn(c);
  return c;
}

// Operator spec-change rules ---------------------------------------------------------------------

describe('spec-change rules (R4, R27, R28, R29, S3)', () => {
  test('nothing runs without previous manifests, and an unchanged spec passes', () => {
    const d = deployment({ parallelism: 1, upgradeMode: 'last-state', state: 'suspended' });
    expect(lintManifests([d], {}, [upgradeRules])).toEqual([]);
    expect(change([d], [d])).toEqual([]);
  });

  test('T15: job -> session and session -> job are rejected (R27 cluster-type-change)', () => {
    const app = deployment();
    const session = deployment(null);
    const toSession = change([app], [session]);
    expect(refs(toSession)).toEqual(['R27:cluster-type-change']);
    expect(toSession[0].message).toContain('Cannot switch from job to session cluster');
    const toJob = change([session], [app]);
    expect(refs(toJob)).toEqual(['R27:cluster-type-change']);
    expect(toJob[0].message).toContain('Cannot switch from session to job cluster');
  });

  test.each([
    [undefined, 'standalone'], ['native', 'standalone'], ['standalone', undefined], ['standalone', 'native'],
  ])('T15: mode %s -> %s is rejected (R28 deployment-mode-change)', (from, to) => {
    const fs = change([deployment(null, from ? { mode: from } : {})], [deployment(null, to ? { mode: to } : {})]);
    expect(refs(fs)).toEqual(['R28:deployment-mode-change']);
    expect(fs[0].path).toBe('spec.mode');
  });

  test('T15 near miss: null -> native is no mode change', () => {
    expect(change([deployment(null)], [deployment(null, { mode: 'native' })])).toEqual([]);
  });

  describe('T19: savepointRedeployNonce (R29 savepoint-redeploy-without-path)', () => {
    const withNonce = (nonce: number | undefined, path?: string) => deployment({
      parallelism: 1, upgradeMode: 'savepoint',
      ...(nonce !== undefined ? { savepointRedeployNonce: nonce } : {}),
      ...(path !== undefined ? { initialSavepointPath: path } : {}),
    });
    test.each([
      ['set 1 with a path', withNonce(undefined), withNonce(1, 'file:///flink-data/savepoints/sp-1')],
      ['unchanged 1 -> 1 without a path', withNonce(1), withNonce(1)],
      ['removed without a path', withNonce(1), withNonce(undefined)],
      ['1 -> 2 with a path', withNonce(1, 'file:///flink-data/savepoints/sp-1'), withNonce(2, 'file:///flink-data/savepoints/sp-2')],
    ])('%s is valid', (_, prev, next) => {
      expect(change([prev], [next]).filter((f) => f.ref === 'R29')).toEqual([]);
    });
    test.each([
      ['a new nonce with no path', withNonce(1), withNonce(2)],
      ['a new nonce with a blank path', withNonce(undefined), withNonce(1, ' ')],
    ])('%s is rejected', (_, prev, next) => {
      const fs = change([prev], [next]);
      expect(refs(fs)).toEqual(['R29:savepoint-redeploy-without-path']);
      expect(fs[0].message).toContain('InitialSavepointPath must not be empty');
    });
  });

  describe('T21: flinkVersion change after a last-state suspend (R4)', () => {
    const at = (version: string, job: Record<string, unknown>) => {
      const d = deployment({ parallelism: 1, ...job });
      d.spec.flinkVersion = version;
      return d;
    };
    test('v1_19 -> v1_20 after last-state suspend is rejected unless the new mode is stateless', () => {
      const fs = change([at('v1_19', { upgradeMode: 'last-state', state: 'suspended' })], [at('v1_20', { upgradeMode: 'last-state', state: 'running' })]);
      expect(refs(fs)).toEqual(['R4:flink-version-change-after-last-state-suspend']);
      expect(fs[0].message).toContain("from 'v1_19' to 'v1_20'");
      expect(change([at('v1_19', { upgradeMode: 'last-state', state: 'suspended' })], [at('v1_20', { upgradeMode: 'savepoint', state: 'suspended' })])
        .map((f) => f.ref)).toContain('R4');
      expect(change([at('v1_19', { upgradeMode: 'last-state', state: 'suspended' })], [at('v1_20', { upgradeMode: 'stateless', state: 'running' })])
        .filter((f) => f.ref === 'R4')).toEqual([]);
    });
    test('a version change is fine if the job was running, or suspended with savepoint/stateless', () => {
      for (const prev of [
        at('v1_19', { upgradeMode: 'last-state', state: 'running' }),
        at('v1_19', { upgradeMode: 'savepoint', state: 'suspended' }),
        at('v1_19', { upgradeMode: 'stateless', state: 'suspended' }),
      ]) {
        const next = edit(prev, (d) => { d.spec.flinkVersion = 'v1_20'; });
        expect(change([prev], [next])).toEqual([]);
      }
    });
  });

  test('T22: changing a session job\'s deploymentName is rejected (S3); keeping it passes', () => {
    const fs = change([sessionJob('test-cluster')], [sessionJob('not-match')]);
    expect(refs(fs)).toEqual(['S3:session-job-deployment-name-change']);
    expect(fs[0].path).toBe('spec.deploymentName');
    expect(fs[0].message).toContain("from 'test-cluster' to 'not-match'");
    expect(change([sessionJob('test-cluster')], [sessionJob('test-cluster')])).toEqual([]);
  });
});

// State loss ---------------------------------------------------------------------------------------

describe('state-loss rules', () => {
  test('upgrade-to-stateless-loses-state: a running savepoint job switched to stateless fails; a suspended one does not', () => {
    const fs = change([deployment({ parallelism: 1, upgradeMode: 'savepoint' })], [deployment({ parallelism: 1, upgradeMode: 'stateless' })]);
    expect(ids(fs)).toEqual(['upgrade-to-stateless-loses-state:error']);
    expect(fs[0].path).toBe('spec.job.upgradeMode');
    expect(change([deployment({ parallelism: 1, upgradeMode: 'last-state', state: 'suspended' })], [deployment({ parallelism: 1, upgradeMode: 'stateless', state: 'suspended' })])).toEqual([]);
    // Session jobs too.
    expect(ids(change([sessionJob('c', { parallelism: 1, upgradeMode: 'last-state' })], [sessionJob('c', { parallelism: 1 })])))
      .toEqual(['upgrade-to-stateless-loses-state:error']);
  });

  describe('checkpoint-dir-changed', () => {
    const moved = (mode: string) => [
      deployment({ parallelism: 1, upgradeMode: mode }),
      edit(deployment({ parallelism: 1, upgradeMode: mode }), (d) => { d.spec.flinkConfiguration['execution.checkpointing.dir'] = 'file:///flink-data/cp-v2'; }),
    ];
    test('error in last-state mode, warning in savepoint mode, nothing for stateless', () => {
      const [p1, n1] = moved('last-state');
      const fs = change([p1], [n1]);
      expect(ids(fs)).toEqual(['checkpoint-dir-changed:error']);
      expect(fs[0].path).toBe("spec.flinkConfiguration['execution.checkpointing.dir']");
      expect(fs[0].message).toContain("from 'file:///flink-data/checkpoints' to 'file:///flink-data/cp-v2'");
      const [p2, n2] = moved('savepoint');
      expect(ids(change([p2], [n2]))).toEqual(['checkpoint-dir-changed:warning']);
      const [p3, n3] = moved('stateless');
      expect(change([p3], [n3])).toEqual([]);
    });
    test('a renamed key or a trailing slash with the same directory is no change; removal is', () => {
      const prev = deployment({ parallelism: 1, upgradeMode: 'last-state' });
      const renamed = edit(prev, (d) => {
        delete d.spec.flinkConfiguration['execution.checkpointing.dir'];
        d.spec.flinkConfiguration['state.checkpoints.dir'] = 'file:///flink-data/checkpoints/';
      });
      expect(change([prev], [renamed])).toEqual([]);
      const removed = edit(prev, (d) => { delete d.spec.flinkConfiguration['execution.checkpointing.dir']; });
      const fs = change([prev], [removed]);
      expect(ids(fs)).toEqual(['checkpoint-dir-changed:error']);
      expect(fs[0].message).toContain('is removed');
    });
    test('a session job inherits the directory from its cluster', () => {
      const cluster = deployment(null);
      cluster.metadata.name = 'session';
      const prevJob = sessionJob('session', { parallelism: 1, upgradeMode: 'last-state' });
      const nextJob = sessionJob('session', { parallelism: 1, upgradeMode: 'last-state' }, { 'execution.checkpointing.dir': 's3://bucket/cp' });
      const fs = lintManifests([cluster, nextJob], { previous: [cluster, prevJob] }, [upgradeRules]);
      expect(fs.map((f) => `${f.kind}:${f.rule}`)).toEqual(['FlinkSessionJob:checkpoint-dir-changed']);
      expect(fs[0].message).toContain("from 'file:///flink-data/checkpoints' to 's3://bucket/cp'");
    });
  });

  test('ha-storage-dir-changed: error for last-state, warning for savepoint, nothing when unchanged', () => {
    const prev = deployment({ parallelism: 1, upgradeMode: 'last-state' });
    const next = edit(prev, (d) => { d.spec.flinkConfiguration['high-availability.storageDir'] = 's3://bucket/ha'; });
    const fs = change([prev], [next]);
    expect(ids(fs)).toEqual(['ha-storage-dir-changed:error']);
    expect(fs[0].path).toBe("spec.flinkConfiguration['high-availability.storageDir']");
    const sp = (d: any) => edit(d, (x) => { x.spec.job.upgradeMode = 'savepoint'; });
    expect(ids(change([sp(prev)], [sp(next)]))).toEqual(['ha-storage-dir-changed:warning']);
    expect(change([prev], [clone(prev)])).toEqual([]);
  });

  test('state-pvc-shrunk: a smaller storage request fails; growing or an equal value in other units passes', () => {
    const fs = change([pvc('10Gi')], [pvc('5Gi')]);
    expect(ids(fs)).toEqual(['state-pvc-shrunk:error']);
    expect(fs[0].path).toBe('spec.resources.requests.storage');
    expect(fs[0].message).toContain("from '10Gi' to '5Gi'");
    expect(change([pvc('10Gi')], [pvc('20Gi')])).toEqual([]);
    expect(change([pvc('10Gi')], [pvc('10240Mi')])).toEqual([]);
  });

  test('state-pvc-replaced: the state directory moved to another claim fails; the same claim passes', () => {
    const prev = deployment({ parallelism: 1, upgradeMode: 'savepoint' });
    const next = edit(prev, (d) => { d.spec.podTemplate.spec.volumes[0].persistentVolumeClaim.claimName = 'flink-state-v2'; });
    const fs = change([prev, pvc('10Gi')], [next, pvc('10Gi', undefined, 'flink-state-v2')]);
    expect(ids(fs)).toEqual(['state-pvc-replaced:error']);
    expect(fs[0].path).toBe('spec.podTemplate.spec.volumes[0]');
    expect(fs[0].message).toContain("'flink-state-v2' instead of 'flink-state'");
    expect(change([prev, pvc('10Gi')], [clone(prev), pvc('10Gi')])).toEqual([]);
  });

  test('state-pvc-replaced: the claim holding state with a new storage class is reported on the claim', () => {
    const d = deployment({ parallelism: 1, upgradeMode: 'last-state' });
    const fs = change([d, pvc('10Gi', 'standard')], [clone(d), pvc('10Gi', 'fast-rwx')]);
    expect(fs.map((f) => `${f.kind}:${f.rule}:${f.path}`)).toEqual(['PersistentVolumeClaim:state-pvc-replaced:spec.storageClassName']);
    expect(fs[0].message).toContain("from 'standard' to 'fast-rwx'");
  });

  test('malformed previous manifests never throw', () => {
    expect(() => change([null, 1, { kind: 'FlinkDeployment', metadata: { name: 'test-cluster', namespace: 'flink-operator-test' }, spec: 'x' }], [deployment()])).not.toThrow();
  });
});

test('upgrade rules are registered and every reported id is listed in UPGRADE_RULES', () => {
  expect(ALL_RULES).toContain(upgradeRules);
  const listed = new Map(UPGRADE_RULES.map((r) => [r.id, r.ref]));
  const fs = [
    ...change([deployment()], [deployment(null, { mode: 'standalone' })]),
    ...change([sessionJob('a')], [sessionJob('b')]),
    ...change([pvc('10Gi')], [pvc('1Gi')]),
  ];
  expect(fs.length).toBeGreaterThan(2);
  for (const f of fs) expect(listed.get(f.rule)).toBe(f.ref);
});
