/**
 * Proxy runs: an operator release older than the rules it is compared with, because Maven Central
 * does not serve the releases our rules model. Every disagreement of a proxy run must be explained
 * by a documented release difference, listed here by name with its reason and its source; any other
 * disagreement fails the test. The same list is in docs/fidelity.md.
 */
import { OperatorVersionId } from '../../lib/validation/types';

/** One resource on which the operator and lintManifests disagree. */
export interface Disagreement {
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  /** The operator's verdict: `accepted`, `rejected: <message>` or `could not deserialize: <message>`. */
  readonly operator: string;
  /** Ours: `accepted` or `rejected: <ref> <rule>: <message> | ...`. */
  readonly ours: string;
  /** The ids of our error rules on this resource (empty when we accept). */
  readonly rules: readonly string[];
}

/** A known difference between the proxy release and the release our rules model. */
export interface ReleaseDifference {
  readonly name: string;
  /** What changed and where that is documented. */
  readonly reason: string;
  /** Whether this difference explains the disagreement, given the whole world. */
  readonly explains: (d: Disagreement, world: readonly any[]) => boolean;
}

/** A proxy run: which served release stands in for which of our rule sets, and what differs. */
export interface ProxyRelease {
  readonly oracle: string;
  readonly rules: OperatorVersionId;
  readonly differences: readonly ReleaseDifference[];
}

/** The `flinkVersion` values of operator 1.7.0's FlinkVersion enum (read from its API jar). */
const FLINK_VERSIONS_1_7 = new Set(['v1_13', 'v1_14', 'v1_15', 'v1_16', 'v1_17', 'v1_18', 'v1_19']);

const flinkVersions = (world: readonly any[]): string[] => world.flatMap((m) => {
  const v = m?.spec?.flinkVersion;
  return typeof v === 'string' ? [v] : [];
});

/** Operator 1.7.0 against our 1.13 rules. */
export const DIFFERENCES_1_7_VS_1_13: readonly ReleaseDifference[] = [
  {
    name: 'flink-version-enum',
    reason: 'The FlinkVersion enum of operator 1.7.0 ends at v1_19, so its classes cannot deserialize a '
      + 'FlinkDeployment with v1_20 or later (v1_20 came with operator 1.10, FLINK-36129; the 1.13 CRD '
      + 'lists up to v2_2, operator-rules.md §6.1, §10). A session job whose cluster has such a version '
      + 'cannot be judged either.',
    explains: (d, world) => d.operator.startsWith('could not deserialize: ')
      && /FlinkVersion/.test(d.operator)
      && flinkVersions(world).some((v) => !FLINK_VERSIONS_1_7.has(v)),
  },
  {
    name: 'last-state-session-job',
    reason: 'Operator 1.7.0 refuses upgradeMode last-state on a FlinkSessionJob ("The LAST_STATE upgrade '
      + 'mode is not supported in session job now."); the last-state rework of operator 1.10 (FLINK-35414) '
      + 'made it valid for session jobs (operator-rules.md §0, §2.2 has no such rule).',
    explains: (d, world) => d.kind === 'FlinkSessionJob'
      && d.operator === 'rejected: The LAST_STATE upgrade mode is not supported in session job now.'
      && d.ours === 'accepted'
      && world[d.index]?.spec?.job?.upgradeMode === 'last-state',
  },
  {
    name: 'unsupported-flink-version-admitted',
    reason: 'Operator 1.7.0 checks only that flinkVersion is set; the admission check that refuses versions '
      + 'older than v1_15 (R3) was added to the validator in operator 1.9 (FLINK-35052). 1.7.0 stops such '
      + 'resources in the controller instead (FLINK-33089).',
    explains: (d, world) => d.kind === 'FlinkDeployment'
      && d.operator === 'accepted'
      && d.rules.length > 0 && d.rules.every((r) => r === 'R3')
      && ['v1_13', 'v1_14'].includes(world[d.index]?.spec?.flinkVersion),
  },
];

/**
 * Served releases judged as proxies. ORACLE_PROXY_RELEASES='' turns them off.
 */
export const PROXY_RELEASES: readonly ProxyRelease[] = process.env.ORACLE_PROXY_RELEASES === ''
  ? []
  : [{ oracle: '1.7.0', rules: '1.13', differences: DIFFERENCES_1_7_VS_1_13 }];
