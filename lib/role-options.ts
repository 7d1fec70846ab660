import { Size } from 'cdk8s';
import type { FlinkVolumeMount } from './cluster';

/** What one role's pods (JobManager or TaskManager) get on top of what every Flink pod gets. */
export interface RolePodOptions {
  /**
   * CPU limit in cores (`resources.limits.cpu`). Operator 1.16 (main) only: the 1.15 CRD has no `resources`.
   * @default - none (Flink's `kubernetes.*.cpu.limit-factor` decides).
   */
  readonly cpuLimit?: number;
  /**
   * Memory limit (`resources.limits.memory`), at least the memory. Operator 1.16 (main) only.
   * @default - none (Flink's `kubernetes.*.memory.limit-factor` decides).
   */
  readonly memoryLimit?: Size;
  /**
   * Labels of this role's pods only (on top of `podLabels`).
   * @default - none.
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Annotations of this role's pods only (on top of `podAnnotations`).
   * @default - none.
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Extra volumes mounted into `flink-main-container` of this role's pods only (on top of `volumes`,
   * which every Flink pod gets). A path or volume name may repeat in the other role, not in `volumes`.
   * @default - none.
   */
  readonly volumes?: FlinkVolumeMount[];
}
