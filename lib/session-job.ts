import { ApiObjectMetadata, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import * as operator from '../imports/flink.apache.org';
import { APPLICATION_MARKER } from './application';
import { JobJar } from './job-jar';
import { JobLifecycleProps } from './job-lifecycle';
import { JobLifecycle, lifecycleConfig } from './private/lifecycle';
import { checkUserConfig } from './private/config';
import { checkProps } from './private/check';
import { sessionJobProps } from './private/props';
import { isDnsLabel, isIntAtLeast, propError, sortKeys, undefinedIfEmpty } from './private/util';
import { registerOwner } from './private/wiring';
import { FlinkSessionCluster, ISessionCluster } from './session-cluster';
import { JobState, UpgradeMode } from './upgrade-mode';

/** Props of `SessionJob`. */
export interface SessionJobProps extends JobLifecycleProps {
  /** The session cluster the job is submitted to (`deploymentName`). */
  readonly cluster: ISessionCluster;
  /** The job jar; the operator downloads it, so it must be a URL (https by default). */
  readonly jar: JobJar;
  /** Job parallelism; required for session jobs (S11). */
  readonly parallelism: number;
  /**
   * Name of the FlinkSessionJob.
   * @default - generated from the construct path.
   */
  readonly name?: string;
  /**
   * Labels, annotations and namespace of the FlinkSessionJob.
   * @default - none.
   */
  readonly metadata?: ApiObjectMetadata;
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
   * How state is carried over on upgrades; non-stateless modes need checkpoint (and savepoint)
   * directories in the cluster's or the job's configuration.
   * @default - the operator's default (stateless).
   */
  readonly upgradeMode?: UpgradeMode;
  /**
   * Desired job state.
   * @default - the operator's default (running).
   */
  readonly state?: JobState;
  /**
   * Job-level Flink configuration, merged over the cluster's.
   * @default - none.
   */
  readonly flinkConfiguration?: { [key: string]: string };
  /**
   * Savepoint to restore the first deployment from.
   * @default - none.
   */
  readonly initialSavepointPath?: string;
  /**
   * Allow state in the savepoint that the job no longer has.
   * @default - Flink's default (false).
   */
  readonly allowNonRestoredState?: boolean;
}

/** A job submitted to a session cluster (FlinkSessionJob). */
export class SessionJob extends Construct {
  /** The FlinkSessionJob name. */
  public readonly name: string;
  /** The target cluster. */
  public readonly cluster: ISessionCluster;
  /** The L1 FlinkSessionJob. */
  public readonly resource: operator.FlinkSessionJob;
  private readonly props: SessionJobProps;
  private readonly config: Record<string, string>;
  private readonly lifecycle: JobLifecycle;

  public constructor(scope: Construct, id: string, props: SessionJobProps) {
    super(scope, id);
    checkProps(this, props, sessionJobProps());
    this.props = props;
    const cluster: any = props.cluster;
    if (!cluster || cluster[APPLICATION_MARKER]) {
      throw propError(this, 'cluster', cluster?.node?.path ?? cluster, 'must be a session cluster (a FlinkApplication runs its own job)',
        'use a FlinkSessionCluster or FlinkSessionCluster.fromName(...)');
    }
    if (typeof cluster.sessionClusterName !== 'string') {
      throw propError(this, 'cluster', cluster?.node?.path ?? cluster, 'must be a session cluster', 'use a FlinkSessionCluster or FlinkSessionCluster.fromName(...)');
    }
    this.cluster = props.cluster;
    if (!(props.jar instanceof JobJar)) {
      throw propError(this, 'jar', props.jar, 'must be a JobJar', "use JobJar.fromUrl('https://...')");
    }
    if (props.jar.isLocal) {
      throw propError(this, 'jar', props.jar.uri, 'cannot be submitted to a session cluster (the operator downloads session-job jars)',
        "publish the jar and use JobJar.fromUrl('https://...')");
    }
    if (props.parallelism === undefined || !isIntAtLeast(props.parallelism, 1)) {
      throw propError(this, 'parallelism', props.parallelism, 'must be a whole number of at least 1 for a session job', "set 'parallelism' to 1 or more");
    }
    const explicit = props.name ?? props.metadata?.name;
    const name = explicit ?? Names.toDnsLabel(this, { maxLen: 63 });
    if (!isDnsLabel(name)) {
      throw explicit !== undefined
        ? propError(this, 'name', name, 'is not a valid resource name (at most 63 characters, lower case letters, digits and \'-\')', "choose a name such as 'top-speed'")
        : propError(this, 'id', this.node.id, `yields the name '${name}', which is not a valid resource name`, "use a construct id of letters, digits and '-', or set 'name'");
    }
    this.name = name;
    registerOwner(this, this.cluster.operatorVersion._id);
    const user = checkUserConfig(this, 'flinkConfiguration', props.flinkConfiguration, this.cluster.clusterFlinkVersion, this.cluster.operatorVersion);
    const ours: Record<string, string> = {};
    for (const [prop, entries] of Object.entries(lifecycleConfig(this, props, this.cluster.clusterFlinkVersion))) {
      for (const [k, v] of Object.entries(entries)) {
        if (k in user) throw propError(this, 'flinkConfiguration', k, `is also written by '${prop}'`, `remove '${k}' from 'flinkConfiguration' or from '${prop}'`);
        ours[k] = v;
      }
    }
    this.config = sortKeys({ ...ours, ...user });
    const sessionCluster = props.cluster instanceof FlinkSessionCluster ? props.cluster : undefined;
    this.lifecycle = new JobLifecycle(this, props, {
      flinkVersion: this.cluster.clusterFlinkVersion,
      config: () => (sessionCluster ? { ...sessionCluster.flinkConfiguration, ...this.config } : undefined),
      savepointDirFix: "set 'checkpoints' on the session cluster, or the savepoint directory in the job's 'flinkConfiguration'",
    });

    this.resource = new operator.FlinkSessionJob(this, 'Resource', {
      metadata: { ...props.metadata, name: this.name },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    if (props.cluster instanceof FlinkSessionCluster) this.resource.addDependency(props.cluster.resource);
    const from = this.lifecycle.restoreFrom?._snapshot;
    if (from) this.resource.addDependency(from.resource);
  }

  /** The desired job state, if set. */
  public get state(): JobState | undefined {
    return this.lifecycle.state;
  }

  /** Triggers a savepoint of the running job: sets `job.savepointTriggerNonce` (change the value to trigger again). Needs a savepoint directory (R13). */
  public triggerSavepoint(nonce: number): void {
    this.lifecycle.triggerSavepoint(nonce);
  }

  /** Triggers a checkpoint of the running job: sets `job.checkpointTriggerNonce` (Flink 1.17 or later). */
  public triggerCheckpoint(nonce: number): void {
    this.lifecycle.triggerCheckpoint(nonce);
  }

  /** Suspends the job (`job.state: suspended`) according to its upgrade mode. */
  public suspend(): void {
    this.lifecycle.state = JobState.SUSPENDED;
  }

  /** Resumes a suspended job (`job.state: running`). */
  public resume(): void {
    this.lifecycle.state = JobState.RUNNING;
  }

  /** The job-level Flink configuration (a copy). */
  public get flinkConfiguration(): { [key: string]: string } {
    return { ...this.config };
  }

  /** @internal */
  public _toKube(): operator.FlinkSessionJobSpec {
    const p = this.props;
    return {
      deploymentName: this.cluster.sessionClusterName,
      flinkConfiguration: undefinedIfEmpty({ ...this.config }),
      job: {
        jarUri: p.jar.uri,
        entryClass: p.entryClass,
        args: p.args ? [...p.args] : undefined,
        parallelism: p.parallelism,
        upgradeMode: p.upgradeMode as unknown as operator.FlinkSessionJobSpecJobUpgradeMode | undefined,
        ...this.lifecycle.jobFields(),
      },
    };
  }
}
