import { RuleSet } from '../types';
import { deploymentRules } from './deployment';
import { sessionJobRules } from './session-job';
import { snapshotRules } from './snapshot';
import { flinkConfigRules } from './flink-config';
import { storageRules } from './storage';
import { upgradeRules } from './upgrade';

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
];
