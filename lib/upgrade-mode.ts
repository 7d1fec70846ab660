/** How the operator carries state over when the job is upgraded or suspended (`job.upgradeMode`). */
export enum UpgradeMode {
  /** Start from empty state on every upgrade (the operator's default). */
  STATELESS = 'stateless',
  /** Restore from the latest checkpoint (needs a checkpoint directory). */
  LAST_STATE = 'last-state',
  /** Stop with a savepoint and restore from it (needs checkpoint and savepoint directories). */
  SAVEPOINT = 'savepoint',
}

/** Desired state of the job (`job.state`). */
export enum JobState {
  /** The job runs (the operator's default). */
  RUNNING = 'running',
  /** The job is suspended according to its upgrade mode. */
  SUSPENDED = 'suspended',
}
