import type { OperatorVersion } from '../versions';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { joinPath } from './path';
import { operatorVersionId } from './operator-versions';
import { Finding, OperatorVersionId } from './types';

/** The CRD kinds that have a committed schema. */
/** The ids of the schema findings (the CRD checks are not rule modules). */
export const SCHEMA_RULE_IDS = ['schema-unknown-field', 'schema-wrong-type', 'schema-bad-enum', 'schema-required', 'schema-invalid'] as const;

export const SCHEMA_KINDS = ['FlinkDeployment', 'FlinkSessionJob', 'FlinkStateSnapshot'] as const;

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

const compiled = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/** What `checkSchema` checks. */
export interface SchemaCheckOptions {
  /**
   * Check pod templates against the full Kubernetes Pod schema. Compiling it is most of the cost of
   * a first check (~0.35 s against ~0.05 s without); synth skips it because the constructs build
   * pod templates from the typed k8s structs of cdk8s-plus. Lint of hand-written YAML keeps it.
   * @default true
   */
  readonly podTemplates?: boolean;
}

function validatorFor(version: OperatorVersionId, kind: string, podTemplates: boolean): ValidateFunction | undefined {
  const key = `${version}/${kind}/${podTemplates}`;
  let fn = compiled.get(key);
  if (fn) return fn;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const doc = require(SCHEMA_FILES[version]);
  const schema = doc.resources[kind];
  if (!schema) return undefined;
  // inlineRefs: false compiles the pod template definition once instead of inlining it at each of
  // its three $refs, and code.optimize: false skips a codegen pass; together they cut the compile
  // (the bulk of a one-app synth) from ~1.5 s to ~0.35 s. Neither changes what is accepted.
  ajv = ajv ?? new Ajv({ allErrors: true, strict: false, validateFormats: false, inlineRefs: false, code: { optimize: false } });
  fn = ajv.compile({ ...schema, definitions: podTemplates ? doc.definitions : { ...doc.definitions, PodTemplate: { type: 'object' } } });
  compiled.set(key, fn);
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

function describe(e: ErrorObject, path: string, version: OperatorVersionId): { rule: string; path: string; message: string; fix: string } | undefined {
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
  const validate = validatorFor(operatorVersion, kind, options.podTemplates ?? true)!;
  if (validate(manifest)) return [];
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const e of validate.errors ?? []) {
    const d = describe(e, pathFromPointer(e.instancePath), operatorVersion);
    if (!d) continue;
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
