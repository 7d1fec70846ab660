import { Names } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propError } from './util';

/** What a custom resource's name must look like. */
export interface NameRule {
  /** Resource kind, for messages, e.g. `FlinkDeployment`. */
  readonly kind: string;
  readonly pattern: RegExp;
  readonly maxLen: number;
  /** Why and how long, for the message of an explicit name, e.g. `at most 45 characters, ...`. */
  readonly describe: string;
  /** Whether an invalid explicit name is accepted anyway (a suppression of the rule). */
  readonly allowInvalid?: () => boolean;
}

/**
 * The name of `scope`'s resource: `name` (or `metadata.name`) when given and valid, else one
 * generated from the construct path within the rule's length. Errors name the prop and the fix.
 */
export function resolveResourceName(scope: IConstruct, explicit: string | undefined, rule: NameRule): string {
  if (explicit !== undefined) {
    if (!rule.pattern.test(explicit) && !rule.allowInvalid?.()) {
      throw propError(scope, 'name', explicit, `is not a valid ${rule.kind} name (${rule.describe})`, "choose a shorter name such as 'orders'");
    }
    return explicit;
  }
  const generated = Names.toDnsLabel(scope, { maxLen: rule.maxLen });
  if (!rule.pattern.test(generated)) {
    throw propError(scope, 'id', scope.node.id,
      `yields the ${rule.kind} name '${generated}', which is invalid (only lower case letters, digits and '-', starting with a letter)`,
      "use a construct id of letters, digits and '-' (e.g. 'my-job'), or set 'name'");
  }
  return generated;
}
