/**
 * Output formats of `cdk8s-flink lint`: text (one line per finding), JSON and SARIF 2.1.0.
 */
import { RULE_INFO } from '../validation/rules';
import { redact } from '../validation/secrets';
import { Finding } from '../validation/types';

/** A finding with the place in the source it points at. */
export interface LocatedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly finding: Finding;
}

/** Counts for the summary. */
export interface Summary {
  readonly files: number;
  readonly resources: number;
  /** Unsuppressed errors. */
  readonly errors: number;
  /** Unsuppressed warnings. */
  readonly warnings: number;
  /** Suppressed findings (either severity): reported, not counted above. */
  readonly suppressed: number;
  /** Whether warnings fail the run (--strict). */
  readonly strict: boolean;
}

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

/** Counts errors, warnings and suppressed findings. */
export function summarise(findings: readonly LocatedFinding[], files: number, resources: number, strict = false): Summary {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.finding.suppressed) suppressed++;
    else if (f.finding.severity === 'error') errors++;
    else warnings++;
  }
  return { files, resources, errors, warnings, suppressed, strict };
}

/** Every printed text goes through the one redaction helper: credential-looking values never print. */
const noDot = (s: string) => redact(s).trim().replace(/\.$/, '');

/** Findings kept for printing and, per rule, how many more were left out. */
export interface CappedFindings {
  readonly shown: readonly LocatedFinding[];
  readonly omitted: Readonly<Record<string, number>>;
  readonly max: number;
}

/** Keeps the first `max` findings of each rule, in order, and counts the rest per rule. */
export function capPerRule(findings: readonly LocatedFinding[], max: number): CappedFindings {
  const count = new Map<string, number>();
  const omitted: Record<string, number> = {};
  const shown: LocatedFinding[] = [];
  for (const f of findings) {
    const n = (count.get(f.finding.rule) ?? 0) + 1;
    count.set(f.finding.rule, n);
    if (n <= max) shown.push(f);
    else omitted[f.finding.rule] = (omitted[f.finding.rule] ?? 0) + 1;
  }
  return { shown, omitted, max };
}

/** One line per rule whose findings were cut off (text output, on stderr). */
export function formatOmitted(omitted: Readonly<Record<string, number>>, max: number): string {
  return Object.entries(omitted)
    .map(([rule, n]) => `... ${n} more ${rule} finding${n === 1 ? '' : 's'} not shown (limit maxFindingsPerRule: ${max} per rule; raise it with --max-findings)\n`)
    .join('');
}

/** `file:line:col severity rule-id message (fix)`, one line per finding. */
export function formatText(findings: readonly LocatedFinding[]): string {
  return findings
    .map(({ file, line, column, finding: f }) =>
      `${file}:${line}:${column} ${f.severity} ${f.rule} ${noDot(f.message)} (${noDot(f.fix)})`.replace(/\r?\n/g, ' '))
    .map((l) => `${l}\n`)
    .join('');
}

/** The one-line summary printed after the text output. */
export function formatSummaryLine(s: Summary): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const strict = s.strict && s.warnings > 0 ? ' (--strict: warnings count as errors)' : '';
  const suppressed = s.suppressed > 0 ? `, ${s.suppressed} suppressed` : '';
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${strict}${suppressed} in ${plural(s.resources, 'resource')} from ${plural(s.files, 'file')}\n`;
}

/** `{"findings":[...],"summary":{...}}`. */
export function formatJson(findings: readonly LocatedFinding[], summary: Summary, omitted: Readonly<Record<string, number>> = {}): string {
  return `${JSON.stringify({
    findings: findings.map(({ file, line, column, finding: f }) => ({
      file,
      line,
      column,
      rule: f.rule,
      ref: f.ref,
      severity: f.severity,
      kind: f.kind,
      name: f.name,
      ...(f.namespace ? { namespace: f.namespace } : {}),
      path: f.path,
      message: redact(f.message),
      fix: redact(f.fix),
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
    })),
    summary: Object.keys(omitted).length > 0 ? { ...summary, omitted } : summary,
  }, null, 2)}\n`;
}

/** The schema checks are not rule modules; their descriptions live here. */
const SCHEMA_RULES: Record<string, string> = {
  'schema-unknown-field': 'A field the operator CRD does not define is dropped silently by the API server.',
  'schema-wrong-type': 'A field must have the type the operator CRD gives it.',
  'schema-bad-enum': 'A field with a fixed set of values must use one of them, spelled as in the CRD.',
  'schema-required': 'A field the operator CRD requires is missing.',
  'schema-invalid': 'The manifest must match the operator CRD schema.',
};

interface RuleDoc {
  readonly id: string;
  readonly why?: string;
  readonly ref?: string;
  readonly severity?: string;
}

/** The documented rules, by id. */
function documentedRules(): Map<string, RuleDoc> {
  return new Map(RULE_INFO.map((r) => [r.id, r]));
}

/** SARIF 2.1.0, one run, uris relative to the working directory. */
export function formatSarif(findings: readonly LocatedFinding[], toolVersion: string, omitted: Readonly<Record<string, number>> = {}): string {
  const docs = documentedRules();
  const ruleIds: string[] = [];
  const firstOf = new Map<string, Finding>();
  for (const { finding } of findings) {
    if (!firstOf.has(finding.rule)) {
      firstOf.set(finding.rule, finding);
      ruleIds.push(finding.rule);
    }
  }
  const rules = ruleIds.map((id) => {
    const doc = docs.get(id);
    const first = firstOf.get(id)!;
    const ref = doc?.ref || first.ref || '';
    return {
      id,
      shortDescription: { text: doc?.why ?? SCHEMA_RULES[id] ?? noDot(first.message) },
      defaultConfiguration: { level: doc?.severity ?? first.severity },
      ...(ref ? { properties: { ref } } : {}),
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const results = findings.map(({ file, line, column, finding: f }) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule)!,
    level: f.severity,
    message: { text: `${noDot(f.message)}. Fix: ${noDot(f.fix)}.` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: sarifUri(file) },
        region: { startLine: line, startColumn: column },
      },
      logicalLocations: [{ name: f.path, fullyQualifiedName: `${f.kind}/${f.namespace ? `${f.namespace}/` : ''}${f.name}:${f.path}` }],
    }],
    ...(f.suppressed ? {
      suppressions: [{
        kind: f.suppressed.kind,
        status: 'accepted',
        justification: f.suppressed.reason,
        properties: { where: f.suppressed.where },
      }],
    } : {}),
  }));
  return `${JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'cdk8s-flink', version: toolVersion, rules } },
      results,
      ...(Object.keys(omitted).length > 0 ? { properties: { omittedFindings: omitted } } : {}),
    }],
  }, null, 2)}\n`;
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function sarifUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const encoded = file.split(/[\\/]/).map((s) => encodeURIComponent(s)).join('/');
  return file.startsWith('/') ? `file://${encoded}` : encoded;
}
