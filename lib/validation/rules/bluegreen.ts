import { pathOf } from '../path';
import { Resource, RuleContext, RuleSet } from '../types';
import { isNull, obj, q, ingressTemplateProblem } from './deployment';
import { isBlank, parseFlinkDuration } from '../values';
import { RuleInfo } from './info';

/**
 * FlinkBlueGreenDeployment (operator 1.14 and later). Neither webhook covers it: the operator only
 * finds a mistake when it creates a child FlinkDeployment (`<name>-blue` / `<name>-green`) from
 * `spec.template.spec`, and reports it as a failed status. So every FlinkDeployment rule runs on the
 * template as if it were that child (the engine expands each blue/green resource into one virtual
 * FlinkDeployment, see `expandBlueGreen`), and the rules below check what is the parent's own.
 */

export const BLUE_GREEN_KIND = 'FlinkBlueGreenDeployment';

/** Blue/green names: the children add `-green` (6 characters) and must pass R1 (45), so at most 39. */
export const BLUE_GREEN_NAME = /^[a-z]([-a-z0-9]{0,37}[a-z0-9])?$/;

/** The blue/green controller's options in `spec.configuration`. */
export const BLUE_GREEN_KEYS = {
  abortGracePeriod: 'kubernetes.operator.bluegreen.abort.grace-period',
  rescheduleInterval: 'kubernetes.operator.bluegreen.reconciliation.reschedule-interval',
  deletionDelay: 'kubernetes.operator.bluegreen.deployment-deletion.delay',
} as const;

const KNOWN_KEYS: readonly string[] = Object.values(BLUE_GREEN_KEYS);

/** Whether a resource is a FlinkBlueGreenDeployment of the operator's group. */
export function isBlueGreen(res: Resource): boolean {
  return res.kind === BLUE_GREEN_KIND && (res.apiVersion === '' || res.apiVersion.startsWith('flink.apache.org/'));
}

/** The spec a blue/green resource's children get, or undefined when there is none to check. */
export function templateSpecOf(res: Resource): Record<string, any> | undefined {
  return obj(obj(obj(res.manifest.spec)?.template)?.spec);
}

/**
 * The virtual child FlinkDeployment of each blue/green resource: named `<name>-blue`, in the parent's
 * namespace, with `spec.template.spec` as its spec (the children get only namespace, name, owner and
 * a label from the operator, so the template's metadata is not part of it). The engine runs every
 * rule on these and reports their findings on the parent, under `spec.template.spec`.
 */
export function blueGreenChildren(manifests: readonly any[]): { parent: number; manifest: any }[] {
  const out: { parent: number; manifest: any }[] = [];
  manifests.forEach((m, i) => {
    if (!m || typeof m !== 'object' || m.kind !== BLUE_GREEN_KIND) return;
    if (typeof m.apiVersion === 'string' && m.apiVersion !== '' && !m.apiVersion.startsWith('flink.apache.org/')) return;
    const spec = obj(obj(obj(m.spec)?.template)?.spec);
    if (!spec) return;
    const meta = obj(m.metadata) ?? {};
    out.push({
      parent: i,
      manifest: {
        apiVersion: typeof m.apiVersion === 'string' && m.apiVersion ? m.apiVersion : 'flink.apache.org/v1beta1',
        kind: 'FlinkDeployment',
        metadata: {
          name: `${typeof meta.name === 'string' ? meta.name : ''}-blue`,
          ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
        },
        spec,
      },
    });
  });
  return out;
}

/** Rules of the child whose finding is replaced by a parent rule (the child's name derives from the parent's). */
export const CHILD_RULES_REPLACED = new Set(['deployment-name-invalid']);

/** Maps a finding path on the virtual child to the parent's. */
export function parentPath(childPath: string): string {
  if (childPath === 'spec') return 'spec.template.spec';
  if (childPath.startsWith('spec.') || childPath.startsWith('spec[')) return `spec.template.${childPath}`;
  return childPath;
}

function check(ctx: RuleContext, res: Resource): void {
  if (!BLUE_GREEN_NAME.test(res.name)) {
    ctx.report(res, {
      rule: 'bluegreen-name-invalid', path: 'metadata.name',
      message: `The FlinkBlueGreenDeployment name ${q(res.name)} is invalid: its children are named '<name>-blue' and '<name>-green' and must be valid FlinkDeployment names, so it must be 1-39 lower case letters, digits or '-', start with a letter and end with a letter or digit`,
      fix: 'Rename the blue/green deployment to a lower-case, dash-separated name of at most 39 characters.',
    });
  }
  const spec = obj(res.manifest.spec) ?? {};
  const template = templateSpecOf(res);
  if (!template) {
    ctx.report(res, {
      rule: 'bluegreen-template-missing', path: 'spec.template.spec',
      message: 'spec.template.spec is missing: the operator creates the blue and green FlinkDeployments from it',
      fix: 'Move the FlinkDeployment spec (image, flinkVersion, job, jobManager, taskManager ...) under spec.template.spec.',
    });
  } else if (isNull(template.job)) {
    ctx.report(res, {
      rule: 'bluegreen-template-missing', path: 'spec.template.spec.job',
      message: 'spec.template.spec.job is missing: blue/green deployments run application clusters, and the operator reads the job of the template on every transition',
      fix: 'Add spec.template.spec.job (jarURI, parallelism, upgradeMode), or use a FlinkDeployment for a session cluster.',
    });
  }
  const config = obj(spec.configuration);
  for (const [key, value] of Object.entries(config ?? {})) {
    const path = pathOf('spec', 'configuration', key);
    if (!KNOWN_KEYS.includes(key)) {
      ctx.report(res, {
        rule: 'bluegreen-config-invalid', severity: 'warning', path,
        message: `spec.configuration key ${q(key)} is not a blue/green option; the blue/green controller reads only ${KNOWN_KEYS.join(', ')}`,
        fix: 'Put Flink options in spec.template.spec.flinkConfiguration; keep only the blue/green options in spec.configuration.',
      });
      continue;
    }
    const ms = typeof value === 'string' && !isBlank(value) ? parseFlinkDuration(value) : undefined;
    if (ms === undefined || ms < 0) {
      ctx.report(res, {
        rule: 'bluegreen-config-invalid', path,
        message: `spec.configuration ${key} is ${q(value)}, which is not a duration`,
        fix: 'Write a duration as a quoted string such as "10 min", "15 s" or "500 ms".',
      });
    } else if (ms === 0 && key !== BLUE_GREEN_KEYS.deletionDelay) {
      ctx.report(res, {
        rule: 'bluegreen-config-invalid', path,
        message: `spec.configuration ${key} is ${q(value)}; it must be more than zero`,
        fix: 'Give a positive duration, or remove the key to use the operator\'s default.',
      });
    }
  }
  const ingress = obj(spec.ingress);
  if (ingress) {
    if (isNull(ingress.template)) {
      ctx.report(res, {
        rule: 'ingress-template-missing', path: 'spec.ingress.template',
        message: 'spec.ingress is set but spec.ingress.template is missing',
        fix: 'Set spec.ingress.template, e.g. "{{name}}.{{namespace}}.example.com", or remove spec.ingress.',
      });
    } else if (typeof ingress.template === 'string') {
      const problem = ingressTemplateProblem(ingress.template, res.name, res.namespace || 'default');
      if (problem) {
        ctx.report(res, {
          rule: 'ingress-template-invalid', path: 'spec.ingress.template',
          message: `spec.ingress.template ${q(ingress.template)} does not make a valid URL: ${problem}`,
          fix: 'Write the template as host[:numeric-port][/path] with {{name}} and {{namespace}} placeholders, e.g. "{{name}}.{{namespace}}.example.com".',
        });
      }
    }
  }
}

/** The blue/green resource's own rules (the template's are the FlinkDeployment rules, on its virtual child). */
export const blueGreenRules: RuleSet = (ctx) => {
  const list = ctx.ofKind(BLUE_GREEN_KIND);
  for (let i = 0; i < list.length; i++) if (isBlueGreen(list[i])) check(ctx, list[i]);
};

export const BLUEGREEN_RULES: RuleInfo[] = [
  { id: 'bluegreen-name-invalid', ref: '', severity: 'error', why: "Blue/green children are '<name>-blue' and '<name>-green' and must pass R1, so the name is at most 39 characters." },
  { id: 'bluegreen-template-missing', ref: '', severity: 'error', why: 'The operator builds both children from spec.template.spec, which must be an application spec (with a job).' },
  { id: 'bluegreen-config-invalid', ref: '', severity: 'error', why: 'spec.configuration holds only the blue/green durations (abort grace period, reschedule interval, deletion delay); other keys are ignored (a warning).' },
];
