import { lintManifests } from '../../lib/validation/engine';
import { effectivePods, podReferences, podsOf } from '../../lib/validation/pods';
import { ALL_RULES } from '../../lib/validation/rules';
import { localStatePath, STORAGE_RULES, storageRules } from '../../lib/validation/rules/storage';
import { toResources } from '../../lib/validation/engine';
import { Finding, LintOptions } from '../../lib/validation/types';

// Fixtures ---------------------------------------------------------------------------------------

const MAIN = 'flink-main-container';

/** The shape of the operator's basic-checkpoint-ha example (hostPath on /flink-data). */
function checkpointHa(): any {
  return {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name: 'basic-checkpoint-ha-example' },
    spec: {
      image: 'flink:2.2',
      flinkVersion: 'v2_2',
      flinkConfiguration: {
        'taskmanager.numberOfTaskSlots': 2,
        'state': { 'savepoints.dir': 'file:///flink-data/savepoints', 'checkpoints.dir': 'file:///flink-data/checkpoints' },
        'high-availability': { type: 'kubernetes', storageDir: 'file:///flink-data/ha' },
        'kubernetes.operator.savepoint.format.type': 'NATIVE',
      },
      serviceAccount: 'flink',
      jobManager: { resources: { requests: { memory: '2048m', cpu: '1' } } },
      taskManager: { resources: { requests: { memory: '2048m', cpu: '1' } } },
      podTemplate: {
        spec: {
          containers: [{ name: MAIN, volumeMounts: [{ mountPath: '/flink-data', name: 'flink-volume' }] }],
          volumes: [{ name: 'flink-volume', hostPath: { path: '/tmp/flink', type: 'Directory' } }],
        },
      },
      job: {
        jarURI: 'local:///opt/flink/examples/streaming/StateMachineExample.jar',
        parallelism: 2, upgradeMode: 'savepoint', state: 'running', savepointTriggerNonce: 0,
      },
    },
  };
}

/** checkpointHa with the volume source replaced. */
function withVolume(source: Record<string, unknown>): any {
  const d = checkpointHa();
  d.spec.podTemplate.spec.volumes = [{ name: 'flink-volume', ...source }];
  return d;
}

function pvc(name: string, accessModes: string[], namespace?: string, extra: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: { accessModes, resources: { requests: { storage: '10Gi' } }, ...extra },
  };
}

const sa = (name: string, namespace?: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, ...(namespace ? { namespace } : {}) } });

const LINT_SA: LintOptions = { external: { serviceAccounts: ['flink'] } };

function run(manifests: any[], options: LintOptions = LINT_SA): Finding[] {
  return lintManifests(manifests, options, [storageRules]);
}
const ids = (fs: Finding[]) => fs.map((f) => `${f.rule}:${f.severity}`);
const of = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

// pods.ts ----------------------------------------------------------------------------------------

describe('pods.ts: effective pod templates', () => {
  test('component template merged over the common one by position; paths point at the source field', () => {
    const d = checkpointHa();
    d.spec.taskManager.podTemplate = { spec: { containers: [{ name: MAIN, env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's3-creds', key: 'k' } } }] }] } };
    const pods = effectivePods(d, false);
    expect(pods.taskManager.mainContainer?.path).toBe('spec.taskManager.podTemplate.spec.containers[0]');
    expect(pods.taskManager.mainMounts.map((m) => [m.mountPath, m.path])).toEqual([
      ['/flink-data', 'spec.podTemplate.spec.containers[0].volumeMounts[0]'],
    ]);
    expect(pods.taskManager.references).toEqual([
      { kind: 'Secret', name: 's3-creds', path: 'spec.taskManager.podTemplate.spec.containers[0].env[0].valueFrom.secretKeyRef.name', via: 'env', optional: false },
    ]);
    expect(pods.jobManager.references).toEqual([]);
    expect(pods.jobManager.volume('flink-volume')?.path).toBe('spec.podTemplate.spec.volumes[0]');
    // The manifest is not mutated.
    expect(d.spec.podTemplate.spec.containers[0].env).toBeUndefined();
  });

  test('by position a sidecar-first component template renames the main container; by name it does not', () => {
    const d = checkpointHa();
    d.spec.taskManager.podTemplate = { spec: { containers: [{ name: 'fluentbit', image: 'fluent-bit' }] } };
    const byPos = effectivePods(d, false).taskManager;
    expect(byPos.mainContainer).toBeUndefined();
    expect(byPos.containers.map((c) => c.name)).toEqual(['fluentbit']);
    const byName = effectivePods(d, true).taskManager;
    expect(byName.containers.map((c) => c.name)).toEqual([MAIN, 'fluentbit']);
    expect(byName.containers[1].path).toBe('spec.taskManager.podTemplate.spec.containers[0]');
  });

  test('scalar array elements of the common template win at shared positions (operator quirk)', () => {
    const pods = effectivePods({
      spec: {
        podTemplate: { spec: { containers: [{ name: MAIN, args: ['a'] }] } },
        jobManager: { podTemplate: { spec: { containers: [{ name: MAIN, args: ['b', 'c'] }] } } },
      },
    }, false);
    expect(pods.jobManager.mainContainer?.container.args).toEqual(['a', 'c']);
  });

  test('collects Secret, ConfigMap and PVC references from volumes, projected, env, envFrom and imagePullSecrets', () => {
    const pods = effectivePods({
      spec: {
        podTemplate: {
          spec: {
            imagePullSecrets: [{ name: 'regcred' }],
            containers: [{ name: MAIN, envFrom: [{ configMapRef: { name: 'env-cm' } }, { secretRef: { name: 'env-secret', optional: true } }] }],
            initContainers: [{ name: 'init', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'init-cm', key: 'a' } } }] }],
            volumes: [
              { name: 'state', persistentVolumeClaim: { claimName: 'flink-state' } },
              { name: 'conf', configMap: { name: 'conf-cm' } },
              { name: 'cert', secret: { secretName: 'tls' } },
              { name: 'p', projected: { sources: [{ secret: { name: 'proj-secret' } }, { configMap: { name: 'proj-cm' } }] } },
            ],
          },
        },
      },
    }, false);
    const refs = podReferences(pods).map((r) => `${r.kind}/${r.name}/${r.via}${r.optional ? '?' : ''}@${r.path}`);
    expect(refs).toEqual([
      'ConfigMap/env-cm/envFrom@spec.podTemplate.spec.containers[0].envFrom[0].configMapRef.name',
      'Secret/env-secret/envFrom?@spec.podTemplate.spec.containers[0].envFrom[1].secretRef.name',
      'ConfigMap/init-cm/env@spec.podTemplate.spec.initContainers[0].env[0].valueFrom.configMapKeyRef.name',
      'PersistentVolumeClaim/flink-state/volume@spec.podTemplate.spec.volumes[0].persistentVolumeClaim.claimName',
      'ConfigMap/conf-cm/volume@spec.podTemplate.spec.volumes[1].configMap.name',
      'Secret/tls/volume@spec.podTemplate.spec.volumes[2].secret.secretName',
      'Secret/proj-secret/projected@spec.podTemplate.spec.volumes[3].projected.sources[0].secret.name',
      'ConfigMap/proj-cm/projected@spec.podTemplate.spec.volumes[3].projected.sources[1].configMap.name',
      'Secret/regcred/imagePullSecrets@spec.podTemplate.spec.imagePullSecrets[0].name',
    ]);
  });

  test('malformed input gives empty pods, never throws; podsOf is computed once per resource', () => {
    for (const m of [null, 42, { spec: 'x' }, { spec: { podTemplate: [], jobManager: 'x', taskManager: { podTemplate: { spec: { containers: 'no', volumes: [null, 1] } } } } }]) {
      expect(() => effectivePods(m, false)).not.toThrow();
    }
    const [res] = toResources([checkpointHa()]);
    expect(podsOf(res)).toBe(podsOf(res));
  });

  test('merge-arrays-by-name is read from the resource flinkConfiguration', () => {
    const d = checkpointHa();
    d.spec.flinkConfiguration['kubernetes.operator.pod-template.merge-arrays-by-name'] = 'true';
    const [res] = toResources([d]);
    expect(podsOf(res).mergeArraysByName).toBe(true);
  });

  test('localStatePath', () => {
    expect(localStatePath('file:///flink-data/cp/', {})).toBe('/flink-data/cp');
    expect(localStatePath('file:/flink-data//cp', {})).toBe('/flink-data/cp');
    expect(localStatePath('/flink-data/cp', {})).toBe('/flink-data/cp');
    expect(localStatePath('/flink-data/cp', { 'fs.default-scheme': 's3://bucket/' })).toBeUndefined();
    expect(localStatePath('s3://bucket/cp', {})).toBeUndefined();
    expect(localStatePath('test', {})).toBeUndefined();
  });
});

// state-dir-not-persistent / state-dir-node-local -------------------------------------------------

describe('state-dir-not-persistent / state-dir-node-local', () => {
  test('the basic-checkpoint-ha shape passes with the hostPath warning only', () => {
    const fs = run([checkpointHa()]);
    expect(ids(fs)).toEqual(['state-dir-node-local:warning']);
    expect(fs[0].path).toBe('spec.podTemplate.spec.volumes[0]');
    expect(fs[0].message).toContain("'/tmp/flink'");
    expect(fs[0].message).toContain('JobManager and TaskManager pods');
  });

  test('emptyDir is an error per state directory, naming the key, value and volume', () => {
    const fs = run([withVolume({ emptyDir: {} })]);
    expect(ids(fs)).toEqual(Array(3).fill('state-dir-not-persistent:error'));
    const cp = fs.find((f) => f.path === "spec.flinkConfiguration.state['checkpoints.dir']");
    expect(cp?.message).toContain("state.checkpoints.dir 'file:///flink-data/checkpoints'");
    expect(cp?.message).toContain('emptyDir');
    expect(cp?.message).toContain('JobManager and TaskManager pods');
  });

  test('a volume without a source counts as emptyDir; configMap volumes are not persistent either', () => {
    expect(ids(run([withVolume({})]))).toContain('state-dir-not-persistent:error');
    expect(run([withVolume({})])[0].message).toContain('defaults it to emptyDir');
    expect(ids(run([withVolume({ configMap: { name: 'x' } })], { ...LINT_SA, external: { serviceAccounts: ['flink'], configMaps: ['x'] } })))
      .toEqual(Array(3).fill('state-dir-not-persistent:error'));
  });

  test('a missing mount is an error', () => {
    const d = checkpointHa();
    delete d.spec.podTemplate;
    const fs = run([d]);
    expect(ids(fs)).toEqual(Array(3).fill('state-dir-not-persistent:error'));
    expect(fs[0].message).toContain(`no container named '${MAIN}'`);
  });

  test('a mount on a sidecar only is an error that says the container must be flink-main-container', () => {
    const d = checkpointHa();
    d.spec.podTemplate.spec.containers = [{ name: MAIN }, { name: 'sidecar', volumeMounts: [{ mountPath: '/flink-data', name: 'flink-volume' }] }];
    const fs = run([d]);
    expect(ids(fs)).toEqual(Array(3).fill('state-dir-not-persistent:error'));
    expect(fs[0].message).toContain("mounted only in container 'sidecar'");
    expect(fs[0].fix).toContain(`named '${MAIN}'`);
  });

  test('a directory outside the mounted path is an error; one at the mount point itself passes', () => {
    const d = checkpointHa();
    d.spec.flinkConfiguration.state['checkpoints.dir'] = 'file:///flink-data-other/cp';
    expect(ids(run([d]))).toEqual(['state-dir-not-persistent:error', 'state-dir-node-local:warning']);
    d.spec.flinkConfiguration.state['checkpoints.dir'] = '/flink-data';
    expect(ids(run([d]))).toEqual(['state-dir-node-local:warning']);
  });

  test('a mount whose volume does not exist, and a read-only mount, are errors', () => {
    const d = checkpointHa();
    d.spec.podTemplate.spec.volumes = [];
    expect(run([d])[0].message).toContain("no volume named 'flink-volume'");
    const r = checkpointHa();
    r.spec.podTemplate.spec.containers[0].volumeMounts[0].readOnly = true;
    expect(ids(run([r]))).toEqual(Array(3).fill('state-dir-not-persistent:error'));
    expect(run([r])[0].message).toContain('read-only');
  });

  test('only the TaskManager losing the mount (by-position merge with a sidecar) is reported for the TaskManager', () => {
    const d = checkpointHa();
    d.spec.taskManager.podTemplate = { spec: { containers: [{ name: 'fluentbit' }] } };
    const fs = of(run([d]), 'state-dir-not-persistent');
    expect(fs).toHaveLength(3);
    expect(fs[0].message).toContain('the TaskManager pod');
    expect(fs[0].message).not.toContain('JobManager');
    expect(fs[0].message).toContain('merged over it by position');
    expect(fs[0].fix).toContain('merge-arrays-by-name');
    // With by-name merging the main container survives.
    d.spec.flinkConfiguration['kubernetes.operator.pod-template.merge-arrays-by-name'] = true;
    expect(of(run([d]), 'state-dir-not-persistent')).toHaveLength(0);
  });

  test('object stores and inactive HA are out of scope', () => {
    const d = withVolume({ emptyDir: {} });
    d.spec.flinkConfiguration.state = { 'savepoints.dir': 's3://b/sp', 'checkpoints.dir': 'gs://b/cp' };
    d.spec.flinkConfiguration['high-availability'] = { type: 'NONE', storageDir: 'file:///flink-data/ha' };
    expect(run([d])).toEqual([]);
  });

  test('a session job\'s own directories must be mounted in its session cluster', () => {
    const cluster = checkpointHa();
    cluster.metadata.name = 'session';
    delete cluster.spec.job;
    cluster.spec.podTemplate.spec.volumes = [{ name: 'flink-volume', persistentVolumeClaim: { claimName: 'state' } }];
    const job = (cp: string) => ({
      apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkSessionJob', metadata: { name: 'job' },
      spec: { deploymentName: 'session', flinkConfiguration: { 'execution.checkpointing.dir': cp }, job: { parallelism: 1, upgradeMode: 'last-state' } },
    });
    const bad = run([cluster, pvc('state', ['ReadWriteMany']), job('file:///elsewhere/cp')]);
    expect(bad.map((f) => `${f.kind}:${f.rule}`)).toEqual(['FlinkSessionJob:state-dir-not-persistent']);
    expect(bad[0].path).toBe("spec.flinkConfiguration['execution.checkpointing.dir']");
    expect(bad[0].message).toContain("session cluster 'session'");
    expect(run([cluster, pvc('state', ['ReadWriteMany']), job('file:///flink-data/job-cp')])).toEqual([]);
  });
});

// pvc-not-shared / pvc-not-found -------------------------------------------------------------------

describe('pvc-not-shared / pvc-not-found', () => {
  const onPvc = () => withVolume({ persistentVolumeClaim: { claimName: 'flink-state' } });

  test('an RWO claim shared by JobManager and TaskManager fails; RWX passes', () => {
    const fs = run([onPvc(), pvc('flink-state', ['ReadWriteOnce'])]);
    expect(ids(fs)).toEqual(['pvc-not-shared:error']);
    expect(fs[0].path).toBe('spec.podTemplate.spec.volumes[0]');
    expect(fs[0].message).toContain('["ReadWriteOnce"]');
    expect(fs[0].message).toContain('both the JobManager and the TaskManager');
    expect(run([onPvc(), pvc('flink-state', ['ReadWriteMany'])])).toEqual([]);
  });

  test('a TaskManager-only RWO claim passes with one TaskManager and fails with several', () => {
    const d = checkpointHa();
    d.spec.flinkConfiguration = { 'taskmanager.numberOfTaskSlots': 2 };
    d.spec.taskManager.podTemplate = { spec: { volumes: [{ name: 'scratch', persistentVolumeClaim: { claimName: 'tm-disk' } }] } };
    d.spec.podTemplate = undefined;
    expect(run([d, pvc('tm-disk', ['ReadWriteOnce'])])).toEqual([]); // parallelism 2 / 2 slots = 1 TM
    d.spec.taskManager.replicas = 3;
    const fs = run([d, pvc('tm-disk', ['ReadWriteOnce'])]);
    expect(ids(fs)).toEqual(['pvc-not-shared:error']);
    expect(fs[0].message).toContain('spec.taskManager.replicas is 3');
  });

  test('a claim not in the input: error at synth, none when external, warning when linting', () => {
    const synth = run([onPvc(), sa('flink')], { mode: 'synth' });
    expect(ids(synth)).toEqual(['pvc-not-found:error']);
    expect(synth[0].path).toBe('spec.podTemplate.spec.volumes[0].persistentVolumeClaim.claimName');
    expect(synth[0].message).toContain("PersistentVolumeClaim 'flink-state'");
    expect(run([onPvc(), sa('flink')], { mode: 'synth', external: { persistentVolumeClaims: ['flink-state'] } })).toEqual([]);
    expect(ids(run([onPvc()]))).toEqual(['pvc-not-found:warning']);
  });
});

// reference-not-found / reference-other-namespace ---------------------------------------------------

describe('reference-not-found / reference-other-namespace', () => {
  const withSecret = (ns?: string) => {
    const d = withVolume({ persistentVolumeClaim: { claimName: 'flink-state' } });
    if (ns) d.metadata.namespace = ns;
    d.spec.podTemplate.spec.containers[0].env = [{ name: 'KEY', valueFrom: { secretKeyRef: { name: 's3-creds', key: 'k' } } }];
    return d;
  };
  const secret = (ns?: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's3-creds', ...(ns ? { namespace: ns } : {}) } });

  test('missing Secret: synth error, lint warning, external or present passes', () => {
    const base = [pvc('flink-state', ['ReadWriteMany'], 'prod'), sa('flink', 'prod')];
    const synth = run([withSecret('prod'), ...base], { mode: 'synth' });
    expect(ids(synth)).toEqual(['reference-not-found:error']);
    expect(synth[0].path).toBe('spec.podTemplate.spec.containers[0].env[0].valueFrom.secretKeyRef.name');
    expect(synth[0].fix).toContain("'prod/s3-creds'");
    expect(ids(run([withSecret('prod'), ...base], { mode: 'lint' }))).toEqual(['reference-not-found:warning']);
    expect(run([withSecret('prod'), ...base], { mode: 'synth', external: { secrets: ['prod/s3-creds'] } })).toEqual([]);
    expect(run([withSecret('prod'), secret('prod'), ...base], { mode: 'synth' })).toEqual([]);
  });

  test('a Secret only in another namespace: error at synth, warning when linting', () => {
    const base = [pvc('flink-state', ['ReadWriteMany'], 'prod'), sa('flink', 'prod'), secret('staging')];
    const synth = run([withSecret('prod'), ...base], { mode: 'synth' });
    expect(ids(synth)).toEqual(['reference-other-namespace:error']);
    expect(synth[0].message).toContain("namespace 'staging'");
    expect(ids(run([withSecret('prod'), ...base], { mode: 'lint' }))).toEqual(['reference-other-namespace:warning']);
  });

  test('optional references are not required', () => {
    const d = withSecret('prod');
    d.spec.podTemplate.spec.containers[0].env[0].valueFrom.secretKeyRef.optional = true;
    expect(run([d, pvc('flink-state', ['ReadWriteMany'], 'prod'), sa('flink', 'prod')], { mode: 'synth' })).toEqual([]);
  });
});

// service-account-not-found / service-account-rbac-insufficient ------------------------------------

describe('service-account-not-found / service-account-rbac-insufficient', () => {
  const app = () => withVolume({ persistentVolumeClaim: { claimName: 'flink-state' } });
  const claim = pvc('flink-state', ['ReadWriteMany']);
  const binding = (role: string, kind = 'Role') => ({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'flink-role-binding' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
    subjects: [{ kind: 'ServiceAccount', name: 'flink' }],
  });
  const role = (rules: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'flink' }, rules });
  const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  const FULL = [
    { apiGroups: [''], resources: ['pods', 'configmaps'], verbs: VERBS },
    { apiGroups: ['apps'], resources: ['deployments', 'deployments/finalizers'], verbs: VERBS },
  ];

  test('missing service account: synth error, lint warning; present, external or default passes', () => {
    const synth = run([app(), claim], { mode: 'synth' });
    expect(ids(synth)).toEqual(['service-account-not-found:error']);
    expect(synth[0].path).toBe('spec.serviceAccount');
    expect(synth[0].message).toContain("spec.serviceAccount 'flink'");
    expect(ids(run([app(), claim], { mode: 'lint' }))).toEqual(['service-account-not-found:warning']);
    expect(run([app(), claim, sa('flink')], { mode: 'synth' })).toEqual([]);
    expect(run([app(), claim], { mode: 'synth', external: { serviceAccounts: ['flink'] } })).toEqual([]);
    const d = app();
    d.spec.serviceAccount = 'default';
    expect(run([d, claim], { mode: 'synth' })).toEqual([]);
  });

  test('a service account in another namespace only is not found', () => {
    const d = app();
    d.metadata.namespace = 'prod';
    const fs = run([d, pvc('flink-state', ['ReadWriteMany'], 'prod'), sa('flink', 'ops')], { mode: 'synth' });
    expect(ids(fs)).toEqual(['service-account-not-found:error']);
    expect(fs[0].message).toContain("namespace 'ops'");
  });

  test('a bound Role missing deployments/finalizers is reported on the Role; the chart Role passes', () => {
    const partial = role([FULL[0], { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }]);
    const fs = run([app(), claim, sa('flink'), partial, binding('flink')], { mode: 'synth' });
    expect(fs.map((f) => `${f.kind}:${f.rule}:${f.path}`)).toEqual(['Role:service-account-rbac-insufficient:rules']);
    expect(fs[0].message).toContain('apps/deployments/finalizers [get, list, watch, create, update, patch, delete]');
    expect(run([app(), claim, sa('flink'), role(FULL), binding('flink')], { mode: 'synth' })).toEqual([]);
    // Wildcards grant everything.
    expect(run([app(), claim, sa('flink'), role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), binding('flink')], { mode: 'synth' })).toEqual([]);
  });

  test('a binding to a role that is not in the input is not judged', () => {
    expect(run([app(), claim, sa('flink'), binding('edit', 'ClusterRole')], { mode: 'synth' })).toEqual([]);
  });
});

describe('registration', () => {
  test('storage rules run in ALL_RULES and every reported id is listed in STORAGE_RULES', () => {
    expect(ALL_RULES).toContain(storageRules);
    const listed = new Set(STORAGE_RULES.map((r) => r.id));
    const fs = [
      ...run([withVolume({ emptyDir: {} })]), ...run([checkpointHa()]),
      ...run([withVolume({ persistentVolumeClaim: { claimName: 'x' } }), pvc('x', ['ReadWriteOnce'])]),
    ];
    for (const f of fs) expect(listed.has(f.rule)).toBe(true);
  });
});
