import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  CheckpointPolicy, FlinkApplication, FlinkApplicationProps, FlinkStorage, FlinkValidation, FlinkVersion, JobJar,
  operator, OperatorVersion, UpgradeMode,
} from '../lib';
import { errorOf } from './helpers';

const props = (over: Partial<FlinkApplicationProps> = {}): FlinkApplicationProps => ({
  version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'), ...over,
});

describe('synth-time validation', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
  afterEach(() => warn.mockRestore());

  test('a rule finding is reported at the owning construct path', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'orders', props());
    ApiObject.of(app).addJsonPatch(JsonPatch.add('/spec/jobManager/replicas', 0));
    expect(errorOf(() => Testing.synth(chart))).toMatch(
      /^Validation failed with the following errors:\n {2}\[test\/orders\] \(jobmanager-replicas-invalid\) [^\n]*\. Fix: [^\n]*$/);
  });

  test('a schema finding is reported at the owning construct path', () => {
    const chart = Testing.chart();
    const app = new FlinkApplication(chart, 'orders', props());
    ApiObject.of(app).addJsonPatch(JsonPatch.add('/spec/mode', 'hybrid'));
    expect(errorOf(() => Testing.synth(chart))).toContain('[test/orders] (schema-');
  });

  test('findings about objects no construct of ours owns carry the object path', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', props());
    new operator.FlinkDeployment(chart, 'raw', { spec: { flinkVersion: operator.FlinkDeploymentSpecFlinkVersion.V1_UNDERSCORE_20 } });
    const message = errorOf(() => Testing.synth(chart));
    expect(message).toMatch(/^  \[test\/raw\] \(service-account-missing\)/m);
    expect(message).not.toContain('[] ');
    expect(message).not.toContain('[test/orders]');
  });

  test('a claim mounted through volumes must exist or be declared external', () => {
    const chart = Testing.chart();
    const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'claim', 'shared-data');
    new FlinkApplication(chart, 'orders', props({
      volumes: [{ volume: kplus.Volume.fromPersistentVolumeClaim(chart, 'vol', claim), mountPath: '/data' }],
    }));
    expect(errorOf(() => Testing.synth(chart))).toContain('[test/orders] (pvc-not-found)');
    FlinkValidation.configure(chart, { external: { persistentVolumeClaims: ['shared-data'] } });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('an existing claim used for checkpoints is external automatically', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', props({
      upgradeMode: UpgradeMode.LAST_STATE,
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: FlinkStorage.existingClaim('flink-state') }),
    }));
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('warnings print once per synth and fail only in strict mode', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'orders', props({
      checkpoints: CheckpointPolicy.every(Duration.seconds(30), { storage: FlinkStorage.hostPath('/tmp/flink') }),
    }));
    Testing.synth(chart);
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines.filter((l) => l.startsWith('[test/orders] (state-dir-node-local)'))).toHaveLength(1);
    expect(lines.every((l) => /^\[[^\]]+\] \([a-z0-9-]+\) .*Fix: /s.test(l))).toBe(true);
    FlinkValidation.configure(chart, { strict: true });
    expect(errorOf(() => Testing.synth(chart))).toContain('[test/orders] (state-dir-node-local)');
  });

  test('each construct is checked against its own operator version', () => {
    const chart = Testing.chart();
    new FlinkApplication(chart, 'old', props());
    new FlinkApplication(chart, 'new', props({ operatorVersion: OperatorVersion.MAIN, version: FlinkVersion.V2_3, image: 'flink:2.3' }));
    const out = Testing.synth(chart).filter((m) => m.kind === 'FlinkDeployment');
    expect(out.map((m) => Object.keys(m.spec.jobManager).filter((k) => k !== 'podTemplate'))).toEqual([['resource'], ['resources']]);
  });
});
