/**
 * The effective Flink configuration of a job, each key with where its value comes from: the Flink
 * default for the version, the operator's default configuration, the session cluster, the resource
 * itself. Later sources win, as the operator merges them.
 */
import { isSecretName, redact } from '../validation/secrets';
import { ConfigEntry, ConfigSource } from './model';

interface DefaultsFile {
  readonly source: string;
  readonly keys: Record<string, { readonly type: string; readonly default: string | null }>;
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
 * parallelism, state and recovery. Older Flink versions read an older name (second entry).
 */
const SHOWN_DEFAULTS: ReadonlyArray<readonly [string, string?, number?]> = [
  ['parallelism.default'],
  ['taskmanager.numberOfTaskSlots'],
  ['state.backend.type', 'state.backend', 1017],
  ['restart-strategy.type', 'restart-strategy', 1017],
  ['high-availability.type', 'high-availability', 1017],
  ['execution.checkpointing.interval'],
  ['execution.checkpointing.mode'],
  ['jobmanager.scheduler'],
];

/** Whether a key names a credential (the linter's secret names, typos included); its value is never shown. */
export function isSecretLike(key: string): boolean {
  const last = key.toLowerCase().split('.').pop() ?? '';
  return isSecretName(key) || /(password|passwd|pwd|passphrase|secret|token|credential|private[-_]?key|access[-_]?key|api[-_]?key)/.test(last);
}

/** One layer of configuration. */
export interface ConfigLayer {
  readonly source: ConfigSource;
  readonly from?: string;
  readonly config: Record<string, string>;
}

function note(key: string): string | undefined {
  const k = defaults().keys[key];
  if (!k) return undefined;
  return k.default === null || k.default === undefined ? `${k.type}, no default` : `${k.type}, Flink default ${k.default}`;
}

/**
 * Merges the layers (lowest precedence first) over the Flink defaults of the keys that matter
 * most, for a Flink version given as `major * 1000 + minor` (undefined: newest names).
 */
export function effectiveConfig(layers: readonly ConfigLayer[], flinkVersion: number | undefined): ConfigEntry[] {
  const out = new Map<string, ConfigEntry>();
  for (const [current, older, since] of SHOWN_DEFAULTS) {
    const key = older !== undefined && since !== undefined && flinkVersion !== undefined && flinkVersion < since ? older : current;
    const d = defaults().keys[current];
    if (d && d.default !== null && d.default !== undefined) {
      out.set(key, { key, value: d.default, source: 'flink-default', note: note(current) as string });
    }
  }
  for (const layer of layers) {
    for (const key of Object.keys(layer.config).sort()) {
      const secret = isSecretLike(key);
      const n = note(key);
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
