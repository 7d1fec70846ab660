import { operatorAtLeast } from '../operator-versions';
import { Resource, RuleContext, RuleSet, Severity } from '../types';
import { autoscalerIssues } from './autoscaler';
import {
  DEPLOYMENT_NAME, configPath, int, isChecked, isNull, jobDirIssues, obj, q, specOf,
} from './deployment';
import { RuleInfo } from './info';

/**
 * The operator's FlinkSessionJob rules (S1, S2, S4-S12) and the ahead-of-time check that the
 * target session cluster exists. Where the target is in the input, its flinkConfiguration is
 * overlaid with the job's own, as the operator does.
 */

/** Finds a resource by kind and name in a namespace, treating an unset namespace and `default` alike. */
export function findInNamespace(ctx: RuleContext, kind: string, namespace: string, name: string): Resource | undefined {
  const hit = ctx.find(kind, namespace, name);
  if (hit) return hit;
  if (namespace === '') return ctx.find(kind, 'default', name);
  if (namespace === 'default') return ctx.find(kind, '', name);
  return undefined;
}

// --- jar URIs (S4-S7) --------------------------------------------------------------------------

/** What java.net.URI makes of a string: an error, or its scheme and server host (when it has one). */
export interface ParsedUri {
  readonly error?: string;
  readonly scheme?: string;
  /** The server-based host (hostname, IPv4 or bracketed IPv6), lower case; undefined when none. */
  readonly host?: string;
}

const ILLEGAL = /[\u0000-\u0020\u007f"<>\\^`{|}]/;
const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z](?:[a-z0-9-]*[a-z0-9])?\.?$/i;

function ipv4(text: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** The eight 16-bit groups of an IPv6 literal (without brackets or zone), or undefined. */
function ipv6(text: string): number[] | undefined {
  let t = text.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const p = ipv4(v4[1]);
    if (!p) return undefined;
    t = t.slice(0, v4.index) + (((p[0] << 8) | p[1]).toString(16)) + ':' + (((p[2] << 8) | p[3]).toString(16));
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const zeros = new Array(8 - known).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...(halves.length === 2 ? zeros : []), ...rest.map((g) => parseInt(g, 16))];
}

/** Parses a jar URI the way java.net.URI does, as far as the S4-S7 checks need. */
export function parseUri(text: string): ParsedUri {
  const bad = ILLEGAL.exec(text);
  if (bad) return { error: `illegal character ${q(bad[0])} at index ${bad.index}` };
  const escape = /%(?![0-9a-f]{2})/i.exec(text);
  if (escape) return { error: `malformed escape pair at index ${escape.index}` };
  const hash = text.indexOf('#');
  if (hash >= 0 && text.indexOf('#', hash + 1) >= 0) return { error: `illegal character "#" at index ${text.indexOf('#', hash + 1)}` };
  const body = hash >= 0 ? text.slice(0, hash) : text;
  const colon = body.indexOf(':');
  const firstSep = body.search(/[/?#]/);
  let scheme: string | undefined;
  let rest = body;
  if (colon >= 0 && (firstSep < 0 || colon < firstSep)) {
    if (colon === 0) return { error: 'expected a scheme name at index 0' };
    scheme = body.slice(0, colon);
    if (!/^[a-z][a-z0-9+.-]*$/i.test(scheme)) return { error: `illegal character in scheme name ${q(scheme)}` };
    rest = body.slice(colon + 1);
    if (rest === '' && hash < 0) return { error: `expected a scheme-specific part after "${scheme}:"` };
    if (!rest.startsWith('/')) {
      // Opaque URI (mailto:x): no authority, so no host.
      return /[[\]]/.test(rest) ? { error: 'illegal character "[" or "]"' } : { scheme };
    }
  }
  if (!rest.startsWith('//')) {
    return /[[\]]/.test(rest) ? { error: 'illegal character "[" or "]" outside a host' } : { scheme };
  }
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?]/);
  const authority = end < 0 ? afterSlashes : afterSlashes.slice(0, end);
  const tail = end < 0 ? '' : afterSlashes.slice(end);
  if (/[[\]]/.test(tail)) return { error: 'illegal character "[" or "]" outside a host' };
  if (authority === '') {
    return tail === '' && hash < 0 ? { error: `expected an authority after "${scheme ? scheme + ':' : ''}//"` } : { scheme };
  }
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0 || !ipv6(hostPort.slice(1, close))) return { error: `malformed IPv6 address in ${q(authority)}` };
    const after = hostPort.slice(close + 1);
    if (after !== '' && !/^:\d*$/.test(after)) return { error: `illegal character after the IPv6 address in ${q(authority)}` };
    return { scheme, host: hostPort.slice(0, close + 1).toLowerCase() };
  }
  if (/[[\]]/.test(hostPort)) return { error: `illegal character "[" or "]" in ${q(authority)}` };
  const c = hostPort.indexOf(':');
  const host = c >= 0 ? hostPort.slice(0, c) : hostPort;
  const port = c >= 0 ? hostPort.slice(c + 1) : '';
  // Anything that is not a server authority (bad port, underscores, ...) is registry-based: no host.
  if (!/^\d*$/.test(port) || host === '') return { scheme };
  if (ipv4(host) || HOSTNAME.test(host)) return { scheme, host: host.toLowerCase() };
  return { scheme };
}

/**
 * Why a host is restricted (loopback, wildcard, link-local, private, multicast), judged by its
 * literal form only, or undefined.
 */
export function restrictedHost(host: string): string | undefined {
  let h = host.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) {
    const g = ipv6(h.slice(1, -1));
    if (!g) return undefined;
    if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
      h = `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
    } else {
      if (g.every((x) => x === 0)) return 'the IPv6 wildcard address';
      if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'the IPv6 loopback address';
      if ((g[0] & 0xffc0) === 0xfe80) return 'an IPv6 link-local address';
      if ((g[0] & 0xffc0) === 0xfec0) return 'an IPv6 site-local address';
      if ((g[0] & 0xfe00) === 0xfc00) return 'an IPv6 unique-local (private) address';
      if ((g[0] & 0xff00) === 0xff00) return 'an IPv6 multicast address';
      return undefined;
    }
  }
  h = h.replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return 'a loopback name';
  const p = ipv4(h);
  if (!p) return undefined;
  if (p[0] === 127) return 'a loopback address';
  if (p.every((x) => x === 0)) return 'the wildcard address';
  if (p[0] === 10 || (p[0] === 172 && p[1] >= 16 && p[1] <= 31) || (p[0] === 192 && p[1] === 168)) return 'a private (site-local) address';
  if (p[0] === 169 && p[1] === 254) return 'a link-local address (cloud metadata endpoints live here)';
  if (p[0] >= 224 && p[0] <= 239) return 'a multicast address';
  return undefined;
}

function checkJarUri(ctx: RuleContext, res: Resource, jarUri: string): void {
  const path = 'spec.job.jarURI';
  const parsed = parseUri(jarUri);
  if (parsed.error) {
    ctx.report(res, {
      rule: 'jar-uri-invalid', ref: 'S4', path,
      message: `spec.job.jarURI ${q(jarUri)} is not a valid URI: ${parsed.error}`,
      fix: 'Percent-encode spaces and special characters, e.g. https://repo.example.com/jobs/my%20job.jar.',
    });
    return;
  }
  if (!parsed.scheme) {
    ctx.report(res, {
      rule: 'jar-uri-no-scheme', ref: 'S5', path,
      message: `spec.job.jarURI ${q(jarUri)} has no scheme; the operator downloads session-job jars and needs one`,
      fix: 'Use a full URL such as https://repo.example.com/jobs/job.jar.',
    });
    return;
  }
  const allowed = (ctx.options.allowedJarSchemes ?? ['https']).map((s) => s.toLowerCase());
  const scheme = parsed.scheme.toLowerCase();
  if (!allowed.includes(scheme)) {
    ctx.report(res, {
      rule: 'jar-uri-scheme-not-allowed', ref: 'S6', path,
      message: `spec.job.jarURI scheme ${q(parsed.scheme)} is not in the operator's allowlist [${allowed.join(', ')}]`,
      fix: scheme === 'local'
        ? 'A session job cannot use a jar inside the image; serve it over https, or add the scheme to the operator\'s kubernetes.operator.user.artifacts.allowed-schemes.'
        : `Serve the jar over ${allowed[0] ?? 'https'}, or add "${scheme}" to the operator's kubernetes.operator.user.artifacts.allowed-schemes (and the lint allowedJarSchemes option).`,
    });
  }
  if ((scheme === 'http' || scheme === 'https') && (ctx.options.disallowRestrictedHosts ?? true)) {
    if (parsed.host === undefined) {
      ctx.report(res, {
        rule: 'jar-uri-no-host', ref: 'S7', path,
        message: `spec.job.jarURI ${q(jarUri)} has no host; http/https jar URIs must name a server`,
        fix: 'Write the URL with a valid host name, e.g. https://repo.example.com/jobs/job.jar.',
      });
      return;
    }
    const why = restrictedHost(parsed.host);
    if (why) {
      ctx.report(res, {
        rule: 'jar-uri-restricted-host', ref: 'S7', path,
        message: `spec.job.jarURI host ${q(parsed.host)} is ${why}; the operator refuses to download jars from restricted hosts`,
        fix: 'Serve the jar from a public host, or turn off kubernetes.operator.user.artifacts.disallow-restricted-hosts in the operator configuration (and the lint disallowRestrictedHosts option).',
      });
    }
  }
}

// --- the session job -----------------------------------------------------------------------

function checkSessionJob(ctx: RuleContext, res: Resource): void {
  const spec = specOf(res);
  const dn = spec.deploymentName;

  // S1
  if (typeof dn !== 'string' || !DEPLOYMENT_NAME.test(dn)) {
    ctx.report(res, {
      rule: 'session-job-deployment-name-invalid', ref: 'S1', path: 'spec.deploymentName',
      message: isNull(dn)
        ? 'spec.deploymentName is not set; a session job must name the session cluster it runs on'
        : `spec.deploymentName ${q(dn)} is not a valid FlinkDeployment name (1-45 lower case letters, digits or '-', starting with a letter)`,
      fix: 'Set spec.deploymentName to the metadata.name of a session-cluster FlinkDeployment in the same namespace.',
    });
  }
  // S2
  const job = obj(spec.job);
  if (!job) {
    ctx.report(res, {
      rule: 'session-job-spec-missing', ref: 'S2', path: 'spec.job',
      message: 'spec.job is not set; a session job without a job spec has nothing to submit',
      fix: 'Set spec.job with at least jarURI and parallelism.',
    });
  }
  // S4-S7: the jar URI allowlist arrived in operator 1.15.
  if (job && typeof job.jarURI === 'string' && operatorAtLeast(ctx.operatorVersion, '1.15')) checkJarUri(ctx, res, job.jarURI);

  // The target session cluster (S8, and S9 ahead of time).
  let cluster: Resource | undefined;
  if (typeof dn === 'string' && DEPLOYMENT_NAME.test(dn)) {
    cluster = findInNamespace(ctx, 'FlinkDeployment', res.namespace, dn);
    if (!cluster && !ctx.isExternal('sessionClusters', res.namespace, dn)) {
      const ns = res.namespace || 'default';
      const synth = ctx.mode === 'synth';
      ctx.report(res, {
        rule: 'session-cluster-not-found',
        severity: synth ? 'error' : 'warning',
        path: 'spec.deploymentName',
        message: synth
          ? `spec.deploymentName ${q(dn)} names no FlinkDeployment in namespace ${q(ns)} of this app`
          : `spec.deploymentName ${q(dn)} names no FlinkDeployment in namespace ${q(ns)} of the input; it must already exist in the cluster`,
        fix: synth
          ? `Add the session cluster to the app (or target it through its construct), fix the name, or declare "${ns}/${dn}" as an external session cluster.`
          : `Make sure session cluster ${q(dn)} exists in namespace ${q(ns)} before this job is applied, or lint it together with this file.`,
      });
    }
  }
  const clusterSpec = cluster ? specOf(cluster) : undefined;
  if (cluster && clusterSpec && !isNull(clusterSpec.job)) {
    ctx.report(res, {
      rule: 'session-job-targets-application', ref: 'S8', path: 'spec.deploymentName',
      message: `spec.deploymentName ${q(dn)} is an application cluster (its spec.job is set); session jobs can only be submitted to session clusters`,
      fix: `Target a FlinkDeployment without spec.job, or run this job as its own application FlinkDeployment.`,
    });
  }

  const merged = cluster ? { ...cluster.config, ...res.config } : res.config;
  const inherited = (key: string) => !!cluster && !Object.prototype.hasOwnProperty.call(res.config, key)
    && Object.prototype.hasOwnProperty.call(cluster.config, key);
  const pathFor = (key: string) => configPath(res, key);
  const clusterName = typeof dn === 'string' ? dn : '';

  // S10: R11-R15 on the merged config.
  if (job) {
    for (const d of jobDirIssues(job, merged, clusterSpec?.flinkVersion)) {
      if (cluster) {
        ctx.report(res, { rule: d.rule, ref: 'S10', path: pathFor(d.key), message: d.message, fix: d.fix });
      } else {
        ctx.report(res, {
          rule: d.rule, ref: 'S10', severity: 'warning', path: pathFor(d.key),
          message: `${d.message}; the session cluster ${q(clusterName)} is not in the input, so it must set ${d.key}`,
          fix: `Make sure session cluster ${q(clusterName)} sets ${d.key}, or set it in this job's flinkConfiguration. ${d.fix}`,
        });
      }
    }
  }
  // S11
  if (job) {
    const parallelism = isNull(job.parallelism) ? 0 : int(job.parallelism);
    if (parallelism !== undefined && parallelism < 1) {
      ctx.report(res, {
        rule: 'parallelism-invalid', ref: 'S11', path: 'spec.job.parallelism',
        message: isNull(job.parallelism)
          ? 'spec.job.parallelism is not set (the operator reads it as 0); a session job\'s parallelism must be larger than 0'
          : `spec.job.parallelism is ${q(job.parallelism)}; a session job's parallelism must be larger than 0`,
        fix: 'Set spec.job.parallelism to 1 or more (session jobs cannot take it from taskManager.replicas).',
      });
    }
  }
  // S12: autoscaler checks on the merged config; what the cluster reports itself is not repeated.
  const clusterOwn = cluster && isChecked(cluster, 'FlinkDeployment')
    ? new Set(autoscalerIssues(cluster.config, ctx.operatorVersion).map((i) => `${i.rule}|${i.ref}|${i.key}|${i.message}`))
    : new Set<string>();
  for (const issue of autoscalerIssues(merged, ctx.operatorVersion)) {
    if (clusterOwn.has(`${issue.rule}|${issue.ref}|${issue.key}|${issue.message}`)) continue;
    ctx.report(res, {
      rule: issue.rule, ref: issue.ref, severity: issue.severity, path: pathFor(issue.key),
      message: inherited(issue.key) ? `${issue.message} (set on session cluster ${q(clusterName)})` : issue.message,
      fix: issue.fix,
    });
  }
}

/** The operator's FlinkSessionJob validation plus the target-cluster check. */
export const sessionJobRules: RuleSet = (ctx) => {
  const list = ctx.ofKind('FlinkSessionJob');
  for (let i = 0; i < list.length; i++) if (isChecked(list[i], 'FlinkSessionJob')) checkSessionJob(ctx, list[i]);
};

const info = (id: string, ref: string, why: string, severity: Severity = 'error'): RuleInfo => ({ id, ref, severity, why });

/** The ids this module reports, for the README rule table. */
export const SESSION_JOB_RULES: RuleInfo[] = [
  info('session-job-deployment-name-invalid', 'S1', 'spec.deploymentName must be set and be a valid FlinkDeployment name.'),
  info('session-job-spec-missing', 'S2', 'A session job needs spec.job.'),
  info('jar-uri-invalid', 'S4', 'The operator downloads session-job jars; jarURI must be a valid URI.'),
  info('jar-uri-no-scheme', 'S5', 'A session-job jarURI must have a scheme.'),
  info('jar-uri-scheme-not-allowed', 'S6', 'The operator only downloads jars over allowlisted schemes (default https only).'),
  info('jar-uri-no-host', 'S7', 'http/https jar URIs must name a host.'),
  info('jar-uri-restricted-host', 'S7', 'Jars are not fetched from loopback, link-local, private or multicast hosts (judged by literal form; the operator also resolves DNS).'),
  info('session-job-targets-application', 'S8', 'Session jobs cannot be submitted to application clusters.'),
  info('session-cluster-not-found', '', 'The target session cluster must exist in the same namespace: an error at synth (unless declared external), a warning when linting.'),
  info('checkpoint-dir-required', 'S10', 'As R11 on the session cluster\'s config overlaid with the job\'s (a warning when the cluster is not in the input).'),
  info('savepoint-dir-required', 'S10', 'As R12-R15 on the merged config (a warning when the cluster is not in the input).'),
  info('parallelism-invalid', 'S11', 'A session job\'s parallelism must be at least 1.'),
];
