import { OPERATOR_VERSION_IDS, operatorAtLeast, operatorVersionId } from './validation/operator-versions';
import { OperatorVersionId } from './validation/types';

const FLINK_VERSIONS = ['v1_15', 'v1_16', 'v1_17', 'v1_18', 'v1_19', 'v1_20', 'v2_0', 'v2_1', 'v2_2', 'v2_3', 'v2_4'];

/**
 * A Flink release line the operator can run (`spec.flinkVersion`). It decides which Flink
 * configuration key names are emitted.
 */
export class FlinkVersion {
  /** Flink 1.15 (deprecated by the operator). */
  public static readonly V1_15 = new FlinkVersion('v1_15');
  /** Flink 1.16 (deprecated by the operator). */
  public static readonly V1_16 = new FlinkVersion('v1_16');
  /** Flink 1.17 (deprecated by the operator). */
  public static readonly V1_17 = new FlinkVersion('v1_17');
  /** Flink 1.18 (deprecated by the operator). */
  public static readonly V1_18 = new FlinkVersion('v1_18');
  /** Flink 1.19. */
  public static readonly V1_19 = new FlinkVersion('v1_19');
  /** Flink 1.20. */
  public static readonly V1_20 = new FlinkVersion('v1_20');
  /** Flink 2.0. */
  public static readonly V2_0 = new FlinkVersion('v2_0');
  /** Flink 2.1. */
  public static readonly V2_1 = new FlinkVersion('v2_1');
  /** Flink 2.2. */
  public static readonly V2_2 = new FlinkVersion('v2_2');
  /** Flink 2.3 (operator main only: the 1.15 CRD stops at v2_2). */
  public static readonly V2_3 = new FlinkVersion('v2_3');
  /** Flink 2.4 (operator main only: the 1.15 CRD stops at v2_2). */
  public static readonly V2_4 = new FlinkVersion('v2_4');

  /** Every version, oldest first. */
  public static all(): FlinkVersion[] {
    return FLINK_VERSIONS.map((v) => FlinkVersion.of(v));
  }

  /**
   * A version by its `spec.flinkVersion` value, e.g. `v2_1`.
   * Throws for versions the operator does not support (older than v1_15) or does not know.
   */
  public static of(value: string): FlinkVersion {
    if (!FLINK_VERSIONS.includes(value)) {
      throw new Error(`[FlinkVersion.of] 'value' (${value}) is not a Flink version the operator supports. Fix: use one of ${FLINK_VERSIONS.join(', ')}.`);
    }
    return new FlinkVersion(value);
  }

  /** Major version, e.g. 1 for v1_20. */
  public readonly major: number;
  /** Minor version, e.g. 20 for v1_20. */
  public readonly minor: number;

  private constructor(
    /** The `spec.flinkVersion` value, e.g. `v1_20`. */
    public readonly value: string,
  ) {
    const m = /^v(\d+)_(\d+)$/.exec(value)!;
    this.major = Number(m[1]);
    this.minor = Number(m[2]);
  }

  /** Whether this version is the same as or newer than `other`. */
  public isAtLeast(other: FlinkVersion): boolean {
    return this.major > other.major || (this.major === other.major && this.minor >= other.minor);
  }

  /** Whether this version is the same as `other`. (Not `equals`: a reserved member name in Java and C#.) */
  public isSameAs(other: FlinkVersion): boolean {
    return this.value === other.value;
  }

  /** `1.20` style. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/** `OperatorVersion.all()` by id (see `OperatorVersion.of`). */
let OPERATOR_VERSIONS_BY_ID: Map<string, OperatorVersion> | undefined;

/**
 * The Flink Kubernetes Operator release whose CRDs and rules apply. Every API that takes an
 * operator version (constructs, `lintManifests`, `checkManifests`, the plugin, the CLI) accepts
 * these values and their ids alike.
 */
export class OperatorVersion {
  /** Release 1.13.0: nested `flinkConfiguration`; no session-job jar URI allowlist yet. */
  public static readonly V1_13 = new OperatorVersion('1.13');
  /** Release 1.14.0: adds FlinkBlueGreenDeployment; no session-job jar URI allowlist yet. */
  public static readonly V1_14 = new OperatorVersion('1.14');
  /** Release 1.15.0 (the latest release; the default): adds the session-job jar URI allowlist (S4-S7). */
  public static readonly V1_15 = new OperatorVersion('1.15');
  /** The main branch (1.16-SNAPSHOT): adds `resources` (k8s ResourceRequirements) and Flink 2.3/2.4. */
  public static readonly MAIN = new OperatorVersion('main');

  /** Every supported operator version, oldest first (main last). */
  public static all(): OperatorVersion[] {
    return [OperatorVersion.V1_13, OperatorVersion.V1_14, OperatorVersion.V1_15, OperatorVersion.MAIN];
  }

  /** An operator version by id: '1.13', '1.14', '1.15' or 'main'. Throws for anything else, listing the supported ids. */
  public static of(id: string): OperatorVersion {
    // Every construct asks: the versions by id, built once from all().
    const found = (OPERATOR_VERSIONS_BY_ID ??= new Map(OperatorVersion.all().map((v) => [v.id, v]))).get(id);
    if (found) return found;
    throw new Error(`[OperatorVersion.of] 'id' (${id}) is not a known operator version. Fix: use one of ${OPERATOR_VERSION_IDS.join(', ')}.`);
  }

  private constructor(
    /** '1.13', '1.14', '1.15' or 'main'. */
    public readonly id: string,
  ) {}

  /** The newest Flink version this operator's CRD accepts. */
  public get latestFlinkVersion(): FlinkVersion {
    return this.id === 'main' ? FlinkVersion.V2_4 : FlinkVersion.V2_2;
  }

  /** Whether the CRD has `jobManager.resources` / `taskManager.resources` (k8s ResourceRequirements). */
  public get supportsResourceRequirements(): boolean {
    return this.id === 'main';
  }

  /** Whether the operator has the FlinkBlueGreenDeployment resource (from 1.14). */
  public get supportsBlueGreen(): boolean {
    return this.isAtLeast(OperatorVersion.V1_14);
  }

  /** Whether this version is the same as or newer than `other` (main is newer than every release). */
  public isAtLeast(other: OperatorVersion): boolean {
    return operatorAtLeast(this._id, other._id);
  }

  /** The id, e.g. `1.15`. */
  public toString(): string {
    return this.id;
  }

  /** @internal */
  public get _id(): OperatorVersionId {
    return this.id as OperatorVersionId;
  }
}

/**
 * An operator version given as an `OperatorVersion` or (from JavaScript or YAML) as its id string.
 * @internal
 */
export function toOperatorVersion(value: unknown, where: string): OperatorVersion {
  return OperatorVersion.of(operatorVersionId(value, where));
}
