import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { checkProps, dnsSubdomain, metadata } from './private/check';
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
    return new ImportedServiceAccount(scope, id, name);
  }

  /** The ServiceAccount (cdk8s-plus). */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The Role (cdk8s-plus). */
  public readonly role: kplus.Role;
  /** The RoleBinding (cdk8s-plus). */
  public readonly roleBinding: kplus.RoleBinding;

  public constructor(scope: Construct, id: string, props: FlinkServiceAccountProps = {}) {
    super(scope, id);
    checkProps(this, props, { metadata: metadata(dnsSubdomain("use lower case letters, digits, '-' and '.', e.g. 'orders'")) });
    registerOwner(this);
    this.serviceAccount = new kplus.ServiceAccount(this, 'Resource', { metadata: props.metadata, automountToken: true });
    this.role = new kplus.Role(this, 'Role', { metadata: props.metadata });
    this.role.allow([...FLINK_ROLE_VERBS], kplus.ApiResource.PODS, kplus.ApiResource.CONFIG_MAPS,
      kplus.ApiResource.DEPLOYMENTS, kplus.ApiResource.custom({ apiGroup: 'apps', resourceType: 'deployments/finalizers' }));
    this.roleBinding = new kplus.RoleBinding(this, 'Binding', { metadata: props.metadata, role: this.role });
    this.roleBinding.addSubjects(this.serviceAccount);
    ApiObject.of(this.roleBinding).addDependency(ApiObject.of(this.role), ApiObject.of(this.serviceAccount));
  }

  public get serviceAccountName(): string {
    return this.serviceAccount.name;
  }
}

class ImportedServiceAccount extends Construct implements IFlinkServiceAccount {
  constructor(scope: Construct, id: string, public readonly serviceAccountName: string) {
    super(scope, id);
    registerExternal(this, { serviceAccounts: [serviceAccountName] });
  }
}
