import { OperatorScope, RuleSet } from '../types';
import { RuleInfo } from './info';

/** The rules of this module, for the README table. */
export const OPERATOR_SCOPE_RULES: readonly RuleInfo[] = [
  {
    id: 'namespace-not-watched', ref: '', severity: 'error',
    why: 'An operator only reconciles resources in the namespaces it watches: a Flink resource elsewhere is accepted by the API server and never deployed.',
  },
];

function watches(op: OperatorScope, ns: string): boolean {
  return !op.watchNamespaces || (ns !== '' && op.watchNamespaces.includes(ns));
}

/**
 * namespace-not-watched: with `options.operators` given (the operators installed with the input),
 * every Flink resource (group flink.apache.org) must be in a namespace one of them watches. Without
 * operators nothing is known about what watches what, and nothing is reported.
 */
export const operatorScopeRules: RuleSet = (ctx) => {
  const operators = ctx.options.operators ?? [];
  if (operators.length === 0) return;
  const watched = [...new Set(operators.flatMap((o) => o.watchNamespaces ?? []))].sort();
  const ops = operators.map((o) => `${o.label} watches ${(o.watchNamespaces ?? []).join(', ')}`).join('; ');
  for (let i = 0; i < ctx.resources.length; i++) {
    const res = ctx.resources[i];
    if (!res.apiVersion.startsWith('flink.apache.org/')) continue;
    if (operators.some((o) => watches(o, res.namespace))) continue;
    const where = res.namespace === '' ? 'has no namespace' : `is in namespace '${res.namespace}'`;
    ctx.report(res, {
      rule: 'namespace-not-watched',
      path: 'metadata.namespace',
      message: `${res.kind} '${res.name}' ${where}, which no FlinkOperator of the app watches (${ops}): the operator would never deploy it`,
      fix: res.namespace === ''
        ? `Set the chart's namespace (or metadata.namespace) to a watched namespace: ${watched.join(', ')}.`
        : `Move it to a watched namespace (${watched.join(', ')}) or add '${res.namespace}' to the watchNamespaces of a FlinkOperator.`,
    });
  }
};
