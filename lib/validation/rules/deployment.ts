import { parseVersion } from '../catalogue';
import { KEYS, haActive, lookup, valueOf } from '../config-keys';
import { pathOf } from '../path';
import { OperatorVersionId, Resource, RuleContext, RuleSet, Severity } from '../types';
import { isBlank, isObject, parseFlinkBoolean, parseFlinkMemory, parseK8sQuantity, parseResourceMemory } from '../values';
import { autoscalerIssues } from './autoscaler';
import { RuleInfo } from './info';

/**
 * The operator's FlinkDeployment rules (R1-R3, R5-R26, R30-R32), checked on the deployment's own
 * flinkConfiguration with the operator's documented defaults assumed for everything else. Unlike
 * the operator, which stops at the first failure, every finding is reported.
 *
 * The helpers exported here are shared with the session-job and snapshot rule sets.
 */

// --- shared helpers ----------------------------------------------------------------------------

/** FlinkDeployment names and session-job targets: 1-45 chars, lower case, starts with a letter. */
export const DEPLOYMENT_NAME = /^[a-z]([-a-z0-9]{0,43}[a-z0-9])?$/;

export const CANARY_LABEL = 'flink.apache.org/canary';

/** A plain object, or undefined for anything else (null, arrays, scalars). */
export function obj(v: unknown): Record<string, any> | undefined {
  return isObject(v) ? v : undefined;
}

/** Whether the value is absent (null or undefined), as a Java null. */
export function isNull(v: unknown): boolean {
  return v === null || v === undefined;
}

/** A number as the operator would read an integer field; undefined when absent or not numeric. */
export function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

/** Quotes a value for a message: strings in double quotes, the rest as JSON. */
export function q(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** Whether a resource is one of the operator's kinds that these rules check, and not a canary. */
export function isChecked(res: Resource, kind: string): boolean {
  if (res.kind !== kind) return false;
  if (res.apiVersion !== '' && !res.apiVersion.startsWith('flink.apache.org/')) return false;
  const labels = obj(obj(res.manifest.metadata)?.labels);
  const canary = labels?.[CANARY_LABEL];
  return !(typeof canary === 'string' && canary.trim().toLowerCase() === 'true');
}

/** `spec` as an object ({} when missing or malformed). */
export function specOf(res: Resource): Record<string, any> {
  return obj(res.manifest.spec) ?? {};
}

/** Where a config key lives: where the user wrote it, else where it would go. */
export function configPath(res: Resource, key: string): string {
  return res.configPaths[key] ?? pathOf('spec', 'flinkConfiguration', key);
}

/** Whether the flinkVersion `v` (`v1_19`) is older than major.minor (false when unknown). */
export function flinkOlderThan(v: unknown, major: number, minor: number): boolean {
  const p = parseVersion(v);
  return p !== undefined && p < major * 1000 + minor;
}

/** The checkpoint/savepoint dir key names the Flink runtime of `flinkVersion` reads. */
export function dirKeysFor(flinkVersion: unknown): { checkpoint: string; savepoint: string } {
  return flinkOlderThan(flinkVersion, 1, 20) ? LEGACY_DIR_KEYS : DIR_KEYS;
}

// Frozen: every caller shares them.
const LEGACY_DIR_KEYS = Object.freeze({ checkpoint: 'state.checkpoints.dir', savepoint: 'state.savepoints.dir' });
const DIR_KEYS = Object.freeze({ checkpoint: KEYS.checkpointDir[0], savepoint: KEYS.savepointDir[0] });

/** A job-state-directory problem (R11-R15 / S10), before it is tied to a resource. */
export interface DirIssue {
  readonly rule: 'checkpoint-dir-required' | 'savepoint-dir-required';
  /** R11..R15. */
  readonly opRef: string;
  /** The key the finding points at (present but blank, or the primary key). */
  readonly key: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * R11-R15 on a JobSpec and an effective config: which directories the job's upgrade mode, trigger
 * nonce and periodic/max-age options need. `flinkVersion` picks the key names the fix suggests.
 */
export function jobDirIssues(job: Record<string, any>, config: Record<string, string>, flinkVersion: unknown): DirIssue[] {
  const out: DirIssue[] = [];
  const names = dirKeysFor(flinkVersion);
  const upgradeMode = typeof job.upgradeMode === 'string' ? job.upgradeMode : 'stateless';
  const cpBlank = valueOf(config, KEYS.checkpointDir) === undefined;
  const spBlank = valueOf(config, KEYS.savepointDir) === undefined;
  const cpKey = lookup(config, KEYS.checkpointDir)?.key ?? KEYS.checkpointDir[0];
  const spKey = lookup(config, KEYS.savepointDir)?.key ?? KEYS.savepointDir[0];
  const alsoRead = (keys: readonly string[]) => `${keys[0]} (or ${keys.slice(1).join(', ')})`;

  if (upgradeMode !== 'stateless' && cpBlank) {
    out.push({
      rule: 'checkpoint-dir-required',
      opRef: 'R11',
      key: cpKey,
      message: `spec.job.upgradeMode is ${q(upgradeMode)} but no checkpoint directory is set: ${alsoRead(KEYS.checkpointDir)} is missing or blank`,
      fix: `Set flinkConfiguration '${names.checkpoint}' to durable shared storage (e.g. s3://bucket/checkpoints), or use upgradeMode stateless.`,
    });
  }
  if (!spBlank) return out;
  const spFix = (what: string) =>
    `Set flinkConfiguration '${names.savepoint}' to durable shared storage (e.g. s3://bucket/savepoints), or ${what}.`;
  if (upgradeMode === 'savepoint') {
    out.push({
      rule: 'savepoint-dir-required',
      opRef: 'R12',
      key: spKey,
      message: `spec.job.upgradeMode is "savepoint" but no savepoint directory is set: ${alsoRead(KEYS.savepointDir)} is missing or blank`,
      fix: spFix('use upgradeMode last-state or stateless'),
    });
  }
  if (!isNull(job.savepointTriggerNonce)) {
    out.push({
      rule: 'savepoint-dir-required',
      opRef: 'R13',
      key: spKey,
      message: `spec.job.savepointTriggerNonce is set (${q(job.savepointTriggerNonce)}) but no savepoint directory is set (${KEYS.savepointDir[0]})`,
      fix: spFix('remove savepointTriggerNonce (prefer a FlinkStateSnapshot resource with an explicit path)'),
    });
  }
  const periodic = lookup(config, KEYS.periodicSavepoint);
  if (periodic) {
    out.push({
      rule: 'savepoint-dir-required',
      opRef: 'R14',
      key: spKey,
      message: `${periodic.key} is set (${q(periodic.value)}) but no savepoint directory is set (${KEYS.savepointDir[0]}); even an empty value enables the check`,
      fix: spFix(`remove ${periodic.key}`),
    });
  }
  // The operator reads this key as a duration when no savepoint dir is set: a value reads as "set"
  // and an empty or unreadable one makes the validator throw, so either way the resource is refused.
  const maxAge = lookup(config, KEYS.lastStateMaxAge);
  if (maxAge) {
    out.push({
      rule: 'savepoint-dir-required',
      opRef: 'R15',
      key: spKey,
      message: `${maxAge.key} is set (${q(maxAge.value)}) but no savepoint directory is set (${KEYS.savepointDir[0]})${isBlank(maxAge.value) ? '; even an empty value is refused (the operator cannot read it as a duration)' : ''}`,
      fix: spFix(`remove ${maxAge.key}`),
    });
  }
  return out;
}

/**
 * A resource's configuration as the operator validates it: its own over the operator's
 * (options.operatorConfiguration, when the operator is known).
 */
function withOperatorDefaults(ctx: RuleContext, config: Record<string, string>): Record<string, string> {
  const operatorConfig = ctx.options.operatorConfiguration;
  return operatorConfig ? { ...operatorConfig, ...config } : config;
}

/** Reports autoscaler findings (A1-A12, R32) found in a resource's own config. */
export function reportAutoscaler(ctx: RuleContext, res: Resource, config: Record<string, string>): void {
  for (const issue of autoscalerIssues(withOperatorDefaults(ctx, config), ctx.operatorVersion)) {
    ctx.report(res, {
      rule: issue.rule, ref: issue.ref, severity: issue.severity,
      path: configPath(res, issue.key), message: issue.message, fix: issue.fix,
    });
  }
}

// --- FlinkDeployment -----------------------------------------------------------------------

/** Keys the operator sets itself and rejects in a resource (R5). */
export const FORBIDDEN_KEYS = ['kubernetes.namespace', 'kubernetes.cluster-id', 'high-availability.cluster-id'];
const LOG_CONFIG_KEYS = ['log4j-console.properties', 'logback-console.xml'];
const ROLLBACK_KEY = 'kubernetes.operator.deployment.rollback.enabled';
const HEALTH_CHECK_KEY = 'kubernetes.operator.cluster.health-check.enabled';
const RECOVERY_KEY = 'kubernetes.operator.jm-deployment-recovery.enabled';

type Component = 'jobManager' | 'taskManager';
const LABEL: Record<Component, string> = { jobManager: 'JobManager', taskManager: 'TaskManager' };
const RULE_PREFIX: Record<Component, string> = { jobManager: 'jobmanager', taskManager: 'taskmanager' };

/** A problem with `ingress.template` as java.net.URL would see it, or undefined when it parses. */
export function ingressTemplateProblem(template: string, name: string, namespace: string): string | undefined {
  let url = template.replace(/\{\{name\}\}/gi, name).replace(/\{\{namespace\}\}/gi, namespace);
  if (!url.startsWith('http://') && !url.startsWith('https://')) url = 'http://' + url;
  const rest = url.slice(url.indexOf('//') + 2);
  const end = rest.search(/[/?#]/);
  let authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return `the IPv6 host in "${url}" has no closing "]"`;
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return `unexpected text ${q(after)} after the IPv6 host in "${url}"`;
    if (after.startsWith(':')) port = after.slice(1);
  } else {
    const colon = authority.indexOf(':');
    if (colon >= 0) port = authority.slice(colon + 1);
  }
  if (port !== undefined && port !== '' && !/^\+?\d{1,9}$/.test(port)) return `the port ${q(port)} of "${url}" is not a number`;
  return undefined;
}

function checkIngress(ctx: RuleContext, res: Resource, spec: Record<string, any>): void {
  if (isNull(spec.ingress)) return;
  const ingress = obj(spec.ingress);
  if (!ingress) return; // wrong type: the schema check reports it
  if (isNull(ingress.template)) {
    ctx.report(res, {
      rule: 'ingress-template-missing', ref: 'R8', path: 'spec.ingress.template',
      message: 'spec.ingress is set but spec.ingress.template is missing',
      fix: 'Set spec.ingress.template, e.g. "{{name}}.{{namespace}}.example.com" (host-based) or "/{{namespace}}/{{name}}" (path-based), or remove spec.ingress.',
    });
    return;
  }
  if (typeof ingress.template !== 'string') return;
  const problem = ingressTemplateProblem(ingress.template, res.name, res.namespace || 'default');
  if (problem) {
    ctx.report(res, {
      rule: 'ingress-template-invalid', ref: 'R9', path: 'spec.ingress.template',
      message: `spec.ingress.template ${q(ingress.template)} does not make a valid URL: ${problem}`,
      fix: 'Write the template as host[:numeric-port][/path] with {{name}} and {{namespace}} placeholders, e.g. "{{name}}.{{namespace}}.example.com".',
    });
  }
}

function memoryDefinedInSpec(comp: Record<string, any> | undefined, version: OperatorVersionId): boolean {
  if (!comp) return false;
  const resource = obj(comp.resource);
  if (resource && typeof resource.memory === 'string' && !isBlank(resource.memory)) return true;
  if (version === 'main') {
    const rr = obj(comp.resources);
    if (rr && (!isNull(obj(rr.requests)?.memory) || !isNull(obj(rr.limits)?.memory))) return true;
  }
  return false;
}

const MIB = 1024 ** 2;

/**
 * Flink's memory model with its default fractions and sizes, as far as deciding whether a total
 * size leaves room for the heap: JVM metaspace 256m; JVM overhead 10 % of the process size, within
 * [192m, 1g]; JobManager off-heap 128m; TaskManager framework heap and off-heap 128m each, network
 * 10 % of the Flink size within [64m, 1g], managed 40 % of it.
 */
const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v, min), max);
const flinkFromProcess = (processBytes: number) => processBytes - 256 * MIB - clamp(Math.floor(processBytes * 0.1), 192 * MIB, 1024 * MIB);
const jmHeapFromFlink = (flinkBytes: number) => flinkBytes - 128 * MIB;
const tmTaskHeapFromFlink = (flinkBytes: number) => flinkBytes - 256 * MIB
  - clamp(Math.floor(flinkBytes * 0.1), 64 * MIB, 1024 * MIB) - Math.floor(flinkBytes * 0.4);

function memoryDefinedInConfig(component: Component, config: Record<string, string>): boolean {
  // The operator asks Flink to derive the process memory from the config and counts any failure as
  // "not defined": a size Flink cannot parse (negative, a fraction, a typo) never counts, and a total
  // size too small for the heap fails the derivation. Sizes are modelled only when no other memory
  // option of the component is set (those change the model; then any parseable size counts).
  const bytes = (k: string) => (isBlank(config[k]) ? undefined : parseFlinkMemory(config[k]));
  const prefix = component === 'jobManager' ? 'jobmanager.memory.' : 'taskmanager.memory.';
  const tuned = (own: string) => Object.keys(config).some((k) => k.startsWith(prefix) && k !== own);
  const fits = (key: string, room: (b: number) => number): boolean => {
    const b = bytes(key);
    if (b === undefined || b <= 0) return false;
    return tuned(key) || room(b) >= 0;
  };
  if (component === 'jobManager') {
    if (bytes('jobmanager.memory.heap.size') !== undefined || bytes('jobmanager.heap.size') !== undefined) return true;
    // The derived JobManager heap must be larger than zero.
    return fits('jobmanager.memory.flink.size', (b) => jmHeapFromFlink(b) - 1)
      || fits('jobmanager.memory.process.size', (b) => jmHeapFromFlink(flinkFromProcess(b)) - 1);
  }
  if (bytes('taskmanager.memory.task.heap.size') !== undefined && bytes('taskmanager.memory.managed.size') !== undefined) return true;
  return fits('taskmanager.memory.flink.size', tmTaskHeapFromFlink)
    || fits('taskmanager.memory.process.size', (b) => tmTaskHeapFromFlink(flinkFromProcess(b)));
}

function checkMemoryMissing(ctx: RuleContext, res: Resource, spec: Record<string, any>, component: Component): void {
  const comp = obj(spec[component]);
  if (memoryDefinedInSpec(comp, ctx.operatorVersion) || memoryDefinedInConfig(component, res.config)) return;
  const label = LABEL[component];
  const lower = RULE_PREFIX[component];
  const main = ctx.operatorVersion === 'main';
  const rr = obj(comp?.resources);
  const prunedResources = !main && rr && (!isNull(obj(rr.requests)?.memory) || !isNull(obj(rr.limits)?.memory));
  const configKeys = component === 'jobManager'
    ? 'jobmanager.memory.process.size (or .flink.size, .heap.size)'
    : 'taskmanager.memory.process.size (or .flink.size, or both .task.heap.size and .managed.size)';
  let message = main
    ? `${label} memory is not defined: neither spec.${component}.resource.memory nor spec.${component}.resources.requests.memory is set, and flinkConfiguration has no ${configKeys}`
    : `${label} memory is not defined: spec.${component}.resource.memory is not set, and flinkConfiguration has no ${configKeys}`;
  if (prunedResources) {
    message += `; spec.${component}.resources exists only on operator main, so operator 1.15 drops it and its memory does not count`;
  }
  ctx.report(res, {
    rule: `${lower}-memory-missing`,
    ref: component === 'jobManager' ? 'R18' : 'R23',
    path: main ? `spec.${component}.resources.requests.memory` : `spec.${component}.resource.memory`,
    message,
    fix: main
      ? `Set spec.${component}.resources.requests.memory (e.g. "2048m" or "2Gi").`
      : `Set spec.${component}.resource.memory (e.g. "2048m" or "2Gi")${prunedResources ? ` instead of spec.${component}.resources` : ''}.`,
  });
}

/** Why a Kubernetes quantity does not parse, in the spirit of fabric8's message. */
function quantityProblem(text: string): string {
  const t = text.trim();
  return t !== '' && !/^[+-]?[0-9.]/.test(t)
    ? `character '${t.replace(/^[+-]/, '')[0] ?? t[0]}' is neither a decimal digit, a decimal point nor an "e" exponent mark`
    : 'not a Kubernetes quantity (e.g. 2Gi, 500Mi, 10G)';
}

function checkDeprecatedResource(ctx: RuleContext, res: Resource, spec: Record<string, any>, component: Component): void {
  const resource = obj(obj(spec[component])?.resource);
  if (!resource) return;
  const label = LABEL[component];
  const rule = `${RULE_PREFIX[component]}-resource-invalid`;
  const ref = component === 'jobManager' ? 'R19' : 'R24';
  if (typeof resource.memory === 'string' && !isBlank(resource.memory)) {
    const bytes = parseResourceMemory(resource.memory);
    if (bytes === undefined || bytes < 0) {
      ctx.report(res, {
        rule, ref, path: pathOf('spec', component, 'resource', 'memory'),
        message: `${label} resource memory parse error: spec.${component}.resource.memory ${q(resource.memory)} is neither a Flink memory size nor a Kubernetes quantity`,
        fix: 'Write the memory as a Flink size ("2048m", "2g") or a Kubernetes quantity ("2Gi").',
      });
    }
  }
  if (typeof resource.ephemeralStorage === 'string') {
    const v = parseK8sQuantity(resource.ephemeralStorage);
    if (v === undefined) {
      ctx.report(res, {
        rule, ref, path: pathOf('spec', component, 'resource', 'ephemeralStorage'),
        message: `${label} resource ephemeral storage parse error: spec.${component}.resource.ephemeralStorage ${q(resource.ephemeralStorage)}: ${quantityProblem(resource.ephemeralStorage)}`,
        fix: 'Write the ephemeral storage as a Kubernetes quantity, e.g. "2Gi" or "10G".',
      });
    }
  }
}

function checkResourceRequirements(ctx: RuleContext, res: Resource, spec: Record<string, any>, component: Component): void {
  if (ctx.operatorVersion !== 'main') return;
  const rr = obj(obj(spec[component])?.resources);
  if (!rr) return;
  const label = LABEL[component];
  const rule = `${RULE_PREFIX[component]}-resources-invalid`;
  const ref = component === 'jobManager' ? 'R20' : 'R25';
  const parsed: Record<string, Record<string, number>> = { requests: {}, limits: {} };
  for (const which of ['requests', 'limits'] as const) {
    const map = obj(rr[which]);
    if (!map) continue;
    for (const [name, raw] of Object.entries(map)) {
      if (isNull(raw)) continue;
      const text = String(raw);
      const path = pathOf('spec', component, 'resources', which, name);
      const at = `spec.${component}.resources.${which}.${name} ${q(raw)}`;
      const isMemory = name === 'memory';
      const value = isMemory ? parseResourceMemory(text) : parseK8sQuantity(text);
      if (value === undefined || (isMemory && value < 0)) {
        ctx.report(res, {
          rule, ref, path,
          message: `${label} resource requirements ${which} ${name} parse error: ${at} is not ${isMemory ? 'a memory size' : 'a Kubernetes quantity'}`,
          fix: isMemory ? 'Write the memory as "2Gi", "2048Mi" or "2048m" (Flink units are binary).' : `Write ${name} as a Kubernetes quantity, e.g. ${name === 'cpu' ? '"1" or "500m"' : '"2Gi"'}.`,
        });
        continue;
      }
      if ((isMemory || name === 'cpu') && value <= 0) {
        ctx.report(res, {
          rule, ref, path,
          message: `${label} resource requirements ${which} ${name} must be positive: ${at}`,
          fix: `Set ${name} to a positive amount.`,
        });
        continue;
      }
      if (value < 0) {
        ctx.report(res, {
          rule, ref, path,
          message: `${label} resource requirements ${which} ${name} must not be negative: ${at}`,
          fix: `Set ${name} to zero or a positive amount.`,
        });
        continue;
      }
      parsed[which][name] = value;
    }
  }
  for (const name of ['cpu', 'memory']) {
    const req = parsed.requests[name];
    const lim = parsed.limits[name];
    if (req !== undefined && lim !== undefined && req > lim) {
      const reqText = String(obj(rr.requests)?.[name]);
      const limText = String(obj(rr.limits)?.[name]);
      ctx.report(res, {
        rule, ref, path: pathOf('spec', component, 'resources', 'requests', name),
        message: `${label} resource requirements ${name} request (${reqText}) must not exceed its limit (${limText})`,
        fix: `Lower spec.${component}.resources.requests.${name} or raise the limit; write both in the same unit style (e.g. Mi/Gi).`,
      });
    }
  }
}

function checkJob(ctx: RuleContext, res: Resource, spec: Record<string, any>, job: Record<string, any>): void {
  for (const d of jobDirIssues(job, withOperatorDefaults(ctx, res.config), spec.flinkVersion)) {
    ctx.report(res, { rule: d.rule, ref: d.opRef, path: configPath(res, d.key), message: d.message, fix: d.fix });
  }
  const tm = obj(spec.taskManager);
  const replicas = tm ? tm.replicas : undefined;
  if (!isNull(replicas)) {
    const n = int(replicas);
    if (n !== undefined && n < 1) {
      ctx.report(res, {
        rule: 'taskmanager-replicas-invalid', ref: 'R16', path: 'spec.taskManager.replicas',
        message: `spec.taskManager.replicas is ${q(replicas)}; TaskManager replicas must be larger than 0`,
        fix: 'Set spec.taskManager.replicas to 1 or more, or remove it and set spec.job.parallelism.',
      });
    }
    return;
  }
  const parallelism = isNull(job.parallelism) ? 0 : int(job.parallelism);
  if (parallelism !== undefined && parallelism < 1) {
    ctx.report(res, {
      rule: 'parallelism-invalid', ref: 'R17', path: 'spec.job.parallelism',
      message: isNull(job.parallelism)
        ? 'spec.job.parallelism is not set (the operator reads it as 0) and spec.taskManager.replicas is not set; job parallelism must be larger than 0'
        : `spec.job.parallelism is ${q(job.parallelism)}; job parallelism must be larger than 0`,
      fix: 'Set spec.job.parallelism to 1 or more (or set spec.taskManager.replicas).',
    });
  }
}

function checkDeployment(ctx: RuleContext, res: Resource): void {
  const spec = specOf(res);
  const config = res.config;

  // R1
  if (!DEPLOYMENT_NAME.test(res.name)) {
    ctx.report(res, {
      rule: 'deployment-name-invalid', ref: 'R1', path: 'metadata.name',
      message: `The FlinkDeployment name ${q(res.name)} is invalid: it must be 1-45 lower case letters, digits or '-', start with a letter and end with a letter or digit (no dots)`,
      fix: 'Rename the deployment, e.g. to a lower-case, dash-separated name of at most 45 characters.',
    });
  }
  // R2, R3
  if (isNull(spec.flinkVersion)) {
    ctx.report(res, {
      rule: 'flink-version-missing', ref: 'R2', path: 'spec.flinkVersion',
      message: 'spec.flinkVersion is not set; the operator needs it to pick config names and features',
      fix: 'Set spec.flinkVersion to the Flink version of the image, e.g. v1_20 or v2_1.',
    });
  } else if (flinkOlderThan(spec.flinkVersion, 1, 15)) {
    ctx.report(res, {
      rule: 'flink-version-unsupported', ref: 'R3', path: 'spec.flinkVersion',
      message: `spec.flinkVersion ${q(spec.flinkVersion)} is not supported by the operator (v1_15 or later is required)`,
      fix: 'Upgrade the image to Flink 1.15 or later (preferably 1.20 or 2.x) and set spec.flinkVersion to match.',
    });
  }
  // R5
  for (const key of FORBIDDEN_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(config, key)) continue;
    ctx.report(res, {
      rule: 'forbidden-config-key', ref: 'R5', path: configPath(res, key),
      message: `Forbidden Flink config key ${key} (set to ${q(config[key])}): the operator sets it from the resource's namespace and name`,
      fix: `Remove ${key} from spec.flinkConfiguration.`,
    });
  }
  // R6
  if (parseFlinkBoolean(config[ROLLBACK_KEY] ?? '') === true && !haActive(config)) {
    ctx.report(res, {
      rule: 'rollback-needs-ha', ref: 'R6', path: configPath(res, ROLLBACK_KEY),
      message: `${ROLLBACK_KEY} is true but high availability is not enabled (high-availability.type is not set or NONE)`,
      fix: 'Enable HA (high-availability.type: kubernetes and high-availability.storageDir on durable storage) or turn rollback off.',
    });
  }
  // R7
  if (parseFlinkBoolean(config[HEALTH_CHECK_KEY] ?? '') === true && parseFlinkBoolean(config[RECOVERY_KEY] ?? '') === false) {
    ctx.report(res, {
      rule: 'health-check-needs-recovery', ref: 'R7', path: configPath(res, RECOVERY_KEY),
      message: `${HEALTH_CHECK_KEY} is true but ${RECOVERY_KEY} is ${q(config[RECOVERY_KEY])}; the health check restarts clusters through deployment recovery`,
      fix: `Remove ${RECOVERY_KEY} (it defaults to true) or turn the cluster health check off.`,
    });
  }
  // R8, R9
  checkIngress(ctx, res, spec);
  // R10
  const logConfig = obj(spec.logConfiguration);
  if (logConfig) {
    for (const key of Object.keys(logConfig)) {
      if (LOG_CONFIG_KEYS.includes(key)) continue;
      ctx.report(res, {
        rule: 'log-config-key-invalid', ref: 'R10', path: pathOf('spec', 'logConfiguration', key),
        message: `Invalid log config key ${q(key)} in spec.logConfiguration; allowed keys are ${LOG_CONFIG_KEYS.join(' and ')}`,
        fix: `Rename the entry to ${LOG_CONFIG_KEYS[0]} (log4j2) or ${LOG_CONFIG_KEYS[1]} (logback).`,
      });
    }
  }
  // R11-R17
  const job = obj(spec.job);
  if (job) checkJob(ctx, res, spec, job);
  // R18-R20 (JobManager), R21, R22
  checkMemoryMissing(ctx, res, spec, 'jobManager');
  checkDeprecatedResource(ctx, res, spec, 'jobManager');
  checkResourceRequirements(ctx, res, spec, 'jobManager');
  const jm = obj(spec.jobManager);
  if (jm && !isNull(jm.replicas)) {
    const n = int(jm.replicas);
    if (n !== undefined && n < 1) {
      ctx.report(res, {
        rule: 'jobmanager-replicas-invalid', ref: 'R21', path: 'spec.jobManager.replicas',
        message: `spec.jobManager.replicas is ${q(jm.replicas)}; JobManager replicas must not be less than one`,
        fix: 'Set spec.jobManager.replicas to 1 (or more with HA), or remove it (default 1).',
      });
    } else if (n !== undefined && n > 1 && !haActive(config)) {
      ctx.report(res, {
        rule: 'standby-jobmanagers-need-ha', ref: 'R22', path: 'spec.jobManager.replicas',
        message: `spec.jobManager.replicas is ${q(jm.replicas)} but high availability is not enabled; standby JobManagers need HA`,
        fix: 'Enable HA (high-availability.type: kubernetes and high-availability.storageDir) or set spec.jobManager.replicas to 1.',
      });
    }
  }
  // R23-R25 (TaskManager)
  checkMemoryMissing(ctx, res, spec, 'taskManager');
  checkDeprecatedResource(ctx, res, spec, 'taskManager');
  checkResourceRequirements(ctx, res, spec, 'taskManager');
  // R26 (session clusters; R16 covers applications)
  const tm = obj(spec.taskManager);
  if (!job && tm && !isNull(tm.replicas)) {
    const n = int(tm.replicas);
    if (n !== undefined && n < 1) {
      ctx.report(res, {
        rule: 'taskmanager-replicas-invalid', ref: 'R26', path: 'spec.taskManager.replicas',
        message: `spec.taskManager.replicas is ${q(tm.replicas)}; TaskManager replicas must not be less than one`,
        fix: 'Set spec.taskManager.replicas to 1 or more, or remove it.',
      });
    }
  }
  // R30
  if (isNull(spec.serviceAccount)) {
    ctx.report(res, {
      rule: 'service-account-missing', ref: 'R30', path: 'spec.serviceAccount',
      message: 'spec.serviceAccount is not set; the JobManager needs a service account to create TaskManager pods and ConfigMaps',
      fix: 'Set spec.serviceAccount to a service account bound to the Flink job Role (the Helm chart creates "flink").',
    });
  }
  // R31, R32
  reportAutoscaler(ctx, res, config);
}

/** The operator's FlinkDeployment validation. */
export const deploymentRules: RuleSet = (ctx) => {
  const list = ctx.ofKind('FlinkDeployment');
  for (let i = 0; i < list.length; i++) if (isChecked(list[i], 'FlinkDeployment')) checkDeployment(ctx, list[i]);
};

const info = (id: string, ref: string, why: string, severity: Severity = 'error'): RuleInfo => ({ id, ref, severity, why });

/**
 * The ids this module reports, for the README rule table. R31/R32 (autoscaler) ids are in
 * AUTOSCALER_RULES; their findings carry the A-number (or R32) as ref.
 */
export const DEPLOYMENT_RULES: RuleInfo[] = [
  info('deployment-name-invalid', 'R1', 'FlinkDeployment names must be 1-45 chars of [a-z0-9-], start with a letter and end alphanumeric.'),
  info('flink-version-missing', 'R2', 'The operator needs spec.flinkVersion to run a deployment.'),
  info('flink-version-unsupported', 'R3', 'Flink versions older than 1.15 are rejected.'),
  info('forbidden-config-key', 'R5', 'kubernetes.namespace, kubernetes.cluster-id and high-availability.cluster-id are managed by the operator.'),
  info('rollback-needs-ha', 'R6', 'Upgrade rollbacks need high availability.'),
  info('health-check-needs-recovery', 'R7', 'The cluster health check restarts clusters through JobManager deployment recovery.'),
  info('ingress-template-missing', 'R8', 'spec.ingress needs a template.'),
  info('ingress-template-invalid', 'R9', 'The ingress template must make a valid URL once {{name}}/{{namespace}} are filled in.'),
  info('log-config-key-invalid', 'R10', 'Only log4j-console.properties and logback-console.xml are read from spec.logConfiguration.'),
  info('checkpoint-dir-required', 'R11', 'last-state and savepoint upgrades restore from checkpoints, so a checkpoint directory is required.'),
  info('savepoint-dir-required', 'R12-R15', 'Savepoint upgrades, trigger nonces, periodic savepoints and max checkpoint age need a savepoint directory.'),
  info('taskmanager-replicas-invalid', 'R16, R26', 'spec.taskManager.replicas, when set, must be at least 1.'),
  info('parallelism-invalid', 'R17', 'Without taskManager.replicas, job.parallelism (default 0) must be at least 1.'),
  info('jobmanager-memory-missing', 'R18', 'The operator does not default JobManager memory; it must come from the spec or flinkConfiguration (1.15 ignores resources).'),
  info('jobmanager-resource-invalid', 'R19', 'jobManager.resource memory and ephemeralStorage must parse.'),
  info('jobmanager-resources-invalid', 'R20', 'Operator main: jobManager.resources amounts must parse, be positive (cpu/memory) and requests must not exceed limits.'),
  info('jobmanager-replicas-invalid', 'R21', 'spec.jobManager.replicas must be at least 1.'),
  info('standby-jobmanagers-need-ha', 'R22', 'More than one JobManager needs high availability.'),
  info('taskmanager-memory-missing', 'R23', 'The operator does not default TaskManager memory; it must come from the spec or flinkConfiguration (1.15 ignores resources).'),
  info('taskmanager-resource-invalid', 'R24', 'taskManager.resource memory and ephemeralStorage must parse.'),
  info('taskmanager-resources-invalid', 'R25', 'Operator main: taskManager.resources amounts must parse, be positive (cpu/memory) and requests must not exceed limits.'),
  info('service-account-missing', 'R30', 'spec.serviceAccount must be set; Flink pods use it to manage TaskManagers and HA ConfigMaps.'),
];
