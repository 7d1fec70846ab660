import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as operator from '../../imports/flink.apache.org';
import { PodVolume } from '../kube';
import { renderApiObject } from './render';

/**
 * Renders a Kubernetes struct to its wire form: undefined fields dropped, and class instances that
 * wrap a value (`Quantity`, `IntOrString` of cdk8s imports of any version) replaced by that value.
 */
export function toWire(value: unknown): any {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toWire);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && 'value' in (value as any)) return toWire((value as any).value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[k] = toWire(v);
  }
  return out;
}

/** The ApiObject of a construct created in this app (itself, or its `Resource` child), if any. */
export function apiObjectOf(ref: unknown): ApiObject | undefined {
  if (!ref || typeof ref !== 'object' || !Construct.isConstruct(ref)) return undefined;
  if (ApiObject.isApiObject(ref)) return ref;
  const child = (ref as IConstruct).node.tryFindChild('Resource');
  return child && ApiObject.isApiObject(child) ? child : undefined;
}

/**
 * A pod volume (PodVolume, or a cdk8s-plus Volume of any major) in the wire form with its name, or
 * undefined when it is neither.
 */
export function volumeToWire(volume: unknown): Record<string, any> | undefined {
  if (volume instanceof PodVolume) return volume._toWire();
  const v = volume as any;
  if (v && typeof v._toKube === 'function' && typeof v.name === 'string') return toWire(v._toKube());
  return undefined;
}

/**
 * An ApiObject at `scope/id/Resource`: the path cdk8s-plus gives its objects, so generated names stay
 * what they were.
 */
export function kubeObject(scope: Construct, id: string, apiVersion: string, kind: string,
  metadata: ApiObjectMetadata | undefined, body: Record<string, unknown>): ApiObject {
  const holder = new Construct(scope, id);
  return new KubeObject(holder, 'Resource', { apiVersion, kind, metadata: { ...metadata }, ...body });
}

/** A plain ApiObject rendered in one pass (`renderApiObject`), or by cdk8s when that does not apply. */
export class KubeObject extends ApiObject {
  public toJson(): any {
    return renderApiObject(this) ?? super.toJson();
  }
}

/** The FlinkDeployment L1, rendered in one pass (`renderApiObject`) before the L1's conversion to the wire names. */
export class FlinkDeploymentObject extends operator.FlinkDeployment {
  public toJson(): any {
    const json = renderApiObject(this);
    if (json === undefined) return super.toJson();
    return { ...operator.FlinkDeployment.GVK, ...operator.toJson_FlinkDeploymentProps(json as operator.FlinkDeploymentProps) };
  }
}
