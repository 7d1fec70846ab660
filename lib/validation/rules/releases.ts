import { closest, distance } from 'fastest-levenshtein';
import { parseVersion } from '../catalogue';
import { operatorReleaseAtLeast } from '../operator-versions';
import { pathOf } from '../path';
import { crdFlinkVersions } from '../schema';
import { Resource, RuleContext, RuleSet } from '../types';
import { configPath, flinkOlderThan, isChecked, isNull, obj, q, specOf } from './deployment';
import { RuleInfo } from './info';

/**
 * What depends on the operator release and on the Flink major version: the kinds of the operator's
 * API group, the Flink versions each CRD accepts and deprecates, the deprecated `resource` field, and
 * the Flink 2 configuration file that refuses overlapping keys.
 */

const GROUP = 'flink.apache.org/';

/** The operator's kinds, with the release that introduced them. */
const KINDS: readonly { kind: string; since: string }[] = [
  { kind: 'FlinkDeployment', since: '1.0' },
  { kind: 'FlinkSessionJob', since: '1.0' },
  { kind: 'FlinkStateSnapshot', since: '1.10' },
  { kind: 'FlinkBlueGreenDeployment', since: '1.14' },
];

/** Deprecated `spec.flinkVersion`s and the operator release that deprecated them. */
export const DEPRECATED_FLINK_VERSIONS: Readonly<Record<string, string>> = {
  v1_15: '1.10',
  v1_16: '1.11',
  v1_17: '1.13',
  v1_18: '1.13',
};

/** Keys the operator removes from the cluster-side configuration before it looks for overlaps. */
const NOT_SHIPPED = new Set(['kubeconfig.file', 'kubernetes.config.file', '$internal.deployment.config-dir', 'rest.bind-address', 'jobmanager.bind-host', 'taskmanager.bind-host', 'taskmanager.host']);

/** Flink 2 names of keys that older versions used as a value and as a prefix at once. */
const V2_NAMES: Readonly<Record<string, string>> = {
  'state.backend': 'state.backend.type',
  'restart-strategy': 'restart-strategy.type',
  'high-availability': 'high-availability.type',
};

/**
 * Pairs of keys where one is a dotted prefix of the other (`state.backend` and
 * `state.backend.incremental`). Flink 2 writes the configuration as standard YAML, where a key cannot
 * hold a value and a nested map at once, and the operator refuses such a configuration when it
 * deploys (after admission): "Overlapping key prefixes detected (k -> k.v)".
 */
export function overlappingKeys(config: Record<string, string>): [string, string][] {
  const keys = Object.keys(config).filter((k) => !NOT_SHIPPED.has(k)).sort();
  const out: [string, string][] = [];
  for (const a of keys) for (const b of keys) if (b.startsWith(`${a}.`)) out.push([a, b]);
  return out;
}

/** The fix for an overlapping pair. */
export function overlapFix(prefix: string, key: string): string {
  const v2 = V2_NAMES[prefix];
  if (v2 === key) return `Remove '${prefix}': its Flink 2 name '${key}' is already set.`;
  return v2
    ? `Replace '${prefix}' with its Flink 2 name '${v2}' (same value), keeping '${key}'.`
    : `Remove '${prefix}' or '${key}', or rename '${prefix}' to its Flink 2 name (see the Flink 2 configuration docs).`;
}

/** The kinds operator `version` has. */
function knownKinds(version: string): typeof KINDS {
  return KINDS.filter((k) => operatorReleaseAtLeast(version, k.since));
}

function checkKind(ctx: RuleContext, res: Resource, known: typeof KINDS): void {
  if (!res.apiVersion.startsWith(GROUP)) return;
  for (let i = 0; i < known.length; i++) if (known[i].kind === res.kind) return;
  const later = KINDS.find((k) => k.kind === res.kind);
  if (later) {
    ctx.report(res, {
      rule: 'unknown-flink-kind', path: 'kind',
      message: `kind ${q(res.kind)} needs operator ${later.since} or later (target: operator ${ctx.operatorVersion}); this operator has no such CRD`,
      fix: `Upgrade the operator to ${later.since} or later, or use a kind it has (${known.map((k) => k.kind).join(', ')}).`,
    });
    return;
  }
  if (res.kind === 'FlinkApplication') {
    ctx.report(res, {
      rule: 'unknown-flink-kind', path: 'kind',
      message: `kind "FlinkApplication" does not exist in the ${GROUP.slice(0, -1)} API group: the Apache operator runs an application as a FlinkDeployment with spec.job (FlinkApplication is Confluent's kind, in the cmf.confluent.io and platform.confluent.io groups)`,
      fix: 'Use kind: FlinkDeployment (with spec.job) for the Apache operator, or Confluent\'s apiVersion (e.g. platform.confluent.io/v1beta1) for Confluent Manager for Apache Flink.',
    });
    return;
  }
  const names = known.map((k) => k.kind);
  const best = res.kind ? closest(res.kind.toLowerCase(), names.map((n) => n.toLowerCase())) : undefined;
  const suggestion = best !== undefined && distance(res.kind.toLowerCase(), best) <= Math.max(3, Math.floor(best.length / 4))
    ? names.find((n) => n.toLowerCase() === best) : undefined;
  ctx.report(res, {
    rule: 'unknown-flink-kind', path: 'kind',
    message: `kind ${q(res.kind)} is not a kind of the ${GROUP.slice(0, -1)} API group (operator ${ctx.operatorVersion} has ${names.join(', ')})${suggestion ? `; did you mean ${suggestion}?` : ''}`,
    fix: suggestion ? `Write kind: ${suggestion} (kinds are case-sensitive).` : `Use one of ${names.join(', ')}.`,
  });
}

function checkFlinkVersion(ctx: RuleContext, res: Resource, spec: Record<string, any>): void {
  const v = spec.flinkVersion;
  if (typeof v !== 'string') return; // missing: R2; wrong type: the schema check
  const allowed = crdFlinkVersions(ctx.operatorVersion);
  if (!allowed.includes(v)) {
    const latest = allowed[allowed.length - 1];
    const newer = /^v\d+_\d+$/.test(v) && (parseVersion(v) ?? 0) > (parseVersion(latest) ?? Infinity);
    ctx.report(res, {
      rule: 'flink-version-not-in-crd', path: 'spec.flinkVersion',
      message: newer
        ? `spec.flinkVersion ${q(v)} is not in the FlinkDeployment CRD of operator ${ctx.operatorVersion} (it stops at ${latest}); the API server rejects the resource`
        : `spec.flinkVersion ${q(v)} is not a value of the FlinkDeployment CRD of operator ${ctx.operatorVersion} (one of ${allowed.join(', ')})`,
      fix: newer
        ? `${crdFlinkVersions('main').includes(v) ? `Install an operator whose CRDs have ${v} (operator main / 1.16)` : 'Wait for an operator release that supports it'}, or run Flink ${latest.slice(1).replace('_', '.')} or older.`
        : 'Write the version as v<major>_<minor>, e.g. v1_20 or v2_1, matching the image.',
    });
    return;
  }
  const since = DEPRECATED_FLINK_VERSIONS[v];
  if (since && operatorReleaseAtLeast(ctx.operatorVersion, since)) {
    ctx.report(res, {
      rule: 'flink-version-deprecated', severity: 'warning', path: 'spec.flinkVersion',
      message: `spec.flinkVersion ${q(v)} is deprecated since operator ${since}; support for it will be removed`,
      fix: 'Upgrade the job to Flink 1.20 or 2.x and set spec.flinkVersion to match the image.',
    });
  }
}

function checkDeprecatedResource(ctx: RuleContext, res: Resource, spec: Record<string, any>): void {
  if (!operatorReleaseAtLeast(ctx.operatorVersion, '1.16')) return;
  for (const c of ['jobManager', 'taskManager']) {
    if (isNull(obj(spec[c])?.resource)) continue;
    ctx.report(res, {
      rule: 'resource-deprecated', severity: 'warning', path: pathOf('spec', c, 'resource'),
      message: `spec.${c}.resource is deprecated on operator ${ctx.operatorVersion} in favour of spec.${c}.resources (Kubernetes requests and limits)`,
      fix: `Write spec.${c}.resources.requests (cpu, memory, ephemeral-storage) and, if wanted, limits instead of spec.${c}.resource.`,
    });
  }
}

function checkOverlaps(ctx: RuleContext, res: Resource, spec: Record<string, any>): void {
  if (typeof spec.flinkVersion !== 'string' || flinkOlderThan(spec.flinkVersion, 2, 0)) return;
  if (!/^v?\d/.test(spec.flinkVersion)) return;
  for (const [prefix, key] of overlappingKeys(res.config)) {
    ctx.report(res, {
      rule: 'config-key-overlap', path: configPath(res, prefix),
      message: `flinkConfiguration keys '${prefix}' and '${key}' overlap: Flink ${spec.flinkVersion.slice(1).replace('_', '.')} writes config.yaml, where '${prefix}' cannot be a value and a prefix at once, and the operator refuses the deployment ("Overlapping key prefixes detected (${prefix} -> ${key})")`,
      fix: overlapFix(prefix, key),
    });
  }
}

/** The kinds, Flink versions, deprecated fields and Flink 2 key overlaps. */
export const releaseRules: RuleSet = (ctx) => {
  const known = knownKinds(ctx.operatorVersion);
  for (let i = 0; i < ctx.resources.length; i++) {
    const res = ctx.resources[i];
    checkKind(ctx, res, known);
    if (!isChecked(res, 'FlinkDeployment')) continue;
    const spec = specOf(res);
    checkFlinkVersion(ctx, res, spec);
    checkDeprecatedResource(ctx, res, spec);
    checkOverlaps(ctx, res, spec);
  }
};

export const RELEASE_RULES: RuleInfo[] = [
  { id: 'unknown-flink-kind', ref: '', severity: 'error', why: 'A kind the flink.apache.org group does not have (a typo, Confluent\'s FlinkApplication, a kind newer than the operator) is never reconciled.' },
  { id: 'flink-version-not-in-crd', ref: '', severity: 'error', why: 'The API server rejects a flinkVersion outside the CRD\'s enum: operator 1.15 stops at v2_2, Flink 2.3 and 2.4 need main/1.16.' },
  { id: 'flink-version-deprecated', ref: '', severity: 'warning', why: 'v1_15 to v1_18 are deprecated by the operator (since 1.10, 1.11, 1.13) and will be removed.' },
  { id: 'resource-deprecated', ref: '', severity: 'warning', why: 'From operator 1.16 (main) jobManager/taskManager.resource is deprecated in favour of resources (requests and limits).' },
  { id: 'config-key-overlap', ref: '', severity: 'error', why: 'Flink 2 refuses a configuration where one key is a dotted prefix of another (state.backend with state.backend.incremental); the operator fails at deploy time.' },
];
