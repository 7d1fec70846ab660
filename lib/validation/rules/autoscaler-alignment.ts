import { lookup } from '../config-keys';
import { operatorReleaseAtLeast } from '../operator-versions';
import { RuleSet } from '../types';
import { autoscalerEnabled, autoscalerKeys } from './autoscaler';
import { configPath, isChecked, q } from './deployment';
import { RuleInfo } from './info';

/**
 * Parallelism alignment of the autoscaler. Operator 1.16 (FLIP-586) reads
 * `job.autoscaler.scaling.parallelism-alignment.mode` (BALANCED, EVENLY_SPREAD, OFF or a plugin's
 * name; default BALANCED) before the deprecated `job.autoscaler.scaling.key-group.partitions.adjust.mode`
 * (default EVENLY_SPREAD): a job that sets neither scales differently after the upgrade, and a name
 * it does not know falls back to BALANCED with only a log line.
 */

export const ALIGNMENT_KEY = 'job.autoscaler.scaling.parallelism-alignment.mode';
export const LEGACY_ALIGNMENT_KEY = 'job.autoscaler.scaling.key-group.partitions.adjust.mode';
const BUILT_IN = ['BALANCED', 'EVENLY_SPREAD', 'OFF'];

/**
 * Operator keys whose deprecation has a release (the catalogue, built from operator main, only says
 * "deprecated"): before it they are the only key and no warning applies. `since` is a catalogue
 * version number (1016 = 1.16).
 */
export const OPERATOR_KEY_DEPRECATIONS: Readonly<Record<string, { since: number; use: string }>> = {
  [LEGACY_ALIGNMENT_KEY]: { since: 1016, use: ALIGNMENT_KEY },
  [`kubernetes.operator.${LEGACY_ALIGNMENT_KEY}`]: { since: 1016, use: ALIGNMENT_KEY },
};

export const autoscalerAlignmentRules: RuleSet = (ctx) => {
  if (!operatorReleaseAtLeast(ctx.operatorVersion, '1.16')) return;
  const list = ctx.ofKind('FlinkDeployment');
  for (let i = 0; i < list.length; i++) {
    const res = list[i];
    if (!isChecked(res, 'FlinkDeployment') || !autoscalerEnabled(res.config)) continue;
    const mode = lookup(res.config, autoscalerKeys('scaling.parallelism-alignment.mode'));
    const legacy = lookup(res.config, autoscalerKeys('scaling.key-group.partitions.adjust.mode'));
    if (!mode && !legacy) {
      ctx.report(res, {
        rule: 'autoscaler-alignment-default-changed', severity: 'warning', path: configPath(res, ALIGNMENT_KEY),
        message: `The autoscaler is enabled and no parallelism alignment is set: operator ${ctx.operatorVersion} aligns with BALANCED, where operator 1.15 and older used EVENLY_SPREAD, so the job scales to different parallelisms after the operator upgrade`,
        fix: `Set ${ALIGNMENT_KEY} to BALANCED (the new behaviour) or EVENLY_SPREAD (the old one); with the constructs, Autoscaler.enabled({ alignmentMode: ParallelismAlignment.BALANCED }).`,
      });
      continue;
    }
    if (mode && !BUILT_IN.includes(mode.value.trim().toUpperCase())) {
      const name = mode.value.trim();
      if (lookup(res.config, autoscalerKeys(`scaling.parallelism-alignment.mode.${name}.class`))) continue;
      ctx.report(res, {
        rule: 'autoscaler-alignment-mode-unknown', severity: 'warning', path: configPath(res, mode.key),
        message: `${mode.key} is ${q(mode.value)}, which is neither a built-in mode (${BUILT_IN.join(', ')}) nor a custom mode with ${ALIGNMENT_KEY}.${name}.class: the operator falls back to BALANCED with only a log line`,
        fix: `Use BALANCED, EVENLY_SPREAD or OFF, or register the plugin with ${ALIGNMENT_KEY}.${name}.class.`,
      });
    }
  }
};

export const AUTOSCALER_ALIGNMENT_RULES: RuleInfo[] = [
  { id: 'autoscaler-alignment-default-changed', ref: '', severity: 'warning', why: 'Operator 1.16 aligns autoscaled parallelism with BALANCED instead of EVENLY_SPREAD: a job that sets neither mode scales differently after the upgrade.' },
  { id: 'autoscaler-alignment-mode-unknown', ref: '', severity: 'warning', why: 'An alignment mode name the operator does not know falls back to BALANCED with only a log line.' },
];
