/**
 * Autoscaler option checks A1-A12 and the metric-window check R32, with the edge cases of T23.
 */
import { autoscalerIssues, isQuartzCron } from '../../lib/validation/rules/autoscaler';
import { OperatorVersionId } from '../../lib/validation';
import { deployment, idsOf } from './operator-fixtures';

const ON = { 'job.autoscaler.enabled': 'true' };

/** `rule:ref` of the issues for an autoscaler config (enabled unless told otherwise). */
function check(config: Record<string, string>, version: OperatorVersionId = 'main', enabled = true): string[] {
  return autoscalerIssues({ ...(enabled ? ON : {}), ...config }, version).map((i) => `${i.rule}:${i.ref}`);
}
function messages(config: Record<string, string>, version: OperatorVersionId = 'main'): string[] {
  return autoscalerIssues({ ...ON, ...config }, version).map((i) => i.message);
}
const k = (suffix: string) => `job.autoscaler.${suffix}`;

describe('A1-A6 ranges (T23)', () => {
  test('A1/A2 max factors must not be negative', () => {
    expect(check({ [k('scale-down.max-factor')]: '-0.1' })).toEqual(['autoscaler-option-out-of-range:A1']);
    expect(check({ [k('scale-up.max-factor')]: '-0.1' })).toEqual(['autoscaler-option-out-of-range:A2']);
    expect(check({ [k('scale-down.max-factor')]: '0', [k('scale-up.max-factor')]: '1000000' })).toEqual([]);
  });
  test.each(['-0.6', '1.5'])('A3 utilization.target %s is out of [0, 1]', (v) => {
    expect(check({ [k('utilization.target')]: v })).toEqual(['autoscaler-option-out-of-range:A3']);
  });
  test('A3 also reads the deprecated target.utilization key', () => {
    expect(check({ [k('target.utilization')]: '1.5' })).toEqual(['autoscaler-option-out-of-range:A3']);
  });
  test('A4 boundary must not be negative', () => {
    expect(check({ [k('target.utilization.boundary')]: '-0.1' })).toEqual(['autoscaler-option-out-of-range:A4']);
    expect(check({ [k('target.utilization.boundary')]: '0.1' })).toEqual([]);
  });
  test('A5 utilization.max -0.6 is out of [0.7, 1.0] (default target)', () => {
    expect(check({ [k('utilization.max')]: '-0.6' })).toEqual(['autoscaler-option-out-of-range:A5']);
    expect(messages({ [k('utilization.max')]: '-0.6' })[0]).toContain('[0.7, 1.0]');
  });
  test.each(['-0.6', '0.8'])('A6 utilization.min %s is out of [0.0, 0.7]', (v) => {
    expect(check({ [k('utilization.min')]: v })).toEqual(['autoscaler-option-out-of-range:A6']);
    expect(messages({ [k('utilization.min')]: v })[0]).toContain('[0.0, 0.7]');
  });
  test('min 0.3 / target 0.5 / max 0.4 -> A5 with range [0.5, 1.0]', () => {
    const c = { [k('utilization.min')]: '0.3', [k('utilization.target')]: '0.5', [k('utilization.max')]: '0.4' };
    expect(check(c)).toEqual(['autoscaler-option-out-of-range:A5']);
    expect(messages(c)[0]).toContain('[0.5, 1.0]');
  });
  test('min 0.2 / target 0.5 / max 0.6 is valid', () => {
    expect(check({ [k('utilization.min')]: '0.2', [k('utilization.target')]: '0.5', [k('utilization.max')]: '0.6' })).toEqual([]);
  });
  test('bounds are inclusive; just outside is rejected', () => {
    expect(check({ [k('utilization.target')]: '0' })).toEqual([]);
    expect(check({ [k('utilization.target')]: '1' })).toEqual([]);
    expect(check({ [k('utilization.target')]: '1.0001' })).toEqual(['autoscaler-option-out-of-range:A3']);
    expect(check({ [k('utilization.target')]: '-0.0001' })).toEqual(['autoscaler-option-out-of-range:A3']);
    expect(check({ [k('utilization.max')]: '0.7' })).toEqual([]);
    expect(check({ [k('utilization.max')]: '0.6999' })).toEqual(['autoscaler-option-out-of-range:A5']);
    expect(check({ [k('utilization.min')]: '0.7' })).toEqual([]);
    expect(check({ [k('utilization.min')]: '0.7001' })).toEqual(['autoscaler-option-out-of-range:A6']);
  });
  test('open bounds print as +Infinity', () => {
    expect(messages({ [k('scale-up.max-factor')]: '-1' })[0]).toContain('[0.0, +Infinity]');
  });
  test('a value that is not a number is its own finding', () => {
    expect(check({ [k('utilization.target')]: 'high' })).toEqual(['autoscaler-option-not-a-number:A3']);
    expect(check({ [k('utilization.target')]: '5e-1' })).toEqual([]);
  });
  test('NaN and Infinity are numbers to Java: NaN passes every range check, Infinity only open ones', () => {
    // The operator parses with Double.parseDouble and rejects only when value < min or value > max.
    expect(check({ [k('utilization.target')]: 'NaN', [k('scale-down.max-factor')]: '-NaN', [k('utilization.min')]: ' NaN ' })).toEqual([]);
    expect(check({ [k('scale-up.max-factor')]: 'Infinity' })).toEqual([]);
    expect(check({ [k('utilization.target')]: 'Infinity' })).toEqual(['autoscaler-option-out-of-range:A3']);
    expect(check({ [k('scale-down.max-factor')]: '-Infinity' })).toEqual(['autoscaler-option-out-of-range:A1']);
    expect(check({ [k('utilization.target')]: 'nan' })).toEqual(['autoscaler-option-not-a-number:A3']);
  });
  test('all ignored when the autoscaler is disabled or not set', () => {
    const bad = { [k('scale-down.max-factor')]: '-0.1', [k('utilization.target')]: '1.5', [k('excluded.periods')]: '12:00-10:00' };
    expect(check(bad, 'main', false)).toEqual([]);
    expect(check({ ...bad, 'job.autoscaler.enabled': 'false' }, 'main', false)).toEqual([]);
  });
  test('the legacy kubernetes.operator.job.autoscaler. prefix is read as a fallback', () => {
    const legacy = 'kubernetes.operator.job.autoscaler.';
    expect(autoscalerIssues({ [`${legacy}enabled`]: 'true', [`${legacy}scale-down.max-factor`]: '-1' }, 'main').map((i) => i.key))
      .toEqual([`${legacy}scale-down.max-factor`]);
    expect(check({ [`${legacy}utilization.target`]: '1.5' })).toEqual(['autoscaler-option-out-of-range:A3']);
    // The new key wins over the legacy one.
    expect(check({ [k('utilization.target')]: '0.5', [`${legacy}utilization.target`]: '1.5' })).toEqual([]);
  });
});

describe('A7-A11: version and feature gates (§8)', () => {
  test('A7/A8 are main only', () => {
    const c = { [k('memory.gc-pressure.threshold')]: '1.5', [k('memory.heap-usage.threshold')]: '-1' };
    expect(check(c, 'main')).toEqual(['autoscaler-option-out-of-range:A7', 'autoscaler-option-out-of-range:A8']);
    expect(check(c, '1.15')).toEqual([]);
  });
  test('T23/A9: coefficient-min 1.2 on main only with observed scalability; always on 1.15', () => {
    const c = { [k('observed-scalability.coefficient-min')]: '1.2' };
    expect(check(c, 'main')).toEqual([]);
    expect(check({ ...c, [k('observed-scalability.enabled')]: 'true' }, 'main')).toEqual(['autoscaler-option-out-of-range:A9']);
    expect(check(c, '1.15')).toEqual(['autoscaler-option-out-of-range:A9']);
    expect(check({ [k('observed-scalability.coefficient-min')]: '0.01' }, '1.15')).toEqual([]);
    expect(check({ [k('observed-scalability.coefficient-min')]: '0.0099' }, '1.15')).toEqual(['autoscaler-option-out-of-range:A9']);
  });
  test('A10 main only, when effectiveness detection is on', () => {
    const c = { [k('scaling.effectiveness.threshold')]: '2', [k('scaling.effectiveness.detection.enabled')]: 'true' };
    expect(check(c, 'main')).toEqual(['autoscaler-option-out-of-range:A10']);
    expect(check(c, '1.15')).toEqual([]);
    expect(check({ [k('scaling.effectiveness.threshold')]: '2' }, 'main')).toEqual([]);
  });
  test('A11 main only, when memory tuning is on', () => {
    const c = { [k('memory.tuning.overhead')]: '-0.2', [k('memory.tuning.enabled')]: 'true' };
    expect(check(c, 'main')).toEqual(['autoscaler-option-out-of-range:A11']);
    expect(check(c, '1.15')).toEqual([]);
    expect(check({ [k('memory.tuning.overhead')]: '-0.2' }, 'main')).toEqual([]);
  });
});

describe('A12 autoscaler-excluded-periods-invalid', () => {
  const periods = (v: string) => check({ [k('excluded.periods')]: v });
  test('T23: 12:00-10:00 is invalid', () => {
    expect(periods('12:00-10:00')).toEqual(['autoscaler-excluded-periods-invalid:A12']);
  });
  test.each([
    '10:00-12:00',
    '22:00:00-23:59:59',
    '* * 9-11 ? * MON-FRI',
    '0 0/15 8-17 ? * 2-6 2030',
    '0 0 0 L * ?',
    '0 0 12 ? * 6#3',
    '10:00-12:00 && * * * ? * MON-FRI',
    '* * * ? * SAT,SUN && 01:00-05:00',
    '10:00-12:00;14:00-15:00',
  ])('%s is valid', (v) => {
    expect(periods(v)).toEqual([]);
  });
  test.each([
    '10:00',
    '25:00-26:00',
    '10:00-10:00',
    '10:00-12:00 && 14:00-15:00',
    '* * * ? * MON && * * * ? * TUE',
    '10:00-12:00 && * * * ? * MON && 13:00-14:00',
    '* * * * * *',
    '* * * ? * ?',
    '60 * * ? * *',
    '* * * ? 13 *',
    'every day',
  ])('%s is invalid', (v) => {
    expect(periods(v)).toEqual(['autoscaler-excluded-periods-invalid:A12']);
  });
  test('each bad entry of a list is reported, quoting it', () => {
    const issues = autoscalerIssues({ ...ON, [k('excluded.periods')]: '10:00-12:00;13:00-11:00;bad' }, 'main');
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('"13:00-11:00"'), expect.stringContaining('"bad"')]);
  });
  test('a YAML list flattens to ";" and is checked per entry', () => {
    const d = deployment((x) => {
      x.spec.flinkConfiguration.job = { autoscaler: { enabled: true, excluded: { periods: ['10:00-12:00', '12:00-10:00'] } } };
    });
    expect(idsOf(d)).toEqual(['autoscaler-excluded-periods-invalid:A12']);
  });
  test('cron helper', () => {
    expect(isQuartzCron('0 0 12 * * ?')).toBe(true);
    expect(isQuartzCron('0 0 12 * *')).toBe(false);
  });
});

describe('R32 autoscaler-metrics-window-too-small (main only)', () => {
  test('T23: 30 s window with the default 60 s interval fails; 5 min passes', () => {
    expect(check({ [k('metrics.window')]: '30 s' })).toEqual(['autoscaler-metrics-window-too-small:R32']);
    expect(check({ [k('metrics.window')]: '5 min' })).toEqual([]);
    expect(check({ [k('metrics.window')]: '60 s' })).toEqual([]);
  });
  test('uses the resource\'s own reconcile interval', () => {
    expect(check({ [k('metrics.window')]: '30 s', 'kubernetes.operator.reconcile.interval': '15 s' })).toEqual([]);
    expect(check({ 'kubernetes.operator.reconcile.interval': '20 min' })).toEqual(['autoscaler-metrics-window-too-small:R32']);
  });
  test('ignored on 1.15 and when the autoscaler is disabled', () => {
    expect(check({ [k('metrics.window')]: '30 s' }, '1.15')).toEqual([]);
    expect(check({ [k('metrics.window')]: '30 s' }, 'main', false)).toEqual([]);
  });
  test('on a deployment the finding points at the window key', () => {
    const d = deployment((x) => { Object.assign(x.spec.flinkConfiguration, ON, { [k('metrics.window')]: '30 s' }); });
    expect(idsOf(d)).toEqual(['autoscaler-metrics-window-too-small:R32']);
    expect(idsOf(d, { operatorVersion: '1.15' }).filter((id) => id.startsWith('autoscaler'))).toEqual([]);
  });
});
