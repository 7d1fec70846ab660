import { Construct, IConstruct } from 'constructs';
import { FlinkClusterBase, FlinkClusterProps } from './cluster';
import { propError } from './private/util';
import { registerExternal } from './private/wiring';
import { DEPLOYMENT_NAME } from './validation/rules/deployment';
import { FlinkVersion, OperatorVersion, toOperatorVersion } from './versions';

/** A Flink session cluster that session jobs can be submitted to. */
export interface ISessionCluster extends IConstruct {
  /** Name of the session cluster's FlinkDeployment (`deploymentName` of the session jobs). */
  readonly sessionClusterName: string;
  /** Operator release that runs the cluster. */
  readonly operatorVersion: OperatorVersion;
  /**
   * Flink version of the cluster.
   * @default - unknown for imported clusters.
   */
  readonly flinkVersion?: FlinkVersion;
}

/** Props of `FlinkSessionCluster`. */
export interface FlinkSessionClusterProps extends FlinkClusterProps {}

/** Options of `FlinkSessionCluster.fromName`. */
export interface ImportedSessionClusterOptions {
  /**
   * Operator release that runs the cluster.
   * @default OperatorVersion.V1_15
   */
  readonly operatorVersion?: OperatorVersion;
  /**
   * Flink version of the cluster.
   * @default - unknown.
   */
  readonly flinkVersion?: FlinkVersion;
}

/**
 * A Flink session cluster: a FlinkDeployment without a job. Submit jobs with `SessionJob`.
 */
export class FlinkSessionCluster extends FlinkClusterBase implements ISessionCluster {
  /** References a session cluster that exists already (declared external for validation). */
  public static fromName(scope: Construct, id: string, name: string, options: ImportedSessionClusterOptions = {}): ISessionCluster {
    if (typeof name !== 'string' || !DEPLOYMENT_NAME.test(name)) {
      throw new Error(`[${scope.node.path}/${id}] 'name' (${name}) is not a valid FlinkDeployment name (at most 45 characters, lower case letters, digits and '-', starting with a letter). Fix: give the name of the existing session cluster.`);
    }
    return new ImportedSessionCluster(scope, id, name, options);
  }

  public constructor(scope: Construct, id: string, props: FlinkSessionClusterProps) {
    super(scope, id, props);
    if ((props as any).jar !== undefined) {
      throw propError(this, 'jar', (props as any).jar.uri ?? (props as any).jar, 'is not a prop of a session cluster',
        'submit the job with a SessionJob, or use FlinkApplication');
    }
  }

  public get sessionClusterName(): string {
    return this.name;
  }
}

class ImportedSessionCluster extends Construct implements ISessionCluster {
  public readonly operatorVersion: OperatorVersion;
  public readonly flinkVersion?: FlinkVersion;
  constructor(scope: Construct, id: string, public readonly sessionClusterName: string, options: ImportedSessionClusterOptions) {
    super(scope, id);
    this.operatorVersion = toOperatorVersion(options.operatorVersion, this.node.path);
    this.flinkVersion = options.flinkVersion;
    registerExternal(this, { sessionClusters: [sessionClusterName] });
  }
}
