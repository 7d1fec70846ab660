import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkProps, dnsSubdomain, metadata, Shape } from './private/check';
import { INamedResource } from './kube';
import { namedResource } from './private/props';
import { apiObjectOf, kubeObject } from './private/kube';
import { registerExternal, registerOwner } from './private/wiring';

/** A service account the Flink pods run as (`spec.serviceAccount`). */
export interface IFlinkServiceAccount extends IConstruct {
  /** The name of the ServiceAccount. */
  readonly serviceAccountName: string;
}

/** Props of `FlinkServiceAccount`. */
export interface FlinkServiceAccountProps {
  /**
   * Metadata of the ServiceAccount, Role and RoleBinding.
   * @default - generated names.
   */
  readonly metadata?: ApiObjectMetadata;
}

/** The run-time shape of the props, built on first use. */
let PROPS_SHAPE: Shape | undefined;

/** Verbs of the Flink job role (operator Helm chart, `rbac.jobRole`). */
export const FLINK_ROLE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * The ServiceAccount the JobManager and TaskManager pods use, with a Role granting exactly what the
 * operator's Helm chart grants its `flink` job role: pods and configmaps (core), deployments and
 * deployments/finalizers (apps); verbs get, list, watch, create, update, patch, delete. Nothing else.
 */
export class FlinkServiceAccount extends Construct implements IFlinkServiceAccount {
  /**
   * References a service account that exists already (e.g. the Helm chart's `flink`). Declared
   * external for validation.
   */
  public static fromName(scope: Construct, id: string, name: string): IFlinkServiceAccount {
    if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      throw new Error(`[${scope.node.path}/${id}] 'name' (${name}) is not a valid ServiceAccount name. Fix: use lower case letters, digits, '-' and '.'.`);
    }
    return new ImportedServiceAccount(scope, id, name, undefined);
  }

  /**
   * Uses a ServiceAccount made elsewhere, e.g. a cdk8s-plus `ServiceAccount` of any major. One created
   * in this app is ordered before the Flink resources; its permissions are yours to grant (see
   * `FLINK_ROLE_VERBS`). Any other name is declared external for validation.
   */
  public static fromServiceAccount(scope: Construct, id: string, serviceAccount: INamedResource): IFlinkServiceAccount {
    namedResource('a ServiceAccount', "pass a cdk8s-plus ServiceAccount or NamedResource.of('flink')")(`${scope.node.path}/${id}`, 'serviceAccount', serviceAccount);
    const name = serviceAccount.name;
    const obj = apiObjectOf(serviceAccount);
    if (!obj) return FlinkServiceAccount.fromName(scope, id, name);
    return new ImportedServiceAccount(scope, id, name, obj);
  }

  /** The ServiceAccount. */
  public readonly serviceAccount: ApiObject;
  /** The Role. */
  public readonly role: ApiObject;
  /** The RoleBinding. */
  public readonly roleBinding: ApiObject;

  public constructor(scope: Construct, id: string, props: FlinkServiceAccountProps = {}) {
    super(scope, id);
    checkProps(this, props, (PROPS_SHAPE ??= { metadata: metadata(dnsSubdomain("use lower case letters, digits, '-' and '.', e.g. 'orders'")) }));
    registerOwner(this);
    // Plain objects at the paths cdk8s-plus used (<id>/Resource), so generated names are unchanged.
    this.serviceAccount = kubeObject(this, 'Resource', 'v1', 'ServiceAccount', props.metadata, { automountServiceAccountToken: true });
    this.role = kubeObject(this, 'Role', 'rbac.authorization.k8s.io/v1', 'Role', props.metadata, {
      rules: FLINK_ROLE_RESOURCES.map(([apiGroup, resource]) => ({ apiGroups: [apiGroup], resources: [resource], verbs: [...FLINK_ROLE_VERBS] })),
    });
    this.roleBinding = kubeObject(this, 'Binding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', props.metadata, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.role.name },
      subjects: [{ apiGroup: '', kind: 'ServiceAccount', name: this.serviceAccount.name, namespace: props.metadata?.namespace }],
    });
    this.roleBinding.addDependency(this.role, this.serviceAccount);
  }

  public get serviceAccountName(): string {
    return this.serviceAccount.name;
  }
}

/** API group and resource of each rule of the Flink job role. */
const FLINK_ROLE_RESOURCES: [string, string][] = [['', 'pods'], ['', 'configmaps'], ['apps', 'deployments'], ['apps', 'deployments/finalizers']];

class ImportedServiceAccount extends Construct implements IFlinkServiceAccount {
  constructor(scope: Construct, id: string, public readonly serviceAccountName: string, obj: ApiObject | undefined) {
    super(scope, id);
    if (obj) this.node.addDependency(obj);
    else registerExternal(this, { serviceAccounts: [serviceAccountName] });
  }
}
