import { IConstruct } from 'constructs';
import { overlapFix, overlappingKeys } from '../validation/rules/releases';
import { FlinkVersion } from '../versions';
import { propError } from './util';

/**
 * Flink 2 writes the configuration as standard YAML and the operator refuses keys where one is a
 * dotted prefix of another (rule config-key-overlap): thrown at construction, with the fix.
 */
export function checkOverlaps(scope: IConstruct, config: Record<string, string>, version: FlinkVersion): void {
  if (!version.isAtLeast(FlinkVersion.V2_0)) return;
  const [pair] = overlappingKeys(config);
  if (!pair) return;
  const [prefix, key] = pair;
  throw propError(scope, 'flinkConfiguration', prefix,
    `overlaps '${key}': Flink ${version} writes config.yaml, where a key cannot be a value and a prefix at once, and the operator refuses the deployment (config-key-overlap)`,
    overlapFix(prefix, key));
}
