import { IConstruct } from 'constructs';
import { JobLifecycleProps, PeriodicSnapshots, Restore } from '../job-lifecycle';
import { JobState, UpgradeMode } from '../upgrade-mode';
import { KEYS, valueOf } from '../validation/config-keys';
import { FlinkVersion } from '../versions';
import { flinkDuration, propError } from './util';

/** The job props the lifecycle reads besides `JobLifecycleProps`. */
export interface LifecycleJobProps extends JobLifecycleProps {
  readonly state?: JobState;
  readonly upgradeMode?: UpgradeMode;
  readonly initialSavepointPath?: string;
  readonly allowNonRestoredState?: boolean;
}

/** What the lifecycle knows about where the job runs. */
export interface LifecycleContext {
  /** Flink version, if known (imported session clusters may not say). */
  readonly flinkVersion?: FlinkVersion;
  /** The job's effective Flink configuration, if known. */
  readonly config: () => Record<string, string> | undefined;
  /** How to set the savepoint directory, for error messages. */
  readonly savepointDirFix: string;
}

/**
 * The flinkConfiguration entries the lifecycle props write, per prop. Throws for single-construct
 * misuse that does not depend on the configuration (stateless periodic savepoints, old Flink).
 */
export function lifecycleConfig(scope: IConstruct, props: LifecycleJobProps, flinkVersion: FlinkVersion | undefined): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const sp = props.periodicSavepoints;
  if (sp !== undefined) {
    if (!(sp instanceof PeriodicSnapshots)) {
      throw propError(scope, 'periodicSavepoints', sp, 'must be a PeriodicSnapshots', 'use PeriodicSnapshots.every(Duration.hours(6), { maxCount: 5 })');
    }
    const mode = props.upgradeMode ?? UpgradeMode.STATELESS;
    if (mode === UpgradeMode.STATELESS) {
      throw propError(scope, 'periodicSavepoints', sp.schedule,
        `is set but the job is stateless (upgradeMode ${props.upgradeMode === undefined ? 'unset, the operator\'s default' : 'STATELESS'}): its upgrades and restarts start from empty state and never use these savepoints`,
        "set 'upgradeMode' to UpgradeMode.SAVEPOINT (or LAST_STATE), or remove 'periodicSavepoints'");
    }
    out.periodicSavepoints = sp._savepointConfig();
  }
  const cp = props.periodicCheckpoints;
  if (cp !== undefined) {
    if (!(cp instanceof PeriodicSnapshots)) {
      throw propError(scope, 'periodicCheckpoints', cp, 'must be a PeriodicSnapshots', 'use PeriodicSnapshots.every(Duration.hours(1))');
    }
    if (cp.hasSavepointOptions) {
      throw propError(scope, 'periodicCheckpoints', cp.schedule, 'has maxAge, maxCount or formatType, which only apply to savepoints',
        "bound the checkpoint history with CheckpointPolicy.every(..., { retained }) and remove those options");
    }
    checkFlink117(scope, 'periodicCheckpoints', cp.schedule, flinkVersion);
    out.periodicCheckpoints = cp._checkpointConfig();
  }
  const age = props.lastStateMaxCheckpointAge;
  if (age !== undefined) {
    if (!(age.toMilliseconds() >= 1000)) {
      throw propError(scope, 'lastStateMaxCheckpointAge', `${age.toMilliseconds()} ms`, 'must be at least one second', 'use e.g. Duration.minutes(10)');
    }
    out.lastStateMaxCheckpointAge = { 'kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age': flinkDuration(age) };
  }
  return out;
}

function checkFlink117(scope: IConstruct, prop: string, value: unknown, v: FlinkVersion | undefined) {
  if (v && !v.isAtLeast(FlinkVersion.V1_17)) {
    throw propError(scope, prop, value, `needs Flink 1.17 or later (version is ${v.value})`,
      'take savepoints instead (periodicSavepoints, triggerSavepoint) or upgrade to Flink 1.17 or later');
  }
}

function checkNonce(scope: IConstruct, prop: string, nonce: unknown) {
  if (typeof nonce !== 'number' || !Number.isSafeInteger(nonce)) {
    throw propError(scope, prop, nonce, 'must be a whole number', 'use 1, then 2, ... (each new value triggers once)');
  }
}

/**
 * The mutable job-state part of a FlinkApplication or SessionJob: desired state, trigger nonces and
 * restore. Renders the JobSpec fields; checks what one construct can know (R13-R15 against its own
 * configuration, Flink 1.17 for checkpoints).
 */
export class JobLifecycle {
  public state?: JobState;
  private savepointNonce?: number;
  private checkpointNonce?: number;
  private readonly restore?: Restore;
  private readonly initialSavepointPath?: string;
  private readonly allowNonRestoredState?: boolean;

  public constructor(private readonly scope: IConstruct, props: LifecycleJobProps, private readonly ctx: LifecycleContext) {
    this.state = props.state;
    if (props.restore !== undefined) {
      if (!(props.restore instanceof Restore)) {
        throw propError(scope, 'restore', props.restore, 'must be a Restore', "use Restore.fromPath('s3://.../savepoint-...') or Restore.fromSnapshot(snapshot)");
      }
      for (const p of ['initialSavepointPath', 'allowNonRestoredState'] as const) {
        if (props[p] !== undefined) {
          throw propError(scope, p, props[p], "is also set by 'restore'", `remove '${p}' and pass it to Restore.fromPath(path, { ... })`);
        }
      }
    }
    this.restore = props.restore;
    this.initialSavepointPath = props.initialSavepointPath;
    this.allowNonRestoredState = props.allowNonRestoredState;
    // The configuration is read (a copy) only when a prop needs the savepoint directory.
    const spMissing = () => {
      const config = ctx.config();
      return config !== undefined && valueOf(config, KEYS.savepointDir) === undefined;
    };
    if (props.periodicSavepoints && spMissing()) this.noSavepointDir('periodicSavepoints', props.periodicSavepoints.schedule, 'R14');
    if (props.lastStateMaxCheckpointAge && spMissing()) this.noSavepointDir('lastStateMaxCheckpointAge', flinkDuration(props.lastStateMaxCheckpointAge), 'R15');
    if (props.savepointTriggerNonce !== undefined) this.triggerSavepoint(props.savepointTriggerNonce, 'savepointTriggerNonce');
    if (props.checkpointTriggerNonce !== undefined) this.triggerCheckpoint(props.checkpointTriggerNonce, 'checkpointTriggerNonce');
  }

  /** The restore, if any. */
  public get restoreFrom(): Restore | undefined {
    return this.restore;
  }

  public triggerSavepoint(nonce: number, prop = 'triggerSavepoint'): void {
    checkNonce(this.scope, prop, nonce);
    const config = this.ctx.config();
    if (config !== undefined && valueOf(config, KEYS.savepointDir) === undefined) this.noSavepointDir(prop, nonce, 'R13');
    this.savepointNonce = nonce;
  }

  public triggerCheckpoint(nonce: number, prop = 'triggerCheckpoint'): void {
    checkNonce(this.scope, prop, nonce);
    checkFlink117(this.scope, prop, nonce, this.ctx.flinkVersion);
    this.checkpointNonce = nonce;
  }

  private noSavepointDir(prop: string, value: unknown, ref: string): never {
    throw propError(this.scope, prop, value, `needs a savepoint directory (${KEYS.savepointDir[0]}, operator rule ${ref})`, this.ctx.savepointDirFix);
  }

  /** The JobSpec fields of the lifecycle. */
  public jobFields(): Record<string, any> {
    const r = this.restore;
    return {
      state: this.state,
      initialSavepointPath: r ? r.path : this.initialSavepointPath,
      allowNonRestoredState: r ? r.allowNonRestoredState : this.allowNonRestoredState,
      savepointRedeployNonce: r?.redeployNonce,
      savepointTriggerNonce: this.savepointNonce,
      checkpointTriggerNonce: this.checkpointNonce,
    };
  }
}
