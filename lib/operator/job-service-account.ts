import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { hasJobServiceAccountIn, operatorsWatching } from '../private/operators';
import { IFlinkServiceAccount } from '../service-account';

/** The job ServiceAccount a FlinkOperator of the app creates in a namespace. */
class OperatorJobServiceAccount extends Construct implements IFlinkServiceAccount {
  constructor(scope: Construct, id: string, public readonly serviceAccountName: string) {
    super(scope, id);
  }
}

/**
 * The job ServiceAccount of the FlinkOperator (of the same app) that watches `namespace` and creates
 * its job ServiceAccount there, as a child `id` of `scope`; undefined when there is none (no operator
 * in the app, or it was added after `scope`, or it does not create one in that namespace).
 * @internal
 */
export function operatorJobServiceAccount(scope: Construct, id: string, namespace: string | undefined): IFlinkServiceAccount | undefined {
  const ns = namespace ?? Chart.of(scope).namespace;
  const op = operatorsWatching(scope, ns).find((o) => hasJobServiceAccountIn(o, ns));
  return op ? new OperatorJobServiceAccount(scope, id, op.jobServiceAccountName) : undefined;
}
