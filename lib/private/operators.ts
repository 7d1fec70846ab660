import { IConstruct } from 'constructs';
import { OperatorVersionId } from '../validation/types';

/** What the rest of the library needs to know about one FlinkOperator of an app. */
export interface OperatorInfo {
  /** The FlinkOperator construct. */
  readonly construct: IConstruct;
  /** The namespace the operator runs in. */
  readonly namespace: string;
  /** The namespaces it watches; undefined: all of them. */
  readonly watchNamespaces?: readonly string[];
  /** The name of the job ServiceAccount it creates. */
  readonly jobServiceAccountName: string;
  /** The operator release. */
  readonly operatorVersion: OperatorVersionId;
  /** The operator's configuration as it reads it (chart defaults, then the user's). */
  readonly configuration: Readonly<Record<string, string>>;
  /** Whether it has a truststore for Flink REST APIs with SSL (FlinkOperator `restTls`). */
  readonly restTlsTrust?: boolean;
}

const OPERATORS = new WeakMap<IConstruct, OperatorInfo[]>();

/** Adds an operator to the app `info.construct` lives in. */
export function registerOperator(info: OperatorInfo): void {
  const root = info.construct.node.root;
  const list = OPERATORS.get(root) ?? [];
  list.push(info);
  OPERATORS.set(root, list);
}

/** Every operator of the app `scope` lives in, in the order they were added. */
export function operatorsOf(scope: IConstruct): readonly OperatorInfo[] {
  return OPERATORS.get(scope.node.root) ?? [];
}

/** Whether `op` watches `namespace` ('' or undefined: no namespace set). */
export function watches(op: OperatorInfo, namespace: string | undefined): boolean {
  if (!op.watchNamespaces) return true;
  return namespace !== undefined && op.watchNamespaces.includes(namespace);
}

/** The operators of the app that watch `namespace`. */
export function operatorsWatching(scope: IConstruct, namespace: string | undefined): OperatorInfo[] {
  return operatorsOf(scope).filter((op) => watches(op, namespace));
}

/** Whether `op` creates its job ServiceAccount in `namespace` (the chart: each watched namespace, or its own). */
export function hasJobServiceAccountIn(op: OperatorInfo, namespace: string | undefined): boolean {
  if (namespace === undefined) return false;
  return op.watchNamespaces ? op.watchNamespaces.includes(namespace) : namespace === op.namespace;
}
