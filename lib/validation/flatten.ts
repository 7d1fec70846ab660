import { joinPath } from './path';

/**
 * Flattens a flinkConfiguration value as the operator does: nested maps are joined with '.',
 * lists become one string joined with ';', scalars become their text form. Records, for each key,
 * the path of the field it came from so findings can point at it.
 */
export function flattenConfig(
  value: unknown,
  basePath: string,
): { config: Record<string, string>; paths: Record<string, string> } {
  const config: Record<string, string> = {};
  const paths: Record<string, string> = {};
  const walk = (v: unknown, prefix: string, path: string) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        walk(child, prefix ? `${prefix}.${k}` : k, joinPath(path, k));
      }
      return;
    }
    if (!prefix) return;
    config[prefix] = scalarText(v);
    paths[prefix] = path;
  };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) walk(value, '', basePath);
  return { config, paths };
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(scalarText).join(';');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
