import { Duration } from 'cdk8s';
import { Shape, checkProps, duration, int, number } from './private/check';
import { flinkDuration, isIntAtLeast } from './private/util';
import { FlinkVersion } from './versions';

/** Options of `RestartStrategy.fixedDelay`. */
export interface FixedDelayRestartOptions {
  /** Number of restart attempts before the job fails. */
  readonly attempts: number;
  /** Delay between attempts. */
  readonly delay: Duration;
}

/** Options of `RestartStrategy.failureRate`. */
export interface FailureRateRestartOptions {
  /** Maximum failures in `interval` before the job fails. */
  readonly maxFailuresPerInterval: number;
  /** The measuring interval. */
  readonly interval: Duration;
  /** Delay between attempts. */
  readonly delay: Duration;
}

/** Options of `RestartStrategy.exponentialDelay`. */
export interface ExponentialDelayRestartOptions {
  /**
   * First delay.
   * @default - Flink's default (1 s).
   */
  readonly initialBackoff?: Duration;
  /**
   * Largest delay.
   * @default - Flink's default (1 min from 1.19, 5 min before).
   */
  readonly maxBackoff?: Duration;
  /**
   * Factor applied to the delay after each failure (>= 1).
   * @default - Flink's default (1.5 from 1.19, 2.0 before).
   */
  readonly backoffMultiplier?: number;
  /**
   * Time without failure after which the delay resets.
   * @default - Flink's default (1 h).
   */
  readonly resetBackoffThreshold?: Duration;
  /**
   * Random jitter as a fraction of the delay, 0 to 1.
   * @default - Flink's default (0.1).
   */
  readonly jitterFactor?: number;
}

/** How Flink restarts a failed job (`restart-strategy.type`, `restart-strategy` before Flink 1.17). */
export class RestartStrategy {
  /** Restart a fixed number of times with a fixed delay. */
  public static fixedDelay(options: FixedDelayRestartOptions): RestartStrategy {
    required('RestartStrategy.fixedDelay', options, { attempts: int({ min: 0, fix: 'set it to 0 or more' }), delay: duration('Duration.seconds(10)') });
    if (!isIntAtLeast(options.attempts, 0)) {
      throw new Error(`[RestartStrategy.fixedDelay] 'attempts' (${options.attempts}) must be a whole number of at least 0. Fix: set it to 0 or more.`);
    }
    return new RestartStrategy('fixed-delay', {
      'restart-strategy.fixed-delay.attempts': String(options.attempts),
      'restart-strategy.fixed-delay.delay': flinkDuration(options.delay),
    });
  }

  /** Restart until more than `maxFailuresPerInterval` failures happen within `interval`. */
  public static failureRate(options: FailureRateRestartOptions): RestartStrategy {
    required('RestartStrategy.failureRate', options, {
      maxFailuresPerInterval: int({ min: 1, fix: 'set it to 1 or more' }), interval: duration('Duration.minutes(5)'), delay: duration('Duration.seconds(10)'),
    });
    if (!isIntAtLeast(options.maxFailuresPerInterval, 1)) {
      throw new Error(`[RestartStrategy.failureRate] 'maxFailuresPerInterval' (${options.maxFailuresPerInterval}) must be a whole number of at least 1. Fix: set it to 1 or more.`);
    }
    if (options.interval.toMilliseconds() <= 0) {
      throw new Error(`[RestartStrategy.failureRate] 'interval' (${flinkDuration(options.interval)}) must be positive. Fix: use e.g. Duration.minutes(5).`);
    }
    return new RestartStrategy('failure-rate', {
      'restart-strategy.failure-rate.max-failures-per-interval': String(options.maxFailuresPerInterval),
      'restart-strategy.failure-rate.failure-rate-interval': flinkDuration(options.interval),
      'restart-strategy.failure-rate.delay': flinkDuration(options.delay),
    });
  }

  /** Restart with exponentially growing delays. */
  public static exponentialDelay(options: ExponentialDelayRestartOptions = {}): RestartStrategy {
    checkProps('RestartStrategy.exponentialDelay', options, {
      initialBackoff: duration('Duration.seconds(1)'),
      maxBackoff: duration('Duration.minutes(5)'),
      backoffMultiplier: number({ max: 1000, fix: 'use e.g. 1.5' }),
      resetBackoffThreshold: duration('Duration.hours(1)'),
      jitterFactor: number({ max: Number.MAX_VALUE, fix: 'use e.g. 0.1' }),
    });
    const c: Record<string, string> = {};
    const p = 'restart-strategy.exponential-delay.';
    if (options.backoffMultiplier !== undefined && !(options.backoffMultiplier >= 1)) {
      throw new Error(`[RestartStrategy.exponentialDelay] 'backoffMultiplier' (${options.backoffMultiplier}) must be at least 1. Fix: use e.g. 1.5.`);
    }
    if (options.jitterFactor !== undefined && !(options.jitterFactor >= 0 && options.jitterFactor <= 1)) {
      throw new Error(`[RestartStrategy.exponentialDelay] 'jitterFactor' (${options.jitterFactor}) must be between 0 and 1. Fix: use e.g. 0.1.`);
    }
    if (options.initialBackoff && options.maxBackoff && options.initialBackoff.toMilliseconds() > options.maxBackoff.toMilliseconds()) {
      throw new Error(`[RestartStrategy.exponentialDelay] 'initialBackoff' (${flinkDuration(options.initialBackoff)}) must not exceed 'maxBackoff' (${flinkDuration(options.maxBackoff)}). Fix: lower 'initialBackoff' or raise 'maxBackoff'.`);
    }
    if (options.initialBackoff) c[p + 'initial-backoff'] = flinkDuration(options.initialBackoff);
    if (options.maxBackoff) c[p + 'max-backoff'] = flinkDuration(options.maxBackoff);
    if (options.backoffMultiplier !== undefined) c[p + 'backoff-multiplier'] = String(options.backoffMultiplier);
    if (options.resetBackoffThreshold) c[p + 'reset-backoff-threshold'] = flinkDuration(options.resetBackoffThreshold);
    if (options.jitterFactor !== undefined) c[p + 'jitter-factor'] = String(options.jitterFactor);
    return new RestartStrategy('exponential-delay', c);
  }

  /** Never restart: the job fails on the first failure. */
  public static none(): RestartStrategy {
    return new RestartStrategy('none', {});
  }

  private constructor(
    /** The strategy name, e.g. `fixed-delay`. */
    public readonly type: string,
    private readonly entries: Record<string, string>,
  ) {}

  /** @internal */
  public _config(version: FlinkVersion): Record<string, string> {
    const key = version.isAtLeast(FlinkVersion.V1_17) ? 'restart-strategy.type' : 'restart-strategy';
    return { [key]: this.type, ...this.entries };
  }
}

/** Checks an options object whose props are all required. */
function required(where: string, options: unknown, shape: Shape): void {
  checkProps(where, options, shape);
  for (const k of Object.keys(shape)) {
    if ((options as any)[k] === undefined) throw new Error(`[${where}] '${k}' (undefined) is required. Fix: set '${k}'.`);
  }
}
