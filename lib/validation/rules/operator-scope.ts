import { Finding } from '../types';
import { isObject } from '../values';
import { RuleInfo } from './info';

/** An operator as the scope rule sees it: where it runs and which namespaces it watches. */
export interface OperatorScope {
  /** How the operator is named in messages (its construct path). */
  readonly label: string;
  /** The namespace it runs in. */
  readonly namespace: string;
  /** The namespaces it watches; undefined: all. */
  readonly watchNamespaces?: readonly string[];
}

/** The rules of this module, for the README table. */
export const OPERATOR_SCOPE_RULES: readonly RuleInfo[] = [
  {
    id: 'namespace-not-watched', ref: '', severity: 'error',
    why: 'An operator only reconciles resources in the namespaces it watches: a Flink resource elsewhere is accepted by the API server and never deployed.',
  },
];

function watches(op: OperatorScope, ns: string | undefined): boolean {
  return !op.watchNamespaces || (ns !== undefined && op.watchNamespaces.includes(ns));
}

/**
 * Flink resources (group flink.apache.org) that no operator of `operators` watches. Empty when there
 * are no operators: then nothing is known about what watches what.
 */
export function unwatchedResources(manifests: readonly any[], operators: readonly OperatorScope[]): Finding[] {
  if (operators.length === 0) return [];
  const out: Finding[] = [];
  const watched = [...new Set(operators.flatMap((o) => o.watchNamespaces ?? []))].sort();
  manifests.forEach((m, index) => {
    if (!isObject(m) || typeof m.apiVersion !== 'string' || !m.apiVersion.startsWith('flink.apache.org/')) return;
    const meta = isObject(m.metadata) ? m.metadata : {};
    const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
    if (operators.some((o) => watches(o, ns))) return;
    const name = typeof meta.name === 'string' ? meta.name : '';
    const where = ns === undefined ? 'has no namespace' : `is in namespace '${ns}'`;
    const ops = operators.map((o) => `${o.label} watches ${(o.watchNamespaces ?? []).join(', ')}`).join('; ');
    out.push({
      rule: 'namespace-not-watched', ref: '', severity: 'error', kind: String(m.kind), name, ...(ns ? { namespace: ns } : {}),
      path: 'metadata.namespace',
      message: `${m.kind} '${name}' ${where}, which no FlinkOperator of the app watches (${ops}): the operator would never deploy it`,
      fix: ns === undefined
        ? `Set the chart's namespace (or metadata.namespace) to a watched namespace: ${watched.join(', ')}.`
        : `Move it to a watched namespace (${watched.join(', ')}) or add '${ns}' to the watchNamespaces of a FlinkOperator.`,
      index,
    });
  });
  return out;
}
