import { Severity } from '../types';

/**
 * One rule as documented: the README rule table is generated from the lists of these that each
 * rule module exports.
 */
export interface RuleInfo {
  /** Stable kebab-case id, as in `Finding.rule`. */
  readonly id: string;
  /**
   * The operator rule number(s) the id covers (`R11`, `R12-R15`, `A1-A11`), or '' for the
   * library's own rules. A single finding's `ref` always names exactly one number.
   */
  readonly ref: string;
  /**
   * Severity of the finding. Rules whose severity depends on the mode (an error at synth, a warning
   * when linting) list `error` and say so in `why`.
   */
  readonly severity: Severity;
  /** One line: why the rule exists. */
  readonly why: string;
}
