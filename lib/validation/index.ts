export * from './types';
export { lintManifests, formatFinding, toResources } from './engine';
export { flattenConfig } from './flatten';
export { parsePath, pathOf, joinPath } from './path';
export { checkSchema, SCHEMA_KINDS } from './schema';
export type { SchemaCheckOptions } from './schema';
export { checkConfigEntry } from './rules/flink-config';
export type { RuleInfo } from './rules/info';
export { RULE_INFO } from './rules';
