/**
 * Output formats of `cdk8s-flink lint`: text (one line per finding), JSON and SARIF 2.1.0.
 */
import * as rulesModule from '../validation/rules';
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
  readonly errors: number;
  readonly warnings: number;
}

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

/** Counts errors and warnings. */
export function summarise(findings: readonly LocatedFinding[], files: number, resources: number): Summary {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.finding.severity === 'error') errors++;
    else warnings++;
  }
  return { files, resources, errors, warnings };
}

const noDot = (s: string) => s.trim().replace(/\.$/, '');

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
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} in ${plural(s.resources, 'resource')} from ${plural(s.files, 'file')}\n`;
}

/** `{"findings":[...],"summary":{...}}`. */
export function formatJson(findings: readonly LocatedFinding[], summary: Summary): string {
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
      message: f.message,
      fix: f.fix,
    })),
    summary,
  }, null, 2)}\n`;
}

interface RuleDoc {
  readonly id: string;
  readonly why?: string;
  readonly ref?: string;
}

/** The documented rules (each rule module exports a list of RuleInfo; the index may re-export them). */
function documentedRules(): Map<string, RuleDoc> {
  const out = new Map<string, RuleDoc>();
  for (const value of Object.values(rulesModule as Record<string, unknown>)) {
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      if (item && typeof item === 'object' && typeof (item as RuleDoc).id === 'string' && typeof (item as RuleDoc).why === 'string') {
        if (!out.has((item as RuleDoc).id)) out.set((item as RuleDoc).id, item as RuleDoc);
      }
    }
  }
  return out;
}

/** SARIF 2.1.0, one run, uris relative to the working directory. */
export function formatSarif(findings: readonly LocatedFinding[], toolVersion: string): string {
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
    const ref = first.ref || doc?.ref || '';
    return {
      id,
      shortDescription: { text: doc?.why ?? (id.startsWith('schema-') ? 'The manifest must match the operator CRD schema.' : noDot(first.message)) },
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
  }));
  return `${JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'cdk8s-flink', version: toolVersion, rules } },
      results,
    }],
  }, null, 2)}\n`;
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function sarifUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const encoded = file.split(/[\\/]/).map((s) => encodeURIComponent(s)).join('/');
  return file.startsWith('/') ? `file://${encoded}` : encoded;
}
