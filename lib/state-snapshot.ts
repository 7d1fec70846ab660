import { ApiObject, ApiObjectMetadata, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import * as operator from '../imports/flink.apache.org';
import { APPLICATION_MARKER, FlinkApplication } from './application';
import { SavepointFormat } from './job-lifecycle';
import { isDnsLabel, isIntAtLeast, propError, show } from './private/util';
import { registerExternal, registerOwner } from './private/wiring';
import { FlinkSessionCluster } from './session-cluster';
import { SessionJob } from './session-job';
import { KEYS, valueOf } from './validation/config-keys';
import { FlinkVersion, OperatorVersion, toOperatorVersion } from './versions';

/** Options of `SnapshotType.savepoint`. */
export interface SavepointOptions {
  /**
   * Savepoint format.
   * @default - the operator's default (CANONICAL).
   */
  readonly formatType?: SavepointFormat;
  /**
   * Directory the savepoint is written to.
   * @default - the job's savepoint directory.
   */
  readonly path?: string;
  /**
   * Dispose the savepoint data when the FlinkStateSnapshot is deleted (needs the job running).
   * @default - the operator's default (true).
   */
  readonly disposeOnDelete?: boolean;
}

/** Options of `SnapshotType.existingSavepoint`. */
export interface ExistingSavepointOptions {
  /**
   * Dispose the savepoint data when the FlinkStateSnapshot is deleted. Set false to keep a savepoint
   * you restore from.
   * @default - the operator's default (true).
   */
  readonly disposeOnDelete?: boolean;
}

/** What a `StateSnapshot` is: a savepoint or a checkpoint (exactly one, N1). */
export class SnapshotType {
  /** Trigger a savepoint of the target job. */
  public static savepoint(options: SavepointOptions = {}): SnapshotType {
    const where = 'SnapshotType.savepoint';
    if (options.formatType !== undefined && !Object.values(SavepointFormat).includes(options.formatType)) {
      throw new Error(`[${where}] 'formatType' (${show(options.formatType)}) is not a savepoint format the operator can trigger. Fix: use SavepointFormat.CANONICAL or SavepointFormat.NATIVE.`);
    }
    if (options.path !== undefined && (typeof options.path !== 'string' || options.path.trim() === '' || /\s/.test(options.path))) {
      throw new Error(`[${where}] 'path' (${show(options.path)}) must be a directory URI without whitespace. Fix: remove 'path' to use the job's savepoint directory, or give e.g. 's3://bucket/savepoints'.`);
    }
    return new SnapshotType(false, false, options.path, options.formatType, options.disposeOnDelete);
  }

  /** Trigger a (full) checkpoint of the target job (Flink 1.17 or later). */
  public static checkpoint(): SnapshotType {
    return new SnapshotType(true, false);
  }

  /**
   * Adopt a savepoint that exists already (`savepoint.alreadyExists: true`): nothing is triggered,
   * the operator marks it COMPLETED with this path, and no target job is needed.
   */
  public static existingSavepoint(path: string, options: ExistingSavepointOptions = {}): SnapshotType {
    if (typeof path !== 'string' || path.trim() === '' || /\s/.test(path)) {
      throw new Error(`[SnapshotType.existingSavepoint] 'path' (${show(path)}) must be the path of the existing savepoint. Fix: give it as Flink reported it, e.g. 's3://bucket/savepoints/savepoint-1a2b3c-4d5e6f'.`);
    }
    return new SnapshotType(false, true, path, undefined, options.disposeOnDelete);
  }

  private constructor(
    /** Whether this is a checkpoint (otherwise a savepoint). */
    public readonly isCheckpoint: boolean,
    /** Whether this adopts an existing savepoint. */
    public readonly alreadyExists: boolean,
    /** The savepoint directory (triggered) or the savepoint path (existing). */
    public readonly path?: string,
    /** The savepoint format, if set. */
    public readonly formatType?: SavepointFormat,
    /** Whether the data is disposed on delete, if set. */
    public readonly disposeOnDelete?: boolean,
  ) {}

  /** @internal */
  public _toKube(): Pick<operator.FlinkStateSnapshotSpec, 'savepoint' | 'checkpoint'> {
    if (this.isCheckpoint) return { checkpoint: {} };
    return {
      savepoint: {
        alreadyExists: this.alreadyExists ? true : undefined,
        disposeOnDelete: this.disposeOnDelete,
        formatType: this.formatType as unknown as operator.FlinkStateSnapshotSpecSavepointFormatType | undefined,
        path: this.path,
      },
    };
  }
}

/** Kind of a job resource (`jobReference.kind`). */
export enum JobKind {
  /** An application cluster (FlinkDeployment with a job). */
  FLINK_DEPLOYMENT = 'FlinkDeployment',
  /** A job on a session cluster. */
  FLINK_SESSION_JOB = 'FlinkSessionJob',
}

/** The job a `StateSnapshot` snapshots (`jobReference`, same namespace). */
export class SnapshotTarget {
  /** A `FlinkApplication` of this app: the snapshot is ordered after it. */
  public static application(app: FlinkApplication): SnapshotTarget {
    const where = 'SnapshotTarget.application';
    const a: any = app;
    if (a instanceof FlinkSessionCluster) {
      throw new Error(`[${where}] 'app' (${a.node.path}) is a session cluster, which runs no job of its own to snapshot. `
        + 'Fix: snapshot the job running on it with SnapshotTarget.sessionJob(job).');
    }
    if (!a || !a[APPLICATION_MARKER]) {
      throw new Error(`[${where}] 'app' (${show(a?.node?.path ?? a)}) must be a FlinkApplication. Fix: pass a FlinkApplication, SnapshotTarget.sessionJob(job) or SnapshotTarget.existing(kind, name).`);
    }
    return new SnapshotTarget(JobKind.FLINK_DEPLOYMENT, app.name, app);
  }

  /** A `SessionJob` of this app: the snapshot is ordered after it. */
  public static sessionJob(job: SessionJob): SnapshotTarget {
    const j: any = job;
    if (!(j instanceof SessionJob)) {
      const why = j instanceof FlinkSessionCluster ? 'is a session cluster, which runs no job of its own to snapshot' : 'must be a SessionJob';
      throw new Error(`[SnapshotTarget.sessionJob] 'job' (${show(j?.node?.path ?? j)}) ${why}. Fix: pass the SessionJob construct that runs on the cluster.`);
    }
    return new SnapshotTarget(JobKind.FLINK_SESSION_JOB, job.name, job);
  }

  /**
   * A job that exists outside this app, by kind and name (same namespace as the snapshot). It is
   * declared external for validation; the operator rejects the snapshot if it does not exist (N4).
   */
  public static existing(kind: JobKind, name: string): SnapshotTarget {
    const where = 'SnapshotTarget.existing';
    if (!Object.values(JobKind).includes(kind)) {
      throw new Error(`[${where}] 'kind' (${show(kind)}) is not a job kind. Fix: use JobKind.FLINK_DEPLOYMENT or JobKind.FLINK_SESSION_JOB.`);
    }
    if (!isDnsLabel(name)) {
      throw new Error(`[${where}] 'name' (${show(name)}) is not a resource name (lower case letters, digits and '-', at most 63 characters). Fix: give the metadata.name of the ${kind}.`);
    }
    return new SnapshotTarget(kind, name, undefined);
  }

  private constructor(
    /** Kind of the job resource. */
    public readonly kind: JobKind,
    /** Name of the job resource. */
    public readonly name: string,
    /** @internal the construct, if the job is in this app. */
    public readonly _construct: FlinkApplication | SessionJob | undefined,
  ) {}
}

/** Props of `StateSnapshot`. */
export interface StateSnapshotProps {
  /** Savepoint, checkpoint, or an existing savepoint to adopt. */
  readonly type: SnapshotType;
  /**
   * The job to snapshot (`jobReference`). Required unless `type` adopts an existing savepoint.
   * @default - none (only for `SnapshotType.existingSavepoint`).
   */
  readonly target?: SnapshotTarget;
  /**
   * Retries before the snapshot is FAILED: -1 unlimited, 0 none.
   * @default - the operator's default (-1, unlimited).
   */
  readonly backoffLimit?: number;
  /**
   * Name of the FlinkStateSnapshot.
   * @default - generated from the construct path.
   */
  readonly name?: string;
  /**
   * Labels, annotations and namespace. The namespace must be the target's.
   * @default - the target construct's namespace, if it sets one.
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Operator release the resource is validated against.
   * @default - the target construct's, else OperatorVersion.V1_15.
   */
  readonly operatorVersion?: OperatorVersion;
}

/**
 * A FlinkStateSnapshot: a savepoint or checkpoint of a job, triggered by the operator when the
 * resource is created, or an existing savepoint adopted for restores (`Restore.fromSnapshot`).
 */
export class StateSnapshot extends Construct {
  /** The FlinkStateSnapshot name. */
  public readonly name: string;
  /** What the snapshot is. */
  public readonly snapshotType: SnapshotType;
  /** The target job, if any. */
  public readonly target?: SnapshotTarget;
  /** The L1 FlinkStateSnapshot. */
  public readonly resource: operator.FlinkStateSnapshot;
  private readonly backoffLimit?: number;

  public constructor(scope: Construct, id: string, props: StateSnapshotProps) {
    super(scope, id);
    const type: any = props.type;
    if (!(type instanceof SnapshotType)) {
      const both = type && typeof type === 'object' && 'savepoint' in type && 'checkpoint' in type;
      throw propError(this, 'type', type, both
        ? 'sets both a savepoint and a checkpoint; a FlinkStateSnapshot is exactly one of them (N1)'
        : 'must be a SnapshotType', 'use SnapshotType.savepoint(...), SnapshotType.checkpoint() or SnapshotType.existingSavepoint(path), one StateSnapshot each');
    }
    this.snapshotType = props.type;
    if (props.target !== undefined && !(props.target instanceof SnapshotTarget)) {
      throw propError(this, 'target', props.target, 'must be a SnapshotTarget', 'use SnapshotTarget.application(app), SnapshotTarget.sessionJob(job) or SnapshotTarget.existing(kind, name)');
    }
    this.target = props.target;
    if (!this.target && !this.snapshotType.alreadyExists) {
      throw propError(this, 'target', undefined, `is required for a ${this.snapshotType.isCheckpoint ? 'checkpoint' : 'savepoint'} the operator triggers (N3)`,
        'set \'target\' to SnapshotTarget.application(app), SnapshotTarget.sessionJob(job) or SnapshotTarget.existing(kind, name), or adopt a savepoint with SnapshotType.existingSavepoint(path)');
    }
    if (props.backoffLimit !== undefined && !isIntAtLeast(props.backoffLimit, -1)) {
      throw propError(this, 'backoffLimit', props.backoffLimit, 'must be a whole number of at least -1', 'use -1 (retry forever), 0 (no retries) or a retry count');
    }
    this.backoffLimit = props.backoffLimit;

    const explicit = props.name ?? props.metadata?.name;
    const name = explicit ?? Names.toDnsLabel(this, { maxLen: 63 });
    if (!isDnsLabel(name)) {
      throw explicit !== undefined
        ? propError(this, 'name', name, 'is not a valid resource name (at most 63 characters, lower case letters, digits and \'-\')', "choose a name such as 'orders-savepoint'")
        : propError(this, 'id', this.node.id, `yields the name '${name}', which is not a valid resource name`, "use a construct id of letters, digits and '-', or set 'name'");
    }
    this.name = name;

    const job = this.target?._construct;
    const targetResource: ApiObject | undefined = job?.resource;
    const targetNs = targetResource?.metadata.namespace;
    const ns = props.metadata?.namespace ?? targetNs;
    if (targetResource && props.metadata?.namespace !== undefined && props.metadata.namespace !== targetNs) {
      throw propError(this, 'metadata.namespace', props.metadata.namespace, `differs from the namespace of the target ${this.target!.kind} '${this.target!.name}' (${show(targetNs)}); the operator looks the job up in the snapshot's namespace`,
        "remove 'metadata.namespace' (it follows the target) or use the target's namespace");
    }
    this.checkTarget();

    const operatorVersion = toOperatorVersion(props.operatorVersion
      ?? (job instanceof SessionJob ? job.cluster.operatorVersion : (job as FlinkApplication | undefined)?.operatorVersion), this.node.path);
    registerOwner(this, operatorVersion._id);
    if (this.target && !job) registerExternal(this, { jobs: [ns ? `${ns}/${this.target.name}` : this.target.name] });

    this.resource = new operator.FlinkStateSnapshot(this, 'Resource', {
      metadata: { ...props.metadata, name: this.name, ...(ns !== undefined ? { namespace: ns } : {}) },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    // N4: the target must exist when the snapshot is created, so it comes first in the output.
    if (targetResource) this.resource.addDependency(targetResource);
  }

  /** Checks the snapshot against its target construct (Flink 1.17 for checkpoints, a savepoint directory). */
  private checkTarget() {
    const job = this.target?._construct;
    if (!job || this.snapshotType.alreadyExists) return;
    let version: FlinkVersion | undefined;
    let config: Record<string, string> | undefined;
    if (job instanceof SessionJob) {
      version = job.cluster.flinkVersion;
      if (job.cluster instanceof FlinkSessionCluster) config = { ...job.cluster.flinkConfiguration, ...job.flinkConfiguration };
    } else {
      version = job.flinkVersion;
      config = job.flinkConfiguration;
    }
    if (this.snapshotType.isCheckpoint && version && !version.isAtLeast(FlinkVersion.V1_17)) {
      throw propError(this, 'type', 'checkpoint', `needs Flink 1.17 or later but the target ${this.target!.kind} '${this.target!.name}' runs ${version.value}`,
        'take a savepoint instead (SnapshotType.savepoint()) or upgrade the job to Flink 1.17 or later');
    }
    if (!this.snapshotType.isCheckpoint && this.snapshotType.path === undefined && config && valueOf(config, KEYS.savepointDir) === undefined) {
      throw propError(this, 'type', 'savepoint', `has no 'path' and the target ${this.target!.kind} '${this.target!.name}' has no savepoint directory (${KEYS.savepointDir[0]}); the savepoint would fail`,
        "give SnapshotType.savepoint({ path: 's3://bucket/savepoints' }), or set 'checkpoints' on the job so it has a savepoint directory");
    }
  }

  /** @internal */
  public _toKube(): operator.FlinkStateSnapshotSpec {
    const t = this.target;
    return {
      backoffLimit: this.backoffLimit,
      jobReference: t ? { kind: t.kind as unknown as operator.FlinkStateSnapshotSpecJobReferenceKind, name: t.name } : undefined,
      ...this.snapshotType._toKube(),
    };
  }
}
