import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import { DeploymentMode, FlinkApplication, FlinkApplicationProps, FlinkSessionCluster, FlinkVersion, JobJar, OperatorVersion, PodVolume } from '../lib';
import { effectivePods } from '../lib/validation/pods';
import { lintManifests } from '../lib/validation';
import { schedulingRules } from '../lib/validation/rules/scheduling';
import { errorOf, errorsOf, only, synth } from './helpers';
import { deployment } from './validation/operator-fixtures';

const base = (over: Partial<FlinkApplicationProps> = {}): FlinkApplicationProps => ({
  version: FlinkVersion.V2_1, image: 'flink:2.1', operatorVersion: OperatorVersion.MAIN,
  jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'), ...over,
});
const fdOf = (props: FlinkApplicationProps, configMaps: string[] = []) => {
  const chart = Testing.chart();
  objects(chart, 'ConfigMap', ...configMaps);
  new FlinkApplication(chart, 'orders', props);
  const manifests = synth(chart);
  expect(errorsOf(manifests, props.operatorVersion === OperatorVersion.MAIN ? 'main' : '1.15')).toEqual([]);
  return only(manifests, 'FlinkDeployment');
};

/** Objects the pods refer to, so that synth finds them. */
function objects(chart: Chart, kind: string, ...names: string[]) {
  for (const name of names) new ApiObject(chart, `${kind}-${name}`, { apiVersion: 'v1', kind, metadata: { name } });
}

describe('reactive mode', () => {
  test('standalone application: scheduler-mode REACTIVE', () => {
    const fd = fdOf(base({ mode: DeploymentMode.STANDALONE, reactiveMode: true, taskManager: { replicas: 2 } }));
    expect(fd.spec.flinkConfiguration).toEqual({ 'scheduler-mode': 'REACTIVE' });
    expect(fd.spec.mode).toBe('standalone');
  });

  test('native mode is refused with the fix', () => {
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'orders', base({ reactiveMode: true }))))
      .toBe("[test/orders] 'reactiveMode' (true) needs a standalone application cluster (mode is unset, the operator's default native): Flink refuses reactive mode in native Kubernetes mode (reactive-mode-unsupported). Fix: set 'mode' to DeploymentMode.STANDALONE, or use the autoscaler (Autoscaler.enabled()) in native mode.");
  });

  test('lint: reactive-mode-unsupported in native mode and on session clusters', () => {
    const run = (mutate: (m: any) => void) => lintManifests([deployment(mutate)], { operatorVersion: 'main' }, [schedulingRules]).map((f) => [f.rule, f.path, f.message]);
    expect(run((m) => { m.spec.flinkConfiguration['scheduler-mode'] = 'reactive'; })).toEqual([[
      'reactive-mode-unsupported', 'spec.flinkConfiguration.scheduler-mode',
      'scheduler-mode is "reactive" but spec.mode is unset (native): Flink supports reactive mode only in standalone application clusters and the JobManager fails at start-up',
    ]]);
    expect(run((m) => { m.spec.flinkConfiguration['scheduler-mode'] = 'REACTIVE'; m.spec.mode = 'standalone'; delete m.spec.job; }).map((x) => x[2]))
      .toEqual([expect.stringContaining('there is no spec.job (a session cluster)')]);
    expect(run((m) => { m.spec.flinkConfiguration['scheduler-mode'] = 'REACTIVE'; m.spec.mode = 'standalone'; })).toEqual([]);
  });
});

describe('restartNonce', () => {
  test('rendered at the top of the spec', () => {
    expect(fdOf(base({ restartNonce: 2 })).spec.restartNonce).toBe(2);
    expect(fdOf(base()).spec.restartNonce).toBeUndefined();
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'orders', base({ restartNonce: 0.5 }))))
      .toBe("[test/orders] 'restartNonce' (0.5) must be a whole number. Fix: set 'restartNonce' to e.g. 1 and change it to restart.");
  });
});

describe('per-role pod options', () => {
  test('labels, annotations and limits per role', () => {
    const fd = fdOf(base({
      podLabels: { team: 'orders' },
      jobManager: { podAnnotations: { 'prometheus.io/scrape': 'false' }, memoryLimit: Size.gibibytes(2) },
      taskManager: { cpu: 1, cpuLimit: 1.5, podLabels: { role: 'worker' } },
    }));
    expect(fd.spec.podTemplate.metadata).toEqual({ labels: { team: 'orders' } });
    // Role metadata goes to its role template only (the spec part holds the role's token setting).
    expect(fd.spec.jobManager.podTemplate.metadata).toEqual({ annotations: { 'prometheus.io/scrape': 'false' } });
    expect(fd.spec.taskManager.podTemplate.metadata).toEqual({ labels: { role: 'worker' } });
    expect(fd.spec.jobManager.resources).toEqual({ requests: { memory: '1Gi' }, limits: { memory: '2Gi' } });
    expect(fd.spec.taskManager.resources).toEqual({ requests: { cpu: 1, memory: '2Gi' }, limits: { cpu: '1.5' } });
  });

  test('role labels merge with a role pod template', () => {
    const fd = fdOf(base({
      taskManager: { podLabels: { role: 'worker' } },
      taskManagerPodTemplate: { metadata: { labels: { zone: 'a' } }, spec: { containers: [] } },
    }));
    expect(fd.spec.taskManager.podTemplate.metadata.labels).toEqual({ zone: 'a', role: 'worker' });
  });

  test('limits need operator main; a memory limit below the memory is refused', () => {
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'orders', base({ operatorVersion: OperatorVersion.V1_15, taskManager: { cpuLimit: 2 } }))))
      .toBe("[test/orders] 'taskManager.cpuLimit' (2) needs `taskManager.resources`, which the operator 1.15 CRD does not have (it would be dropped). Fix: use OperatorVersion.MAIN, or remove the limit (Flink's kubernetes.taskmanager.*.limit-factor sets one).");
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'orders', base({ taskManager: { memory: Size.gibibytes(4), memoryLimit: Size.gibibytes(2) } }))))
      .toBe("[test/orders] 'taskManager.memoryLimit' (2Gi) is less than the memory (4096Mi); Kubernetes rejects a limit below the request. Fix: raise 'taskManager.memoryLimit' or lower 'taskManager.memory'.");
  });

  test('session clusters take the same role options', () => {
    const chart = Testing.chart();
    new FlinkSessionCluster(chart, 'sessions', { version: FlinkVersion.V2_1, image: 'flink:2.1', taskManager: { podLabels: { pool: 'shared' } } });
    const fd = only(synth(chart), 'FlinkDeployment');
    expect(fd.spec.taskManager.podTemplate.metadata).toEqual({ labels: { pool: 'shared' } });
    expect(fd.spec.jobManager.podTemplate.metadata).toBeUndefined();
  });
});

describe('per-role volumes', () => {
  const config = (name: string) => PodVolume.fromConfigMap(name, { name });
  // What each pod gets once the operator merges the role template over the common one, merging
  // arrays by position (its default) and by name (merge-arrays-by-name: true): both must agree.
  const podsOf = (fd: any) => {
    const byPosition = effectivePods(fd, false);
    const byName = effectivePods(fd, true);
    const view = (pod: any) => ({
      volumes: pod.spec.volumes,
      mounts: pod.mainMounts.map((m: any) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}) })),
    });
    expect(view(byPosition.jobManager)).toEqual(view(byName.jobManager));
    expect(view(byPosition.taskManager)).toEqual(view(byName.taskManager));
    return { jm: view(byPosition.jobManager), tm: view(byPosition.taskManager) };
  };

  test('a JobManager-only volume reaches the JobManager pod only; the common volumes stay intact', () => {
    const fd = fdOf(base({
      checkpoints: undefined,
      volumes: [{ volume: config('shared-conf'), mountPath: '/etc/shared' }],
      jobManager: { volumes: [{ volume: config('jm-conf'), mountPath: '/etc/jm', readOnly: true }] },
    }), ['shared-conf', 'jm-conf']);
    expect(fd.spec.podTemplate.spec.volumes.map((v: any) => v.name)).toEqual(['shared-conf']);
    const { jm, tm } = podsOf(fd);
    expect(jm.volumes).toEqual([{ name: 'shared-conf', configMap: { name: 'shared-conf' } }, { name: 'jm-conf', configMap: { name: 'jm-conf' } }]);
    expect(jm.mounts).toEqual([{ name: 'shared-conf', mountPath: '/etc/shared' }, { name: 'jm-conf', mountPath: '/etc/jm', readOnly: true }]);
    expect(tm.volumes).toEqual([{ name: 'shared-conf', configMap: { name: 'shared-conf' } }]);
    expect(tm.mounts).toEqual([{ name: 'shared-conf', mountPath: '/etc/shared' }]);
  });

  test('role volumes keep the state claim, the role template and the pod hardening', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'orders', base({
      checkpoints: undefined,
      ha: undefined,
      taskManager: { volumes: [{ volume: PodVolume.fromEmptyDir('spill'), mountPath: '/spill' }] },
      taskManagerPodTemplate: { spec: { containers: [], volumes: [{ name: 'user-extra', emptyDir: {} }] } },
    }));
    app.addJobManagerVolume({ volume: config('jm-later'), mountPath: '/etc/later' });
    app.addTaskManagerVolume({ volume: config('tm-later'), mountPath: '/etc/later' });
    objects(chart, 'ConfigMap', 'jm-later', 'tm-later');
    const manifests = synth(chart);
    expect(errorsOf(manifests, 'main')).toEqual([]);
    const fd = only(manifests, 'FlinkDeployment');
    const { jm, tm } = podsOf(fd);
    expect(jm.volumes.map((v: any) => v.name)).toEqual(['jm-later']);
    expect(tm.volumes.map((v: any) => v.name)).toEqual(['spill', 'tm-later', 'user-extra']);
    expect(tm.mounts.map((m: any) => m.mountPath)).toEqual(['/spill', '/etc/later']);
    // The role template carries the restricted profile like the common one.
    expect(fd.spec.taskManager.podTemplate.spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(false);
    expect(fd.spec.taskManager.podTemplate.spec.securityContext.runAsNonRoot).toBe(true);
    expect(app.mounts).toEqual({});
  });

  test('a claim mounted in the JobManager only is reported for the TaskManagers by lint', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', base({
      checkpoints: undefined,
      ha: undefined,
      flinkConfiguration: { 'execution.checkpointing.dir': 'file:///flink-data/checkpoints', 'execution.checkpointing.interval': '1 min' },
      jobManager: { volumes: [{ volume: PodVolume.fromPersistentVolumeClaim('state'), mountPath: '/flink-data' }] },
    }));
    objects(chart, 'PersistentVolumeClaim', 'state');
    const error = errorOf(() => synth(chart));
    expect(error).toMatch(/\(state-dir-not-persistent\) execution\.checkpointing\.dir 'file:\/\/\/flink-data\/checkpoints' is not inside any volume mounted in 'flink-main-container' of the TaskManager pod:/);
    expect(error).not.toMatch(/JobManager/);
  });

  test('an object both pods mount is reported once, at the common template', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', base({
      volumes: [{ volume: config('shared-conf'), mountPath: '/etc/shared' }],
      jobManager: { volumes: [{ volume: config('jm-conf'), mountPath: '/etc/jm' }] },
    }));
    objects(chart, 'ConfigMap', 'jm-conf');
    expect(errorOf(() => synth(chart))).toMatch(/reference-not-found\) ConfigMap 'shared-conf' used by a volume \(spec\.podTemplate\.spec\.volumes\[0\]/);
    expect(errorOf(() => synth(chart)).match(/'shared-conf' used by/g)).toHaveLength(1);
  });

  test('a path may repeat across roles, not within a pod', () => {
    const fd = fdOf(base({
      jobManager: { volumes: [{ volume: config('jm-conf'), mountPath: '/etc/role' }] },
      taskManager: { volumes: [{ volume: config('tm-conf'), mountPath: '/etc/role' }] },
    }), ['jm-conf', 'tm-conf']);
    const { jm, tm } = podsOf(fd);
    expect(jm.mounts.find((m: any) => m.mountPath === '/etc/role').name).toBe('jm-conf');
    expect(tm.mounts.find((m: any) => m.mountPath === '/etc/role').name).toBe('tm-conf');
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'orders', base({
      volumes: [{ volume: config('shared'), mountPath: '/etc/x' }],
      taskManager: { volumes: [{ volume: config('tm'), mountPath: '/etc/x' }] },
    })))).toBe("[test/orders] 'taskManager.volumes[0]' (/etc/x) is mounted at the same path or with the same name as volume 'shared' (/etc/x). Fix: give each storage or volume its own 'mountPath' and name.");
    expect(errorOf(() => new FlinkApplication(Testing.chart(), 'orders', base({
      jobManager: { volumes: [{ volume: config('a'), mountPath: 'etc/a' }] },
    })))).toBe("[test/orders] 'jobManager.volumes[0].mountPath' (etc/a) must be an absolute path. Fix: use e.g. '/etc/flink-extra'.");
  });

  test('session clusters take role volumes too', () => {
    const chart = Testing.chart();
    new FlinkSessionCluster(chart, 'sessions', {
      version: FlinkVersion.V2_1, image: 'flink:2.1',
      checkpoints: undefined,
      taskManager: { volumes: [{ volume: PodVolume.fromEmptyDir('scratch'), mountPath: '/scratch' }] },
    });
    const fd = only(synth(chart), 'FlinkDeployment');
    expect(podsOf(fd).tm.volumes.map((v: any) => v.name)).toContain('scratch');
    expect(podsOf(fd).jm.volumes ?? []).not.toContainEqual(expect.objectContaining({ name: 'scratch' }));
  });
});
