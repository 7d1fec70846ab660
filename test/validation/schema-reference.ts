/**
 * The reference for the ahead-of-time schema checks (imports/validators): Ajv compiling the
 * committed schema at run time, with the options the library compiled them with before the code
 * was generated. A generated check must accept what this accepts and report the same errors in the
 * same order.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { schemaValidator } from '../../lib/validation/schema';
import { OperatorVersionId } from '../../lib/validation/types';

const SCHEMAS = path.resolve(__dirname, '..', '..', 'imports', 'schemas');

/** Every operator version with a committed schema. */
export const SCHEMA_VERSIONS: OperatorVersionId[] = fs.readdirSync(SCHEMAS)
  .map((f) => /^operator-(.+)\.json$/.exec(f)?.[1]).filter((v): v is string => v !== undefined).sort() as OperatorVersionId[];

const docs = new Map<string, any>();
/** The committed schema document of an operator version. */
export function schemaDoc(version: OperatorVersionId): any {
  let doc = docs.get(version);
  if (!doc) docs.set(version, (doc = JSON.parse(fs.readFileSync(path.join(SCHEMAS, `operator-${version}.json`), 'utf8'))));
  return doc;
}

const compiled = new Map<string, ValidateFunction>();

/** The run-time compiled check of a kind (equal schemas are compiled once). */
export function referenceValidator(version: OperatorVersionId, kind: string, podTemplates: boolean): ValidateFunction {
  const doc = schemaDoc(version);
  const schema = { ...doc.resources[kind], definitions: podTemplates ? doc.definitions : { ...doc.definitions, PodTemplate: { type: 'object' } } };
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (!fn) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, inlineRefs: false, code: { optimize: false } });
    compiled.set(key, (fn = ajv.compile(schema)));
  }
  return fn;
}

/** What a finding is made of: everything of an error but the schema path (which names the generated layout). */
const shown = (e: Pick<ErrorObject, 'instancePath' | 'keyword' | 'params' | 'message'>) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params, message: e.message });

/** The result of the generated and of the reference check of one manifest, for `expect(...).toEqual`. */
export function bothResults(version: OperatorVersionId, kind: string, podTemplates: boolean, manifest: unknown) {
  const generated = schemaValidator(version, kind, podTemplates)!;
  const reference = referenceValidator(version, kind, podTemplates);
  const g = generated(manifest);
  const gErrors = (generated.errors ?? []).map(shown);
  const r = reference(manifest);
  const rErrors = (reference.errors ?? []).map(shown);
  return { generated: { valid: g, errors: gErrors }, reference: { valid: r, errors: rErrors } };
}
