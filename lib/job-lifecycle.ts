import { Duration } from 'cdk8s';
import { bool, checkInstance, checkShape, duration, int, oneOf } from './private/check';
import { flinkDuration, isIntAtLeast, show } from './private/util';
import type { StateSnapshot } from './state-snapshot';

/** Savepoint format (`savepoint.formatType`, `kubernetes.operator.savepoint.format.type`). */
export enum SavepointFormat {
  /** Portable across state backends (Flink's default). */
  CANONICAL = 'CANONICAL',
  /** The state backend's own format: faster to take and restore, tied to the backend. */
  NATIVE = 'NATIVE',
}

/** Options of `PeriodicSnapshots.every` and `PeriodicSnapshots.cron`. */
export interface PeriodicSnapshotsOptions {
  /**
   * Savepoints only: FlinkStateSnapshot resources older than this are cleaned up
   * (`kubernetes.operator.savepoint.history.max.age`); the newest completed one is always kept.
   * Checkpoint history is bounded by `CheckpointPolicy` `retained` instead.
   * @default - the operator's default (24 h).
   */
  readonly maxAge?: Duration;
  /**
   * Savepoints only: at most this many savepoints are kept
   * (`kubernetes.operator.savepoint.history.max.count`).
   * @default - the operator's default (10).
   */
  readonly maxCount?: number;
  /**
   * Savepoints only: format of periodic (and upgrade) savepoints (`kubernetes.operator.savepoint.format.type`).
   * @default - the operator's default (CANONICAL).
   */
  readonly formatType?: SavepointFormat;
}

/**
 * Snapshots the operator takes on a schedule (`kubernetes.operator.periodic.savepoint.interval` or
 * `kubernetes.operator.periodic.checkpoint.interval`), with the savepoint history limits.
 */
export class PeriodicSnapshots {
  /** A snapshot every `interval` (at least one minute). */
  public static every(interval: Duration, options: PeriodicSnapshotsOptions = {}): PeriodicSnapshots {
    const where = 'PeriodicSnapshots.every';
    checkInstance(where, 'interval', interval, Duration, 'a Duration', 'use e.g. Duration.hours(6)');
    const ms = interval?.toMilliseconds?.();
    if (typeof ms !== 'number' || !(ms >= 60000)) {
      throw new Error(`[${where}] 'interval' (${show(ms === undefined ? interval : `${ms} ms`)}) must be at least one minute. Fix: use e.g. Duration.hours(6).`);
    }
    return new PeriodicSnapshots(flinkDuration(interval), checkOptions(where, options));
  }

  /** A snapshot on a Quartz cron schedule, e.g. `0 0 2 * * ?` (every day at 02:00). */
  public static cron(expression: string, options: PeriodicSnapshotsOptions = {}): PeriodicSnapshots {
    const where = 'PeriodicSnapshots.cron';
    const fields = typeof expression === 'string' ? expression.trim().split(/\s+/) : [];
    if (fields.length < 6 || fields.length > 7) {
      throw new Error(`[${where}] 'expression' (${show(expression)}) is not a Quartz cron expression (6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year]). Fix: use e.g. '0 0 2 * * ?'.`);
    }
    return new PeriodicSnapshots(fields.join(' '), checkOptions(where, options));
  }

  private constructor(
    /** The schedule as the operator reads it: a Flink duration (`6 h`) or a cron expression. */
    public readonly schedule: string,
    private readonly options: PeriodicSnapshotsOptions,
  ) {}

  /** Whether any savepoint-only option (maxAge, maxCount, formatType) is set. */
  public get hasSavepointOptions(): boolean {
    const o = this.options;
    return o.maxAge !== undefined || o.maxCount !== undefined || o.formatType !== undefined;
  }

  /** @internal the flinkConfiguration entries for periodic savepoints. */
  public _savepointConfig(): Record<string, string> {
    const o = this.options;
    const c: Record<string, string> = { 'kubernetes.operator.periodic.savepoint.interval': this.schedule };
    if (o.maxAge) c['kubernetes.operator.savepoint.history.max.age'] = flinkDuration(o.maxAge);
    if (o.maxCount !== undefined) c['kubernetes.operator.savepoint.history.max.count'] = String(o.maxCount);
    if (o.formatType) c['kubernetes.operator.savepoint.format.type'] = o.formatType;
    return c;
  }

  /** @internal the flinkConfiguration entries for periodic checkpoints. */
  public _checkpointConfig(): Record<string, string> {
    return { 'kubernetes.operator.periodic.checkpoint.interval': this.schedule };
  }
}

function checkOptions(where: string, o: PeriodicSnapshotsOptions): PeriodicSnapshotsOptions {
  checkShape(where, '', o, {
    maxAge: duration('Duration.days(7)'),
    maxCount: int({ min: 1, fix: "keep at least one savepoint, e.g. 'maxCount: 5'" }),
    formatType: oneOf(Object.values(SavepointFormat), 'use SavepointFormat.CANONICAL or SavepointFormat.NATIVE'),
  });
  if (o.maxAge !== undefined && !(o.maxAge.toMilliseconds() >= 1000)) {
    throw new Error(`[${where}] 'maxAge' (${o.maxAge.toMilliseconds()} ms) must be at least one second. Fix: use e.g. Duration.days(7).`);
  }
  if (o.maxCount !== undefined && !isIntAtLeast(o.maxCount, 1)) {
    throw new Error(`[${where}] 'maxCount' (${show(o.maxCount)}) must be a whole number of at least 1. Fix: keep at least one savepoint, e.g. 'maxCount: 5'.`);
  }
  if (o.formatType !== undefined && !Object.values(SavepointFormat).includes(o.formatType)) {
    throw new Error(`[${where}] 'formatType' (${show(o.formatType)}) is not a savepoint format. Fix: use SavepointFormat.CANONICAL or SavepointFormat.NATIVE.`);
  }
  return { ...o };
}

/** Options of `Restore.fromPath` and `Restore.fromSnapshot`. */
export interface RestoreOptions {
  /**
   * Allow state in the savepoint that the job no longer has (`job.allowNonRestoredState`).
   * @default - Flink's default (false).
   */
  readonly allowNonRestoredState?: boolean;
  /**
   * Redeploy the running job from the savepoint (`job.savepointRedeployNonce`): change it to a new
   * value to cancel the job and start it again from the savepoint. Without it, the savepoint is only
   * used by the first deployment.
   * @default - none (restore on the first deployment only).
   */
  readonly redeployNonce?: number;
}

/**
 * Where a job's state comes from: `job.initialSavepointPath`, `allowNonRestoredState` and
 * `savepointRedeployNonce`.
 */
export class Restore {
  /** Restore from a savepoint (or retained checkpoint) path, e.g. `s3://bucket/savepoints/savepoint-1a2b3c-4d5e6f`. */
  public static fromPath(path: string, options: RestoreOptions = {}): Restore {
    const where = 'Restore.fromPath';
    if (typeof path !== 'string' || path.trim() === '') {
      throw new Error(`[${where}] 'path' (${show(path)}) must be the path of a savepoint; a restore without a path restores nothing (the operator rejects a redeploy without it, R29). Fix: give the savepoint path, e.g. the status.path of a completed FlinkStateSnapshot.`);
    }
    if (/\s/.test(path)) {
      throw new Error(`[${where}] 'path' (${path}) must not contain whitespace. Fix: give the savepoint path as Flink reports it.`);
    }
    return new Restore(path, checkRestoreOptions(where, options));
  }

  /**
   * Restore from a `StateSnapshot` that adopts an existing savepoint (`SnapshotType.existingSavepoint`).
   * A snapshot the operator triggers only gets its path at run time (in `status.path`), so it cannot
   * be restored from at synth time.
   */
  public static fromSnapshot(snapshot: StateSnapshot, options: RestoreOptions = {}): Restore {
    const where = 'Restore.fromSnapshot';
    const type: any = (snapshot as any)?.snapshotType;
    if (!type || typeof (snapshot as any)?.node?.path !== 'string') {
      throw new Error(`[${where}] 'snapshot' (${show(snapshot)}) must be a StateSnapshot. Fix: pass a StateSnapshot, or use Restore.fromPath(path).`);
    }
    if (!type.alreadyExists) {
      throw new Error(`[${where}] 'snapshot' (${snapshot.node.path}) is a ${type.isCheckpoint ? 'checkpoint' : 'savepoint'} the operator triggers; its path is only known at run time (status.path). `
        + 'Fix: once it is COMPLETED, read it with \'kubectl get flinkstatesnapshot '
        + `${snapshot.name} -o jsonpath={.status.path}' and use Restore.fromPath(path), or adopt it with SnapshotType.existingSavepoint(path).`);
    }
    const r = new Restore(type.path, checkRestoreOptions(where, options));
    r._snapshot = snapshot;
    return r;
  }

  /** @internal the snapshot this restore reads, if any. */
  public _snapshot?: StateSnapshot;

  private constructor(
    /** The savepoint path (`job.initialSavepointPath`). */
    public readonly path: string,
    private readonly options: RestoreOptions,
  ) {}

  /** Whether state the job no longer has may be dropped. */
  public get allowNonRestoredState(): boolean | undefined {
    return this.options.allowNonRestoredState;
  }

  /** The redeploy nonce, if any. */
  public get redeployNonce(): number | undefined {
    return this.options.redeployNonce;
  }
}

function checkRestoreOptions(where: string, o: RestoreOptions): RestoreOptions {
  checkShape(where, '', o, {
    allowNonRestoredState: bool(),
    redeployNonce: int({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, fix: 'use 1, then 2, ... for each redeploy' }),
  });
  if (o.redeployNonce !== undefined && !Number.isSafeInteger(o.redeployNonce)) {
    throw new Error(`[${where}] 'redeployNonce' (${show(o.redeployNonce)}) must be a whole number. Fix: use 1, then 2, ... for each redeploy.`);
  }
  return { ...o };
}

/** State lifecycle props shared by `FlinkApplication` and `SessionJob`. */
export interface JobLifecycleProps {
  /**
   * Manual savepoint trigger (`job.savepointTriggerNonce`): change it to take a savepoint of the
   * running job. Needs a savepoint directory (R13). Prefer a `StateSnapshot`.
   * @default - none.
   */
  readonly savepointTriggerNonce?: number;
  /**
   * Manual checkpoint trigger (`job.checkpointTriggerNonce`, Flink 1.17 or later). Prefer a `StateSnapshot`.
   * @default - none.
   */
  readonly checkpointTriggerNonce?: number;
  /**
   * Savepoints the operator takes on a schedule, with their history limits. Needs a savepoint
   * directory (R14) and a stateful upgrade mode.
   * @default - none.
   */
  readonly periodicSavepoints?: PeriodicSnapshots;
  /**
   * Checkpoints the operator triggers on a schedule (Flink 1.17 or later).
   * @default - none.
   */
  readonly periodicCheckpoints?: PeriodicSnapshots;
  /**
   * Restore the job from a savepoint (`job.initialSavepointPath`, `allowNonRestoredState`,
   * `savepointRedeployNonce`).
   * @default - no restore (or `initialSavepointPath` where the construct has it).
   */
  readonly restore?: Restore;
  /**
   * Last-state upgrades fall back to a savepoint when the latest checkpoint is older than this
   * (`kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age`). Needs a savepoint directory (R15).
   * @default - no limit.
   */
  readonly lastStateMaxCheckpointAge?: Duration;
}
