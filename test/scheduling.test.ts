import { Size, Testing } from 'cdk8s';
import { DeploymentMode, FlinkApplication, FlinkApplicationProps, FlinkSessionCluster, FlinkVersion, JobJar, OperatorVersion } from '../lib';
import { lintManifests } from '../lib/validation';
import { schedulingRules } from '../lib/validation/rules/scheduling';
import { errorOf, errorsOf, only, synth } from './helpers';
import { deployment } from './validation/operator-fixtures';

const base = (over: Partial<FlinkApplicationProps> = {}): FlinkApplicationProps => ({
  version: FlinkVersion.V2_1, image: 'flink:2.1', operatorVersion: OperatorVersion.MAIN,
  jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'), ...over,
});
const fdOf = (props: FlinkApplicationProps) => {
  const chart = Testing.chart();
  new FlinkApplication(chart, 'orders', props);
  const manifests = synth(chart);
  expect(errorsOf(manifests, props.operatorVersion === OperatorVersion.MAIN ? 'main' : '1.15')).toEqual([]);
  return only(manifests, 'FlinkDeployment');
};

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
