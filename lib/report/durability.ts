/**
 * Where a checkpoint, savepoint or HA directory lives and what it survives: the report's reading
 * of the same facts the storage rules check (stateDirs, placeDir), turned into a verdict per pod.
 */
import { EffectivePod, FlinkPods, PERSISTENT_SOURCES } from '../validation/pods';
import { placeDir, StateDir, stateDirs } from '../validation/rules/storage';
import { isObject } from '../validation/values';
import { Durability, StateLocation } from './model';

/** Schemes of file systems that live outside the Kubernetes cluster. */
const REMOTE_SCHEMES = new Set([
  's3', 's3a', 's3n', 's3p', 'gs', 'abfs', 'abfss', 'wasb', 'wasbs', 'adl', 'oss', 'hdfs', 'viewfs', 'cosn', 'obs', 'jfs',
]);

const RANK: Record<Durability, number> = { none: 0, pod: 1, node: 2, cluster: 3 };

/** What each level survives, in words. */
export const DURABILITY_TEXT: Record<Durability, string> = {
  none: 'lost when the pod restarts',
  pod: 'survives a pod restart on the same node; lost with the node',
  node: 'survives pod and node loss; lost with the cluster',
  cluster: 'survives pod, node and cluster loss',
};

/** A claim as the report needs it. */
export interface ClaimInfo {
  readonly accessModes: readonly string[];
  readonly storageClass?: string;
  readonly size?: string;
}

/** Looks up a claim of the input by namespace and name. */
export type ClaimLookup = (name: string) => ClaimInfo | undefined;

interface PodVerdict {
  readonly durability: Durability;
  readonly where: string;
  /** Stable id of the storage: `pvc:<name>`, `hostPath:<path>`, `store:<scheme>://<bucket>`. */
  readonly storage?: string;
}

function scheme(value: string): string | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** `s3://bucket/a/b` -> `s3://bucket`. */
export function storeOf(value: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*)/.exec(value.trim());
  return m ? m[1] : value.trim();
}

function inPod(dir: StateDir, pod: EffectivePod, claims: ClaimLookup): PodVerdict {
  const placement = placeDir(pod, dir.local as string);
  if (placement.kind !== 'mounted') {
    return { durability: 'none', where: placement.kind === 'no-volume' ? `volume '${placement.mount.name}' is not defined` : 'not on any volume (container filesystem)' };
  }
  const { mount, volume } = placement;
  const at = `at ${mount.mountPath}`;
  if (volume.claimName !== undefined) {
    const c = claims(volume.claimName);
    const modes = c && c.accessModes.length > 0 ? ` (${c.accessModes.join(', ')}${c.storageClass ? `, ${c.storageClass}` : ''})` : '';
    return { durability: 'node', where: `PVC ${volume.claimName}${modes} ${at}`, storage: `pvc:${volume.claimName}` };
  }
  if (volume.source === 'hostPath') {
    const p = isObject(volume.volume.hostPath) && typeof volume.volume.hostPath.path === 'string' ? volume.volume.hostPath.path : '?';
    return { durability: 'pod', where: `hostPath ${p} (node-local) ${at}`, storage: `hostPath:${p}` };
  }
  if (PERSISTENT_SOURCES.has(volume.source)) {
    return { durability: 'node', where: `${volume.source} volume '${volume.name}' ${at}`, storage: `volume:${volume.source}:${volume.name}` };
  }
  return { durability: 'none', where: `${volume.source} volume '${volume.name}' ${at}` };
}

/**
 * The state directories of a Flink configuration with their durability. The JobManager and the
 * TaskManager both write checkpoints, so a directory is only as durable as its weaker pod.
 */
export function stateLocations(config: Record<string, string>, pods: FlinkPods | undefined, claims: ClaimLookup): Array<StateLocation & { storage?: string }> {
  return stateDirs(config).map((dir) => {
    if (dir.local === undefined) {
      const s = scheme(dir.value);
      const remote = s !== undefined && REMOTE_SCHEMES.has(s);
      const durability: Durability = remote ? 'cluster' : 'none';
      return {
        group: dir.group, key: dir.key, value: dir.value, durability,
        where: remote ? `object store ${storeOf(dir.value)}` : `unrecognised location '${dir.value}'`,
        verdict: remote ? DURABILITY_TEXT.cluster : 'unknown file system: durability cannot be judged',
        ...(remote ? { storage: `store:${storeOf(dir.value)}` } : {}),
      };
    }
    if (!pods) {
      return { group: dir.group, key: dir.key, value: dir.value, durability: 'none' as Durability, where: 'pods unknown (session cluster not in the input)', verdict: 'unknown: the session cluster is not in the input' };
    }
    const jm = inPod(dir, pods.jobManager, claims);
    const tm = inPod(dir, pods.taskManager, claims);
    const weaker = RANK[tm.durability] < RANK[jm.durability] ? tm : jm;
    const where = jm.where === tm.where ? jm.where : `JobManager: ${jm.where}; TaskManager: ${tm.where}`;
    return {
      group: dir.group, key: dir.key, value: dir.value, durability: weaker.durability, where,
      verdict: DURABILITY_TEXT[weaker.durability],
      ...(weaker.storage ?? jm.storage ? { storage: weaker.storage ?? jm.storage } : {}),
    };
  });
}
