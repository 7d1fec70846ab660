import { RuleSet } from '../types';
import { AUTOSCALER_RULES } from './autoscaler';
import { RuleInfo } from './info';
import { DEPLOYMENT_RULES, deploymentRules } from './deployment';
import { SESSION_JOB_RULES, sessionJobRules } from './session-job';
import { SNAPSHOT_RULES, snapshotRules } from './snapshot';
import { FLINK_CONFIG_RULES, flinkConfigRules } from './flink-config';
import { STORAGE_RULES, storageRules } from './storage';
import { UPGRADE_RULES, upgradeRules } from './upgrade';
import { BLUEGREEN_RULES, blueGreenRules } from './bluegreen';
import { RELEASE_RULES, releaseRules } from './releases';
import { AUTOSCALER_ALIGNMENT_RULES, autoscalerAlignmentRules } from './autoscaler-alignment';
import { SCHEDULING_RULES, schedulingRules } from './scheduling';
import { SECRET_RULES, secretRules } from './secrets';
import { OPERATOR_SCOPE_RULES, operatorScopeRules } from './operator-scope';
import { SUPPRESSION_RULES } from './suppression';
import { POD_SECURITY_RULES, podSecurityRules } from './pod-security';
import { TLS_RULES, tlsRules } from './tls';

/**
 * Every rule set, in the order they run. Each module exports one RuleSet; add new ones here.
 */
export const ALL_RULES: RuleSet[] = [
  deploymentRules,
  sessionJobRules,
  snapshotRules,
  flinkConfigRules,
  storageRules,
  upgradeRules,
  blueGreenRules,
  releaseRules,
  autoscalerAlignmentRules,
  schedulingRules,
  secretRules,
  operatorScopeRules,
  podSecurityRules,
  tlsRules,
];

/**
 * Every rule id the engine can report, once each, in a stable order: the source of the README's
 * rule table and of the SARIF rule descriptions. An id that appears in several modules (a rule the
 * operator applies to deployments and session jobs alike) keeps its first entry, with the refs of
 * all of them.
 */
export const RULE_INFO: readonly RuleInfo[] = (() => {
  const byId = new Map<string, RuleInfo>();
  for (const info of [
    ...DEPLOYMENT_RULES, ...SESSION_JOB_RULES, ...SNAPSHOT_RULES, ...AUTOSCALER_RULES,
    ...FLINK_CONFIG_RULES, ...STORAGE_RULES, ...UPGRADE_RULES,
    ...BLUEGREEN_RULES, ...RELEASE_RULES, ...AUTOSCALER_ALIGNMENT_RULES, ...SCHEDULING_RULES,
    ...SECRET_RULES,
    ...OPERATOR_SCOPE_RULES,
    ...SUPPRESSION_RULES,
    ...POD_SECURITY_RULES,
    ...TLS_RULES,
  ]) {
    const seen = byId.get(info.id);
    if (!seen) byId.set(info.id, info);
    else if (info.ref && !seen.ref.split(', ').includes(info.ref)) {
      byId.set(info.id, { ...seen, ref: seen.ref ? `${seen.ref}, ${info.ref}` : info.ref });
    }
  }
  return [...byId.values()];
})();
