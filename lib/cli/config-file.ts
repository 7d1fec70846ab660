/**
 * The lint settings file `.cdk8s-flink.yaml`, found upward from the inputs. Its keys are also the
 * synth plugin's `properties` in cdk8s.yaml:
 *
 * ```yaml
 * operatorVersion: '1.15'          # or main
 * strict: false                    # warnings fail too
 * rules:                           # severity per rule id: off, warning or error
 *   state-dir-node-local: off
 * external:                        # resources that exist outside the input
 *   persistentVolumeClaims: [flink-state]
 * suppressions:                    # findings that are acceptable, with why
 *   - rule: config-literal-secret
 *     resource: FlinkDeployment/basic-secure-deployment-only   # name, Kind/name or Kind/namespace/name; optional
 *     reason: the operator's example; the keystore is a throwaway
 * ```
 */
import * as fs from 'fs';
import * as path from 'path';
import { distance } from 'fastest-levenshtein';
import type { Node } from 'yaml';
import type * as YamlModule from 'yaml';
import { EXTERNAL_KINDS, checkRuleId } from '../validation/suppressions';
import { ExternalResources, OperatorVersionId, RuleSeverity, SourceLocation, Suppression } from '../validation/types';
import { OPERATOR_VERSIONS } from './check';
import { locateOffset } from './load';

/** Name of the settings file. */
export const CONFIG_FILE_NAME = '.cdk8s-flink.yaml';

/** The settings of a config file or of the plugin properties. Every key is optional. */
export interface LintConfig {
  readonly operatorVersion?: OperatorVersionId;
  readonly strict?: boolean;
  readonly rules?: { readonly [ruleId: string]: RuleSeverity };
  readonly external?: ExternalResources;
  readonly suppressions?: readonly Suppression[];
}

/** A bad settings file or bad plugin properties: names the file and line (or property), and the fix. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The top-level keys. */
export const CONFIG_KEYS = ['operatorVersion', 'strict', 'rules', 'external', 'suppressions'] as const;
const SEVERITIES: readonly RuleSeverity[] = ['off', 'warning', 'error'];

/** Where a value was written: text for messages, and the file line when there is one. */
export type Locator = (at: readonly (string | number)[]) => { readonly where: string; readonly source?: SourceLocation };

/**
 * The nearest `.cdk8s-flink.yaml` in `dir` or one of its parents, or undefined.
 */
export function findConfigFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const candidate = path.join(d, CONFIG_FILE_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

/** Reads and checks a settings file. Throws ConfigError with `shown:line`. */
export function readConfigFile(abs: string, shown: string): LintConfig {
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf-8');
  } catch (e) {
    throw new ConfigError(`${shown}: cannot read the settings file (${(e as NodeJS.ErrnoException).code ?? String(e)}). Fix: check its permissions.`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LineCounter, isDocument, parseDocument } = require('yaml') as typeof YamlModule; // loaded only when there is a settings file
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const p = lineCounter.linePos(err.pos[0]);
    const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
    throw new ConfigError(`${shown}:${p.line}: YAML does not parse: ${what}. Fix: correct the syntax at that line.`);
  }
  const root = doc.contents as Node | null;
  const locate: Locator = (at) => {
    const line = root && isDocument(doc) ? lineCounter.linePos(locateOffset(root, [...at])).line : 1;
    return { where: `${shown}:${line}`, source: { file: shown, line } };
  };
  if (root === null) return {};
  return parseConfig(doc.toJS(), locate, 'external');
}

const plain = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);

function closest(word: string, options: readonly string[]): string {
  const best = [...options].sort((a, b) => distance(word, a) - distance(word, b))[0];
  return best && distance(word, best) <= Math.max(2, word.length / 3) ? ` Did you mean '${best}'?` : '';
}

/**
 * Checks settings given as plain data (a parsed file, or the plugin's properties). `locate` names
 * where each value was written. Throws ConfigError for an unknown key, an unknown rule id (with the
 * closest ids), a suppression without a reason, or a value of the wrong type.
 */
export function parseConfig(value: unknown, locate: Locator, kind: Suppression['kind'] = 'external'): LintConfig {
  if (value === undefined || value === null) return {};
  const fail = (at: readonly (string | number)[], what: string, fix: string): never => {
    throw new ConfigError(`${locate(at).where}: ${what}. Fix: ${fix}`);
  };
  if (!plain(value)) fail([], 'the settings must be a mapping', `use the keys ${CONFIG_KEYS.join(', ')}.`);
  const v = value as Record<string, unknown>;
  const out: { -readonly [K in keyof LintConfig]: LintConfig[K] } = {};
  for (const key of Object.keys(v)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      fail([key], `unknown setting '${key}'.${closest(key, CONFIG_KEYS)}`, `use only ${CONFIG_KEYS.join(', ')}.`);
    }
  }
  if (v.operatorVersion !== undefined) {
    const ov = String(v.operatorVersion);
    if (!(OPERATOR_VERSIONS as readonly string[]).includes(ov)) {
      fail(['operatorVersion'], `operatorVersion '${ov}' is not supported`, `use one of ${OPERATOR_VERSIONS.join(', ')} (quote it in YAML: '1.15').`);
    }
    out.operatorVersion = ov as OperatorVersionId;
  }
  if (v.strict !== undefined) {
    if (typeof v.strict !== 'boolean' && v.strict !== 'true' && v.strict !== 'false') fail(['strict'], 'strict must be true or false', 'write strict: true or strict: false.');
    out.strict = v.strict === true || v.strict === 'true';
  }
  if (v.rules !== undefined) {
    if (!plain(v.rules)) fail(['rules'], 'rules must be a mapping of rule id to severity', 'write e.g. rules: { state-dir-node-local: off }.');
    const rules: Record<string, RuleSeverity> = {};
    for (const [id, level] of Object.entries(v.rules as Record<string, unknown>)) {
      const bad = checkRuleId(id, locate(['rules', id]).where);
      if (bad) throw new ConfigError(bad);
      const l = level === 'warn' ? 'warning' : level;
      if (!(SEVERITIES as readonly unknown[]).includes(l)) {
        fail(['rules', id], `severity '${String(level)}' of rule ${id} is not one of ${SEVERITIES.join(', ')}`, `write ${id}: off, ${id}: warning or ${id}: error.`);
      }
      rules[id] = l as RuleSeverity;
    }
    out.rules = rules;
  }
  if (v.external !== undefined) {
    if (!plain(v.external)) fail(['external'], 'external must be a mapping of resource kind to names', 'write e.g. external: { persistentVolumeClaims: [flink-state] }.');
    const external: Record<string, string[]> = {};
    for (const [k, names] of Object.entries(v.external as Record<string, unknown>)) {
      if (!(EXTERNAL_KINDS as readonly string[]).includes(k)) {
        fail(['external', k], `unknown kind '${k}' in external.${closest(k, EXTERNAL_KINDS)}`, `use ${EXTERNAL_KINDS.join(', ')}.`);
      }
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n === '')) {
        fail(['external', k], `external.${k} must be a list of names ('name' or 'namespace/name')`, `write e.g. ${k}: [my-name].`);
      }
      external[k] = names as string[];
    }
    out.external = external as ExternalResources;
  }
  if (v.suppressions !== undefined) {
    if (!Array.isArray(v.suppressions)) fail(['suppressions'], 'suppressions must be a list', 'write e.g. suppressions: [{ rule: state-dir-node-local, reason: single-node cluster }].');
    out.suppressions = (v.suppressions as unknown[]).map((s, i) => {
      const at = ['suppressions', i];
      if (!plain(s)) fail(at, `suppressions[${i}] must be a mapping with rule and reason`, 'write { rule: <id>, reason: <why>, resource: <optional Kind/name> }.');
      const e = s as Record<string, unknown>;
      for (const key of Object.keys(e)) {
        if (!['rule', 'reason', 'resource'].includes(key)) fail([...at, key], `unknown key '${key}' in suppressions[${i}]`, 'use rule, reason and (optionally) resource.');
      }
      if (typeof e.rule !== 'string' || e.rule === '') fail(at, `suppressions[${i}] has no rule`, 'add rule: <rule id>.');
      const rule = e.rule as string;
      const bad = checkRuleId(rule, locate([...at, 'rule']).where);
      if (bad) throw new ConfigError(bad);
      if (typeof e.reason !== 'string' || e.reason.trim() === '') {
        fail(at, `suppression of ${rule} without a reason`, 'add reason: <why the finding is acceptable>.');
      }
      if (e.resource !== undefined && (typeof e.resource !== 'string' || e.resource === '' || e.resource.split('/').length > 3)) {
        fail([...at, 'resource'], `suppressions[${i}].resource must be 'name', 'Kind/name' or 'Kind/namespace/name'`, 'write e.g. resource: FlinkDeployment/orders.');
      }
      const loc = locate(at);
      return {
        rule,
        reason: (e.reason as string).trim(),
        kind,
        where: loc.where,
        ...(loc.source ? { source: loc.source } : {}),
        ...(e.resource !== undefined ? { resource: e.resource as string } : {}),
      };
    });
  }
  return out;
}

/**
 * Merges settings: later ones win per key; rules merge per rule id, external names and
 * suppressions add up.
 */
export function mergeConfigs(...configs: readonly (LintConfig | undefined)[]): LintConfig {
  const out: { -readonly [K in keyof LintConfig]: any } = {};
  for (const c of configs) {
    if (!c) continue;
    if (c.operatorVersion !== undefined) out.operatorVersion = c.operatorVersion;
    if (c.strict !== undefined) out.strict = c.strict;
    if (c.rules) out.rules = { ...out.rules, ...c.rules };
    if (c.external) {
      const ext: Record<string, string[]> = { ...out.external };
      for (const [k, names] of Object.entries(c.external)) ext[k] = [...new Set([...ext[k] ?? [], ...names as string[]])];
      out.external = ext;
    }
    if (c.suppressions) out.suppressions = [...out.suppressions ?? [], ...c.suppressions];
  }
  return out;
}
