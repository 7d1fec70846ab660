import { RuleInfo } from './info';

/** The rules about suppressions and the library's own annotations (checked by applyPolicy). */
export const SUPPRESSION_RULES: readonly RuleInfo[] = [
  { id: 'unused-suppression', ref: '', severity: 'warning', why: 'A suppression that matches no finding hides nothing today and would silently hide a future finding; remove it.' },
  { id: 'annotation-invalid', ref: '', severity: 'error', why: 'A cdk8s-flink.io/suppress or cdk8s-flink.io/external annotation that does not parse (unknown rule id, missing reason) suppresses or declares nothing.' },
];
