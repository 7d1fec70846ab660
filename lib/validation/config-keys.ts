import { isBlank } from './values';

/**
 * The config keys several rules read, each with the deprecated keys the operator (built on Flink
 * 1.20) still reads in its place. The first key is the one error messages name.
 */
export const KEYS = {
  checkpointDir: ['execution.checkpointing.dir', 'state.checkpoints.dir', 'state.backend.fs.checkpointdir'],
  savepointDir: ['execution.checkpointing.savepoint-dir', 'state.savepoints.dir', 'savepoints.state.backend.fs.dir'],
  haType: ['high-availability.type', 'high-availability', 'recovery.mode'],
  haStorageDir: ['high-availability.storageDir', 'high-availability.zookeeper.storageDir'],
  periodicSavepoint: ['kubernetes.operator.periodic.savepoint.interval'],
  periodicCheckpoint: ['kubernetes.operator.periodic.checkpoint.interval'],
  lastStateMaxAge: ['kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age'],
} as const;

/** The first of `keys` that is set in `config`, with its value. */
export function lookup(config: Record<string, string>, keys: readonly string[]): { key: string; value: string } | undefined {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (Object.prototype.hasOwnProperty.call(config, key)) return { key, value: config[key] };
  }
  return undefined;
}

/** The first non-blank value among `keys`. */
export function valueOf(config: Record<string, string>, keys: readonly string[]): string | undefined {
  for (let i = 0; i < keys.length; i++) {
    const v = config[keys[i]];
    if (!isBlank(v)) return v;
  }
  return undefined;
}

/** Whether HA is active: `high-availability.type` (or a deprecated key) is set to anything but NONE. */
export function haActive(config: Record<string, string>): boolean {
  const v = valueOf(config, KEYS.haType);
  return v !== undefined && v.trim().toUpperCase() !== 'NONE';
}
