/**
 * What the operator's Helm chart (release 1.15.0) fixes: object names (for the chart's default
 * release values), RBAC rules, and the operator configuration its values.yaml sets.
 */
// Names the Helm chart gives its objects (release values as in its values.yaml).
export const CHART_NAME = 'flink-kubernetes-operator';
export const OPERATOR_NAME = 'flink-operator';
export const OPERATOR_BINDING = 'flink-operator-role-binding';
export const JOB_NAME = 'flink';
export const JOB_BINDING = 'flink-role-binding';
export const CONFIG_MAP = 'flink-operator-config';
export const WEBHOOK_SERVICE = 'flink-operator-webhook-service';
export const WEBHOOK_SECRET = 'flink-operator-webhook-secret';
export const WEBHOOK_CERT_SECRET = 'webhook-server-cert';
export const CERTIFICATE = 'flink-operator-serving-cert';
export const ISSUER = 'flink-operator-selfsigned-issuer';
export const HEALTH_PORT = 8085;
export const LEASE_NAME = 'flink-operator-lease';
export const QUANTITY = /^([+-]?[0-9.]+)([eE][-+]?[0-9]+|[numkMGTPE]i?)?$/;

export const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
export const OPERATOR_RULES = (nodes: boolean): any[] => [
  { apiGroups: [''], resources: ['pods', 'services', 'events', 'configmaps', 'secrets'], verbs: [...ALL_VERBS, 'deletecollection'] },
  ...(nodes ? [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }] : []),
  { apiGroups: ['apps'], resources: ['deployments', 'deployments/finalizers', 'replicasets'], verbs: ALL_VERBS },
  { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'update', 'patch'] },
  { apiGroups: ['extensions'], resources: ['deployments', 'ingresses'], verbs: ALL_VERBS },
  {
    apiGroups: ['flink.apache.org'],
    resources: ['flinkbluegreendeployments', 'flinkbluegreendeployments/finalizers', 'flinkdeployments', 'flinkdeployments/finalizers',
      'flinksessionjobs', 'flinksessionjobs/finalizers', 'flinkstatesnapshots', 'flinkstatesnapshots/finalizers'],
    verbs: ALL_VERBS,
  },
  {
    apiGroups: ['flink.apache.org'],
    resources: ['flinkbluegreendeployments/status', 'flinkdeployments/status', 'flinksessionjobs/status', 'flinkstatesnapshots/status'],
    verbs: ['get', 'update', 'patch'],
  },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ALL_VERBS },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ALL_VERBS },
];
/** What the operator needs in its own namespace when it does not watch it: leases, and the FlinkStateSnapshot CRD check. */
export const OWN_NAMESPACE_RULES = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ALL_VERBS },
  { apiGroups: ['flink.apache.org'], resources: ['flinkstatesnapshots'], verbs: ['list'] },
];
export const JOB_RULES = [
  { apiGroups: [''], resources: ['pods', 'configmaps'], verbs: ALL_VERBS },
  { apiGroups: ['apps'], resources: ['deployments', 'deployments/finalizers'], verbs: ALL_VERBS },
];
/** The operator configuration the Helm chart's values.yaml sets on top of its conf/flink-conf.yaml. */
export const CHART_VALUES_CONFIGURATION: ReadonlyArray<[string, string]> = [
  ['kubernetes.operator.metrics.reporter.slf4j.factory.class', 'org.apache.flink.metrics.slf4j.Slf4jReporterFactory'],
  ['kubernetes.operator.metrics.reporter.slf4j.interval', '5 MINUTE'],
  ['kubernetes.operator.reconcile.interval', '15 s'],
  ['kubernetes.operator.observer.progress-check.interval', '5 s'],
];
/** Keys the construct writes from other props. */
export const OWNED_KEYS = [
  'kubernetes.operator.leader-election.enabled', 'kubernetes.operator.leader-election.lease-name', 'kubernetes.operator.watched.namespaces',
  'kubernetes.operator.health.probe.enabled', 'kubernetes.operator.health.probe.port',
];
export const CHECKED_PREFIXES = ['kubernetes.operator.', 'job.autoscaler.'];

/** Where the operator container finds the Secret (fixed by the chart's controller/deployment.yaml). */
export const OPERATOR_TLS_MOUNT = '/opt/flink/tls-cert';
/** The truststore file the operator reads (`OPERATOR_TRUSTSTORE_PATH`); only used when it exists. */
export const OPERATOR_TRUSTSTORE = `${OPERATOR_TLS_MOUNT}/truststore.jks`;
/** The keystore file the operator presents for REST client authentication (`OPERATOR_KEYSTORE_PATH`). */
export const OPERATOR_KEYSTORE = `${OPERATOR_TLS_MOUNT}/keystore.jks`;
