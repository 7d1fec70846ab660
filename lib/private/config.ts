import { IConstruct } from 'constructs';
import { FORBIDDEN_KEYS } from '../validation/rules/deployment';
import { checkConfigEntry } from '../validation/rules/flink-config';
import { FlinkVersion, OperatorVersion } from '../versions';
import { isSuppressedAt } from './suppress';
import { propError } from './util';

/** Keys the operator overwrites, with the prop that sets them instead. */
const MANAGED: Record<string, string> = {
  'kubernetes.service-account': "'serviceAccount'",
  'kubernetes.container.image': "'image'",
  'kubernetes.container.image.ref': "'image'",
  'kubernetes.jobmanager.replicas': "'jobManager.replicas'",
  'execution.target': "the construct type (FlinkApplication or FlinkSessionCluster)",
  'pipeline.jars': "'jar'",
  'parallelism.default': "'parallelism'",
  'kubernetes.container.image.pull-policy': "'imagePullPolicy'",
};

/**
 * Checks user-given flinkConfiguration entries and returns them with string values. Throws for
 * forbidden and operator-managed keys and for entries the config rules reject.
 */
export function checkUserConfig(scope: IConstruct, prop: string, config: { [key: string]: string } | undefined,
  flinkVersion: FlinkVersion | undefined, operatorVersion: OperatorVersion): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(config ?? {})) {
    if (key.trim() === '' || key !== key.trim()) {
      throw propError(scope, prop, key, 'is not a valid configuration key', 'remove the blank or padded key');
    }
    if (raw === undefined || raw === null || typeof raw === 'object') {
      throw propError(scope, `${prop}['${key}']`, raw, 'must be a string', `give '${key}' a string value`);
    }
    const value = String(raw);
    if (FORBIDDEN_KEYS.includes(key) && !isSuppressedAt(scope, 'forbidden-config-key')) {
      throw propError(scope, prop, key, 'is a key the operator forbids (it manages it)', `remove '${key}' from '${prop}'`);
    }
    if (key in MANAGED) {
      throw propError(scope, prop, key, 'is overwritten by the operator', `remove '${key}' and use ${MANAGED[key]}`);
    }
    const issues = checkConfigEntry(key, value, { flinkVersion: flinkVersion?.value, operatorVersion: operatorVersion.id });
    // A rule suppressed at `scope` does not block construction; synth reports the finding as suppressed.
    const error = issues.find((i) => i.severity === 'error' && !isSuppressedAt(scope, i.rule));
    if (error) {
      const fix = /[.?!]$/.test(error.fix) ? error.fix : `${error.fix}.`;
      throw new Error(`[${scope.node.path}] '${prop}' entry '${key}': (${error.rule}) ${error.message.replace(/\.$/, '')}. Fix: ${fix}`);
    }
    out[key] = value;
  }
  return out;
}
