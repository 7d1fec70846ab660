import { Construct } from 'constructs';
import * as operator from '../imports/flink.apache.org';
import { Autoscaler } from './autoscaler';
import { FlinkClusterBase, FlinkClusterProps } from './cluster';
import { DeploymentMode } from './deployment-mode';
import { JobJar } from './job-jar';
import { JobLifecycleProps } from './job-lifecycle';
import { JobLifecycle, lifecycleConfig } from './private/lifecycle';
import { KEYS, valueOf } from './validation/config-keys';
import { Shape } from './private/check';
import { applicationJobProps } from './private/props';
import { isIntAtLeast, propError } from './private/util';
import { JobState, UpgradeMode } from './upgrade-mode';
import { OperatorVersion } from './versions';

/** Marks FlinkApplication instances (a SessionJob must never target one). */
export const APPLICATION_MARKER = Symbol.for('cdk8s-flink.FlinkApplication');

/**
 * How an application's job runs and carries its state: the props FlinkApplication, FlinkSqlJob and
 * PyFlinkJob share.
 */
export interface ApplicationJobOptions extends JobLifecycleProps {
  /**
   * Job parallelism (`job.parallelism`). When `taskManager.replicas` is set, the operator derives the
   * parallelism from replicas x slots and this value is ignored.
   * @default 1 when `taskManager.replicas` is not set
   */
  readonly parallelism?: number;
  /**
   * Desired job state.
   * @default - the operator's default (running).
   */
  readonly state?: JobState;
  /**
   * How state is carried over on upgrades. `LAST_STATE` needs `checkpoints`; `SAVEPOINT` needs
   * `checkpoints` (which also set the savepoint directory).
   * @default - the operator's default (stateless).
   */
  readonly upgradeMode?: UpgradeMode;
  /**
   * Savepoint or checkpoint to restore the first deployment from.
   * @default - none.
   */
  readonly initialSavepointPath?: string;
  /**
   * Allow state in the savepoint that the job no longer has.
   * @default - Flink's default (false).
   */
  readonly allowNonRestoredState?: boolean;
  /**
   * The operator's job autoscaler (`job.autoscaler.*`, `job.autoscalerResetNonce`).
   * @default - no autoscaler.
   */
  readonly autoscaler?: Autoscaler;
  /**
   * `restartNonce`: change the value to make the operator restart the job (a full upgrade cycle,
   * following the upgrade mode).
   * @default - none.
   */
  readonly restartNonce?: number;
}

/** Props of `FlinkApplication`. */
export interface FlinkApplicationProps extends FlinkClusterProps, ApplicationJobOptions {
  /** The job's jar (`job.jarURI`), usually `JobJar.fromImage(...)`. */
  readonly jar: JobJar;
  /**
   * Main class.
   * @default - the jar manifest's main class.
   */
  readonly entryClass?: string;
  /**
   * Program arguments.
   * @default - none.
   */
  readonly args?: string[];
  /**
   * Reactive mode (`scheduler-mode: REACTIVE`): the job always uses every slot of the cluster and
   * rescales when TaskManagers come and go (e.g. by a HorizontalPodAutoscaler on the
   * FlinkDeployment's scale subresource). Flink supports it only in standalone application clusters,
   * so it needs `mode: DeploymentMode.STANDALONE`; the parallelism follows `taskManager.replicas`.
   * @default false
   */
  readonly reactiveMode?: boolean;
}


/**
 * A Flink application cluster: a FlinkDeployment that runs one job, with its storage mounts,
 * service account and synth-time validation.
 */
export class FlinkApplication extends FlinkClusterBase {
  /** The job jar. */
  public readonly jar: JobJar;
  /** The upgrade mode, if set. */
  public readonly upgradeMode?: UpgradeMode;
  /** The rendered parallelism, if any. */
  public readonly parallelism?: number;
  private readonly _lifecycle: JobLifecycle;

  public constructor(scope: Construct, id: string, props: FlinkApplicationProps) {
    super(scope, id, props);
    (this as any)[APPLICATION_MARKER] = true;
    if (!(props.jar instanceof JobJar)) {
      throw propError(this, 'jar', props.jar, 'must be a JobJar', "use JobJar.fromImage('/opt/flink/usrlib/job.jar') or JobJar.fromUrl(...)");
    }
    this.jar = props.jar;
    this.upgradeMode = props.upgradeMode;
    const replicas = props.taskManager?.replicas;
    if (props.parallelism !== undefined && !isIntAtLeast(props.parallelism, 1)) {
      const why = replicas === undefined ? " when 'taskManager.replicas' is not set" : '';
      throw propError(this, 'parallelism', props.parallelism, `must be a whole number of at least 1${why}`, "set 'parallelism' to 1 or more");
    }
    this.parallelism = props.parallelism ?? (replicas === undefined ? 1 : undefined);
    if (props.entryClass !== undefined && !/^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u.test(props.entryClass)) {
      throw propError(this, 'entryClass', props.entryClass, 'is not a Java class name', "use the fully qualified class name, e.g. 'com.example.OrdersJob'");
    }
    for (const [i, a] of (props.args ?? []).entries()) {
      if (typeof a !== 'string') throw propError(this, `args[${i}]`, a, 'must be a string', 'quote the argument');
    }
    const config = this.flinkConfiguration;
    const has = (keys: readonly string[]) => valueOf(config, keys) !== undefined;
    if ((props.upgradeMode === UpgradeMode.LAST_STATE || props.upgradeMode === UpgradeMode.SAVEPOINT) && !has(KEYS.checkpointDir)) {
      throw propError(this, 'upgradeMode', props.upgradeMode, 'needs a checkpoint directory',
        "set 'checkpoints' (CheckpointPolicy.every(Duration.minutes(1), { storage })) or use UpgradeMode.STATELESS");
    }
    if (props.upgradeMode === UpgradeMode.SAVEPOINT && !has(KEYS.savepointDir)) {
      throw propError(this, 'upgradeMode', props.upgradeMode, 'needs a savepoint directory',
        "set 'checkpoints' (CheckpointPolicy.every(...) writes the savepoint directory) or use UpgradeMode.LAST_STATE");
    }
    if (props.initialSavepointPath !== undefined && props.initialSavepointPath.trim() === '') {
      throw propError(this, 'initialSavepointPath', props.initialSavepointPath, 'must not be blank', "remove 'initialSavepointPath' or give a savepoint path");
    }
    this._lifecycle = new JobLifecycle(this, props, {
      flinkVersion: this.flinkVersion,
      config: () => this.flinkConfiguration,
      savepointDirFix: "set 'checkpoints' (CheckpointPolicy.every(...) writes the savepoint directory)",
    });
    const from = this._lifecycle.restoreFrom?._snapshot;
    if (from) this.resource.addDependency(from.resource);
  }

  /** The desired job state, if set. */
  public get state(): JobState | undefined {
    return this._lifecycle.state;
  }

  /** Triggers a savepoint of the running job: sets `job.savepointTriggerNonce` (change the value to trigger again). Needs a savepoint directory (R13). */
  public triggerSavepoint(nonce: number): void {
    this._lifecycle.triggerSavepoint(nonce);
  }

  /** Triggers a checkpoint of the running job: sets `job.checkpointTriggerNonce` (Flink 1.17 or later). */
  public triggerCheckpoint(nonce: number): void {
    this._lifecycle.triggerCheckpoint(nonce);
  }

  /** Suspends the job (`job.state: suspended`) according to its upgrade mode: a savepoint job stops with a savepoint. */
  public suspend(): void {
    this._lifecycle.state = JobState.SUSPENDED;
  }

  /** Resumes a suspended job (`job.state: running`) from the state its upgrade mode kept. */
  public resume(): void {
    this._lifecycle.state = JobState.RUNNING;
  }

  /** @internal */
  protected _propShape(): Shape {
    return applicationJobProps();
  }

  /** @internal */
  protected _jobConfig(props: FlinkApplicationProps): Record<string, Record<string, string>> {
    const out = lifecycleConfig(this, props, props.version);
    if (props.reactiveMode) {
      if (props.mode !== DeploymentMode.STANDALONE) {
        throw propError(this, 'reactiveMode', true, `needs a standalone application cluster (mode is ${props.mode ?? 'unset, the operator\'s default native'}): Flink refuses reactive mode in native Kubernetes mode (reactive-mode-unsupported)`,
          "set 'mode' to DeploymentMode.STANDALONE, or use the autoscaler (Autoscaler.enabled()) in native mode");
      }
      out.reactiveMode = { 'scheduler-mode': 'REACTIVE' };
    }
    if (props.restartNonce !== undefined && !Number.isInteger(props.restartNonce)) {
      throw propError(this, 'restartNonce', props.restartNonce, 'must be a whole number', "set 'restartNonce' to e.g. 1 and change it to restart");
    }
    if (props.autoscaler !== undefined) {
      if (!(props.autoscaler instanceof Autoscaler)) {
        throw propError(this, 'autoscaler', props.autoscaler, 'must be an Autoscaler', 'use Autoscaler.enabled({ ... })');
      }
      out.autoscaler = props.autoscaler._config(this, props.operatorVersion ?? OperatorVersion.V1_15);
    }
    return out;
  }

  /** @internal */
  public _toKube(): operator.FlinkDeploymentSpec {
    const restartNonce = (this._props as FlinkApplicationProps).restartNonce;
    return restartNonce === undefined ? super._toKube() : { ...super._toKube(), restartNonce };
  }

  /** @internal */
  protected _job(): operator.FlinkDeploymentSpecJob {
    const p = this._props as FlinkApplicationProps;
    return {
      jarUri: this.jar.uri,
      entryClass: p.entryClass,
      args: p.args ? [...p.args] : undefined,
      parallelism: this.parallelism,
      upgradeMode: p.upgradeMode as unknown as operator.FlinkDeploymentSpecJobUpgradeMode | undefined,
      ...this._lifecycle.jobFields(),
      ...(p.autoscaler?.resetNonce !== undefined ? { autoscalerResetNonce: p.autoscaler.resetNonce } : {}),
    };
  }
}
