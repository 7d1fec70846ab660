/** How Flink runs on Kubernetes (`spec.mode`). */
export enum DeploymentMode {
  /** Flink's native Kubernetes integration: the JobManager creates TaskManager pods (the operator's default). */
  NATIVE = 'native',
  /** Standalone: the operator creates a TaskManager deployment. */
  STANDALONE = 'standalone',
}

/** Image pull policy of the Flink pods (`spec.imagePullPolicy`). */
export enum ImagePullPolicy {
  /** Always pull. */
  ALWAYS = 'Always',
  /** Never pull. */
  NEVER = 'Never',
  /** Pull if the image is not present on the node. */
  IF_NOT_PRESENT = 'IfNotPresent',
}
