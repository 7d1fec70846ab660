import { CHART_NAME, CONFIG_MAP, HEALTH_PORT, OPERATOR_KEYSTORE, OPERATOR_NAME, OPERATOR_TLS_MOUNT, OPERATOR_TRUSTSTORE, WEBHOOK_CERT_SECRET } from './chart';
import { FlinkOperatorProps, OperatorResources } from './flink-operator';
import { OperatorLoggingFramework } from './logging';
import { OperatorImage } from './operator-image';
import { OperatorSecurityProfile } from './operator-security';

/** A container's resources: limits and requests that are set, memory in Mi. */
function resources(r: OperatorResources | undefined): Record<string, any> {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (r?.cpuRequest) requests.cpu = r.cpuRequest;
  if (r?.memoryRequest) requests.memory = `${r.memoryRequest.toMebibytes()}Mi`;
  if (r?.cpuLimit) limits.cpu = r.cpuLimit;
  if (r?.memoryLimit) limits.memory = `${r.memoryLimit.toMebibytes()}Mi`;
  return { ...(Object.keys(limits).length ? { limits } : {}), ...(Object.keys(requests).length ? { requests } : {}) };
}

/** What the Deployment of the operator needs to know. */
export interface OperatorDeploymentOptions {
  readonly props: FlinkOperatorProps;
  readonly image: OperatorImage;
  readonly security: OperatorSecurityProfile;
  readonly logging: OperatorLoggingFramework;
  /** The Secret key of the webhook keystore's password, when there is a webhook. */
  readonly keystorePassword?: { name: string; key: string };
}

/** The spec of the operator's Deployment, as the chart's controller/deployment.yaml renders it. */
export function operatorDeploymentSpec(o: OperatorDeploymentOptions): Record<string, any> {
  const p = o.props;
  const image = o.image;
  const webhook = p.webhook;
  const restTls = p.restTls;
  const replicas = p.replicas ?? 1;
  const logging = o.logging;
  const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
  const operator = {
    name: CHART_NAME,
    image: image.image,
    imagePullPolicy: image.pullPolicy,
    command: ['/docker-entrypoint.sh', 'operator'],
    ports: [
      ...(p.metricsPort !== undefined ? [{ containerPort: p.metricsPort, name: 'metrics', protocol: 'TCP' }] : []),
      { containerPort: HEALTH_PORT, name: 'health-port', protocol: 'TCP' },
    ],
    env: [
      fieldEnv('OPERATOR_NAMESPACE', 'metadata.namespace'),
      fieldEnv('HOST_IP', 'status.hostIP'),
      fieldEnv('POD_IP', 'status.podIP'),
      fieldEnv('POD_NAME', 'metadata.name'),
      { name: 'OPERATOR_NAME', value: CHART_NAME },
      { name: 'FLINK_CONF_DIR', value: '/opt/flink/conf' },
      { name: 'FLINK_PLUGINS_DIR', value: '/opt/flink/plugins' },
      { name: 'LOGGING_FRAMEWORK', value: logging.name },
      { name: 'LOG_CONFIG', value: logging.jvmFlag },
      { name: 'JVM_ARGS', value: p.operatorJvmArgs ?? '' },
      ...(restTls ? [
        { name: 'OPERATOR_KEYSTORE_PATH', value: OPERATOR_KEYSTORE },
        { name: 'OPERATOR_TRUSTSTORE_PATH', value: OPERATOR_TRUSTSTORE },
        { name: 'OPERATOR_KEYSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: restTls.password.secretName, key: restTls.password.key, optional: true } } },
      ] : []),
    ],
    resources: resources(p.resources),
    securityContext: o.security._container(),
    volumeMounts: [
      { name: 'flink-operator-config-volume', mountPath: '/opt/flink/conf' },
      { name: 'flink-artifacts-volume', mountPath: '/opt/flink/artifacts' },
      ...(restTls ? [{ name: 'flink-operator-cert-secret', mountPath: OPERATOR_TLS_MOUNT }] : []),
    ],
    livenessProbe: { periodSeconds: 10, initialDelaySeconds: 30, httpGet: { path: '/', port: 'health-port' } },
    startupProbe: { failureThreshold: 30, periodSeconds: 10, httpGet: { path: '/', port: 'health-port' } },
  };
  const containers: any[] = [operator];
  if (webhook) {
    containers.push({
      name: 'flink-webhook',
      image: image.image,
      imagePullPolicy: image.pullPolicy,
      command: ['/docker-entrypoint.sh', 'webhook'],
      env: [
        { name: 'WEBHOOK_KEYSTORE_PASSWORD', valueFrom: { secretKeyRef: o.keystorePassword } },
        { name: 'WEBHOOK_KEYSTORE_FILE', value: '/certs/keystore.p12' },
        { name: 'WEBHOOK_KEYSTORE_TYPE', value: 'pkcs12' },
        { name: 'WEBHOOK_SERVER_PORT', value: '9443' },
        { name: 'LOG_CONFIG', value: logging.jvmFlag },
        { name: 'JVM_ARGS', value: p.webhookJvmArgs ?? '' },
        { name: 'FLINK_CONF_DIR', value: '/opt/flink/conf' },
        { name: 'FLINK_PLUGINS_DIR', value: '/opt/flink/plugins' },
        { name: 'LOGGING_FRAMEWORK', value: logging.name },
        fieldEnv('OPERATOR_NAMESPACE', 'metadata.namespace'),
      ],
      resources: resources(p.webhookResources),
      securityContext: o.security._container(),
      volumeMounts: [
        { name: 'keystore', mountPath: '/certs', readOnly: true },
        { name: 'flink-operator-config-volume', mountPath: '/opt/flink/conf' },
      ],
    });
  }
  const logItems = logging === OperatorLoggingFramework.LOGBACK
    ? ['logback-operator.xml', 'logback-console.xml'] : ['log4j-operator.properties', 'log4j-console.properties'];
  const volumes: any[] = [
    {
      name: 'flink-operator-config-volume',
      configMap: { name: CONFIG_MAP, items: ['flink-conf.yaml', ...logItems].map((k) => ({ key: k, path: k })) },
    },
    { name: 'flink-artifacts-volume', emptyDir: {} },
  ];
  if (webhook) volumes.push({ name: 'keystore', secret: { secretName: WEBHOOK_CERT_SECRET, items: [{ key: 'keystore.p12', path: 'keystore.p12' }] } });
  if (restTls) volumes.push({ name: 'flink-operator-cert-secret', secret: { secretName: restTls.secretName, optional: true } });
  const selector = { 'app.kubernetes.io/name': CHART_NAME };
  return {
    replicas,
    strategy: { type: replicas > 1 ? 'RollingUpdate' : 'Recreate' },
    selector: { matchLabels: selector },
    template: {
      metadata: { labels: { ...selector }, annotations: { 'kubectl.kubernetes.io/default-container': CHART_NAME } },
      spec: {
        securityContext: o.security._pod(),
        ...(p.imagePullSecrets?.length ? { imagePullSecrets: p.imagePullSecrets.map((name) => ({ name })) } : {}),
        serviceAccountName: OPERATOR_NAME,
        containers,
        volumes,
      },
    },
  };
}
