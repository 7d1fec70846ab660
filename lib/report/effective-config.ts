/**
 * The effective Flink configuration of a job, each key with where its value comes from: the Flink
 * default for the version, the operator's default configuration, the session cluster, the resource
 * itself. Later sources win, as the operator merges them.
 */
import { isSecretName, redact } from '../validation/secrets';

/** Whether a key names a credential (the linter's own test, typos included): its value is never shown. */
export const isSecretLike = isSecretName;
import { ConfigEntry, ConfigSource } from './model';

interface DefaultsFile {
  readonly source: string;
  /** Type and default as Flink declares them; `lines`: the Flink lines that declare the key (absent for operator keys). */
  readonly keys: Record<string, { readonly type: string; readonly default: string | null; readonly lines?: readonly string[] }>;
}

let loaded: DefaultsFile | undefined;
/** The defaults file, read on first use (only explain needs it). */
function defaults(): DefaultsFile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!loaded) loaded = require('./data/config-defaults.json') as DefaultsFile;
  return loaded;
}

/**
 * Keys whose Flink default the report shows even when nothing sets them: the ones that decide
 * parallelism, state and recovery. Where older Flink lines declare another name, it follows (the
 * first name the job's line declares is shown).
 */
const SHOWN_DEFAULTS: ReadonlyArray<readonly string[]> = [
  ['parallelism.default'],
  ['taskmanager.numberOfTaskSlots'],
  ['state.backend.type', 'state.backend'],
  ['restart-strategy.type', 'restart-strategy'],
  ['high-availability.type', 'high-availability'],
  ['execution.checkpointing.interval'],
  ['execution.checkpointing.mode'],
  ['jobmanager.scheduler'],
];

/** `1020` -> `1.20`. */
const lineOf = (v: number) => `${Math.floor(v / 1000)}.${v % 1000}`;


/** One layer of configuration. */
export interface ConfigLayer {
  readonly source: ConfigSource;
  readonly from?: string;
  readonly config: Record<string, string>;
}

/** Whether Flink `line` declares the key (operator keys, which no Flink line declares, count as declared). */
function declaredAt(key: string, line: string | undefined): boolean {
  const k = defaults().keys[key];
  return !!k && (line === undefined || k.lines === undefined || k.lines.includes(line));
}

function note(key: string, line: string | undefined): string | undefined {
  const k = defaults().keys[key];
  if (!k) return undefined;
  const base = k.default === null || k.default === undefined ? `${k.type}, no default` : `${k.type}, default ${k.default}`;
  return declaredAt(key, line) ? base : `${base}; not declared by Flink ${line}`;
}

/**
 * Merges the layers (lowest precedence first) over the Flink defaults of the keys that matter
 * most, for a Flink version given as `major * 1000 + minor` (undefined: newest names).
 */
export function effectiveConfig(layers: readonly ConfigLayer[], flinkVersion: number | undefined): ConfigEntry[] {
  const out = new Map<string, ConfigEntry>();
  const line = flinkVersion === undefined ? undefined : lineOf(flinkVersion);
  for (const names of SHOWN_DEFAULTS) {
    const key = names.find((n) => declaredAt(n, line));
    const d = key !== undefined ? defaults().keys[key] : undefined;
    if (key !== undefined && d && d.default !== null && d.default !== undefined) {
      out.set(key, { key, value: d.default, source: 'flink-default', note: note(key, line) as string });
    }
  }
  for (const layer of layers) {
    for (const key of Object.keys(layer.config).sort()) {
      const secret = isSecretLike(key);
      const n = note(key, line);
      out.set(key, {
        key,
        // Other values go through the one redaction helper (JVM options with -D...password=..., URLs with a password).
        value: secret ? '(redacted)' : redact(layer.config[key]),
        source: layer.source,
        ...(layer.from !== undefined ? { from: layer.from } : {}),
        ...(n !== undefined ? { note: n } : {}),
        ...(secret ? { redacted: true } : {}),
      });
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Where the defaults were read from (shown in the report's footer). */
export function defaultsSource(): string {
  return defaults().source;
}
