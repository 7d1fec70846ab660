import { IConstruct } from 'constructs';
import { checkRuleId } from '../validation/suppressions';

/** Suppressions declared on each construct: rule id -> reason. */
const DECLARED = new WeakMap<IConstruct, Map<string, string>>();

/** Records a suppression on `scope` after checking the rule id and the reason. */
export function declareSuppression(scope: IConstruct, rule: string, reason: string): void {
  const where = `FlinkValidation.suppress(${scope.node.path || '<app>'})`;
  const bad = checkRuleId(String(rule), where);
  if (bad) throw new Error(`[${scope.node.path}] ${bad}`);
  const text = typeof reason === 'string' ? reason.replace(/\s+/g, ' ').trim() : '';
  if (text === '') {
    throw new Error(`[${scope.node.path}] FlinkValidation.suppress of '${rule}' has no reason. Fix: say why the finding is acceptable, e.g. FlinkValidation.suppress(scope, '${rule}', 'single-node test cluster').`);
  }
  const map = DECLARED.get(scope) ?? new Map<string, string>();
  map.set(rule, text);
  DECLARED.set(scope, map);
}

/** A suppression in force at a construct: the rule, its reason and the scope it was declared on. */
export interface ScopedSuppression {
  readonly rule: string;
  readonly reason: string;
  readonly scope: IConstruct;
}

/** The suppressions in force at `c`: declared on it or on one of its scopes (the nearest wins). */
export function suppressionsAt(c: IConstruct): ScopedSuppression[] {
  const byRule = new Map<string, ScopedSuppression>();
  for (const scope of c.node.scopes) {
    for (const [rule, reason] of DECLARED.get(scope) ?? []) byRule.set(rule, { rule, reason, scope });
  }
  return [...byRule.values()];
}

/** Whether `rule` is suppressed at `c` (for the checks that run while constructing). */
export function isSuppressedAt(c: IConstruct, rule: string): boolean {
  return suppressionsAt(c).some((s) => s.rule === rule);
}

/** Every construct that declares suppressions, below and including `root`. */
export function declaringScopes(root: IConstruct): IConstruct[] {
  return root.node.findAll().filter(declaresSuppressions);
}

/** Whether `c` itself declares suppressions. */
export function declaresSuppressions(c: IConstruct): boolean {
  return (DECLARED.get(c)?.size ?? 0) > 0;
}

/** The suppressions declared on `scope` itself. */
export function declaredOn(scope: IConstruct): [string, string][] {
  return [...DECLARED.get(scope) ?? []];
}
