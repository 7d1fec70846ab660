import type { OperatorVersion } from '../versions';
import { joinPath } from './path';
import { operatorVersionId } from './operator-versions';
import { Finding, OperatorVersionId } from './types';

/** The CRD kinds that have a committed schema. */
/** The ids of the schema findings (the CRD checks are not rule modules). */
export const SCHEMA_RULE_IDS = ['schema-unknown-field', 'schema-wrong-type', 'schema-bad-enum', 'schema-required', 'schema-invalid'] as const;

export const SCHEMA_KINDS = ['FlinkDeployment', 'FlinkSessionJob', 'FlinkStateSnapshot', 'FlinkBlueGreenDeployment'] as const;

const SCHEMA_FILES: Record<OperatorVersionId, string> = {
  '1.13': '../../imports/schemas/operator-1.13.json',
  '1.14': '../../imports/schemas/operator-1.14.json',
  '1.15': '../../imports/schemas/operator-1.15.json',
  'main': '../../imports/schemas/operator-main.json',
};

/** Whether a manifest is one of the Flink custom resources that have a schema (apiVersion flink.apache.org/*, when given). */
export function isFlinkCustomResource(m: any): boolean {
  return !!m && typeof m === 'object' && (SCHEMA_KINDS as readonly string[]).includes(m.kind)
    && (typeof m.apiVersion !== 'string' || m.apiVersion.startsWith('flink.apache.org/'));
}

/** One error of a schema check (the fields of an Ajv error that findings are made of). */
interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, any>;
  readonly message?: string;
}

/**
 * A schema check: true when the manifest is valid, else false with the errors in `errors`.
 * @internal
 */
export interface SchemaValidator {
  (manifest: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** What `checkSchema` checks. */
export interface SchemaCheckOptions {
  /**
   * Check pod templates against the full Kubernetes Pod schema. Lint keeps it; synth keeps it for
   * pod templates that carry free-form user content (see `requirePodSchema` in the wiring).
   * @default true
   */
  readonly podTemplates?: boolean;
}

type GeneratedValidators = Record<string, Record<string, { full: () => SchemaValidator; lite: () => SchemaValidator }>>;
let generated: GeneratedValidators | undefined;
const loaded = new Map<string, SchemaValidator>();

/**
 * The schema check of a kind in an operator version, undefined for a kind the version has no CRD
 * for. The checks are compiled ahead of time from the committed schemas (imports/validators,
 * `npm run validators`); each is loaded on first use.
 * @internal
 */
export function schemaValidator(version: OperatorVersionId, kind: string, podTemplates: boolean): SchemaValidator | undefined {
  const key = `${version}/${kind}/${podTemplates}`;
  let fn = loaded.get(key);
  if (fn) return fn;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  generated ??= require('../../imports/validators/index.js') as GeneratedValidators;
  const entry = Object.prototype.hasOwnProperty.call(generated, version) && Object.prototype.hasOwnProperty.call(generated[version], kind)
    ? generated[version][kind] : undefined;
  if (!entry) return undefined;
  fn = podTemplates ? entry.full() : entry.lite();
  loaded.set(key, fn);
  return fn;
}

function pathFromPointer(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((acc, s) => joinPath(acc, /^\d+$/.test(s) ? Number(s) : s), '');
}

function describe(e: SchemaError, path: string, version: OperatorVersionId): { rule: string; path: string; message: string; fix: string } | undefined {
  const where = path || 'the resource';
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = (e.params as any).additionalProperty as string;
      const full = joinPath(path, field);
      return {
        rule: 'schema-unknown-field',
        path: full,
        message: `'${full}' is not a field of the operator ${version} CRD; the API server would drop it silently`,
        fix: `remove '${field}' or correct its spelling (field names are case-sensitive)`,
      };
    }
    case 'type':
      return {
        rule: 'schema-wrong-type',
        path,
        message: `'${where}' must be of type ${(e.params as any).type}`,
        fix: `give '${where}' a value of type ${(e.params as any).type}`,
      };
    case 'enum':
      return {
        rule: 'schema-bad-enum',
        path,
        message: `'${where}' must be one of ${((e.params as any).allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        fix: `use one of the allowed values for '${where}'`,
      };
    case 'const':
      return {
        rule: 'schema-wrong-type',
        path,
        message: `'${where}' must be ${JSON.stringify((e.params as any).allowedValue)}`,
        fix: `set '${where}' to ${JSON.stringify((e.params as any).allowedValue)}`,
      };
    case 'required':
      return {
        rule: 'schema-required',
        path: joinPath(path, (e.params as any).missingProperty),
        message: `'${joinPath(path, (e.params as any).missingProperty)}' is required`,
        fix: `add '${(e.params as any).missingProperty}'`,
      };
    case 'anyOf':
    case 'oneOf':
      return undefined; // the branch errors say more
    default:
      return {
        rule: 'schema-invalid',
        path,
        message: `'${where}' ${e.message ?? 'is invalid'}`,
        fix: `correct '${where}' to match the operator ${version} CRD`,
      };
  }
}

/**
 * Checks one Flink custom resource against the committed CRD schema of an operator version.
 * Returns [] for kinds that have no schema (they are not Flink CRDs).
 */
export function checkSchema(manifest: any, version?: OperatorVersionId | OperatorVersion, index = 0, options: SchemaCheckOptions = {}): Finding[] {
  const operatorVersion = operatorVersionId(version, 'checkSchema');
  const kind = manifest?.kind;
  if (!SCHEMA_KINDS.includes(kind)) return [];
  const validate = schemaValidator(operatorVersion, kind, options.podTemplates ?? true);
  if (!validate || validate(manifest)) return [];
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const e of validate.errors ?? []) {
    const d = describe(e, pathFromPointer(e.instancePath), operatorVersion);
    if (!d) continue;
    // The flink-version-not-in-crd rule reports a flinkVersion outside the CRD's enum, with the fix.
    if (d.rule === 'schema-bad-enum' && /(^|\.)flinkVersion$/.test(d.path)) continue;
    const key = `${d.rule}|${d.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      rule: d.rule,
      ref: '',
      severity: 'error',
      kind,
      name: manifest?.metadata?.name ?? '',
      ...(manifest?.metadata?.namespace ? { namespace: manifest.metadata.namespace } : {}),
      path: d.path,
      message: d.message,
      fix: d.fix,
      index,
    });
  }
  return out;
}

/** The `spec.flinkVersion` values the FlinkDeployment CRD of an operator version accepts. */
export function crdFlinkVersions(operatorVersion: OperatorVersionId): readonly string[] {
  let versions = crdVersions.get(operatorVersion);
  if (!versions) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const doc = require(SCHEMA_FILES[operatorVersion] ?? SCHEMA_FILES['1.15']);
    versions = doc.resources.FlinkDeployment.properties.spec.properties.flinkVersion.enum as readonly string[];
    crdVersions.set(operatorVersion, versions);
  }
  return versions;
}

const crdVersions = new Map<OperatorVersionId, readonly string[]>();
