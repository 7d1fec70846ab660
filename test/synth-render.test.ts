/**
 * Inside one `app.synth()` / `app.synthYaml()` call the output reuses the renders of the
 * validation pass (lib/private/wiring.ts, handOver). The output must be exactly what rendering every
 * object afresh gives, and nothing of the hand-over may outlive the call.
 */
import { ApiObject, App, Chart, Testing, Yaml } from 'cdk8s';
import { ARGOCD_SYNC_WAVE_ANNOTATION, FlinkApplication, FlinkServiceAccount, FlinkValidation, FlinkVersion, GitOps, JobJar, UpgradeMode } from '../lib';
import * as renderModule from '../lib/private/render';
import { EXAMPLE_CHARTS } from './example-charts';

/** Every ApiObject of the app. */
function objectsOf(app: App): ApiObject[] {
  return app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
}

/** The app's manifests rendered afresh, outside any synth call (one validation pass, no hand-over). */
function freshYaml(app: App): string {
  return Yaml.stringify(...app.charts.flatMap((c) => c.toJson()));
}

/** Objects that still carry an own `toJson` (a hand-over left behind). */
function leftOver(app: App): string[] {
  return objectsOf(app).filter((o) => Object.prototype.hasOwnProperty.call(o, 'toJson')).map((o) => o.node.path);
}

describe('synth output reuses the validation renders', () => {
  test.each(EXAMPLE_CHARTS)('example %s: synthYaml() equals a fresh render of every object', (id, cls) => {
    const app = Testing.app();
    new cls(app, id);
    const synthesized = app.synthYaml();
    expect(leftOver(app)).toEqual([]);
    expect(synthesized).toBe(freshYaml(app));
    // A second call validates and hands over again: same output.
    expect(app.synthYaml()).toBe(synthesized);
    expect(leftOver(app)).toEqual([]);
  });

  test('each object is rendered once per synth call, and again by a later call', () => {
    const app = Testing.app();
    const [id, cls] = EXAMPLE_CHARTS[0];
    new cls(app, id);
    const objects = objectsOf(app).length;
    // A render is cdk8s' own, or the one-pass render of lib/private/render.ts when it applies.
    const general = jest.spyOn(ApiObject.prototype, 'toJson');
    const onePass = jest.spyOn(renderModule, 'renderApiObject');
    const renders = () => general.mock.calls.length + onePass.mock.results.filter((r) => r.value !== undefined).length;
    try {
      app.synthYaml();
      expect(renders()).toBe(objects);
      app.synthYaml();
      expect(renders()).toBe(2 * objects);
    } finally {
      general.mockRestore();
      onePass.mockRestore();
    }
  });

  test('objects whose annotations synth writes are rendered with them', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'streaming' });
    // Written annotations: the suppression that covers the image mismatch, the external service account.
    FlinkValidation.suppress(chart, 'image-version-mismatch', 'the 1.19 image carries a 1.20 backport');
    new FlinkApplication(chart, 'job', {
      version: FlinkVersion.V1_20,
      image: 'flink:1.19',
      jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'),
      upgradeMode: UpgradeMode.STATELESS,
      serviceAccount: FlinkServiceAccount.fromName(chart, 'sa', 'flink'),
    });
    const synthesized = app.synthYaml();
    expect(synthesized).toContain('cdk8s-flink.io/external');
    expect(synthesized).toContain('image-version-mismatch -- the 1.19 image carries a 1.20 backport');
    expect(synthesized).toBe(freshYaml(app));
    expect(leftOver(app)).toEqual([]);
  });

  // GitOps waves are written by a validation of their own (on the chart: after the app-level one;
  // on the app: before it when declared first): the output carries them either way.
  test.each(['chart', 'app before', 'app after'])('a validation that writes annotations (GitOps waves on the %s) reaches the output', (where) => {
    const app = Testing.app();
    if (where === 'app before') GitOps.argoCdSyncWaves(app);
    const [id, cls] = EXAMPLE_CHARTS[0];
    const chart = new cls(app, id);
    if (where === 'chart') GitOps.argoCdSyncWaves(chart);
    if (where === 'app after') GitOps.argoCdSyncWaves(app);
    const synthesized = app.synthYaml();
    expect(synthesized.split(`${ARGOCD_SYNC_WAVE_ANNOTATION}:`).length - 1).toBe(objectsOf(app).length);
    expect(synthesized).toBe(freshYaml(app));
    expect(leftOver(app)).toEqual([]);
  });

  test('a validation of the user that changes an object after ours reaches the output', () => {
    const app = Testing.app();
    const [id, cls] = EXAMPLE_CHARTS[0];
    const chart = new cls(app, id);
    // Registered after the app-level validation of the library, so it runs after it.
    chart.node.addValidation({
      validate: () => {
        for (const o of objectsOf(app)) o.metadata.addLabel('late', 'yes');
        return [];
      },
    });
    const synthesized = app.synthYaml();
    expect(synthesized.split('late: "yes"').length - 1).toBe(objectsOf(app).length);
    expect(synthesized).toBe(freshYaml(app));
    expect(leftOver(app)).toEqual([]);
  });

  test('a change between two synth calls reaches the second output', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new FlinkServiceAccount(chart, 'sa');
    const claim = new ApiObject(chart, 'claim', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    const first = app.synthYaml();
    claim.metadata.addLabel('team', 'data');
    const second = app.synthYaml();
    expect(first).not.toContain('team: data');
    expect(second).toContain('team: data');
    expect(second).toBe(freshYaml(app));
  });

  test('a failed synth leaves no hand-over behind', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new FlinkServiceAccount(chart, 'sa');
    new ApiObject(chart, 'bad', {
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name: 'bad' },
      spec: { flinkVersion: 'v1_20' },
    });
    expect(() => app.synthYaml()).toThrow(/Validation failed/);
    expect(leftOver(app)).toEqual([]);
  });
});
