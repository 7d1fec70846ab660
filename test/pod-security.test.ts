/**
 * Pod security of everything the constructs render: every pod of every example passes the Pod
 * Security Standard "restricted"; the profiles render what they promise; the service account token
 * is mounted only where Flink calls the Kubernetes API.
 */
import { Duration, Size, Testing } from 'cdk8s';
import { EXAMPLE_CHARTS } from './example-charts';
import {
  CheckpointPolicy, DeploymentMode, FlinkApplication, FlinkSessionCluster, FlinkStorage, FlinkVersion, HaStorage, JobJar, PodSecurity,
} from '../lib';
import { checkPodSecurity } from '../lib/validation/pss';
import { errorOf, errorsOf, mergeByPosition, only } from './helpers';

/** The JobManager and TaskManager pods (template merged as the operator merges by default) of every FlinkDeployment. */
export function podsOfManifests(manifests: any[]): Array<{ name: string; component: string; template: any }> {
  const out: Array<{ name: string; component: string; template: any }> = [];
  for (const m of manifests.filter((x) => x.kind === 'FlinkDeployment' || x.kind === 'FlinkBlueGreenDeployment')) {
    // A blue/green deployment's children are FlinkDeployments with its template's spec.
    const spec = m.kind === 'FlinkBlueGreenDeployment' ? m.spec.template.spec : m.spec;
    for (const component of ['jobManager', 'taskManager']) {
      out.push({ name: m.metadata.name, component, template: mergeByPosition(spec.podTemplate, spec[component]?.podTemplate) ?? {} });
    }
  }
  return out;
}

/** The Pod Security violations of a pod; Flink adds flink-main-container when the template lacks it. */
function violations(template: any): string[] {
  return checkPodSecurity(template.spec, template.metadata, ['flink-main-container']).map((v) => `${v.control} ${v.path}`);
}

describe.each(EXAMPLE_CHARTS)('example %s', (id, cls) => {
  test('every JobManager and TaskManager pod passes Pod Security "restricted"', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const manifests = Testing.synth(new cls(Testing.app(), id));
    warn.mockRestore();
    const pods = podsOfManifests(manifests);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      // The minikube example keeps its state in a hostPath volume, on purpose (single-node clusters):
      // every other control passes, and lint reports the volume (pod-security-restricted).
      const expected = id === 'checkpoint-ha-minikube' ? ['hostPathVolumes volumes[0].hostPath'] : [];
      expect({ pod: `${pod.name} ${pod.component}`, violations: violations(pod.template) }).toEqual({ pod: `${pod.name} ${pod.component}`, violations: expected });
    }
  });
});

function app(over: Record<string, unknown> = {}, chart = Testing.chart()): any[] {
  new FlinkApplication(chart, 'orders', {
    version: FlinkVersion.V1_20,
    image: 'flink:1.20',
    jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'),
    ...over,
  } as any);
  return Testing.synth(chart);
}

function withClaim(over: Record<string, unknown> = {}): any[] {
  const chart = Testing.chart();
  const storage = FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(10) });
  return app({ checkpoints: CheckpointPolicy.every(Duration.minutes(1), { storage }), ha: HaStorage.kubernetes({ storage }), ...over }, chart);
}

describe('profiles', () => {
  test('RESTRICTED (default): uid/gid 9999, fsGroup only with a claim', () => {
    const plain = only(app(), 'FlinkDeployment').spec.podTemplate.spec.securityContext;
    expect(plain).toEqual({ runAsNonRoot: true, runAsUser: 9999, runAsGroup: 9999, seccompProfile: { type: 'RuntimeDefault' } });
    const claim = only(withClaim(), 'FlinkDeployment').spec.podTemplate.spec.securityContext;
    expect(claim.fsGroup).toBe(9999);
    const objectStore = only(app({ checkpoints: CheckpointPolicy.every(Duration.minutes(1), { storage: FlinkStorage.objectStore('s3://b/p') }) }), 'FlinkDeployment');
    expect(objectStore.spec.podTemplate.spec.securityContext.fsGroup).toBeUndefined();
    const host = only(app({ checkpoints: CheckpointPolicy.every(Duration.minutes(1), { storage: FlinkStorage.hostPath('/tmp/flink') }) }), 'FlinkDeployment');
    // fsGroup does not apply to hostPath volumes.
    expect(host.spec.podTemplate.spec.securityContext.fsGroup).toBeUndefined();
  });

  test('OPENSHIFT renders no fixed uid, gid or fsGroup anywhere and passes "restricted"', () => {
    const manifests = withClaim({ podSecurity: PodSecurity.OPENSHIFT });
    const text = JSON.stringify(manifests);
    expect(text).not.toMatch(/runAsUser|runAsGroup|fsGroup|9999/);
    for (const pod of podsOfManifests(manifests)) expect(violations(pod.template)).toEqual([]);
    expect(errorsOf(manifests, '1.15')).toEqual([]);
  });

  test('NONE: no hardening, only the fsGroup a claim needs; lint warns', () => {
    const manifests = withClaim({ podSecurity: PodSecurity.NONE });
    const fd = only(manifests, 'FlinkDeployment');
    expect(fd.spec.podTemplate.spec.securityContext).toEqual({ fsGroup: 9999 });
    expect(JSON.stringify(fd)).not.toMatch(/allowPrivilegeEscalation|runAsNonRoot|seccompProfile/);
    const pods = podsOfManifests(manifests);
    expect(violations(pods[0].template)).toEqual(expect.arrayContaining([expect.stringMatching(/^runAsNonRoot/)]));
  });

  test('restrictedAs: another uid and gid; root is refused', () => {
    const fd = only(withClaim({ podSecurity: PodSecurity.restrictedAs({ user: 1001, group: 2000 }) }), 'FlinkDeployment');
    expect(fd.spec.podTemplate.spec.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 2000, fsGroup: 2000, runAsNonRoot: true });
    expect(errorOf(() => PodSecurity.restrictedAs({ user: 0 }))).toBe(
      "[PodSecurity.restrictedAs] 'user' (0) must be a whole number of at least 1. Fix: use the uid of your image's user, e.g. 9999.");
    expect(errorOf(() => PodSecurity.restrictedAs({ user: 1.5 }))).toMatch(/'user' \(1.5\) must be a whole number/);
  });

  test('settings in securityContext and in pod templates win; added containers are hardened too', () => {
    const fd = only(app({
      securityContext: { runAsUser: 1000 },
      podTemplate: { spec: { initContainers: [{ name: 'init', image: 'busybox', securityContext: { allowPrivilegeEscalation: true } }] } },
    }), 'FlinkDeployment');
    expect(fd.spec.podTemplate.spec.securityContext.runAsUser).toBe(1000);
    expect(fd.spec.podTemplate.spec.initContainers[0].securityContext).toEqual({ allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } });
  });
});

describe('service account token', () => {
  const tokens = (manifests: any[]) => {
    const fd = only(manifests, 'FlinkDeployment');
    return [fd.spec.jobManager.podTemplate.spec.automountServiceAccountToken, fd.spec.taskManager.podTemplate.spec.automountServiceAccountToken];
  };

  test('native mode: JobManager only', () => {
    expect(tokens(app())).toEqual([true, false]);
    expect(tokens(app({ mode: DeploymentMode.NATIVE }))).toEqual([true, false]);
  });

  test('standalone mode without HA: none', () => {
    expect(tokens(app({ mode: DeploymentMode.STANDALONE }))).toEqual([false, false]);
  });

  test('Kubernetes HA: both (TaskManagers retrieve the leader through ConfigMaps)', () => {
    expect(tokens(withClaim())).toEqual([true, true]);
    expect(tokens(withClaim({ mode: DeploymentMode.STANDALONE }))).toEqual([true, true]);
    // HA set through flinkConfiguration counts too.
    expect(tokens(app({ flinkConfiguration: { 'high-availability.type': 'kubernetes', 'high-availability.storageDir': 's3://b/ha' } }))).toEqual([true, true]);
  });

  test('taskManagerServiceAccountToken opts TaskManagers in; opting out with Kubernetes HA is refused', () => {
    expect(tokens(app({ taskManagerServiceAccountToken: true }))).toEqual([true, true]);
    expect(errorOf(() => withClaim({ taskManagerServiceAccountToken: false }))).toMatch(
      /^\[test\/orders\] 'taskManagerServiceAccountToken' \(false\) cannot be false with Kubernetes HA.*Fix: /);
  });

  test('session clusters follow the same rules', () => {
    const chart = Testing.chart();
    new FlinkSessionCluster(chart, 'session', { version: FlinkVersion.V1_20, image: 'flink:1.20' });
    expect(tokens(Testing.synth(chart))).toEqual([true, false]);
  });

  test('a user TaskManager template keeps the token setting and our hardening', () => {
    const fd = only(app({ taskManagerPodTemplate: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } }), 'FlinkDeployment');
    expect(fd.spec.taskManager.podTemplate.spec.automountServiceAccountToken).toBe(false);
    for (const pod of podsOfManifests([fd])) expect(violations(pod.template)).toEqual([]);
  });
});

describe('what the user sets wins over the profile', () => {
  test('pod template securityContext and automountServiceAccountToken', () => {
    const fd = only(app({
      podTemplate: { spec: { securityContext: { runAsUser: 1000, seccompProfile: { type: 'Localhost', localhostProfile: 'flink.json' } } } },
      taskManagerPodTemplate: { spec: { automountServiceAccountToken: true, securityContext: { runAsGroup: 2000 } } },
    }), 'FlinkDeployment');
    expect(fd.spec.podTemplate.spec.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 1000, runAsGroup: 9999, seccompProfile: { type: 'Localhost', localhostProfile: 'flink.json' },
    });
    expect(fd.spec.taskManager.podTemplate.spec.automountServiceAccountToken).toBe(true);
    expect(fd.spec.taskManager.podTemplate.spec.securityContext.runAsGroup).toBe(2000);
    expect(fd.spec.jobManager.podTemplate).toEqual({ spec: { automountServiceAccountToken: true } });
  });
});
