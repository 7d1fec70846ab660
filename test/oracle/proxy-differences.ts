/**
 * Proxy runs: an operator release older than the rules it is compared with, because Maven Central
 * does not serve the releases our rules model. Every disagreement of a proxy run must be explained
 * by a documented release difference, listed here by name with its reason and its source; any other
 * disagreement fails the test. The same list is in docs/fidelity.md.
 */
import { lintManifests } from '../../lib/validation/engine';
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
  /** Names the run; a proxy release may be run more than once, with different inputs. */
  readonly label?: string;
  /**
   * Rewrites each world before both sides judge it (the same input to the operator and to us), so
   * that the proxy can judge what it otherwise could not deserialize at all.
   */
  readonly input?: (world: any[]) => any[];
}

/** The `flinkVersion` values of operator 1.7.0's FlinkVersion enum (read from its API jar). */
const FLINK_VERSIONS_1_7 = new Set(['v1_13', 'v1_14', 'v1_15', 'v1_16', 'v1_17', 'v1_18', 'v1_19']);

const flinkVersions = (world: readonly any[]): string[] => world.flatMap((m) => {
  const v = m?.spec?.flinkVersion;
  return typeof v === 'string' ? [v] : [];
});

/** Our error findings on one resource: those of operator rules (with a ref), or of the CRD schema. */
function ourErrors(world: readonly any[], index: number, rules: OperatorVersionId, schema: boolean) {
  return lintManifests(world, { operatorVersion: rules, mode: 'synth', schema })
    .filter((f) => f.index === index && f.severity === 'error' && (schema ? f.rule.startsWith('schema-') : f.ref !== ''));
}

/** `Autoscaler option KEY is "VALUE"` of each of our findings, with its ref. */
function autoscalerFindings(d: Disagreement): Array<{ ref: string; key: string; value: string }> {
  return d.ours.replace(/^rejected: /, '').split(' | ').map((text) => {
    const m = /^(\S+) \S+: Autoscaler option (\S+) is "([^"]*)"/.exec(text);
    return m ? { ref: m[1], key: m[2], value: m[3] } : { ref: text.split(' ')[0], key: '', value: '' };
  });
}

/** The Flink 1.20 names of the state directories; operator 1.7.0 runs on Flink 1.17, which reads the old names only. */
const FLINK_120_DIR_KEYS = ['execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir'];
const setsFlink120Dir = (m: any) => FLINK_120_DIR_KEYS.some((k) => {
  const v = m?.spec?.flinkConfiguration?.[k];
  return typeof v === 'string' && v.trim() !== '';
});

/** The session cluster of a session job in the same world (same namespace, named by deploymentName). */
function clusterOf(world: readonly any[], job: any): any {
  const ns = (m: any) => m?.metadata?.namespace || 'default';
  return world.find((m) => m?.kind === 'FlinkDeployment' && m?.metadata?.name === job?.spec?.deploymentName && ns(m) === ns(job));
}

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
  {
    name: 'flink-1.17-key-names',
    reason: 'Operator 1.7.0 is built on Flink 1.17, which does not know the Flink 1.20 names '
      + 'execution.checkpointing.dir and execution.checkpointing.savepoint-dir, so it finds no checkpoint or '
      + 'savepoint directory where the 1.13 validator (built on Flink 1.20.1, operator-rules.md §0) finds one; '
      + 'its messages name state.checkpoints.dir / state.savepoints.dir. With no savepoint directory it also '
      + 'goes on to parse an empty max-checkpoint-age, which the 1.13 validator never reaches (R15).',
    explains: (d, world) => d.operator.startsWith('rejected: ')
      && d.ours === 'accepted'
      && (/state\.(savepoints|checkpoints)\.dir/.test(d.operator) || /Could not parse value '' for key 'kubernetes\.operator\.job\.upgrade\.last-state\.max\.allowed\.checkpoint\.age'/.test(d.operator))
      && (setsFlink120Dir(world[d.index]) || (d.kind === 'FlinkSessionJob' && setsFlink120Dir(clusterOf(world, world[d.index])))),
  },
  {
    name: 'session-job-config-not-merged',
    reason: 'Operator 1.7.0 validates a session job against its cluster\'s flinkConfiguration only; the job\'s own '
      + 'flinkConfiguration joins the effective config from operator 1.8 (FLINK-34398; operator-rules.md §2.0, '
      + 'S10, S12). Explains a disagreement only when our verdict on the same world without the job\'s '
      + 'flinkConfiguration is the operator\'s.',
    explains: (d, world) => {
      const job = world[d.index];
      if (d.kind !== 'FlinkSessionJob' || !clusterOf(world, job) || !job?.spec?.flinkConfiguration) return false;
      if (!d.operator.startsWith('rejected: ') && d.operator !== 'accepted') return false;
      const without = world.map((m, i) => (i === d.index ? { ...m, spec: { ...m.spec, flinkConfiguration: undefined } } : m));
      return (ourErrors(without, d.index, '1.13', false).length > 0) === d.operator.startsWith('rejected: ');
    },
  },
  {
    name: 'autoscaler-checks-added',
    reason: 'Operator 1.7.0 range-checks four autoscaler options only (scale-down/scale-up max-factor, '
      + 'target.utilization in [0, +Infinity], target.utilization.boundary: its validator\'s constants). '
      + 'Later releases added utilization.target with [0, 1] (A3), utilization.max/min (A5, A6; FLINK-36836), '
      + 'observed-scalability.coefficient-min (A9; FLINK-30571) and excluded.periods (A12) '
      + '(operator-rules.md §2.4).',
    explains: (d) => d.operator === 'accepted' && d.rules.length > 0 && autoscalerFindings(d).every((f) => {
      if (['A5', 'A6', 'A9', 'A12'].includes(f.ref)) return true;
      if (f.ref !== 'A3') return false;
      if (f.key.endsWith('.utilization.target')) return true;
      const v = Number(f.value);
      return f.key.endsWith('.target.utilization') && f.value.trim() !== '' && v > 1;
    }),
  },
  {
    name: 'nested-flink-configuration',
    reason: 'Up to operator 1.12, spec.flinkConfiguration is a map of strings; from 1.13 (FLINK-37406) it may hold '
      + 'nested YAML (operator-rules.md §0), which 1.7.0\'s classes cannot deserialize.',
    explains: (d, world) => d.operator.startsWith('could not deserialize: ')
      && /Cannot deserialize value of type `java\.lang\.String` from Object value/.test(d.operator)
      && Object.values(world[d.index]?.spec?.flinkConfiguration ?? {}).some((v) => v !== null && typeof v === 'object'),
  },
  {
    name: 'resource-memory-with-fraction',
    reason: 'Operator 1.7.0 turns a resource memory such as 1.5g into a byte count with a fraction and then '
      + 'fails to parse its own output (its message names a unit, .0, that is not in the input); 1.13 parses '
      + 'the memory as a Flink MemorySize first and else as a Kubernetes quantity (operator-rules.md §1.5.1, '
      + 'R19/R24), which accepts it. Not confirmed against the 1.13 source here.',
    explains: (d, world) => d.ours === 'accepted'
      && /^rejected: (JobManager|TaskManager) resource memory parse error: Memory size unit '\.\d+' does not match/.test(d.operator)
      && ['jobManager', 'taskManager'].some((c) => /^\d+\.\d+\s*[a-zA-Z]+$/.test(String(world[d.index]?.spec?.[c]?.resource?.memory ?? ''))),
  },
  {
    name: 'crd-schema-refused',
    reason: 'Not a release difference: the manifest breaks the CRD schema (a fixture that does so on purpose, '
      + 'e.g. upgradeMode last_state), the operator\'s classes refuse it as every release would, and our schema '
      + 'check reports it (schema findings carry no ref and are not compared otherwise).',
    explains: (d, world) => d.operator.startsWith('could not deserialize: ')
      && !/FlinkVersion/.test(d.operator)
      && ourErrors(world, d.index, '1.13', true).length > 0,
  },
];

/**
 * The same world with every flinkVersion that operator 1.7.0 does not know lowered to v1_19 (and the
 * image with it), so that its validator judges what its classes could not otherwise deserialize.
 */
export function onFlink119(world: any[]): any[] {
  return world.map((m) => {
    const v = m?.spec?.flinkVersion;
    if (typeof v !== 'string' || FLINK_VERSIONS_1_7.has(v)) return m;
    const spec = { ...m.spec, flinkVersion: 'v1_19' };
    if (typeof spec.image === 'string' && /^flink:[0-9]/.test(spec.image)) spec.image = 'flink:1.19';
    return { ...m, spec };
  });
}

/**
 * Served releases judged as proxies. ORACLE_PROXY_RELEASES='' turns them off.
 */
export const PROXY_RELEASES: readonly ProxyRelease[] = process.env.ORACLE_PROXY_RELEASES === ''
  ? []
  : [
    { oracle: '1.7.0', rules: '1.13', differences: DIFFERENCES_1_7_VS_1_13 },
    { oracle: '1.7.0', rules: '1.13', differences: DIFFERENCES_1_7_VS_1_13, label: '1.7.0 on Flink 1.19', input: onFlink119 },
  ];
