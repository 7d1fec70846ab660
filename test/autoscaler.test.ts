import { Duration, Testing } from 'cdk8s';
import {
  Autoscaler, AutoscalerOptions, FlinkApplication, FlinkVersion, JobJar, OperatorVersion, ParallelismAlignment,
} from '../lib';
import { lintManifests } from '../lib/validation';
import { errorOf, errorsOf, only, synth } from './helpers';
import { deployment } from './validation/operator-fixtures';

function app(autoscaler: Autoscaler, operatorVersion = OperatorVersion.MAIN) {
  const chart = Testing.chart();
  new FlinkApplication(chart, 'orders', {
    version: FlinkVersion.V2_1, image: 'flink:2.1', operatorVersion,
    jar: JobJar.fromImage('/opt/flink/usrlib/orders.jar'), autoscaler,
  });
  return synth(chart);
}
const spec = (manifests: any[]) => only(manifests, 'FlinkDeployment').spec;
const fail = (o: AutoscalerOptions, v = OperatorVersion.MAIN) => errorOf(() => app(Autoscaler.enabled(o), v));

describe('Autoscaler', () => {
  test('writes the keys the operator reads', () => {
    const m = app(Autoscaler.enabled({
      utilizationTarget: 0.8,
      metricsWindow: Duration.minutes(10),
      stabilizationInterval: Duration.minutes(2),
      scaleUpMaxFactor: 2,
      scaleDownMaxFactor: 0.5,
      vertexMinParallelism: 2,
      vertexMaxParallelism: 64,
      memoryTuning: true,
      excludedPeriods: ['09:30-10:50', '* * 1-5 ? * * *'],
      alignmentMode: ParallelismAlignment.BALANCED,
      resetNonce: 3,
    }));
    expect(spec(m).flinkConfiguration).toEqual({
      'job.autoscaler.enabled': 'true',
      'job.autoscaler.excluded.periods': '09:30-10:50;* * 1-5 ? * * *',
      'job.autoscaler.memory.tuning.enabled': 'true',
      'job.autoscaler.metrics.window': '10 min',
      'job.autoscaler.scale-down.max-factor': '0.5',
      'job.autoscaler.scale-up.max-factor': '2',
      'job.autoscaler.scaling.parallelism-alignment.mode': 'BALANCED',
      'job.autoscaler.stabilization.interval': '2 min',
      'job.autoscaler.utilization.target': '0.8',
      'job.autoscaler.vertex.max-parallelism': '64',
      'job.autoscaler.vertex.min-parallelism': '2',
    });
    expect(spec(m).job.autoscalerResetNonce).toBe(3);
    expect(errorsOf(m, 'main')).toEqual([]);
  });

  test('the alignment key follows the operator version', () => {
    expect(spec(app(Autoscaler.enabled({ alignmentMode: ParallelismAlignment.EVENLY_SPREAD }))).flinkConfiguration['job.autoscaler.scaling.parallelism-alignment.mode']).toBe('EVENLY_SPREAD');
    const old = spec(app(Autoscaler.enabled({ alignmentMode: ParallelismAlignment.EVENLY_SPREAD }), OperatorVersion.V1_15)).flinkConfiguration;
    expect(old['job.autoscaler.scaling.key-group.partitions.adjust.mode']).toBe('EVENLY_SPREAD');
    expect(old['job.autoscaler.scaling.parallelism-alignment.mode']).toBeUndefined();
    expect(fail({ alignmentMode: ParallelismAlignment.BALANCED }, OperatorVersion.V1_15))
      .toBe("[test/orders] 'autoscaler.alignmentMode' (BALANCED) needs operator 1.16 or later (operatorVersion is 1.15). Fix: use ParallelismAlignment.EVENLY_SPREAD or MAXIMIZE_UTILISATION, or OperatorVersion.MAIN.");
  });

  test("the operator's ranges are checked at construction", () => {
    expect(fail({ utilizationTarget: 1.5 })).toMatch(/^\[test\/orders\] 'autoscaler.utilizationTarget' \(1.5\) is rejected by the operator: .*\(autoscaler-option-out-of-range\)\. Fix: /);
    expect(fail({ scaleDownMaxFactor: -1 })).toMatch(/^\[test\/orders\] 'autoscaler.scaleDownMaxFactor' \(-1\) is rejected by the operator/);
    expect(fail({ excludedPeriods: ['not a period'] })).toMatch(/^\[test\/orders\] 'autoscaler.excludedPeriods' \(not a period\) is rejected by the operator/);
    expect(fail({ metricsWindow: Duration.seconds(10) })).toMatch(/^\[test\/orders\] 'autoscaler.metricsWindow' \(10 s\) is rejected by the operator: .*autoscaler-metrics-window-too-small/);
    expect(() => app(Autoscaler.enabled({ metricsWindow: Duration.seconds(10) }), OperatorVersion.V1_15)).not.toThrow();
  });

  test('prop types', () => {
    expect(fail({ vertexMinParallelism: 0 })).toBe("[test/orders] 'autoscaler.vertexMinParallelism' (0) must be a whole number of at least 1. Fix: set 'autoscaler.vertexMinParallelism' to 1 or more.");
    expect(fail({ vertexMinParallelism: 8, vertexMaxParallelism: 4 })).toBe("[test/orders] 'autoscaler.vertexMinParallelism' (8) is more than 'autoscaler.vertexMaxParallelism' (4). Fix: lower vertexMinParallelism or raise vertexMaxParallelism.");
    expect(fail({ stabilizationInterval: Duration.seconds(0) })).toBe("[test/orders] 'autoscaler.stabilizationInterval' (0 ms) must be a positive Duration. Fix: use e.g. Duration.minutes(5).");
    expect(fail({ resetNonce: 1.5 })).toBe("[test/orders] 'autoscaler.resetNonce' (1.5) must be a whole number. Fix: set 'autoscaler.resetNonce' to e.g. 1 (change it to reset).");
  });

  test('advisor mode', () => {
    expect(spec(app(Autoscaler.enabled({ advisorOnly: true }))).flinkConfiguration['job.autoscaler.scaling.enabled']).toBe('false');
  });
});

describe('autoscaler-alignment-default-changed / autoscaler-alignment-mode-unknown', () => {
  const withConfig = (config: Record<string, string>) => deployment((m) => { m.spec.flinkConfiguration = config; });
  const rules = (config: Record<string, string>, v: '1.15' | 'main' = 'main') =>
    lintManifests([withConfig(config)], { operatorVersion: v }).filter((f) => f.rule.startsWith('autoscaler-alignment')).map((f) => [f.rule, f.severity, f.path]);

  test('autoscaler on without a mode: a warning on main, nothing on 1.15', () => {
    expect(rules({ 'job.autoscaler.enabled': 'true' })).toEqual([
      ['autoscaler-alignment-default-changed', 'warning', "spec.flinkConfiguration['job.autoscaler.scaling.parallelism-alignment.mode']"],
    ]);
    expect(rules({ 'job.autoscaler.enabled': 'true' }, '1.15')).toEqual([]);
    expect(rules({ 'job.autoscaler.enabled': 'false' })).toEqual([]);
  });

  test('either key settles it', () => {
    expect(rules({ 'job.autoscaler.enabled': 'true', 'job.autoscaler.scaling.parallelism-alignment.mode': 'EVENLY_SPREAD' })).toEqual([]);
    expect(rules({ 'job.autoscaler.enabled': 'true', 'job.autoscaler.scaling.key-group.partitions.adjust.mode': 'EVENLY_SPREAD' })).toEqual([]);
  });

  test('an unknown mode without a plugin class', () => {
    expect(rules({ 'job.autoscaler.enabled': 'true', 'job.autoscaler.scaling.parallelism-alignment.mode': 'EVEN' })).toEqual([
      ['autoscaler-alignment-mode-unknown', 'warning', "spec.flinkConfiguration['job.autoscaler.scaling.parallelism-alignment.mode']"],
    ]);
    expect(rules({
      'job.autoscaler.enabled': 'true',
      'job.autoscaler.scaling.parallelism-alignment.mode': 'skew',
      'job.autoscaler.scaling.parallelism-alignment.mode.skew.class': 'com.example.Skew',
    })).toEqual([]);
  });

  test('the construct without alignmentMode gets the warning at synth on main', () => {
    const m = app(Autoscaler.enabled());
    const warnings = lintManifests(m, { operatorVersion: 'main', mode: 'synth' }).filter((f) => f.severity === 'warning').map((f) => f.rule);
    expect(warnings).toContain('autoscaler-alignment-default-changed');
  });
});

describe('the legacy alignment key', () => {
  const rules = (v: '1.15' | 'main') => lintManifests([deployment((m) => {
    m.spec.flinkConfiguration = { 'job.autoscaler.enabled': 'true', 'job.autoscaler.scaling.key-group.partitions.adjust.mode': 'EVENLY_SPREAD' };
  })], { operatorVersion: v }).filter((f) => f.rule === 'config-key-deprecated');

  test('is the only key on operator 1.15 (no deprecation warning), deprecated on 1.16 with its successor', () => {
    expect(rules('1.15')).toEqual([]);
    expect(rules('main').map((f) => f.fix)).toEqual(["Use 'job.autoscaler.scaling.parallelism-alignment.mode' instead."]);
  });
});
