import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import * as plus28 from 'cdk8s-plus-28';
import * as plus33 from 'cdk8s-plus-33';
import { FlinkApplication, FlinkServiceAccount, FlinkVersion, JobJar, NamedResource, ObjectStoreCredentials, FlinkStorage, CheckpointPolicy, PodVolume } from '../lib';
import { errorOf, only, synth } from './helpers';

type Plus = typeof plus28 | typeof plus33;

/** An application using a Secret, a ConfigMap volume and a ServiceAccount of one cdk8s-plus major. */
function appWith(plus: Plus) {
  const chart = Testing.chart();
  const env = new plus.Secret(chart, 'env');
  env.addStringData('TOKEN', 'x');
  const creds = plus.Secret.fromSecretName(chart, 's3', 's3-creds');
  const config = new plus.ConfigMap(chart, 'extra', { data: { 'a.txt': 'a' } });
  const sa = new plus.ServiceAccount(chart, 'sa', { metadata: { name: 'flink-pods' } });
  const app = new FlinkApplication(chart, 'orders', {
    version: FlinkVersion.V1_20,
    image: 'flink:1.20',
    jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'),
    parallelism: 1,
    envFromSecrets: [env],
    volumes: [{ volume: plus.Volume.fromConfigMap(chart, 'extra-volume', config), mountPath: '/etc/extra' }],
    serviceAccount: FlinkServiceAccount.fromServiceAccount(chart, 'flink-sa', sa),
    checkpoints: CheckpointPolicy.every(Duration.seconds(30), {
      storage: FlinkStorage.objectStore('s3://bucket/flink', {
        credentials: ObjectStoreCredentials.fromSecret(creds, { accessKey: 'id', secretKey: 'key' }),
      }),
    }),
  });
  return { chart, app, config };
}

describe.each([['cdk8s-plus-28', plus28], ['cdk8s-plus-33', plus33]] as [string, Plus][])('objects of %s', (_name, plus) => {
  test('are accepted and rendered as with the plain API', () => {
    const { chart, config } = appWith(plus);
    const manifests = synth(chart);
    const fd = only(manifests, 'FlinkDeployment');
    const pod = fd.spec.podTemplate.spec;
    expect(fd.spec.serviceAccount).toBe('flink-pods');
    expect(pod.volumes).toEqual([{ configMap: { name: config.name }, name: `configmap-${config.name}` }]);
    const container = pod.containers[0];
    expect(container.envFrom).toEqual([{ secretRef: { name: only(manifests, 'Secret').metadata.name } }]);
    expect(container.env.map((e: any) => e.valueFrom.secretKeyRef.name)).toEqual(['s3-creds', 's3-creds']);
    // No Role or RoleBinding of ours: the service account is the user's.
    expect(manifests.filter((m) => m.kind === 'Role')).toEqual([]);
  });

  test('objects created in the app come before the FlinkDeployment that uses them', () => {
    const { chart } = appWith(plus);
    const kinds = synth(chart).map((m) => m.kind);
    const at = (kind: string) => kinds.indexOf(kind);
    expect(at('Secret')).toBeLessThan(at('FlinkDeployment'));
    expect(at('ServiceAccount')).toBeLessThan(at('FlinkDeployment'));
  });
});

describe('without cdk8s-plus', () => {
  test('PodVolume and NamedResource render the same pod as cdk8s-plus objects', () => {
    const withPlus = synth(appWith(plus33).chart);
    const chart = Testing.chart();
    const configMapName = only(withPlus, 'ConfigMap').metadata.name;
    new ApiObject(chart, 'extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: configMapName } });
    new FlinkApplication(chart, 'orders', {
      version: FlinkVersion.V1_20,
      image: 'flink:1.20',
      jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'),
      parallelism: 1,
      envFromSecrets: [NamedResource.of('test-env-c8799c56')],
      volumes: [{ volume: PodVolume.fromConfigMap(configMapName), mountPath: '/etc/extra' }],
      serviceAccount: FlinkServiceAccount.fromName(chart, 'flink-sa', 'flink-pods'),
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), {
        storage: FlinkStorage.objectStore('s3://bucket/flink', {
          credentials: ObjectStoreCredentials.fromSecret(NamedResource.of('s3-creds'), { accessKey: 'id', secretKey: 'key' }),
        }),
      }),
    });
    expect(only(synth(chart), 'FlinkDeployment').spec).toEqual(only(withPlus, 'FlinkDeployment').spec);
  });

  test('PodVolume factories render the Kubernetes volume sources', () => {
    expect(PodVolume.fromSecret('tls')._toWire()).toEqual({ name: 'secret-tls', secret: { secretName: 'tls' } });
    expect(PodVolume.fromPersistentVolumeClaim('data', { name: 'd' })._toWire()).toEqual({ name: 'd', persistentVolumeClaim: { claimName: 'data' } });
    expect(PodVolume.fromEmptyDir('scratch', { sizeLimit: Size.gibibytes(1) })._toWire()).toEqual({ name: 'scratch', emptyDir: { sizeLimit: '1024Mi' } });
    expect(PodVolume.fromHostPath('logs', '/var/log')._toWire()).toEqual({ name: 'logs', hostPath: { path: '/var/log' } });
  });

  test('a volume that is neither a PodVolume nor a cdk8s-plus Volume is a clear error', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(errorOf(() => new FlinkApplication(chart, 'orders', {
      version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'), parallelism: 1,
      volumes: [{ volume: { name: 'x' }, mountPath: '/x' }],
    }))).toBe("[c/orders] 'volumes[0].volume' (x) must be a PodVolume or a cdk8s-plus Volume. Fix: use e.g. PodVolume.fromConfigMap('my-config').");
    expect(errorOf(() => NamedResource.of('Bad_Name'))).toContain("'name' (Bad_Name) is not a valid Kubernetes object name");
  });

  test('no file of the library imports cdk8s-plus', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(p);
      }
    };
    walk(path.join(__dirname, '..', 'lib'));
    walk(path.join(__dirname, '..', 'imports'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => /from 'cdk8s-plus|require\('cdk8s-plus/.test(fs.readFileSync(f, 'utf8')))).toEqual([]);
  });
});
