/**
 * One check for plain manifests, shared by the lint CLI and the cdk8s synth plugin: the CRD schema
 * of every Flink resource, then every rule, with Confluent FlinkApplications linted as
 * FlinkDeployments.
 */
import { lintManifests } from '../validation/engine';
import { SCHEMA_KINDS, checkSchema } from '../validation/schema';
import { InputLimits, assertBounded, resolveLimits } from '../validation/limits';
import { redact, secretValuesOf } from '../validation/secrets';
import { ExternalResources, Finding, OperatorVersionId } from '../validation/types';
import { CONFLUENT_DEFAULTABLE_RULES, CONFLUENT_RULES, DEFAULTABLE_NOTE, isConfluentApplication, toFlinkDeployment } from './confluent';

/** Options of `checkManifests`. */
export interface CheckOptions {
  /** @default '1.15' */
  readonly operatorVersion?: OperatorVersionId;
  /** @default 'lint' */
  readonly mode?: 'synth' | 'lint';
  /** Previous versions of the resources, for the upgrade checks. */
  readonly previous?: readonly any[];
  /** Resources that exist outside the input. */
  readonly external?: ExternalResources;
  /** Bounds on untrusted input (flattened configuration keys). @default DEFAULT_LIMITS */
  readonly limits?: InputLimits;
}

/** The operator versions the CLI and plugin accept. */
export const OPERATOR_VERSIONS: readonly OperatorVersionId[] = ['1.15', 'main'];

const confluentRules = new Set(CONFLUENT_RULES);
const confluentDefaultable = new Set(CONFLUENT_DEFAULTABLE_RULES);

function isFlinkCrd(m: any): boolean {
  return !!m && typeof m === 'object' && (SCHEMA_KINDS as readonly string[]).includes(m.kind)
    && (typeof m.apiVersion !== 'string' || m.apiVersion.startsWith('flink.apache.org/'));
}

/**
 * Schema findings for every Flink custom resource, then the rule findings, grouped by resource in
 * input order. `index` is the position in `manifests`.
 */
export function checkManifests(manifests: readonly any[], options: CheckOptions = {}): Finding[] {
  const operatorVersion = options.operatorVersion ?? '1.15';
  // Bounds first: the schema check and the rules walk every manifest.
  const limits = resolveLimits(options.limits);
  assertBounded(manifests, limits);
  if (options.previous) assertBounded(options.previous, limits, 'previous resource');
  const confluent = manifests.map(isConfluentApplication);
  const normalised = manifests.map((m, i) => (confluent[i] ? toFlinkDeployment(m) : m));
  const previous = options.previous?.map((m) => (isConfluentApplication(m) ? toFlinkDeployment(m) : m));

  const findings: Finding[] = [];
  manifests.forEach((m, i) => {
    if (!isFlinkCrd(m)) return;
    const schema = checkSchema(m, operatorVersion, i);
    if (schema.length === 0) return;
    const secrets = secretValuesOf(m);
    for (const f of schema) findings.push({ ...f, message: redact(f.message, secrets), fix: redact(f.fix, secrets) });
  });
  const lint = lintManifests(normalised, {
    operatorVersion,
    mode: options.mode ?? 'lint',
    ...(previous ? { previous } : {}),
    ...(options.external ? { external: options.external } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  for (const f of lint) {
    if (confluent[f.index]) {
      const kind = manifests[f.index].kind;
      if (confluentRules.has(f.rule)) {
        findings.push({ ...f, kind });
      } else if (confluentDefaultable.has(f.rule)) {
        findings.push({ ...f, kind, severity: 'warning', message: `${f.message.trim().replace(/\.$/, '')} (${DEFAULTABLE_NOTE})` });
      }
    } else {
      findings.push(f);
    }
  }
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.index - b.f.index || a.i - b.i)
    .map((x) => x.f);
}
