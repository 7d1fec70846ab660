import { SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RolePodOptions } from '../role-options';
import { OperatorVersion } from '../versions';
import { mergeUnder, propError } from './util';

/** Checks the per-role options of `prop` ('jobManager' or 'taskManager'). */
export function checkRole(scope: IConstruct, prop: string, o: RolePodOptions | undefined, memoryMib: number, operator: OperatorVersion): void {
  if (!o) return;
  const limits = o.cpuLimit !== undefined || o.memoryLimit !== undefined;
  if (limits && !operator.supportsResourceRequirements) {
    throw propError(scope, o.cpuLimit !== undefined ? `${prop}.cpuLimit` : `${prop}.memoryLimit`, o.cpuLimit ?? o.memoryLimit?.asString(),
      `needs \`${prop}.resources\`, which the operator ${operator.id} CRD does not have (it would be dropped)`,
      `use OperatorVersion.MAIN, or remove the limit (Flink's kubernetes.${prop.toLowerCase()}.*.limit-factor sets one)`);
  }
  if (o.cpuLimit !== undefined && !(typeof o.cpuLimit === 'number' && Number.isFinite(o.cpuLimit) && o.cpuLimit > 0)) {
    throw propError(scope, `${prop}.cpuLimit`, o.cpuLimit, 'must be a positive number of cores', `set '${prop}.cpuLimit' to e.g. 2`);
  }
  if (o.memoryLimit !== undefined && !(o.memoryLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) / 1024 >= memoryMib)) {
    throw propError(scope, `${prop}.memoryLimit`, o.memoryLimit.asString(), `is less than the memory (${memoryMib}Mi); Kubernetes rejects a limit below the request`,
      `raise '${prop}.memoryLimit' or lower '${prop}.memory'`);
  }
  checkStringValues(scope, prop, 'podLabels', o.podLabels);
  checkStringValues(scope, prop, 'podAnnotations', o.podAnnotations);
}

function checkStringValues(scope: IConstruct, prop: string, what: string, map: Record<string, unknown> | undefined): void {
  if (!map) return;
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string') throw propError(scope, `${prop}.${what}`, k, 'must map to a string', `quote the value of '${k}'`);
  }
}

/** A role's pod template with its own labels and annotations merged over it. */
export function withRoleMetadata(template: any, o: RolePodOptions | undefined): any {
  const metadata: Record<string, any> = {};
  if (o?.podLabels && Object.keys(o.podLabels).length) metadata.labels = { ...o.podLabels };
  if (o?.podAnnotations && Object.keys(o.podAnnotations).length) metadata.annotations = { ...o.podAnnotations };
  return Object.keys(metadata).length ? mergeUnder(template, { metadata }) : template;
}
