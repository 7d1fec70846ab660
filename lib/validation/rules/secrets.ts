import { isObject } from '../values';
import { joinPath, pathOf } from '../path';
import { isPlaceholder, isSecretName, secretsInText } from '../secrets';
import { Resource, RuleContext, RuleSet } from '../types';
import { RuleInfo } from './info';

/**
 * Literal secrets outside flinkConfiguration (that one is `config-literal-secret`): container env
 * values, program and container arguments, annotations, log configuration and SQL scripts. Every
 * message names the field and never the value.
 */
export const SECRET_RULES: readonly RuleInfo[] = [
  { id: 'env-literal-secret', ref: '', severity: 'error', why: 'A password or token written as a container env value is readable by anyone who can read the manifest or the pod.' },
  { id: 'args-literal-secret', ref: '', severity: 'error', why: 'A password or token in job or container arguments is readable in the manifest, in the pod spec and in the process list.' },
  { id: 'annotation-literal-secret', ref: '', severity: 'error', why: 'Annotations are metadata that anyone with read access to the resource or pod sees; they are no place for a credential.' },
  { id: 'log-config-literal-secret', ref: '', severity: 'error', why: 'A credential in spec.logConfiguration lands in a ConfigMap readable by anyone who can read the namespace.' },
  { id: 'sql-literal-secret', ref: '', severity: 'error', why: 'A password in a SQL WITH (...) option is stored in the ConfigMap or arguments that carry the script.' },
];

const FIX = 'Put the value in a Kubernetes Secret and reference it (env valueFrom.secretKeyRef, envFrom, or a mounted Secret volume); '
  + "in Flink options and SQL, refer to it as '${ENV_VAR}'.";

const POD_TEMPLATES: ReadonlyArray<readonly string[]> = [['spec', 'podTemplate'], ['spec', 'jobManager', 'podTemplate'], ['spec', 'taskManager', 'podTemplate']];
const POD_TEMPLATE_PATHS: readonly string[] = POD_TEMPLATES.map((segs) => pathOf(...segs));
const FLINK_KINDS = new Set(['FlinkDeployment', 'FlinkSessionJob', 'FlinkApplication']);
/** The kinds the rules read: the Flink ones and ConfigMaps (SQL scripts). */
const SECRET_KINDS = [...FLINK_KINDS, 'ConfigMap'];
const SQL_WITH = /\bWITH\s*\(/i;

function at(obj: any, segs: readonly string[]): any {
  let v = obj;
  for (let i = 0; i < segs.length; i++) v = isObject(v) ? v[segs[i]] : undefined;
  return v;
}

function what(found: { what: string }[]): string {
  return found[0].what;
}

/** `--password x` pairs and secrets inside each argument. */
function argSecrets(args: unknown[]): Array<{ index: number; what: string }> {
  const out: Array<{ index: number; what: string }> = [];
  args.forEach((a, i) => {
    if (typeof a !== 'string') return;
    const inside = secretsInText(a);
    if (inside.length > 0) {
      out.push({ index: i, what: what(inside) });
      return;
    }
    const flag = /^--?([A-Za-z][\w.-]*)$/.exec(a);
    const next = args[i + 1];
    if (flag && isSecretName(flag[1]) && typeof next === 'string' && !next.startsWith('-') && !isPlaceholder(next) && !/^\$[{(]/.test(next)) {
      out.push({ index: i + 1, what: `'${a}'` });
    }
  });
  return out;
}

function checkPodTemplate(ctx: RuleContext, res: Resource, template: any, base: string): void {
  if (!isObject(template)) return;
  checkAnnotations(ctx, res, template.metadata, joinPath(base, 'metadata'));
  const spec = template.spec;
  if (!isObject(spec)) return;
  for (let l = 0; l < CONTAINER_LISTS.length; l++) {
    const list = CONTAINER_LISTS[l];
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (let ci = 0; ci < containers.length; ci++) checkContainer(ctx, res, containers[ci], ci, base, list);
  }
}

const CONTAINER_LISTS = ['containers', 'initContainers'] as const;
const ARG_FIELDS = ['args', 'command'] as const;

/** One container's env values, args and command (its path built only for a finding). */
function checkContainer(ctx: RuleContext, res: Resource, c: any, ci: number, base: string, list: string): void {
  if (!isObject(c)) return;
  const cp = () => joinPath(joinPath(joinPath(base, 'spec'), list), ci);
  const cname = typeof c.name === 'string' ? c.name : `#${ci}`;
  if (Array.isArray(c.env)) {
    const env = c.env;
    for (let ei = 0; ei < env.length; ei++) {
      const e = env[ei];
      if (!isObject(e) || typeof e.name !== 'string' || e.value === undefined || e.value === null) continue;
      const v = String(e.value);
      if (v.trim() === '' || isPlaceholder(v) || /^\$\(/.test(v.trim())) continue;
      const inside = secretsInText(v);
      if (!isSecretName(e.name) && inside.length === 0) continue;
      ctx.report(res, {
        rule: 'env-literal-secret',
        path: joinPath(joinPath(joinPath(cp(), 'env'), ei), 'value'),
        message: `Container '${cname}' sets env ${e.name} to a literal ${inside.length > 0 && !isSecretName(e.name) ? `secret (${what(inside)})` : 'secret'} (value redacted, ${v.length} characters); anyone who can read the manifest or the pod can read it`,
        fix: `Use valueFrom.secretKeyRef for ${e.name} instead of value. ${FIX}`,
      });
    }
  }
  for (let f = 0; f < ARG_FIELDS.length; f++) {
    const field = ARG_FIELDS[f];
    if (!Array.isArray(c[field])) continue;
    const found = argSecrets(c[field]);
    for (let k = 0; k < found.length; k++) {
      const s = found[k];
      ctx.report(res, {
        rule: 'args-literal-secret',
        path: joinPath(joinPath(cp(), field), s.index),
        message: `Container '${cname}' ${field}[${s.index}] holds a literal secret (${s.what}, value redacted)`,
        fix: `Pass it through an env var from a Secret and refer to it as $(ENV_VAR) in ${field}. ${FIX}`,
      });
    }
  }
}

function checkAnnotations(ctx: RuleContext, res: Resource, metadata: any, base: string): void {
  if (!isObject(metadata) || !isObject(metadata.annotations)) return;
  for (const [k, v] of Object.entries(metadata.annotations)) {
    if (typeof v !== 'string' || v.trim() === '' || isPlaceholder(v)) continue;
    const inside = secretsInText(v);
    if (!isSecretName(k) && inside.length === 0) continue;
    ctx.report(res, {
      rule: 'annotation-literal-secret',
      path: joinPath(joinPath(base, 'annotations'), k),
      message: `Annotation '${k}' holds a literal secret${inside.length > 0 ? ` (${what(inside)})` : ''} (value redacted, ${v.length} characters); annotations are readable by anyone who can read the resource or pod`,
      fix: `Remove the credential from the annotation. ${FIX}`,
    });
  }
}

function checkSql(ctx: RuleContext, res: Resource, text: string, path: string, where: string): boolean {
  if (!SQL_WITH.test(text)) return false;
  const inside = secretsInText(text);
  if (inside.length === 0) return false;
  ctx.report(res, {
    rule: 'sql-literal-secret',
    path,
    message: `The SQL in ${where} has a literal secret in a WITH (...) option (${what(inside)}, value redacted)`,
    fix: `Write the option as '\${ENV_VAR}' (Flink SQL resolves environment variables in options when configured) or use a catalog that reads credentials from a Secret. ${FIX}`,
  });
  return true;
}

/** Literal secrets in env, args, annotations, log configuration and SQL. */
export const secretRules: RuleSet = (ctx) => {
  const list = ctx.ofKinds(SECRET_KINDS);
  for (let i = 0; i < list.length; i++) {
    const res = list[i];
    const m = res.manifest;
    if (FLINK_KINDS.has(res.kind)) {
      for (let t = 0; t < POD_TEMPLATES.length; t++) checkPodTemplate(ctx, res, at(m, POD_TEMPLATES[t]), POD_TEMPLATE_PATHS[t]);
      checkAnnotations(ctx, res, m.metadata, 'metadata');
      const args = at(m, ['spec', 'job', 'args']);
      if (Array.isArray(args)) {
        args.forEach((a: unknown, i: number) => {
          if (typeof a === 'string') checkSql(ctx, res, a, pathOf('spec', 'job', 'args', i), `spec.job.args[${i}]`);
        });
        for (const s of argSecrets(args)) {
          const a = args[s.index];
          if (typeof a === 'string' && SQL_WITH.test(a)) continue; // reported as SQL
          ctx.report(res, {
            rule: 'args-literal-secret',
            path: pathOf('spec', 'job', 'args', s.index),
            message: `spec.job.args[${s.index}] holds a literal secret (${s.what}, value redacted); the job arguments are stored in the resource and shown by the operator`,
            fix: `Read it in the job from an environment variable or a mounted Secret instead. ${FIX}`,
          });
        }
      }
      const log = at(m, ['spec', 'logConfiguration']);
      if (isObject(log)) {
        for (const [file, text] of Object.entries(log)) {
          if (typeof text !== 'string') continue;
          const inside = secretsInText(text);
          if (inside.length === 0) continue;
          ctx.report(res, {
            rule: 'log-config-literal-secret',
            path: pathOf('spec', 'logConfiguration', file),
            message: `spec.logConfiguration '${file}' holds a literal secret (${what(inside)}, value redacted)`,
            fix: `Use a lookup such as \${env:VAR} in the log configuration and give the variable from a Secret. ${FIX}`,
          });
        }
      }
    } else if (res.kind === 'ConfigMap' && isObject(m.data)) {
      // SQL scripts mounted from a ConfigMap (FlinkSqlJob puts inline scripts there).
      for (const [key, text] of Object.entries(m.data)) {
        if (typeof text === 'string' && /\.sql$/i.test(key)) checkSql(ctx, res, text, pathOf('data', key), `ConfigMap '${res.name}' key '${key}'`);
      }
    }
  }
};
