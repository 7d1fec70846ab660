import { ApiObject, Chart, Duration, JsonPatch, Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct } from 'constructs';
import { hasJobServiceAccountIn, OperatorInfo, operatorsOf, registerOperator } from '../private/operators';
import { isStrict, registerOwner } from '../private/wiring';
import { checkProps } from '../private/check';
import { operatorProps } from '../private/props';
import { flinkDuration, isDnsLabel, isIntAtLeast, propError, show } from '../private/util';
import { isKnownKey, suggestKeys } from '../validation/catalogue';
import { checkConfigEntry } from '../validation/rules/flink-config';
import { OperatorVersion } from '../versions';
import {
  CHART_NAME, OPERATOR_NAME, OPERATOR_BINDING, JOB_NAME, JOB_BINDING, CONFIG_MAP, WEBHOOK_SERVICE, WEBHOOK_SECRET, WEBHOOK_CERT_SECRET, CERTIFICATE, ISSUER, HEALTH_PORT, LEASE_NAME, QUANTITY, OPERATOR_RULES, OWN_NAMESPACE_RULES, JOB_RULES, CHART_VALUES_CONFIGURATION, OWNED_KEYS, CHECKED_PREFIXES,
} from './chart';
import { releaseData } from './data';
import { operatorDeploymentSpec } from './deployment';
import { OperatorLoggingFramework } from './logging';
import { OperatorImage } from './operator-image';
import { OperatorSecurityProfile } from './operator-security';
import { OperatorWebhook } from './operator-webhook';
import { OperatorRestTls } from './operator-rest-tls';

/** CPU and memory of one operator container. */
export interface OperatorResources {
  /**
   * CPU request, a Kubernetes quantity such as `250m` or `1`.
   * @default - none
   */
  readonly cpuRequest?: string;
  /**
   * CPU limit, a Kubernetes quantity.
   * @default - none
   */
  readonly cpuLimit?: string;
  /**
   * Memory request.
   * @default - none
   */
  readonly memoryRequest?: Size;
  /**
   * Memory limit.
   * @default - none
   */
  readonly memoryLimit?: Size;
}

/** Props of `FlinkOperator`. */
export interface FlinkOperatorProps {
  /**
   * The namespace the operator runs in (Helm's release namespace).
   * @default - the chart's namespace (one of the two is required).
   */
  readonly namespace?: string;
  /**
   * The operator release. Only 1.15 can be installed (the CRDs and defaults of that release are in
   * the library).
   * @default OperatorVersion.V1_15
   */
  readonly operatorVersion?: OperatorVersion;
  /**
   * The namespaces the operator watches. RBAC is then namespaced (a Role and RoleBinding in each),
   * the job ServiceAccount `flink` with its Role and RoleBinding is created in each, and the
   * webhooks only see these namespaces.
   * @default - all namespaces: cluster-wide RBAC, the job ServiceAccount in the operator's namespace only.
   */
  readonly watchNamespaces?: string[];
  /**
   * The operator image.
   * @default OperatorImage.apache() (ghcr.io/apache/flink-kubernetes-operator:1.15.0)
   */
  readonly image?: OperatorImage;
  /**
   * Names of image pull Secrets of the operator pod.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * The admission webhook (needs cert-manager in the cluster).
   * @default - no webhook
   */
  readonly webhook?: OperatorWebhook;
  /**
   * Declares that cert-manager is installed in the cluster (the webhook's certificate needs it).
   * Without it, an app with a webhook warns at synth.
   * @default false
   */
  readonly certManagerInstalled?: boolean;
  /**
   * The truststore for the operator's REST calls to Flink clusters with REST SSL (the chart's
   * `tls.create`, `tls.secretName`, `tls.secretKeyRef`): the Secret is mounted at
   * `/opt/flink/tls-cert` and its password comes from a Secret key as an environment variable. A
   * cluster of the app with `tls: FlinkTls.fromSecret({ rest: true, ... })` in a namespace this
   * operator watches needs it (`rest-tls-operator-truststore`).
   * @default - none: the operator cannot call Flink REST APIs that use SSL.
   */
  readonly restTls?: OperatorRestTls;
  /**
   * How often the operator reconciles each resource (`kubernetes.operator.reconcile.interval`).
   * @default Duration.seconds(15) (the Helm chart's value)
   */
  readonly reconcileInterval?: Duration;
  /**
   * URI schemes session-job jars may use (`kubernetes.operator.user.artifacts.allowed-schemes`).
   * @default - the operator's default: https only.
   */
  readonly allowedJarSchemes?: string[];
  /**
   * The default periodic savepoint interval of every deployment (`kubernetes.operator.periodic.savepoint.interval`).
   * @default - none: no periodic savepoints unless a resource asks.
   */
  readonly periodicSavepointInterval?: Duration;
  /**
   * The default periodic checkpoint interval of every deployment (`kubernetes.operator.periodic.checkpoint.interval`).
   * @default - none
   */
  readonly periodicCheckpointInterval?: Duration;
  /**
   * How many savepoints the operator keeps per job (`kubernetes.operator.savepoint.history.max.count`).
   * @default - the operator's default (10).
   */
  readonly savepointHistoryMaxCount?: number;
  /**
   * How long the operator keeps savepoints (`kubernetes.operator.savepoint.history.max.age`).
   * @default - the operator's default (24 h).
   */
  readonly savepointHistoryMaxAge?: Duration;
  /**
   * Any other operator or default Flink configuration. Keys under `kubernetes.operator.` and
   * `job.autoscaler.` are checked against the key catalogue.
   * @default - none
   */
  readonly configuration?: { [key: string]: string };
  /**
   * The logging framework of the operator.
   * @default OperatorLoggingFramework.LOG4J2
   */
  readonly loggingFramework?: OperatorLoggingFramework;
  /**
   * Log4j 2 properties appended to the operator's log4j-operator.properties, e.g. `{ 'rootLogger.level': 'DEBUG' }`.
   * @default - none
   */
  readonly operatorLogConfiguration?: { [key: string]: string };
  /**
   * Log4j 2 properties appended to the default log4j-console.properties of the Flink deployments.
   * @default - none
   */
  readonly flinkLogConfiguration?: { [key: string]: string };
  /**
   * CPU and memory of the operator container.
   * @default - none set
   */
  readonly resources?: OperatorResources;
  /**
   * CPU and memory of the webhook container.
   * @default - none set
   */
  readonly webhookResources?: OperatorResources;
  /**
   * Security settings of the operator pod and its containers.
   * @default OperatorSecurityProfile.RESTRICTED
   */
  readonly securityProfile?: OperatorSecurityProfile;
  /**
   * Operator replicas. More than one turns on leader election (one active operator, the others
   * standing by) and rolling updates.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Install the operator's CustomResourceDefinitions. Turn off where the cluster manages them separately.
   * @default true
   */
  readonly crds?: boolean;
  /**
   * Create the operator's and the jobs' Roles, ClusterRoles and bindings. Turn off where RBAC is
   * managed separately (the ServiceAccounts are still created).
   * @default true
   */
  readonly rbac?: boolean;
  /**
   * Let the operator list nodes cluster-wide (needed for `kubernetes.rest-service.exposed.type: NodePort`).
   * @default false
   */
  readonly nodeListPermission?: boolean;
  /**
   * Container port of the operator's metrics endpoint.
   * @default - not exposed
   */
  readonly metricsPort?: number;
  /**
   * JVM options of the operator container.
   * @default - none
   */
  readonly operatorJvmArgs?: string;
  /**
   * JVM options of the webhook container.
   * @default - none
   */
  readonly webhookJvmArgs?: string;
}


/**
 * The Apache Flink Kubernetes Operator, installed from the app: what `helm template` renders for
 * the operator's official Helm chart (release 1.15.0) with the matching values, plus its CRDs.
 *
 * Flink resources of the same app are then checked against this operator: they must live in a
 * namespace it watches, they run as its job ServiceAccount by default, and session-job jar schemes
 * and the reconcile interval come from its configuration.
 */
export class FlinkOperator extends Construct {
  /** The namespace the operator runs in. */
  public readonly namespace: string;
  /** The namespaces it watches; empty: all of them. */
  public readonly watchNamespaces: string[];
  /** The operator release. */
  public readonly operatorVersion: OperatorVersion;
  /** The image. */
  public readonly image: OperatorImage;
  /** The name of the job ServiceAccount created in each watched namespace. */
  public readonly jobServiceAccountName: string = JOB_NAME;

  private readonly props: FlinkOperatorProps;
  private readonly config: Array<[string, string]>;
  private readonly security: OperatorSecurityProfile;
  private readonly logging: OperatorLoggingFramework;

  public constructor(scope: Construct, id: string, props: FlinkOperatorProps = {}) {
    super(scope, id);
    checkProps(this, props, operatorProps());
    this.props = props;
    this.operatorVersion = props.operatorVersion ?? OperatorVersion.V1_15;
    if (this.operatorVersion.id !== '1.15') {
      throw propError(this, 'operatorVersion', this.operatorVersion.id, 'cannot be installed: the library carries the CRDs and Helm chart of release 1.15 only', 'use OperatorVersion.V1_15');
    }
    const chartNamespace = Chart.of(this).namespace;
    const ns = props.namespace ?? chartNamespace;
    if (ns === undefined) {
      throw propError(this, 'namespace', ns, 'is not set and the chart has no namespace', "set 'namespace' (e.g. 'flink-operator') or the chart's namespace");
    }
    if (!isDnsLabel(ns)) throw propError(this, 'namespace', ns, 'is not a namespace name (a DNS label)', "use at most 63 lower case letters, digits and '-'");
    this.namespace = ns;
    this.watchNamespaces = this.checkWatched(props.watchNamespaces);
    this.image = props.image ?? OperatorImage.apache();
    this.security = props.securityProfile ?? OperatorSecurityProfile.RESTRICTED;
    this.logging = props.loggingFramework ?? OperatorLoggingFramework.LOG4J2;
    this.checkProps(props);
    this.config = this.buildConfig(props);

    const info: OperatorInfo = {
      construct: this,
      namespace: ns,
      ...(this.watchNamespaces.length ? { watchNamespaces: [...this.watchNamespaces] } : {}),
      jobServiceAccountName: JOB_NAME,
      operatorVersion: this.operatorVersion._id,
      configuration: this.configuration,
      restTlsTrust: props.restTls !== undefined,
    };
    for (const other of operatorsOf(this)) this.checkOverlap(other);
    registerOperator(info);
    // Findings about the objects it renders are reported at its path.
    registerOwner(this);
    this.node.addValidation({ validate: () => this.certManagerWarnings() });
    this.render();
  }

  /** The operator configuration as it reads it: the chart's defaults, then the props (a copy). */
  public get configuration(): { [key: string]: string } {
    const out: { [key: string]: string } = {};
    for (const [k, v] of releaseData().conf.flinkConf) out[k] = v;
    for (const [k, v] of this.config) out[k] = v;
    for (const [k, v] of this.generatedConfig()) out[k] = v;
    return out;
  }

  /** Whether the operator creates its job ServiceAccount in `namespace`. */
  public hasJobServiceAccountIn(namespace: string): boolean {
    return hasJobServiceAccountIn({ namespace: this.namespace, watchNamespaces: this.watchNamespaces.length ? this.watchNamespaces : undefined } as OperatorInfo, namespace);
  }

  // --- checks ---------------------------------------------------------------------------------

  private checkWatched(list: string[] | undefined): string[] {
    const out: string[] = [];
    for (const n of list ?? []) {
      if (!isDnsLabel(n)) {
        throw propError(this, 'watchNamespaces', n, 'is not a namespace name (a DNS label)', "use at most 63 lower case letters, digits and '-', e.g. 'flink-jobs'");
      }
      if (out.includes(n)) throw propError(this, 'watchNamespaces', n, 'is listed twice', 'list each namespace once');
      out.push(n);
    }
    return out;
  }

  private checkOverlap(other: OperatorInfo): void {
    const mine = this.watchNamespaces;
    const theirs = other.watchNamespaces;
    const shared = !theirs || mine.length === 0 ? (mine.length ? mine : theirs ?? ['(all namespaces)']) : mine.filter((n) => theirs.includes(n));
    if (shared.length === 0) return;
    const what = !theirs && mine.length === 0 ? 'all namespaces' : `namespace ${shared.join(', ')}`;
    throw propError(this, 'watchNamespaces', mine.length ? mine : '(all namespaces)',
      `overlaps the FlinkOperator at ${other.construct.node.path} in ${what}: two operators would reconcile the same resources`,
      'give each operator its own watchNamespaces (an operator without watchNamespaces watches every namespace, so it must be the only one)');
  }

  private checkProps(props: FlinkOperatorProps): void {
    const replicas = props.replicas ?? 1;
    if (!isIntAtLeast(replicas, 1)) throw propError(this, 'replicas', replicas, 'is not a whole number of at least 1', 'use 1, or 2 or more for a standby with leader election');
    if (props.savepointHistoryMaxCount !== undefined && !isIntAtLeast(props.savepointHistoryMaxCount, 1)) {
      throw propError(this, 'savepointHistoryMaxCount', props.savepointHistoryMaxCount, 'is not a whole number of at least 1', 'keep at least one savepoint');
    }
    if (props.metricsPort !== undefined && !(isIntAtLeast(props.metricsPort, 1) && props.metricsPort <= 65535 && props.metricsPort !== HEALTH_PORT)) {
      throw propError(this, 'metricsPort', props.metricsPort, `is not a free port (1-65535, not the health port ${HEALTH_PORT})`, 'use e.g. 9999');
    }
    for (const [prop, r] of [['resources', props.resources], ['webhookResources', props.webhookResources]] as const) {
      for (const k of ['memoryRequest', 'memoryLimit'] as const) {
        const v = r?.[k];
        const mib = v?.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
        if (v !== undefined && !(mib !== undefined && Number.isInteger(mib) && mib > 0)) {
          throw propError(this, `${prop}.${k}`, mib !== undefined ? `${mib} MiB` : v, 'is not a whole number of mebibytes', 'use e.g. Size.mebibytes(512) or Size.gibibytes(1)');
        }
      }
      for (const k of ['cpuRequest', 'cpuLimit'] as const) {
        const v = r?.[k];
        if (v !== undefined && (typeof v !== 'string' || !QUANTITY.test(v))) throw propError(this, `${prop}.${k}`, v, 'is not a CPU quantity', "use cores ('1', '0.5') or millicores ('250m')");
      }
    }
    for (const name of props.imagePullSecrets ?? []) {
      if (!isDnsSubdomain(name)) throw propError(this, 'imagePullSecrets', name, 'is not a Secret name', "use lower case letters, digits, '-' and '.'");
    }
    for (const s of props.allowedJarSchemes ?? []) {
      if (!/^[a-z][a-z0-9+.-]*$/.test(s)) throw propError(this, 'allowedJarSchemes', s, 'is not a URI scheme', "use lower case schemes such as 'https' or 's3'");
    }
    for (const [prop, m] of [['operatorLogConfiguration', props.operatorLogConfiguration], ['flinkLogConfiguration', props.flinkLogConfiguration]] as const) {
      for (const [k, v] of Object.entries(m ?? {})) {
        if (!/^[A-Za-z0-9_.-]+$/.test(k) || typeof v !== 'string' || /[\r\n]/.test(v)) {
          throw propError(this, prop, `${k}=${show(v)}`, 'is not a one-line Log4j 2 property', "use keys such as 'rootLogger.level' and string values without line breaks");
        }
      }
    }
    const webhook = props.webhook;
    if (webhook && !webhook.chartDefaultPassword) {
      const ref = webhook._options.keystorePassword;
      if (!ref || !isDnsSubdomain(ref.secretName) || typeof ref.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(ref.key)) {
        throw propError(this, 'webhook.keystorePassword', ref, 'is not a Secret key: the webhook needs a password for its keystore',
          "pass OperatorWebhook.enabled({ keystorePassword: { secretName: 'flink-webhook-keystore', key: 'password' } }) with a Secret you create in the operator's namespace (or OperatorWebhook.withChartDefaultPassword() to accept the chart's public default)");
      }
    }
    if (webhook && !webhook.validator && !webhook.mutator) {
      throw propError(this, 'webhook', 'validator: false, mutator: false', 'installs nothing', 'leave out the webhook prop instead');
    }
  }

  /** The user's configuration: chart values, then typed props, then the free map; checked. */
  private buildConfig(props: FlinkOperatorProps): Array<[string, string]> {
    const map = new Map<string, string>(CHART_VALUES_CONFIGURATION);
    const set = (k: string, v: string | undefined) => { if (v !== undefined) map.set(k, v); };
    const dur = (prop: string, d: Duration | undefined) => {
      if (d === undefined) return undefined;
      if (!(d.toMilliseconds() > 0)) throw propError(this, prop, flinkDuration(d), 'is not positive', 'use a duration of at least 1 second');
      return flinkDuration(d);
    };
    set('kubernetes.operator.reconcile.interval', dur('reconcileInterval', props.reconcileInterval));
    set('kubernetes.operator.user.artifacts.allowed-schemes', props.allowedJarSchemes?.join(';'));
    set('kubernetes.operator.periodic.savepoint.interval', dur('periodicSavepointInterval', props.periodicSavepointInterval));
    set('kubernetes.operator.periodic.checkpoint.interval', dur('periodicCheckpointInterval', props.periodicCheckpointInterval));
    set('kubernetes.operator.savepoint.history.max.count', props.savepointHistoryMaxCount?.toString());
    set('kubernetes.operator.savepoint.history.max.age', dur('savepointHistoryMaxAge', props.savepointHistoryMaxAge));
    for (const [k, v] of Object.entries(props.configuration ?? {})) {
      if (typeof v !== 'string' || /[\r\n]/.test(v)) throw propError(this, 'configuration', `${k}=${show(v)}`, 'is not a one-line string value', 'write every value as a string, e.g. "10 s" or "true"');
      if (OWNED_KEYS.includes(k)) {
        throw propError(this, 'configuration', k, 'is set by the construct itself', k.includes('leader-election') ? "set 'replicas' instead" : k.includes('health') ? 'leave it out: the Deployment\'s probes use port 8085' : "set 'watchNamespaces' instead");
      }
      if (CHECKED_PREFIXES.some((p) => k.startsWith(p))) {
        if (!isKnownKey(k)) {
          const near = suggestKeys(k);
          throw propError(this, 'configuration', k, 'is not an operator configuration key the operator knows', near.length ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : 'check the key against the operator documentation');
        }
        const errors = checkConfigEntry(k, v, { operatorVersion: this.operatorVersion._id }).filter((i) => i.severity === 'error');
        if (errors.length) throw propError(this, 'configuration', `${k}=${v}`, errors[0].message, errors[0].fix);
      }
      map.set(k, v);
    }
    return [...map.entries()];
  }

  /** Configuration the construct derives from other props (the chart writes watched namespaces and the health probe). */
  private generatedConfig(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    if ((this.props.replicas ?? 1) > 1) {
      out.push(['kubernetes.operator.leader-election.enabled', 'true'], ['kubernetes.operator.leader-election.lease-name', LEASE_NAME]);
    }
    if (this.watchNamespaces.length) out.push(['kubernetes.operator.watched.namespaces', this.watchNamespaces.join(',')]);
    out.push(['kubernetes.operator.health.probe.enabled', 'true'], ['kubernetes.operator.health.probe.port', String(HEALTH_PORT)]);
    return out;
  }

  private certManagerWarnings(): string[] {
    if (!this.props.webhook || this.props.certManagerInstalled) return [];
    const message = "The webhook's Issuer and Certificate need cert-manager in the cluster (install it once per cluster, see the README \"Installing the operator\"). Fix: install cert-manager and set certManagerInstalled: true.";
    // A warning, or an error under FlinkValidation's strict mode, as every warning.
    if (isStrict(this)) return [message];
    console.warn(`[${this.node.path}] ${message}`);
    return [];
  }

  // --- rendering ------------------------------------------------------------------------------

  private labels(): Record<string, string> {
    return { 'app.kubernetes.io/name': CHART_NAME, 'app.kubernetes.io/version': releaseData().release };
  }

  private object(id: string, apiVersion: string, kind: string, name: string, namespace: string | undefined, body: Record<string, any>, meta: Record<string, any> = {}): ApiObject {
    const obj = new ApiObject(this, id, {
      apiVersion, kind,
      metadata: { name, ...(namespace ? { namespace } : {}), ...meta },
      ...body,
    });
    // Cluster-scoped objects take no namespace, even in a chart that has one.
    if (namespace === undefined && Chart.of(this).namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    return obj;
  }

  private render(): void {
    const ns = this.namespace;
    const watched = this.watchNamespaces;
    const labels = this.labels();
    const meta = { labels };
    const data = releaseData();

    if (this.props.crds ?? true) {
      for (const crd of data.crds) {
        const { apiVersion, kind, metadata, ...rest } = crd;
        this.object(`Crd-${crd.spec.names.kind}`, apiVersion, kind, metadata.name, undefined, rest);
      }
    }

    this.object('ServiceAccount', 'v1', 'ServiceAccount', OPERATOR_NAME, ns, {}, meta);
    const jobNamespaces = watched.length ? watched : [ns];
    for (const n of jobNamespaces) {
      const suffix = watched.length ? `-${n}` : '';
      this.object(`JobServiceAccount${suffix}`, 'v1', 'ServiceAccount', JOB_NAME, n, {}, meta);
    }

    if (this.props.rbac ?? true) this.renderRbac(jobNamespaces);

    this.object('ConfigMap', 'v1', 'ConfigMap', CONFIG_MAP, ns, { data: this.configMapData() }, meta);
    this.object('Deployment', 'apps/v1', 'Deployment', CHART_NAME, ns, {
      spec: operatorDeploymentSpec({
        props: this.props, image: this.image, security: this.security, logging: this.logging,
        ...(this.props.webhook ? { keystorePassword: this.keystorePasswordRef(this.props.webhook) } : {}),
      }),
    }, meta);

    const webhook = this.props.webhook;
    if (webhook) this.renderWebhook(webhook);
  }

  /** The operator's (Cluster)Role and binding, and the job Role and RoleBinding, as the chart renders them. */
  private renderRbac(jobNamespaces: string[]): void {
    const ns = this.namespace;
    const watched = this.watchNamespaces;
    const meta = { labels: this.labels() };
    const nodes = this.props.nodeListPermission ?? false;
    if (!watched.length) {
      this.object('ClusterRole', 'rbac.authorization.k8s.io/v1', 'ClusterRole', OPERATOR_NAME, undefined, { rules: OPERATOR_RULES(nodes) }, meta);
      this.object('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', OPERATOR_BINDING, undefined, {
        roleRef: { kind: 'ClusterRole', name: OPERATOR_NAME, apiGroup: 'rbac.authorization.k8s.io' },
        subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: ns }],
      }, meta);
    } else {
      const roleIn = (n: string, rules: any[]) => {
        this.object(`Role-${n}`, 'rbac.authorization.k8s.io/v1', 'Role', OPERATOR_NAME, n, { rules }, meta);
        this.object(`RoleBinding-${n}`, 'rbac.authorization.k8s.io/v1', 'RoleBinding', OPERATOR_BINDING, n, {
          roleRef: { kind: 'Role', name: OPERATOR_NAME, apiGroup: 'rbac.authorization.k8s.io' },
          subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: ns }],
        }, meta);
      };
      for (const n of watched) roleIn(n, OPERATOR_RULES(nodes));
      if (!watched.includes(ns)) roleIn(ns, OWN_NAMESPACE_RULES);
    }

    // Job RBAC: what the JobManager needs, in each namespace with the job ServiceAccount.
    for (const n of jobNamespaces) {
      const suffix = watched.length ? `-${n}` : '';
      this.object(`JobRole${suffix}`, 'rbac.authorization.k8s.io/v1', 'Role', JOB_NAME, n, { rules: JOB_RULES }, meta);
      this.object(`JobRoleBinding${suffix}`, 'rbac.authorization.k8s.io/v1', 'RoleBinding', JOB_BINDING, n, {
        roleRef: { kind: 'Role', name: JOB_NAME, apiGroup: 'rbac.authorization.k8s.io' },
        subjects: [{ kind: 'ServiceAccount', name: JOB_NAME, namespace: n }],
      }, meta);
    }
  }

  private renderWebhook(webhook: OperatorWebhook): void {
    const ns = this.namespace;
    const serviceLabels = webhook._options.serviceLabels ?? {};
    this.object('WebhookService', 'v1', 'Service', WEBHOOK_SERVICE, ns, {
      spec: { ports: [{ port: 443, targetPort: 9443 }], selector: { 'app.kubernetes.io/name': CHART_NAME } },
    }, Object.keys(serviceLabels).length ? { labels: { ...serviceLabels } } : {});
    if (webhook.chartDefaultPassword) {
      // The chart's literal default, only when asked for by name (OperatorWebhook.withChartDefaultPassword).
      this.object('WebhookSecret', 'v1', 'Secret', WEBHOOK_SECRET, ns, { type: 'Opaque', data: { password: 'cGFzc3dvcmQxMjM0' } });
    }
    this.object('Issuer', 'cert-manager.io/v1', 'Issuer', ISSUER, ns, { spec: { selfSigned: {} } });
    this.object('Certificate', 'cert-manager.io/v1', 'Certificate', CERTIFICATE, ns, {
      spec: {
        dnsNames: [`${WEBHOOK_SERVICE}.${ns}.svc`, `${WEBHOOK_SERVICE}.${ns}.svc.cluster.local`],
        keystores: { pkcs12: { create: true, passwordSecretRef: this.keystorePasswordRef(webhook) } },
        issuerRef: { kind: 'Issuer', name: ISSUER },
        commonName: 'FlinkDeployment Validator',
        secretName: WEBHOOK_CERT_SECRET,
      },
    });
    const selector = this.watchNamespaces.length
      ? { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...this.watchNamespaces] }] } }
      : {};
    const annotations = { 'cert-manager.io/inject-ca-from': `${ns}/${CERTIFICATE}` };
    const configName = `flink-operator-${ns}-webhook-configuration`;
    const hook = (name: string, path: string, resources: string[]) => ({
      name,
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: WEBHOOK_SERVICE, namespace: ns, path } },
      failurePolicy: 'Fail',
      rules: [{ apiGroups: ['flink.apache.org'], apiVersions: ['*'], scope: 'Namespaced', operations: ['CREATE', 'UPDATE'], resources }],
      sideEffects: 'None',
      ...selector,
    });
    if (webhook.mutator) {
      this.object('MutatingWebhook', 'admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', configName, undefined, {
        webhooks: [hook('mutationwebhook.flink.apache.org', '/mutate', ['flinksessionjobs', 'flinkdeployments'])],
      }, { annotations });
    }
    if (webhook.validator) {
      this.object('ValidatingWebhook', 'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', configName, undefined, {
        webhooks: [hook('validationwebhook.flink.apache.org', '/validate', ['flinkdeployments', 'flinksessionjobs', 'flinkstatesnapshots'])],
      }, { annotations });
    }
  }

  private keystorePasswordRef(webhook: OperatorWebhook): { name: string; key: string } {
    if (webhook.chartDefaultPassword) return { name: WEBHOOK_SECRET, key: 'password' };
    const ref = webhook._options.keystorePassword!;
    return { name: ref.secretName, key: ref.key };
  }

  private configMapData(): Record<string, string> {
    const conf = releaseData().conf;
    const yamlLines = (entries: ReadonlyArray<[string, string]>) => entries.map(([k, v]) => `${k}: ${v}\n`).join('');
    const props = (entries: ReadonlyArray<[string, string]>) => entries.map(([k, v]) => `${k} = ${v}\n`).join('');
    const generated = this.generatedConfig().filter(([k]) => !k.includes('leader-election'));
    const leader = this.generatedConfig().filter(([k]) => k.includes('leader-election'));
    return {
      'config.yaml': yamlLines([...conf.flinkConf, ...generated]),
      'flink-conf.yaml': yamlLines([...conf.flinkConf, ...this.config, ...leader, ...generated]),
      'log4j-operator.properties': props([...conf.log4jOperator, ...Object.entries(this.props.operatorLogConfiguration ?? {})]),
      'log4j-console.properties': props([...conf.log4jConsole, ...Object.entries(this.props.flinkLogConfiguration ?? {})]),
      'logback-operator.xml': conf.logbackOperator,
      'logback-console.xml': conf.logbackConsole,
    };
  }

}

function isDnsSubdomain(name: unknown): boolean {
  return typeof name === 'string' && name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}
