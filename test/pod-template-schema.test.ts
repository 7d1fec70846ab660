import { Testing } from 'cdk8s';
import { FlinkApplication, FlinkVersion, JobJar, PodSecurity } from '../lib';
import { errorOf, only, synth } from './helpers';

function app(podTemplate: any, podSecurity?: PodSecurity) {
  const chart = Testing.chart();
  new FlinkApplication(chart, 'orders', {
    version: FlinkVersion.V1_20, image: 'flink:1.20', jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'), parallelism: 1,
    podTemplate, podSecurity,
  });
  return chart;
}

describe('escape-hatch pod templates', () => {
  test('a valid pod spec passes and is rendered as given (no security profile added)', () => {
    const spec = { containers: [{ name: 'flink-main-container', resources: { limits: { memory: '2Gi' } } }], priorityClassName: 'high' };
    expect(only(synth(app({ spec }, PodSecurity.NONE)), 'FlinkDeployment').spec.podTemplate.spec).toEqual(spec);
  });

  test('a misspelt field fails synth with the Pod schema finding', () => {
    const message = errorOf(() => synth(app({ spec: { priorityClassNam: 'high' } })));
    expect(message).toContain('[test/orders] (schema-unknown-field)');
    expect(message).toContain('priorityClassNam');
  });
});
