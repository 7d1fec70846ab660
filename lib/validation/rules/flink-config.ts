import {
  CatalogueKey, classifyKey, formatVersion, keySince, mapKeyPrefixOf, parseVersion, RenameMatch,
  renameApplies, successorsAt, suggestKeys, suggestValue, Version,
} from '../catalogue';
import { pathOf } from '../path';
import { OperatorVersionId, Resource, RuleContext, RuleSet, Severity } from '../types';
import { isBlank, isFlinkMap, isFlinkMapList, parseFlinkBoolean, parseFlinkDuration, parseFlinkMemory } from '../values';
import { OPERATOR_KEY_DEPRECATIONS } from './autoscaler-alignment';
import { isPlaceholder, isSecretName, redact, secretsInText } from '../secrets';
import { RuleInfo } from './info';
import { remembered } from '../remember';

/**
 * Flink configuration rules: every flattened flinkConfiguration key and value of a FlinkDeployment,
 * FlinkSessionJob or (Confluent) FlinkApplication is checked against the key catalogue
 * (data/flink-config.json) for the target Flink version: unknown keys, bad values, renamed and
 * removed keys, keys too new for the version, operator-only keys, literal secrets; plus the image
 * tag against spec.flinkVersion.
 */

/** The rules of this module. */
export const FLINK_CONFIG_RULES: readonly RuleInfo[] = [
  { id: 'config-key-unknown', ref: '', severity: 'error', why: 'Flink and the operator ignore keys they do not know, so a typo silently drops the setting.' },
  { id: 'config-value-invalid', ref: '', severity: 'error', why: 'A value Flink cannot parse for the key\'s type fails the cluster at start-up (or, for a typo in a known value, picks the wrong component).' },
  { id: 'config-key-removed', ref: '', severity: 'error', why: 'A key removed in the target Flink (or operator) version is ignored, so the setting silently has no effect.' },
  { id: 'config-key-deprecated', ref: '', severity: 'warning', why: 'A deprecated key still works in the target version but will be removed; the new name is safe.' },
  { id: 'config-key-too-new', ref: '', severity: 'error', why: 'A key introduced after the target Flink (or operator) version is not read by it, so e.g. checkpoints would not go where configured.' },
  { id: 'operator-only-config-key', ref: '', severity: 'warning', why: 'Operator-level options are read from the operator\'s own configuration only; per resource they have no effect.' },
  { id: 'image-version-mismatch', ref: '', severity: 'error', why: 'The operator configures the cluster for spec.flinkVersion (config file format, key names); an image of another Flink version breaks at start-up or silently ignores settings.' },
  { id: 'config-literal-secret', ref: '', severity: 'error', why: 'A password, key or token written into flinkConfiguration is readable by anyone who can read the manifest, the resource or the generated ConfigMap.' },
];

/** One problem with one config entry, before it is tied to a resource and a field path. */
export interface ConfigIssue {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
}

/** The versions a config entry is checked against. */
export interface ConfigEntryOptions {
  /**
   * The target Flink version (`v1_20`, `1.20` or `1.20.1`). When unset or unparsable, the
   * version-dependent checks (renames, removed and too-new keys, ISO durations) are skipped.
   */
  readonly flinkVersion?: string;
  /** The operator release (`1.15`, `main`) that reads the operator and autoscaler keys. @default '1.15' */
  readonly operatorVersion?: OperatorVersionId | string;
}

/** The operator version as a comparable number: 'main' is 1.16. */
export function operatorVersionNumber(v: OperatorVersionId | string | undefined): Version | undefined {
  if (v === undefined) return parseVersion('1.15');
  if (v === 'main') return parseVersion('1.16');
  return parseVersion(v);
}

/** The Flink the operator itself is built on (1.20.4): it parses operator and autoscaler keys. */
const OPERATOR_FLINK: Version = 1020;
const ISO_DURATION_SINCE: Version = 2001;
const BIG_DURATION_SINCE: Version = 2000;

// ---------------------------------------------------------------------------------------------
// Values

/** Values a knownValues key still accepted in older versions, and values only newer ones know. */
const LEGACY_VALUES: Record<string, { readonly values: readonly string[]; readonly removedIn: Version; readonly use: string }> = {
  'state.backend.type': { values: ['jobmanager', 'filesystem'], removedIn: 2000, use: "'hashmap' (checkpoint storage is set by execution.checkpointing.storage)" },
};
const VALUE_SINCE: Record<string, Record<string, Version>> = {
  'state.backend.type': { forst: 2000 },
  'high-availability.type': { kubernetes: 1016 },
};

const CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
const MAX_SHOWN = 80;

function quote(value: string): string {
  const v = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return `'${v}'`;
}

function orList(items: readonly string[]): string {
  const q = items.map((i) => `'${i}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

function andList(items: readonly string[]): string {
  const q = items.map((i) => `'${i}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

function durationText(ms: number): string {
  const units: Array<[number, string]> = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's'], [1, 'ms']];
  for (const [f, u] of units) if (ms >= f && ms % f === 0) return `${ms / f} ${u}`;
  return `${Math.round(ms)} ms`;
}

interface TypeSpec {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly knownValues?: readonly string[];
  readonly acceptsClassName?: boolean;
}

/**
 * Checks a value against a type. `iso` says whether ISO-8601 durations are accepted, `isoNote` how
 * to explain it when not; `version` the target (for legacy/new known values).
 */
function checkValue(key: string, value: string, spec: TypeSpec, typeKey: string, iso: boolean, isoNote: string, version: Version | undefined): ConfigIssue | undefined {
  const v = value.trim();
  const bad = (message: string, fix: string): ConfigIssue => ({ rule: 'config-value-invalid', severity: 'error', message, fix });
  const type = spec.type ?? 'String';
  const head = `'${key}' is ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} option but has the value ${quote(value)}`;
  switch (spec.type) {
    case 'Duration': {
      // Flink 2.0 reads the number of a duration without the Java long limit of 1.x.
      if (parseFlinkDuration(v, iso, version === undefined || version >= BIG_DURATION_SINCE) !== undefined) return undefined;
      const isoMs = parseFlinkDuration(v, true);
      if (isoMs !== undefined) {
        return bad(`'${key}' has the ISO-8601 duration ${quote(value)}, which ${isoNote}`, `Write it in Flink's duration syntax: '${durationText(isoMs)}'.`);
      }
      return bad(`${head}, which is not a duration`, "Use a Flink duration such as '30 s', '5 min', '1 h' or '500 ms' (a number without unit is milliseconds).");
    }
    case 'MemorySize': {
      if (parseFlinkMemory(v) !== undefined) return undefined;
      const k8s = /^(\d+)\s*([KMGT])i$/i.exec(v);
      const fix = k8s
        ? `Flink does not read Kubernetes quantities; write '${k8s[1]}${k8s[2].toLowerCase()}' (Flink memory units are binary).`
        : "Use a Flink memory size such as '512m', '2048 mb' or '2g' (binary units; a number without unit is bytes).";
      return bad(`${head}, which is not a memory size`, fix);
    }
    case 'Boolean':
      if (parseFlinkBoolean(v) !== undefined) return undefined;
      return bad(`${head}, which is not a boolean`, "Use 'true' or 'false'.");
    case 'Map':
      if (isFlinkMap(value)) return undefined;
      return bad(`${head}, which is not a map`, "Write the map as 'k1:v1,k2:v2' (quote a key or value that contains ',' or ':').");
    case 'List<Map>':
      if (isFlinkMapList(value)) return undefined;
      return bad(`${head}, which is not a list of maps`, "Write it as 'k1:v1,k2:v2;k3:v3' (';' between maps, ',' between entries).");
    case 'Integer':
    case 'Long': {
      const max = spec.type === 'Integer' ? 2n ** 31n : 2n ** 63n;
      // Flink parses whole numbers without trimming: ' 5 ' is refused.
      if (value !== v) return bad(`${head}, with spaces around the number`, `Write it without spaces: '${v}'.`);
      if (INT_RE.test(v)) {
        const n = BigInt(v);
        if (n < max && n >= -max) return undefined;
        return bad(`${head}, which is out of range`, `Use a whole number between ${-max} and ${max - 1n}.`);
      }
      const round = /^[+-]?\d+\.0*$/.test(v) ? ` such as '${v.split('.')[0]}'` : '';
      return bad(`${head}, which is not a whole number`, `Use a whole number${round} (no unit, no decimals).`);
    }
    case 'Float':
    case 'Double':
      if (FLOAT_RE.test(v)) return undefined;
      return bad(`${head}, which is not a number`, "Use a decimal number such as '0.5'.");
    case 'Enum': {
      const values = spec.enum ?? [];
      if (values.length === 0 || values.some((e) => e.toLowerCase() === v.toLowerCase())) return undefined;
      const guess = suggestValue(v, values);
      return bad(`'${key}' has the value ${quote(value)}, which is not one of ${values.join(', ')}`,
        guess ? `Did you mean '${guess}'?` : `Use one of ${orList(values)} (case does not matter).`);
    }
    case 'List<Enum>': {
      const values = spec.enum ?? [];
      if (values.length === 0 || v === '') return undefined;
      const wrong = v.split(';').map((s) => s.trim()).filter((s) => s !== '' && !values.some((e) => e.toLowerCase() === s.toLowerCase()));
      if (wrong.length === 0) return undefined;
      const guess = suggestValue(wrong[0], values);
      return bad(`'${key}' has the value ${quote(value)}: ${orList(wrong)} ${wrong.length > 1 ? 'are' : 'is'} not one of ${values.join(', ')}`,
        `${guess ? `Did you mean '${guess}' for '${wrong[0]}'? ` : ''}Use a ';'-separated list of ${orList(values)}.`);
    }
    default:
      break;
  }
  if (spec.knownValues && spec.knownValues.length > 0) {
    const lower = v.toLowerCase();
    const legacy = LEGACY_VALUES[typeKey];
    const since = VALUE_SINCE[typeKey]?.[lower];
    if (since !== undefined && version !== undefined && version < since && spec.knownValues.some((k) => k.toLowerCase() === lower)) {
      return bad(`'${key}' has the value ${quote(value)}, which Flink ${formatVersion(version)} does not know (it exists from Flink ${formatVersion(since)})`,
        `Use one of ${orList(spec.knownValues.filter((k) => VALUE_SINCE[typeKey]?.[k.toLowerCase()] === undefined))}, or raise flinkVersion to ${flinkVersionName(since)} or later.`);
    }
    if (spec.knownValues.some((k) => k.toLowerCase() === lower)) return undefined;
    if (legacy && legacy.values.includes(lower)) {
      if (version === undefined || version < legacy.removedIn) return undefined;
      return bad(`'${key}' has the legacy value ${quote(value)}, which Flink ${formatVersion(legacy.removedIn)} removed`, `Use ${legacy.use}.`);
    }
    if (spec.acceptsClassName && CLASS_NAME.test(v)) return undefined;
    const guess = suggestValue(v, spec.knownValues);
    const alsoClass = spec.acceptsClassName ? ' or a factory class name' : '';
    return bad(`'${key}' has the value ${quote(value)}, which is not one of ${spec.knownValues.join(', ')}${alsoClass}`,
      guess ? `Did you mean '${guess}'?` : `Use one of ${orList(spec.knownValues)}${alsoClass}.`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Secrets

const SECRET_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----|"private_key"\s*:/;
const JAAS_PASSWORD = /password\s*=\s*(["'])(?!\$\{)[^"']+\1/i;
const PLACEHOLDER_ONLY = /^\$\{[^}]+\}$/;
const NON_SECRET_TYPES = new Set(['Boolean', 'Integer', 'Long', 'Float', 'Double', 'Duration', 'MemorySize', 'Enum', 'List<Enum>']);
/** Keys whose values name Secrets (`kubernetes.secrets`, `kubernetes.env.secretKeyRef`) rather than hold one. */
const NAMES_SECRETS = /(^|\.)(secrets|secretkeyref)$/i;

/** SSL store passwords: Flink reads them only as literals from its configuration (docs/tls.md). */
const SSL_PASSWORD_KEY = /^security\.ssl\.(?:(?:internal|rest)\.)?(?:keystore-password|key-password|truststore-password)$/;
const SSL_PASSWORD_FIX = 'Flink reads SSL store passwords only from its configuration, without substituting environment variables, '
  + 'in every supported version (docs/tls.md): there is no literal-free route. Accept it explicitly, with a reason, by suppressing '
  + 'config-literal-secret for this resource, and keep read access to FlinkDeployments and ConfigMaps in the namespace narrow.';

/** Whether the key names a credential (by its catalogue type and its name, typos included). */
function isSecretKey(key: string, type: string | undefined): boolean {
  if (type !== undefined && NON_SECRET_TYPES.has(type)) return false;
  return isSecretName(key);
}

function secretIssue(key: string, value: string, type: string | undefined): ConfigIssue | undefined {
  const v = value.trim();
  if (v === '' || PLACEHOLDER_ONLY.test(v) || isPlaceholder(v)) return undefined;
  const jaas = /(^|\.)sasl\.jaas\.config$/i.test(key) && JAAS_PASSWORD.test(v);
  // Secrets inside the value: JVM options (-D...password=...), map options such as
  // pipeline.global-job-parameters ('db.password:...'), URLs with a password, private keys.
  const inside = !jaas && !NAMES_SECRETS.test(key) ? secretsInText(v) : [];
  if (!jaas && !SECRET_VALUE.test(v) && !isSecretKey(key, type) && inside.length === 0) return undefined;
  const what = jaas ? 'a literal password' : inside.length > 0 && !isSecretKey(key, type) ? `a literal secret (${inside[0].what})` : 'a literal secret';
  return {
    rule: 'config-literal-secret',
    severity: 'error',
    message: `'${key}' holds ${what} (value redacted, ${v.length} characters); anyone who can read the manifest, the resource or the generated Flink ConfigMap can read it`,
    fix: SSL_PASSWORD_KEY.test(key) ? SSL_PASSWORD_FIX
      : 'Put the value in a Kubernetes Secret and give it to the Flink pods as an environment variable '
      + "(podTemplate env with valueFrom.secretKeyRef, or envFrom), referenced here as '${ENV_VAR}', or use a "
      + 'credentials provider instead of a static key (e.g. IRSA / workload identity with fs.s3a.aws.credentials.provider).',
  };
}

/** The issues with the entry's value redacted wherever the key or the value is secret. */
function redactIssues(value: string, issues: ConfigIssue[]): ConfigIssue[] {
  const secret = issues.some((i) => i.rule === 'config-literal-secret');
  const values = secret ? [value.trim(), ...secretsInText(value).map((s) => s.value)] : [];
  return issues.map((i) => ({ ...i, message: redact(i.message, values), fix: redact(i.fix, values) }));
}

// ---------------------------------------------------------------------------------------------
// Keys

/** `1019` -> `v1_19`. */
function flinkVersionName(v: Version): string {
  return `v${Math.floor(v / 1000)}_${v % 1000}`;
}

function productOf(r: { component: 'flink' | 'operator' }): string {
  return r.component === 'operator' ? 'operator' : 'Flink';
}

function isOperatorScope(scope: string | undefined): boolean {
  return scope === 'operator' || scope === 'autoscaler';
}

/**
 * Issues per Flink and operator version, then per key, then per value: a rule run looks the
 * versions up once per resource and each entry with two map reads, without building a key string.
 */
type EntryCache = Map<string, Map<string, readonly ConfigIssue[]>>;
const entryCaches = new Map<string, EntryCache>();
let entryCount = 0;
const ENTRY_CACHE_MAX = 20_000;
const NONE: readonly ConfigIssue[] = Object.freeze([]);

/** The cache for one Flink and operator version. */
function entryCacheFor(fv: Version | undefined, ov: Version | undefined): EntryCache {
  const vk = `${fv ?? ''}\u0000${ov ?? ''}`;
  let c = entryCaches.get(vk);
  if (!c) entryCaches.set(vk, (c = new Map()));
  return c;
}

function cachedEntry(cache: EntryCache, k: string, val: string, fv: Version | undefined, ov: Version | undefined): readonly ConfigIssue[] {
  let byValue = cache.get(k);
  const hit = byValue?.get(val);
  if (hit) return hit;
  let out: readonly ConfigIssue[];
  try {
    const issues = checkEntry(k, val, fv, ov);
    out = issues.length ? Object.freeze(redactIssues(val, issues)) : NONE;
  } catch {
    out = NONE; // never throw on odd input
  }
  if (entryCount >= ENTRY_CACHE_MAX) {
    // Bounded: start again (the caller may hold `cache`, so it is emptied too).
    entryCaches.forEach((c) => c.clear());
    entryCount = 0;
    byValue = undefined;
  }
  if (!byValue) cache.set(k, (byValue = new Map()));
  byValue.set(val, out);
  entryCount++;
  return out;
}

/** An entry's value as checkConfigEntry reads it. */
function valueText(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value);
}

/**
 * Checks one flinkConfiguration entry (a flattened key and its string value) against the key
 * catalogue, for a target Flink version and operator version. Pure; results are cached. Used by
 * the rule set, by constructs that check a prop early and by SQL `SET 'key' = 'value'` lines.
 */
export function checkConfigEntry(key: string, value: string, options: ConfigEntryOptions = {}): readonly ConfigIssue[] {
  const k = typeof key === 'string' ? key : String(key);
  const val = valueText(value);
  const o: ConfigEntryOptions = options && typeof options === 'object' ? options : {};
  const fv = parseVersion(o.flinkVersion);
  const ov = operatorVersionNumber(o.operatorVersion);
  return cachedEntry(entryCacheFor(fv, ov), k, val, fv, ov);
}

function checkEntry(key: string, value: string, fv: Version | undefined, ov: Version | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const cls = classifyKey(key);
  const versionOf = (c: 'flink' | 'operator') => (c === 'operator' ? ov : fv);
  const exact: CatalogueKey | undefined = cls.key;
  const known = exact !== undefined || cls.pattern !== undefined || cls.renamedFrom.length > 0;
  const scope = exact?.scope ?? cls.pattern?.scope;
  const internal = key.startsWith('$internal.') || key.startsWith('internal.');
  // Flink keys carry the versions that declare them (read from Flink's jars by the catalogue build).
  const flinkKey = exact !== undefined && !isOperatorScope(exact.scope);
  const ownSince = flinkKey && exact?.since ? parseVersion(exact.since) : undefined;
  const ownRemoved = flinkKey && fv !== undefined && exact?.removedIn !== undefined && (parseVersion(exact.removedIn) as Version) <= fv;

  if (!known && !internal) issues.push(unknownKey(key, value));

  // Renamed / removed (this key is an `old` name).
  let versionChecked = false;
  if (cls.renamedFrom.length > 0) {
    const applicable = cls.renamedFrom.filter((r) => {
      const v = versionOf(r.component);
      return v !== undefined && renameApplies(r, v);
    });
    versionChecked = cls.renamedFrom.some((r) => versionOf(r.component) !== undefined);
    const removed = applicable.find((r) => r.removedIn !== undefined && r.removedIn <= (versionOf(r.component) as Version));
    if (ownRemoved) {
      // reported below, from the key's own entry
    } else if (removed) {
      issues.push(removedKey(key, removed, versionOf(removed.component) as Version, successorsAt(key, versionOf)));
    } else {
      const dep = applicable.find((r) => {
        const v = versionOf(r.component) as Version;
        const since = r.deprecatedSince ?? r.since;
        return since === undefined || since <= v;
      });
      if (dep) issues.push(deprecatedKey(key, dep, versionOf(dep.component) as Version, successorsAt(key, versionOf)));
    }
  }
  // The key's own versions (Flink keys, from Flink's declarations): removed, or deprecated.
  if (ownRemoved && exact?.removedIn) {
    issues.push(removedKey(key, { component: 'flink', removedIn: parseVersion(exact.removedIn) } as RenameMatch, fv as Version, successorsAt(key, versionOf)));
    versionChecked = true;
  } else if (exact?.deprecated && fv !== undefined && flinkKey && !issues.some((i) => i.rule === 'config-key-deprecated')) {
    const since = exact.deprecatedSince ? parseVersion(exact.deprecatedSince) : undefined;
    if (since === undefined || since <= fv) {
      issues.push(deprecatedKey(key, { component: 'flink', deprecatedSince: since } as RenameMatch, fv, successorsAt(key, versionOf)));
    }
    versionChecked = true;
  }
  const opDeprecation = OPERATOR_KEY_DEPRECATIONS[key];
  if (exact?.deprecated && !versionChecked && !(opDeprecation && ov !== undefined && ov < opDeprecation.since)) {
    const next = cls.renamedFrom.map((r) => r.new).filter((n): n is string => !!n);
    if (opDeprecation) next.push(opDeprecation.use);
    issues.push({
      rule: 'config-key-deprecated',
      severity: 'warning',
      message: `'${key}' is deprecated`,
      fix: next.length ? `Use ${orList([...new Set(next)])} instead.` : 'Remove it; see the Flink configuration reference for its replacement.',
    });
  }

  // Too new (this key is a `new` name, or a Flink key, that the target version does not have yet).
  if (cls.renamedTo.length > 0 || ownSince !== undefined) {
    for (const component of ['flink', 'operator'] as const) {
      const v = versionOf(component);
      const own = component === 'flink' && flinkKey;
      if (v === undefined || (!own && !cls.renamedTo.some((r) => r.component === component))) continue;
      const since = own ? ownSince : keySince(key, component);
      if (since === undefined || since <= v) continue;
      const olds = cls.renamedTo.filter((r) => r.component === component).map((r) => r.old);
      const use = [...new Set(olds.flatMap((o) => successorsAt(o, versionOf)))].filter((o) => o !== key);
      const product = component === 'operator' ? 'operator' : 'Flink';
      issues.push({
        rule: 'config-key-too-new',
        severity: 'error',
        message: `'${key}' exists only from ${product} ${formatVersion(since)}; ${product} ${formatVersion(v)} does not read it, so the setting ${quote(value)} is silently ignored`,
        fix: use.length
          ? `Use ${orList(use)} for ${product} ${formatVersion(v)}${component === 'flink' ? `, or raise flinkVersion to ${flinkVersionName(since)} or later` : ''}.`
          : component === 'flink' ? `Remove it, or raise flinkVersion to ${flinkVersionName(since)} or later.` : `Remove it, or upgrade the operator to ${formatVersion(since)} or later.`,
      });
      break;
    }
  }

  // Operator-level keys.
  if ((exact?.perResource === false) || (!exact && cls.pattern?.perResource === false)) {
    issues.push({
      rule: 'operator-only-config-key',
      severity: 'warning',
      message: `'${key}' is an operator-level option: it has no effect per resource`,
      fix: "Set it in the operator's configuration (Helm values `defaultConfiguration`, ConfigMap flink-operator-config) and remove it here.",
    });
  }

  // Value type.
  const typed = typeSpecOf(key, fv, exact, cls.pattern, cls.renamedFrom);
  const spec = typed?.spec;
  if (typed && spec) {
    const operatorKey = isOperatorScope(scope) || cls.renamedFrom.some((r) => r.component === 'operator');
    const iso = operatorKey ? false : fv === undefined || fv >= ISO_DURATION_SINCE;
    const isoNote = operatorKey
      ? `the operator cannot parse: it reads its options with Flink ${formatVersion(OPERATOR_FLINK)}, and ISO-8601 durations need Flink 2.1`
      : `Flink ${fv !== undefined ? formatVersion(fv) : ''} cannot parse (ISO-8601 durations are accepted from Flink 2.1)`;
    const bad = checkValue(key, value, spec, typed.name, iso, isoNote, operatorKey ? undefined : fv);
    if (bad) issues.push(bad);
  }

  const secret = secretIssue(key, value, spec?.type);
  if (secret) issues.push(secret);
  return issues;
}

/** The type to check a value against: the key's own, its pattern's, or (for an alias) its current key's. */
function typeSpecOf(key: string, fv: Version | undefined, exact: CatalogueKey | undefined, pattern: { type?: string; enum?: readonly string[] } | undefined, renamedFrom: readonly RenameMatch[]): { spec: TypeSpec; name: string } | undefined {
  // A key that became a deprecated key of another (state.backend -> state.backend.type) takes the
  // known values of its successor, which it shares.
  if (exact && exact.type === 'String' && !exact.knownValues && renamedFrom.length > 0 && renamedFrom.every((r) => r.entry.kind === 'alias')) {
    const current = successorsAt(key, () => 1_000_000);
    const target = current.length === 1 ? classifyKey(current[0]).key : undefined;
    if (target?.knownValues) return { spec: target, name: current[0] };
  }
  if (exact) {
    // The type the target Flink version declares (e.g. a Long of milliseconds before a Duration).
    const older = fv !== undefined && !isOperatorScope(exact.scope) ? exact.typeBefore?.find((t) => fv < (parseVersion(t.before) as Version)) : undefined;
    return { spec: older ? { ...exact, type: older.type, enum: older.enum } : exact, name: key };
  }
  if (renamedFrom.length > 0) {
    if (!renamedFrom.every((r) => r.entry.kind === 'alias')) return undefined;
    const current = successorsAt(key, () => 1_000_000);
    if (current.length !== 1) return undefined;
    const target = classifyKey(current[0]);
    const spec = target.key ?? (target.pattern?.type ? target.pattern : undefined);
    return spec ? { spec, name: current[0] } : undefined;
  }
  return pattern?.type ? { spec: pattern, name: key } : undefined;
}

function unknownKey(key: string, value: string): ConfigIssue {
  const mapKey = mapKeyPrefixOf(key);
  const shown = isSecretKey(key, undefined) ? '(value redacted)' : `(value ${quote(value)})`;
  if (mapKey) {
    const entry = `${key.slice(mapKey.length + 1)}:${value}`;
    return {
      rule: 'config-key-unknown',
      severity: 'error',
      message: `Unknown configuration key '${key}' ${shown}: '${mapKey}' is a Map option, so a nested YAML map under it becomes separate keys that Flink does not read`,
      fix: `Write the map as one value of '${mapKey}' in the form 'k1:v1,k2:v2', e.g. ${mapKey}: '${entry}'.`,
    };
  }
  const guesses = suggestKeys(key);
  const caseOnly = guesses.find((g) => g.toLowerCase() === key.toLowerCase());
  return {
    rule: 'config-key-unknown',
    severity: 'error',
    message: `Unknown configuration key '${key}' ${shown}: neither Flink nor the operator reads it, so the setting is silently ignored`,
    fix: caseOnly
      ? `Keys are case-sensitive: use '${caseOnly}'.`
      : guesses.length
        ? `Did you mean ${orList(guesses)}? Otherwise remove the key.`
        : 'Check the spelling against the Flink and operator configuration reference, or remove the key.',
  };
}

function removedKey(key: string, r: RenameMatch, v: Version, next: readonly string[]): ConfigIssue {
  const product = productOf(r);
  const use = next.filter((n) => n !== key);
  return {
    rule: 'config-key-removed',
    severity: 'error',
    message: `'${key}' was removed in ${product} ${formatVersion(r.removedIn as Version)}; ${product} ${formatVersion(v)} ignores it`,
    fix: use.length ? `Use ${orList(use)} instead.` : `Remove it; ${product} ${formatVersion(v)} has no replacement.`,
  };
}

function deprecatedKey(key: string, r: RenameMatch, v: Version, next: readonly string[]): ConfigIssue {
  const product = productOf(r);
  const since = r.deprecatedSince ?? r.since;
  const use = next.filter((n) => n !== key);
  const when = since !== undefined ? ` since ${product} ${formatVersion(since)}` : '';
  return {
    rule: 'config-key-deprecated',
    severity: 'warning',
    message: `'${key}' is deprecated${when} (target ${product} ${formatVersion(v)}); it still works but will be removed`,
    fix: use.length ? `Rename it to ${use.length > 1 ? andList(use) : orList(use)}.` : `Remove it; ${product} ${formatVersion(v)} has no replacement.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Image tag

const CONFIG_KIND_LIST = ['FlinkDeployment', 'FlinkSessionJob', 'FlinkApplication'];
const CONFIG_KINDS = new Set(CONFIG_KIND_LIST);
const IMAGE_KINDS = new Set(['FlinkDeployment', 'FlinkApplication']);

/**
 * The Flink major.minor of an official Flink image (`flink`, any registry prefix such as
 * `docker.io/library/flink` or `apache/flink`) or of `confluentinc/cp-flink`, read from its tag;
 * undefined for other images, `latest`, digests without tag and tags without a version.
 */
export function imageFlinkVersion(image: unknown): string | undefined {
  return typeof image === 'string' ? imageVersion(image) : undefined;
}

// Every deployment of an input usually names the same image or two.
const imageVersion = remembered(imageVersionOnce, 1_000);

function imageVersionOnce(image: string): string | undefined {
  let ref = image.trim();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const repo = ref.slice(0, colon);
  const tag = ref.slice(colon + 1);
  const path = repo.split('/');
  const last = path[path.length - 1];
  const official = last === 'flink';
  const confluent = last === 'cp-flink' && path[path.length - 2] === 'confluentinc';
  if (!official && !confluent) return undefined;
  const m = /^(\d+)\.(\d+)(?:\.\d+)?(?:[-_.].*)?$/.exec(tag);
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/** Checks an image against spec.flinkVersion (`v1_19`); undefined when they agree or cannot be compared. */
export function checkImageVersion(image: unknown, flinkVersion: unknown): ConfigIssue | undefined {
  const tagVersion = parseVersion(imageFlinkVersion(image));
  const spec = parseVersion(flinkVersion);
  if (tagVersion === undefined || spec === undefined || tagVersion === spec) return undefined;
  return {
    rule: 'image-version-mismatch',
    severity: 'error',
    message: `spec.image '${image}' runs Flink ${formatVersion(tagVersion)} but spec.flinkVersion is '${flinkVersion}': the operator configures the cluster for Flink ${formatVersion(spec)} (config file format, key names)`,
    fix: `Set flinkVersion: ${flinkVersionName(tagVersion)}, or use a Flink ${formatVersion(spec)} image`
      + (/cp-flink/.test(String(image)) ? ` of confluentinc/cp-flink (tag ${formatVersion(spec)}.x-cpN).` : ` (e.g. 'flink:${formatVersion(spec)}').`),
  };
}

// ---------------------------------------------------------------------------------------------
// Rule set

/** The spec.flinkVersion a resource runs on: its own, or for a session job its session cluster's. */
export function targetFlinkVersion(ctx: RuleContext, res: Resource): string | undefined {
  const spec = res.manifest.spec;
  if (!spec || typeof spec !== 'object') return undefined;
  if (res.kind === 'FlinkSessionJob') {
    if (typeof spec.deploymentName !== 'string') return undefined;
    const cluster = ctx.find('FlinkDeployment', res.namespace, spec.deploymentName);
    const v = cluster?.manifest?.spec?.flinkVersion;
    return typeof v === 'string' ? v : undefined;
  }
  return typeof spec.flinkVersion === 'string' ? spec.flinkVersion : undefined;
}

/** Checks every flinkConfiguration entry and the image tag of each Flink resource. */
export const flinkConfigRules: RuleSet = (ctx) => {
  const list = ctx.ofKinds(CONFIG_KIND_LIST);
  const ov = operatorVersionNumber(ctx.operatorVersion);
  for (let i = 0; i < list.length; i++) {
    const res = list[i];
    if (!CONFIG_KINDS.has(res.kind)) continue;
    // The Flink version once per resource (as checkConfigEntry reads it from its options).
    const fv = parseVersion(targetFlinkVersion(ctx, res));
    const cache = entryCacheFor(fv, ov);
    const keys = Object.keys(res.config);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      const issues = cachedEntry(cache, key, valueText(res.config[key]), fv, ov);
      if (issues.length === 0) continue;
      const path = res.configPaths[key] ?? pathOf('spec', 'flinkConfiguration', key);
      for (let n = 0; n < issues.length; n++) {
        const issue = issues[n];
        ctx.report(res, { rule: issue.rule, severity: issue.severity, path, message: issue.message, fix: issue.fix });
      }
    }
    if (IMAGE_KINDS.has(res.kind)) {
      const spec = res.manifest.spec;
      const issue = spec && typeof spec === 'object' && !isBlank(typeof spec.image === 'string' ? spec.image : undefined)
        ? checkImageVersion(spec.image, spec.flinkVersion)
        : undefined;
      if (issue) ctx.report(res, { rule: issue.rule, severity: issue.severity, path: pathOf('spec', 'image'), message: issue.message, fix: issue.fix });
    }
  }
};
