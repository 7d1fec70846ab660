/**
 * One check for plain manifests, shared by the lint CLI and the cdk8s synth plugin: the CRD schema
 * of every Flink resource, then every rule, with Confluent FlinkApplications linted as
 * FlinkDeployments.
 */
import { applyPolicy, lintBounded } from '../validation/engine';
import { ALL_RULES } from '../validation/rules';
import { InputLimits, assertBounded, resolveLimits } from '../validation/limits';
import { OPERATOR_VERSION_IDS, operatorVersionId } from '../validation/operator-versions';
import { checkSchema, isFlinkCustomResource } from '../validation/schema';
import { redact, secretValuesOf } from '../validation/secrets';
import { ExternalResources, Finding, LintOptions, OperatorVersionId } from '../validation/types';
import type { OperatorVersion } from '../versions';
import { CONFLUENT_DEFAULTABLE_RULES, CONFLUENT_RULES, DEFAULTABLE_NOTE, isConfluentApplication, toFlinkDeployment } from './confluent';
import { PhaseTimes, timed } from './timing';

/** Options of `checkManifests`. */
export interface CheckOptions {
  /** An `OperatorVersion` or its id ('1.13', '1.14', '1.15', 'main'). @default '1.15' */
  readonly operatorVersion?: OperatorVersionId | OperatorVersion;
  /** @default 'lint' */
  readonly mode?: 'synth' | 'lint';
  /** Previous versions of the resources, for the upgrade checks. */
  readonly previous?: readonly any[];
  /** Resources that exist outside the input. */
  readonly external?: ExternalResources;
  /** Severity per rule id. */
  readonly rules?: LintOptions['rules'];
  /** Suppressions besides the manifests' annotations. */
  readonly suppressions?: LintOptions['suppressions'];
  /** Line of a finding's field, for `disable-next-line` comments. */
  readonly lineOf?: LintOptions['lineOf'];
  /** Bounds on untrusted input (flattened configuration keys). @default DEFAULT_LIMITS */
  readonly limits?: InputLimits;
  /** Records the time of each phase and rule set (`cdk8s-flink lint --timing`). @default - not timed */
  readonly timing?: PhaseTimes;
}


/** The operator versions the CLI and plugin accept. */
export const OPERATOR_VERSIONS: readonly OperatorVersionId[] = OPERATOR_VERSION_IDS;

const confluentRules = new Set(CONFLUENT_RULES);
const confluentDefaultable = new Set(CONFLUENT_DEFAULTABLE_RULES);

const isFlinkCrd = isFlinkCustomResource;

/**
 * Schema findings for every Flink custom resource, then the rule findings, grouped by resource in
 * input order. `index` is the position in `manifests`.
 */
export function checkManifests(manifests: readonly any[], options: CheckOptions = {}): Finding[] {
  const operatorVersion = operatorVersionId(options.operatorVersion, 'checkManifests');
  // Bounds first: the schema check and the rules walk every manifest.
  const limits = resolveLimits(options.limits);
  const timing = options.timing;
  timed(timing, 'input bounds (depth, aliases, size)', () => {
    assertBounded(manifests, limits);
    if (options.previous) assertBounded(options.previous, limits, 'previous resource');
  });
  const confluent = manifests.map(isConfluentApplication);
  const normalised = manifests.map((m, i) => (confluent[i] ? toFlinkDeployment(m) : m));
  const previous = options.previous?.map((m) => (isConfluentApplication(m) ? toFlinkDeployment(m) : m));

  const findings: Finding[] = [];
  timed(timing, 'CRD schema checks', () => manifests.forEach((m, i) => {
    if (!isFlinkCrd(m)) return;
    const schema = checkSchema(m, operatorVersion, i);
    if (schema.length === 0) return;
    const secrets = secretValuesOf(m);
    for (const f of schema) findings.push({ ...f, message: redact(f.message, secrets), fix: redact(f.fix, secrets) });
  }));
  // Bounded above, on the input as given.
  const lint = timed(timing, 'rule engine (resources, configuration flattening, indexes, order)', () => lintBounded(normalised, {
    operatorVersion,
    mode: options.mode ?? 'lint',
    ...(previous ? { previous } : {}),
    ...(options.external ? { external: options.external } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  }, timing ? timing.rules(ALL_RULES) : ALL_RULES));
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
  const sorted = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.index - b.f.index || a.i - b.i)
    .map((x) => x.f);
  return timed(timing, 'suppressions and severities', () =>
    applyPolicy(manifests, sorted, { rules: options.rules, suppressions: options.suppressions, lineOf: options.lineOf }));
}
