import { OperatorVersionId } from './types';
import { remembered } from './remember';

/**
 * The operator releases whose rules and CRD schemas the library knows, oldest first. `main` is the
 * operator's main branch (1.16-SNAPSHOT). 1.16 is not listed: no 1.16 release is served by Maven
 * Central (see docs/fidelity.md).
 */
export const OPERATOR_VERSION_IDS: readonly OperatorVersionId[] = ['1.13', '1.14', '1.15', 'main'];

/** The latest operator release: what every API, the CLI and the plugin use when none is given. */
export const DEFAULT_OPERATOR_VERSION: OperatorVersionId = '1.15';

/**
 * Reads an operator version given as an `OperatorVersion` object or as its id string ('1.15'),
 * `undefined` meaning the default. Anything else is an error that names `where` and lists the
 * supported versions.
 */
export function operatorVersionId(value: unknown, where: string): OperatorVersionId {
  if (value === undefined || value === null) return DEFAULT_OPERATOR_VERSION;
  const id = typeof value === 'string'
    ? value
    : (typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : undefined);
  if (id !== undefined && (OPERATOR_VERSION_IDS as readonly string[]).includes(id)) return id as OperatorVersionId;
  const shown = id !== undefined ? `'${id}'` : describe(value);
  throw new Error(`[${where}] 'operatorVersion' (${shown}) is not a supported operator version. `
    + `Fix: use one of ${OPERATOR_VERSION_IDS.join(', ')} (a string, or OperatorVersion.V1_13, V1_14, V1_15, MAIN).`);
}

function describe(value: unknown): string {
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object without an id';
  return `${typeof value} ${String(value)}`;
}

/** Whether operator `v` is `min` or newer (main is newer than every release). */
export function operatorAtLeast(v: OperatorVersionId, min: OperatorVersionId): boolean {
  return OPERATOR_VERSION_IDS.indexOf(v) >= OPERATOR_VERSION_IDS.indexOf(min);
}

/**
 * A comparable rank of any operator release id (`1.10` -> 1010), also of releases the library has
 * no id for; `main` ranks above every release.
 */
export function operatorRank(id: string): number {
  return id === 'main' ? Number.MAX_SAFE_INTEGER : releaseRank(id);
}

// Rules ask per resource, about a handful of ids.
const releaseRank = remembered((id: string): number => {
  const m = /^(\d+)\.(\d+)/.exec(id);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
}, 100);

/** Whether operator `id` is `release` or newer, for any release (`1.10`, `1.16`); main is newer than all. */
export function operatorReleaseAtLeast(id: string, release: string): boolean {
  return operatorRank(id) >= operatorRank(release);
}
