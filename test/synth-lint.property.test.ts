/**
 * Synth and lint agree: whatever the constructs synthesize without an error, `cdk8s-flink lint`
 * accepts (no error finding), pod templates included. Generated props lean on the fields that reach
 * pod templates (security contexts, tolerations, extra containers, labels) and on plain-JavaScript
 * values (fractions, huge numbers, strings where numbers go).
 */
import { Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  DeploymentMode, FlinkApplication, FlinkSessionCluster, FlinkVersion, ImagePullPolicy, JobJar, PodSecurity,
} from '../lib';
import { checkManifests } from '../lib/cli/check';
import { checkPodSecurity } from '../lib/validation/pss';
import { mergeByPosition } from './helpers';

const RUNS = Number(process.env.FC_RUNS ?? 300);

/** Numbers as a plain-JavaScript caller may pass them: mostly fine, sometimes not. */
const anyNumber = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 30 },
  { arbitrary: fc.constantFrom(0, -1, 1.5, 1e308, 2147483648, Number.NaN, Number.POSITIVE_INFINITY), weight: 1 },
  { arbitrary: fc.constantFrom('1000' as any, null as any), weight: 1 },
);

const securityContext = fc.record({
  runAsUser: anyNumber,
  runAsGroup: anyNumber,
  fsGroup: anyNumber,
  runAsNonRoot: fc.oneof({ arbitrary: fc.boolean(), weight: 10 }, { arbitrary: fc.constant('yes' as any), weight: 1 }),
}, { requiredKeys: [] });

const toleration = fc.record({
  key: fc.constantFrom('dedicated', 'gpu'),
  operator: fc.constantFrom('Exists', 'Equal'),
  effect: fc.constantFrom('NoSchedule', 'NoExecute'),
  tolerationSeconds: anyNumber,
}, { requiredKeys: ['key'] });

const sidecar = fc.record({
  name: fc.constantFrom('sidecar', 'log-shipper'),
  image: fc.constant('busybox:1.36'),
  ports: fc.option(fc.array(fc.record({ containerPort: anyNumber }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  securityContext: fc.option(fc.record({ privileged: fc.boolean(), allowPrivilegeEscalation: fc.boolean() }, { requiredKeys: [] }), { nil: undefined }),
});

const propsArb = fc.record({
  kind: fc.constantFrom('application', 'session'),
  version: fc.constantFrom(FlinkVersion.V1_18, FlinkVersion.V1_20, FlinkVersion.V2_0),
  podSecurity: fc.option(fc.constantFrom(PodSecurity.RESTRICTED, PodSecurity.OPENSHIFT, PodSecurity.NONE), { nil: undefined }),
  mode: fc.option(fc.constantFrom(DeploymentMode.NATIVE, DeploymentMode.STANDALONE, DeploymentMode.NATIVE, DeploymentMode.STANDALONE, 'hybrid' as any), { nil: undefined }),
  imagePullPolicy: fc.option(fc.constantFrom(ImagePullPolicy.ALWAYS, ImagePullPolicy.IF_NOT_PRESENT, ImagePullPolicy.NEVER, 'Sometimes' as any), { nil: undefined }),
  parallelism: fc.option(anyNumber, { nil: undefined }),
  tmReplicas: fc.option(anyNumber, { nil: undefined }),
  cpu: fc.option(fc.oneof(fc.constantFrom(0.5, 1, 2), anyNumber), { nil: undefined }),
  securityContext: fc.option(securityContext, { nil: undefined, freq: 2 }),
  tolerations: fc.option(fc.array(toleration, { maxLength: 2 }), { nil: undefined }),
  podLabels: fc.option(fc.dictionary(fc.constantFrom('team', 'app.kubernetes.io/name', 'tier', 'Bad Key', 'x/'), fc.constantFrom('data', 'orders', 'a.b-c_d', 'not valid!')), { nil: undefined }),
  hostNetwork: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
  sidecars: fc.option(fc.array(sidecar, { maxLength: 1 }), { nil: undefined, freq: 2 }),
  tmSidecar: fc.option(sidecar, { nil: undefined, freq: 2 }),
});

type Gen = typeof propsArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: Gen): any[] {
  const chart = Testing.chart();
  const podSpec: Record<string, any> = {};
  if (g.hostNetwork !== undefined) podSpec.hostNetwork = g.hostNetwork;
  if (g.sidecars) podSpec.containers = g.sidecars;
  const props: any = {
    version: g.version,
    image: `flink:${g.version}`,
    podSecurity: g.podSecurity,
    mode: g.mode,
    imagePullPolicy: g.imagePullPolicy,
    taskManager: { replicas: g.tmReplicas, cpu: g.cpu },
    securityContext: g.securityContext,
    tolerations: g.tolerations,
    podLabels: g.podLabels,
    podTemplate: Object.keys(podSpec).length ? { spec: podSpec } : undefined,
    taskManagerPodTemplate: g.tmSidecar ? { spec: { containers: [g.tmSidecar] } } : undefined,
  };
  if (g.kind === 'application') {
    new FlinkApplication(chart, 'app', { ...props, jar: JobJar.fromImage('/opt/flink/usrlib/job.jar'), parallelism: g.parallelism });
  } else {
    new FlinkSessionCluster(chart, 'app', props);
  }
  return Testing.synth(chart);
}

test('what synth accepts, lint accepts (pod templates included)', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  let accepted = 0;
  let restricted = 0;
  try {
    fc.assert(fc.property(propsArb, (g) => {
      let manifests: any[];
      try {
        manifests = build(g);
      } catch (e) {
        // Rejected at construction or synth: a clear error naming the construct, the prop and the fix.
        expect(e).not.toBeInstanceOf(TypeError);
        const message = (e as Error).message;
        // (Synth-time findings come through cdk8s: "Validation failed with the following errors:" and then one line per finding.)
        expect(message).toMatch(/^\[|^Validation failed with the following errors:\n\s*\[/);
        expect(message).toContain('Fix:');
        return;
      }
      accepted++;
      // What `npm run synth` writes, read back as `cdk8s-flink lint dist/` reads it.
      const text = Yaml.stringify(...manifests);
      const read = parseAllDocuments(text).map((d) => d.toJS());
      const errors = checkManifests(read, { mode: 'lint' }).filter((f) => f.severity === 'error');
      expect(errors.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
      // With a hardening profile and no user override, the pods pass Pod Security "restricted".
      const profile = g.podSecurity ?? PodSecurity.RESTRICTED;
      const userTouched = g.securityContext || g.sidecars?.some((s) => s.securityContext) || g.tmSidecar?.securityContext || g.hostNetwork;
      if (profile.restricted && !userTouched) {
        const fd = read.find((m) => m.kind === 'FlinkDeployment');
        for (const c of ['jobManager', 'taskManager']) {
          const pod = mergeByPosition(fd.spec.podTemplate, fd.spec[c]?.podTemplate);
          expect(checkPodSecurity(pod.spec, pod.metadata, ['flink-main-container'])).toEqual([]);
        }
        restricted++;
      }
    }), {
      numRuns: RUNS,
      // Besides the random cases, always one plain hardened application (the default profile, no
      // user override), so the Pod Security check below runs in every run, whatever the seed.
      examples: [[{ kind: 'application', version: FlinkVersion.V1_20 } as Gen]],
    });
  } finally {
    warn.mockRestore();
  }
  // Not degenerate: both accepted and rejected cases, and hardened ones among the accepted. About
  // 5-11 % of the generated cases are accepted (15 to 33 of 300 over 16 seeds), so RUNS / 20 sat
  // in the tail and failed about one run in ten by chance; RUNS / 40 still fails a generator that
  // accepts almost nothing.
  expect(accepted).toBeGreaterThan(RUNS / 40);
  expect(accepted).toBeLessThan(RUNS);
  expect(restricted).toBeGreaterThan(0);
});
