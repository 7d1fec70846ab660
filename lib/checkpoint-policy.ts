import { Duration } from 'cdk8s';
import { bool, checkInstance, checkShape, duration, instance, int, oneOf, Shape, string } from './private/check';
import { flinkDuration, isIntAtLeast } from './private/util';
import { StateBackend } from './state-backend';
import { FlinkStorage } from './storage';
import { FlinkVersion } from './versions';

/** Checkpointing guarantee (`execution.checkpointing.mode`). */
export enum CheckpointMode {
  /** Exactly-once state (Flink's default). */
  EXACTLY_ONCE = 'EXACTLY_ONCE',
  /** At-least-once: lower latency, duplicates possible after recovery. */
  AT_LEAST_ONCE = 'AT_LEAST_ONCE',
}

/** What happens to retained checkpoints when the job is cancelled (`execution.checkpointing.externalized-checkpoint-retention`). */
export enum ExternalizedCheckpointRetention {
  /** Keep the checkpoint when the job is cancelled (the operator's default). */
  RETAIN_ON_CANCELLATION = 'RETAIN_ON_CANCELLATION',
  /** Delete the checkpoint when the job is cancelled. */
  DELETE_ON_CANCELLATION = 'DELETE_ON_CANCELLATION',
  /** Do not externalize checkpoints. */
  NO_EXTERNALIZED_CHECKPOINTS = 'NO_EXTERNALIZED_CHECKPOINTS',
}

/** Options of `CheckpointPolicy.every`. */
export interface CheckpointPolicyOptions {
  /** Where checkpoints and savepoints are written. Volume storages are mounted into the pods. */
  readonly storage: FlinkStorage;
  /**
   * Checkpointing guarantee.
   * @default - Flink's default (EXACTLY_ONCE).
   */
  readonly mode?: CheckpointMode;
  /**
   * Time after which a checkpoint is aborted.
   * @default - Flink's default (10 min).
   */
  readonly timeout?: Duration;
  /**
   * Minimal pause between checkpoints.
   * @default - Flink's default (none).
   */
  readonly minPause?: Duration;
  /**
   * Maximum number of checkpoints in flight.
   * @default - Flink's default (1).
   */
  readonly maxConcurrent?: number;
  /**
   * Unaligned checkpoints (`execution.checkpointing.unaligned.enabled`, `.unaligned` before Flink 1.17).
   * @default - Flink's default (false).
   */
  readonly unaligned?: boolean;
  /**
   * Number of completed checkpoints to keep.
   * @default - Flink's default (1).
   */
  readonly retained?: number;
  /**
   * State backend.
   * @default - Flink's default (hashmap).
   */
  readonly stateBackend?: StateBackend;
  /**
   * Incremental checkpoints (RocksDB, ForSt).
   * @default - Flink's default (false).
   */
  readonly incremental?: boolean;
  /**
   * Directory of checkpoints inside the storage.
   * @default 'checkpoints'
   */
  readonly checkpointsPath?: string;
  /**
   * Directory of savepoints inside the storage.
   * @default 'savepoints'
   */
  readonly savepointsPath?: string;
  /**
   * What happens to checkpoints when the job is cancelled.
   * @default - the operator's default (RETAIN_ON_CANCELLATION).
   */
  readonly externalizedRetention?: ExternalizedCheckpointRetention;
}

/**
 * Periodic checkpoints and where checkpoints and savepoints go. Renders the configuration key names
 * the target Flink version reads.
 */
export class CheckpointPolicy {
  /** Checkpoint every `interval`. */
  public static every(interval: Duration, options: CheckpointPolicyOptions): CheckpointPolicy {
    return CheckpointPolicy._create('CheckpointPolicy.every', interval, options);
  }

  /**
   * Where checkpoints and savepoints go, without periodic checkpointing
   * (`execution.checkpointing.interval` unset): for savepoint upgrades, manual or operator-triggered
   * snapshots, or a job that enables checkpointing in its own code.
   */
  public static directories(options: CheckpointPolicyOptions): CheckpointPolicy {
    return CheckpointPolicy._create('CheckpointPolicy.directories', undefined, options);
  }

  private static _create(where: string, interval: Duration | undefined, options: CheckpointPolicyOptions): CheckpointPolicy {
    if (where === 'CheckpointPolicy.every' || interval !== undefined) {
      checkInstance(where, 'interval', interval, Duration, 'a Duration', 'use e.g. Duration.seconds(30)');
    }
    checkShape(where, '', options ?? {}, (OPTIONS_SHAPE ??= optionsShape()));
    if (!options || !options.storage) {
      throw new Error(`[${where}] 'storage' (undefined) is required. Fix: pass a FlinkStorage, e.g. FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(10) }).`);
    }
    const ms = interval?.toMilliseconds() ?? Infinity;
    if (ms < 10) {
      throw new Error(`[${where}] 'interval' (${ms} ms) must be at least 10 ms. Fix: use e.g. Duration.seconds(30).`);
    }
    if (options.timeout && options.timeout.toMilliseconds() < 10) {
      throw new Error(`[${where}] 'timeout' (${options.timeout.toMilliseconds()} ms) must be at least 10 ms. Fix: use e.g. Duration.minutes(10).`);
    }
    if (options.maxConcurrent !== undefined && !isIntAtLeast(options.maxConcurrent, 1)) {
      throw new Error(`[${where}] 'maxConcurrent' (${options.maxConcurrent}) must be a whole number of at least 1. Fix: set it to 1 or more.`);
    }
    if (options.retained !== undefined && !isIntAtLeast(options.retained, 1)) {
      throw new Error(`[${where}] 'retained' (${options.retained}) must be a whole number of at least 1. Fix: set it to 1 or more.`);
    }
    const cp = options.checkpointsPath ?? 'checkpoints';
    const sp = options.savepointsPath ?? 'savepoints';
    for (const [prop, p] of [['checkpointsPath', cp], ['savepointsPath', sp]]) {
      if (!/^[-._a-zA-Z0-9]+(\/[-._a-zA-Z0-9]+)*$/.test(p) || p.split('/').includes('..')) {
        throw new Error(`[${where}] '${prop}' (${p}) must be a relative directory inside the storage. Fix: use e.g. '${prop === 'checkpointsPath' ? 'checkpoints' : 'savepoints'}'.`);
      }
    }
    if (cp === sp) {
      throw new Error(`[${where}] 'savepointsPath' (${sp}) must differ from 'checkpointsPath'. Fix: use e.g. 'savepoints'.`);
    }
    return new CheckpointPolicy(interval, options, cp, sp);
  }

  /** Where checkpoints and savepoints are written. */
  public readonly storage: FlinkStorage;
  /** The checkpoint directory URI. */
  public readonly checkpointsUri: string;
  /** The savepoint directory URI. */
  public readonly savepointsUri: string;

  private constructor(
    /** Checkpoint interval; undefined for `CheckpointPolicy.directories` (no periodic checkpoints). */
    public readonly interval: Duration | undefined,
    private readonly options: CheckpointPolicyOptions,
    checkpointsPath: string,
    savepointsPath: string,
  ) {
    this.storage = options.storage;
    this.checkpointsUri = options.storage.uri(checkpointsPath);
    this.savepointsUri = options.storage.uri(savepointsPath);
  }

  /** The state backend, if set. */
  public get stateBackend(): StateBackend | undefined {
    return this.options.stateBackend;
  }

  /** @internal the flinkConfiguration entries for a Flink version. */
  public _config(version: FlinkVersion): Record<string, string> {
    const o = this.options;
    const v120 = version.isAtLeast(FlinkVersion.V1_20);
    const v117 = version.isAtLeast(FlinkVersion.V1_17);
    const c: Record<string, string> = {};
    if (this.interval) c['execution.checkpointing.interval'] = flinkDuration(this.interval);
    c[v120 ? 'execution.checkpointing.dir' : 'state.checkpoints.dir'] = this.checkpointsUri;
    c[v120 ? 'execution.checkpointing.savepoint-dir' : 'state.savepoints.dir'] = this.savepointsUri;
    if (o.mode) c['execution.checkpointing.mode'] = o.mode;
    if (o.timeout) c['execution.checkpointing.timeout'] = flinkDuration(o.timeout);
    if (o.minPause) c['execution.checkpointing.min-pause'] = flinkDuration(o.minPause);
    if (o.maxConcurrent !== undefined) c['execution.checkpointing.max-concurrent-checkpoints'] = String(o.maxConcurrent);
    if (o.unaligned !== undefined) c[v117 ? 'execution.checkpointing.unaligned.enabled' : 'execution.checkpointing.unaligned'] = String(o.unaligned);
    if (o.retained !== undefined) c[v120 ? 'execution.checkpointing.num-retained' : 'state.checkpoints.num-retained'] = String(o.retained);
    if (o.incremental !== undefined) c[v120 ? 'execution.checkpointing.incremental' : 'state.backend.incremental'] = String(o.incremental);
    if (o.stateBackend) c[v117 ? 'state.backend.type' : 'state.backend'] = o.stateBackend.value;
    if (o.externalizedRetention) c['execution.checkpointing.externalized-checkpoint-retention'] = o.externalizedRetention;
    return c;
  }
}

/** The run-time shape of `CheckpointPolicyOptions`, built on first use (the classes it names are loaded by then). */
let OPTIONS_SHAPE: Shape | undefined;
function optionsShape(): Shape {
  return {
    storage: instance(FlinkStorage, 'a FlinkStorage', "use FlinkStorage.persistentVolumeClaim(chart, 'state', { size: Size.gibibytes(10) }) or FlinkStorage.objectStore(...)"),
    mode: oneOf(Object.values(CheckpointMode), 'use CheckpointMode.EXACTLY_ONCE or CheckpointMode.AT_LEAST_ONCE'),
    timeout: duration('Duration.minutes(10)'),
    minPause: duration('Duration.seconds(10)'),
    maxConcurrent: int({ min: 1, fix: 'set it to 1 or more' }),
    unaligned: bool(),
    retained: int({ min: 1, fix: 'set it to 1 or more' }),
    stateBackend: instance(StateBackend, 'a StateBackend', 'use StateBackend.ROCKSDB or StateBackend.HASHMAP'),
    incremental: bool(),
    checkpointsPath: string({ fix: "use e.g. 'checkpoints'" }),
    savepointsPath: string({ fix: "use e.g. 'savepoints'" }),
    externalizedRetention: oneOf(Object.values(ExternalizedCheckpointRetention), 'use an ExternalizedCheckpointRetention value'),
  };
}
