import { Duration } from 'cdk8s';
import { FlinkVersion, RestartStrategy } from '../lib';

const config = (s: RestartStrategy, v: FlinkVersion) => (s as any)._config(v);

describe('RestartStrategy', () => {
  test.each([
    [FlinkVersion.V1_15, 'restart-strategy'],
    [FlinkVersion.V1_16, 'restart-strategy'],
    [FlinkVersion.V1_17, 'restart-strategy.type'],
    [FlinkVersion.V1_20, 'restart-strategy.type'],
    [FlinkVersion.V2_1, 'restart-strategy.type'],
  ])('fixedDelay on %s uses %s', (v, key) => {
    expect(config(RestartStrategy.fixedDelay({ attempts: 3, delay: Duration.seconds(10) }), v)).toEqual({
      [key]: 'fixed-delay',
      'restart-strategy.fixed-delay.attempts': '3',
      'restart-strategy.fixed-delay.delay': '10 s',
    });
  });

  test('failureRate', () => {
    expect(config(RestartStrategy.failureRate({ maxFailuresPerInterval: 2, interval: Duration.minutes(5), delay: Duration.millis(500) }), FlinkVersion.V1_20)).toEqual({
      'restart-strategy.type': 'failure-rate',
      'restart-strategy.failure-rate.max-failures-per-interval': '2',
      'restart-strategy.failure-rate.failure-rate-interval': '5 min',
      'restart-strategy.failure-rate.delay': '500 ms',
    });
  });

  test('exponentialDelay renders only what is set', () => {
    expect(config(RestartStrategy.exponentialDelay(), FlinkVersion.V1_20)).toEqual({ 'restart-strategy.type': 'exponential-delay' });
    expect(config(RestartStrategy.exponentialDelay({ initialBackoff: Duration.seconds(1), maxBackoff: Duration.minutes(2), backoffMultiplier: 2, jitterFactor: 0.2, resetBackoffThreshold: Duration.hours(1) }), FlinkVersion.V1_19)).toEqual({
      'restart-strategy.type': 'exponential-delay',
      'restart-strategy.exponential-delay.initial-backoff': '1 s',
      'restart-strategy.exponential-delay.max-backoff': '2 min',
      'restart-strategy.exponential-delay.backoff-multiplier': '2',
      'restart-strategy.exponential-delay.jitter-factor': '0.2',
      'restart-strategy.exponential-delay.reset-backoff-threshold': '1 h',
    });
  });

  test('none', () => {
    expect(config(RestartStrategy.none(), FlinkVersion.V1_16)).toEqual({ 'restart-strategy': 'none' });
  });

  test('bad values throw', () => {
    expect(() => RestartStrategy.fixedDelay({ attempts: -1, delay: Duration.seconds(1) })).toThrow(
      "[RestartStrategy.fixedDelay] 'attempts' (-1) must be a whole number of at least 0. Fix: set it to 0 or more.");
    expect(() => RestartStrategy.exponentialDelay({ jitterFactor: 2 })).toThrow(
      "[RestartStrategy.exponentialDelay] 'jitterFactor' (2) must be between 0 and 1. Fix: use e.g. 0.1.");
    expect(() => RestartStrategy.exponentialDelay({ initialBackoff: Duration.minutes(5), maxBackoff: Duration.minutes(1) })).toThrow(
      "[RestartStrategy.exponentialDelay] 'initialBackoff' (5 min) must not exceed 'maxBackoff' (1 min). Fix: lower 'initialBackoff' or raise 'maxBackoff'.");
  });
});
