/**
 * The library must be able to produce the operator's own example manifests (same meaning, not
 * same bytes). Each example these constructs cover is rebuilt with them (operator main, explicit
 * names, the Helm chart's `flink` service account) and compared with the file after normalising
 * both sides the same way:
 *
 * - flinkConfiguration: nested maps flattened to dotted keys, every value a string (lists joined
 *   with ';', as the operator does), durations with a unit by value ("10s" == "10 s"); the deprecated
 *   names `state.checkpoints.dir`, `state.savepoints.dir`, `state.backend.incremental` and
 *   `state.checkpoints.num-retained` count as their `execution.checkpointing.*` successors (the
 *   names our constructs write for Flink 1.20+);
 * - jobManager/taskManager `resources`/`resource`: memory compared by value as the operator parses
 *   it (Flink units first, so 2048m == 2Gi), cpu as a number of cores ("1" == 1);
 * - pod templates: replaced by the pod the operator builds for each component (the component
 *   template merged over spec.podTemplate, lists by position, as the operator does by default);
 *   volume names, which only link mounts to volumes, replaced by the mount paths that use them;
 *   volumes and volumeMounts sorted (their order has no meaning); `automountServiceAccountToken`
 *   dropped: the constructs mount the token only where Flink calls the API, a deliberate difference
 *   (test/pod-security.test.ts); the examples are rebuilt with `PodSecurity.NONE`, since they do
 *   not harden their pods;
 * - metadata is not compared, except the resource names;
 * - FlinkBlueGreenDeployment: `spec.template.spec` normalised as a FlinkDeployment spec, the
 *   blue/green `configuration` durations compared by value ("2s" == "2 s").
 *
 * Reads ../shared/operator-examples beside the repo (or $CDK8S_FLINK_SHARED/operator-examples).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { isObject, mergeByPosition } from '../helpers';
import {
  CheckpointPolicy, DeploymentMode, FlinkApplication, FlinkBlueGreenDeployment, FlinkBlueGreenDeploymentProps,
  FlinkServiceAccount, FlinkSessionCluster, FlinkStorage, FlinkVersion, JobJar, JobState,
  OperatorVersion, PodSecurity, SessionJob, UpgradeMode,
} from '../../lib';

const SHARED = process.env.CDK8S_FLINK_SHARED ?? path.resolve(__dirname, '../../../shared');
const EXAMPLES = path.join(SHARED, 'operator-examples');

// ---------------------------------------------------------------------------------------------
// Normalisation

/** Deprecated key -> the name our constructs write for the examples' Flink version (2.2). */
const KEY_ALIASES: Record<string, string> = {
  'state.checkpoints.dir': 'execution.checkpointing.dir',
  'state.savepoints.dir': 'execution.checkpointing.savepoint-dir',
  'state.backend.incremental': 'execution.checkpointing.incremental',
  'state.checkpoints.num-retained': 'execution.checkpointing.num-retained',
};

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, min: 60000, h: 3600000 };

/** A Flink duration ("2s", "2 s", "2000 ms") in milliseconds, for the blue/green configuration. */
function durationMs(v: unknown): string {
  const m = /^(\d+)\s*(ms|s|min|h)?$/.exec(String(v).trim());
  return m ? `${Number(m[1]) * DURATION_MS[m[2] ?? 'ms']} ms` : `unparsable duration ${v}`;
}


function flattenConfig(config: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (!isObject(config)) return out;
  for (const [k, v] of Object.entries(config)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObject(v)) flattenConfig(v, key, out);
    else {
      const text = Array.isArray(v) ? v.map(String).join(';') : String(v);
      // Durations with a unit by value ("10s" == "10 s"); nothing else is rewritten.
      out[KEY_ALIASES[key] ?? key] = /^\d+\s*(ms|s|min|h)$/.test(text.trim()) ? durationMs(text) : text;
    }
  }
  return out;
}

const FLINK_UNITS: Record<string, number> = {
  '': 1, b: 1, bytes: 1, k: 2 ** 10, kb: 2 ** 10, kibibytes: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mebibytes: 2 ** 20,
  g: 2 ** 30, gb: 2 ** 30, gibibytes: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tebibytes: 2 ** 40,
};
const K8S_UNITS: Record<string, number> = {
  '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50,
  k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, m: 1e-3,
};

/** Memory as the operator reads it: a Flink MemorySize first, else a Kubernetes quantity. */
function memoryBytes(v: unknown): string {
  const s = String(v).trim();
  const flink = /^(\d+)\s*([a-zA-Z]*)$/.exec(s);
  if (flink && FLINK_UNITS[flink[2].toLowerCase()] !== undefined) return `${Number(flink[1]) * FLINK_UNITS[flink[2].toLowerCase()]} bytes`;
  const k8s = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(s.toUpperCase().replace(/B$/, '').replace(/I$/, 'i').replace(/^(.*\d)([KMGTP])I$/, '$1$2i'));
  if (k8s && K8S_UNITS[k8s[2]] !== undefined) return `${Number(k8s[1]) * K8S_UNITS[k8s[2]]} bytes`;
  return `unparsable memory ${s}`;
}

/** CPU as a number of cores. */
function cpuCores(v: unknown): string {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(v).trim());
  return m ? String(Number(m[1]) / (m[2] ? 1000 : 1)) : `unparsable cpu ${v}`;
}

function normaliseQuantities(map: unknown): unknown {
  if (!isObject(map)) return map;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    out[k] = k === 'memory' ? memoryBytes(v) : k === 'cpu' ? cpuCores(v) : String(v);
  }
  return out;
}

function normaliseComponent(c: unknown): unknown {
  if (!isObject(c)) return c;
  const out: Record<string, any> = { ...c };
  delete out.podTemplate;
  if (isObject(c.resource)) {
    out.resource = { ...c.resource };
    if (c.resource.memory !== undefined) out.resource.memory = memoryBytes(c.resource.memory);
    if (c.resource.cpu !== undefined) out.resource.cpu = cpuCores(c.resource.cpu);
  }
  if (isObject(c.resources)) {
    out.resources = { ...c.resources };
    for (const k of ['requests', 'limits']) if (c.resources[k] !== undefined) out.resources[k] = normaliseQuantities(c.resources[k]);
  }
  return out;
}


/** Renames volumes after the mount paths that use them and sorts volumes and mounts. */
function normalisePod(pod: any): any {
  if (!isObject(pod)) return pod;
  const spec = isObject(pod.spec) ? pod.spec : {};
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const paths: Record<string, string[]> = {};
  for (const c of containers) for (const m of c.volumeMounts ?? []) (paths[m.name] ??= []).push(m.mountPath);
  const rename = (n: string) => (paths[n] ? `volume at ${[...new Set(paths[n])].sort().join(', ')}` : n);
  const byKey = (key: string) => (a: any, b: any) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0);
  const fixContainer = (c: any) => (c.volumeMounts
    ? { ...c, volumeMounts: c.volumeMounts.map((m: any) => ({ ...m, name: rename(m.name) })).sort(byKey('mountPath')) }
    : c);
  const out: Record<string, any> = { ...spec };
  delete out.automountServiceAccountToken;
  if (spec.containers) out.containers = spec.containers.map(fixContainer);
  if (spec.initContainers) out.initContainers = spec.initContainers.map(fixContainer);
  if (spec.volumes) out.volumes = spec.volumes.map((v: any) => ({ ...v, name: rename(v.name) })).sort(byKey('name'));
  return { ...pod, spec: out };
}

function normaliseSpec(kind: string, spec: any): any {
  const out: Record<string, any> = { ...spec };
  if (kind === 'FlinkBlueGreenDeployment') {
    if (isObject(spec.configuration)) {
      out.configuration = Object.fromEntries(Object.entries(spec.configuration).map(([k, v]) => [k, durationMs(v)]));
    }
    if (isObject(spec.template)) out.template = { ...spec.template, spec: normaliseSpec('FlinkDeployment', spec.template.spec ?? {}) };
    return out;
  }
  if (spec.flinkConfiguration !== undefined) out.flinkConfiguration = flattenConfig(spec.flinkConfiguration);
  if (kind === 'FlinkDeployment') {
    delete out.podTemplate;
    for (const c of ['jobManager', 'taskManager']) {
      const pod = mergeByPosition(spec.podTemplate, spec[c]?.podTemplate);
      const effective = pod === undefined ? undefined : normalisePod(pod);
      const empty = isObject(effective) && Object.keys(effective).every((k) => k === 'spec') && Object.keys(effective.spec).length === 0;
      if (effective !== undefined && !empty) out[`${c} pod (effective)`] = effective;
      if (spec[c] !== undefined) out[c] = normaliseComponent(spec[c]);
    }
  }
  return out;
}

/** `kind/name` -> normalised spec of every Flink resource. */
function flinkResources(manifests: any[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const m of manifests) {
    if (!m || !/^flink\.apache\.org\//.test(m.apiVersion ?? '')) continue;
    out[`${m.kind}/${m.metadata?.name}`] = normaliseSpec(m.kind, m.spec ?? {});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The examples, rebuilt with the constructs

const STATE_MACHINE = JobJar.fromImage('/opt/flink/examples/streaming/StateMachineExample.jar');
const MEMORY = Size.mebibytes(2048);

/** What every example shares: Flink 2.2, operator main, the Helm chart's `flink` service account, 1 cpu / 2048m. */
function common(chart: Chart) {
  return {
    version: FlinkVersion.V2_2,
    operatorVersion: OperatorVersion.MAIN,
    image: 'flink:2.2',
    serviceAccount: FlinkServiceAccount.fromName(chart, 'flink-sa', 'flink'),
    jobManager: { cpu: 1, memory: MEMORY },
    podSecurity: PodSecurity.NONE,
  };
}

const LOG4J_CONSOLE = [
  'rootLogger.level = DEBUG',
  'rootLogger.appenderRef.file.ref = LogFile',
  'rootLogger.appenderRef.console.ref = LogConsole',
  'appender.file.name = LogFile',
  'appender.file.type = File',
  'appender.file.append = false',
  'appender.file.fileName = $' + '{sys:log.file}',
  'appender.file.layout.type = PatternLayout',
  'appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n',
  'appender.console.name = LogConsole',
  'appender.console.type = CONSOLE',
  'appender.console.layout.type = PatternLayout',
  'appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n',
  'logger.akka.name = akka',
  'logger.akka.level = INFO',
  'logger.kafka.name= org.apache.kafka',
  'logger.kafka.level = INFO',
  'logger.hadoop.name = org.apache.hadoop',
  'logger.hadoop.level = INFO',
  'logger.zookeeper.name = org.apache.zookeeper',
  'logger.zookeeper.level = INFO',
  'logger.netty.name = org.apache.flink.shaded.akka.org.jboss.netty.channel.DefaultChannelPipeline',
  'logger.netty.level = OFF',
].join('\n') + '\n';

/** What the operator's blue/green e2e manifests share: Flink 1.20, 1 cpu, 1G / 2G, the state machine example. */
function blueGreenCommon(chart: Chart): FlinkBlueGreenDeploymentProps {
  return {
    version: FlinkVersion.V1_20,
    operatorVersion: OperatorVersion.MAIN,
    image: 'flink:1.20',
    mode: DeploymentMode.NATIVE,
    serviceAccount: FlinkServiceAccount.fromName(chart, 'flink-sa', 'flink'),
    flinkConfiguration: { 'rest.port': '8081' },
    jobManager: { cpu: 1, memory: Size.gibibytes(1) },
    taskManager: { cpu: 1, memory: Size.gibibytes(2), taskSlots: 1 },
    jar: STATE_MACHINE,
    entryClass: 'org.apache.flink.streaming.examples.statemachine.StateMachineExample',
    args: ['--error-rate', '0.15', '--sleep', '30'],
    parallelism: 1,
    upgradeMode: UpgradeMode.STATELESS,
    podSecurity: PodSecurity.NONE,
  };
}

const BUILDERS: Record<string, (chart: Chart) => void> = {
  'e2e_bluegreen-stateless.yaml': (chart) => {
    new FlinkBlueGreenDeployment(chart, 'bg', {
      ...blueGreenCommon(chart),
      name: 'basic-bg-stateless-example',
      blueGreen: { deploymentDeletionDelay: Duration.seconds(2) },
    });
  },

  'e2e_bluegreen-ingress.yaml': (chart) => {
    new FlinkBlueGreenDeployment(chart, 'bg', {
      ...blueGreenCommon(chart),
      name: 'bg-ingress-test',
      blueGreen: { deploymentDeletionDelay: Duration.seconds(2) },
      ingress: {
        template: '{{name}}.{{namespace}}.example.com',
        className: 'nginx',
        annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' },
      },
    });
  },

  // The operator's file mounts the state volume in the JobManager only; the constructs mount state
  // storage in JobManager and TaskManager pods (TaskManagers write checkpoint data there too), with
  // fsGroup 9999. PATCHES below adds exactly that to the expected side; the linter keeps reporting
  // the missing TaskManager mount of the original (operator-examples-lint.test.ts).
  'e2e_bluegreen-laststate.yaml': (chart) => {
    const storage = FlinkStorage.existingClaim('flink-bg-laststate', { mountPath: '/opt/flink/volume' });
    const common = blueGreenCommon(chart);
    new FlinkBlueGreenDeployment(chart, 'bg', {
      ...common,
      name: 'basic-bg-laststate-example',
      blueGreen: { deploymentDeletionDelay: Duration.seconds(1) },
      checkpoints: CheckpointPolicy.every(Duration.seconds(10), {
        storage, incremental: true, retained: 5, checkpointsPath: 'flink-cp', savepointsPath: 'flink-sp',
      }),
      flinkConfiguration: { ...common.flinkConfiguration, 'execution.checkpointing.storage': 'filesystem' },
      jobManagerPodTemplate: {
        spec: {
          containers: [{
            name: 'flink-main-container',
            resources: {
              requests: { 'ephemeral-storage': kplus.k8s.Quantity.fromString('2048Mi') },
              limits: { 'ephemeral-storage': kplus.k8s.Quantity.fromString('2048Mi') },
            },
          }],
        },
      },
      upgradeMode: UpgradeMode.LAST_STATE,
    });
  },

  'basic.yaml': (chart) => {
    new FlinkApplication(chart, 'basic', {
      ...common(chart),
      name: 'basic-example',
      taskManager: { cpu: 1, memory: MEMORY, taskSlots: 2 },
      jar: STATE_MACHINE,
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
    });
  },

  'basic-session-deployment-and-job.yaml': (chart) => {
    const cluster = new FlinkSessionCluster(chart, 'session', {
      ...common(chart),
      name: 'basic-session-deployment-example',
      taskManager: { cpu: 1, memory: MEMORY },
    });
    new SessionJob(chart, 'job', {
      cluster,
      name: 'basic-session-job-example',
      jar: JobJar.fromUrl('https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/flink-examples-streaming-2.2.0-TopSpeedWindowing.jar'),
      parallelism: 4,
      upgradeMode: UpgradeMode.STATELESS,
    });
    new SessionJob(chart, 'job2', {
      cluster,
      name: 'basic-session-job-example2',
      jar: JobJar.fromUrl('https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/flink-examples-streaming-2.2.0.jar'),
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
      entryClass: 'org.apache.flink.streaming.examples.statemachine.StateMachineExample',
    });
  },

  // Not with CheckpointPolicy.every / HaStorage.kubernetes / FlinkStorage.hostPath: those would add
  // execution.checkpointing.interval (the example has periodic checkpoints off), a hostPath of type
  // DirectoryOrCreate (the example requires an existing Directory) and fsGroup 9999. The plain props
  // express the example, including the manual savepoint trigger `savepointTriggerNonce: 0`.
  'basic-checkpoint-ha.yaml': (chart) => {
    new FlinkApplication(chart, 'checkpoint-ha', {
      ...common(chart),
      name: 'basic-checkpoint-ha-example',
      taskManager: { cpu: 1, memory: MEMORY, taskSlots: 2 },
      flinkConfiguration: {
        'execution.checkpointing.savepoint-dir': 'file:///flink-data/savepoints',
        'execution.checkpointing.dir': 'file:///flink-data/checkpoints',
        'high-availability.type': 'kubernetes',
        'high-availability.storageDir': 'file:///flink-data/ha',
        'kubernetes.operator.savepoint.format.type': 'NATIVE',
      },
      volumes: [{
        volume: kplus.Volume.fromHostPath(chart, 'flink-volume', 'flink-volume', { path: '/tmp/flink', type: kplus.HostPathVolumeType.DIRECTORY }),
        mountPath: '/flink-data',
      }],
      jar: STATE_MACHINE,
      parallelism: 2,
      upgradeMode: UpgradeMode.SAVEPOINT,
      state: JobState.RUNNING,
      savepointTriggerNonce: 0,
    });
  },

  'pod-template.yaml': (chart) => {
    new FlinkApplication(chart, 'pod-template', {
      ...common(chart),
      name: 'pod-template-example',
      taskManager: { cpu: 1, memory: MEMORY, taskSlots: 2 },
      volumes: [
        { volume: kplus.Volume.fromEmptyDir(chart, 'flink-logs', 'flink-logs'), mountPath: '/opt/flink/log' },
        { volume: kplus.Volume.fromEmptyDir(chart, 'downloads', 'downloads'), mountPath: '/opt/flink/downloads' },
      ],
      // Sidecar for log forwarding, in JobManager and TaskManager pods.
      podTemplate: {
        spec: {
          containers: [{
            name: 'fluentbit',
            image: 'fluent/fluent-bit:1.9.6-debug',
            command: ['sh', '-c', '/fluent-bit/bin/fluent-bit -i tail -p path=/flink-logs/*.log -p multiline.parser=java -o stdout'],
            volumeMounts: [{ mountPath: '/flink-logs', name: 'flink-logs' }],
          }],
        },
      },
      // Init container fetching the job jar, JobManager only. (PodTemplateSpec makes `containers`
      // mandatory, so an empty list stands for "no change".)
      jobManagerPodTemplate: {
        spec: {
          containers: [],
          initContainers: [{
            name: 'busybox',
            image: 'busybox:1.35.0',
            volumeMounts: [{ mountPath: '/opt/flink/downloads', name: 'downloads' }],
            command: ['/bin/sh', '-c',
              'wget -O /opt/flink/downloads/flink-examples-streaming.jar https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/flink-examples-streaming-2.2.0.jar'],
          }],
        },
      },
      jar: JobJar.fromImage('/opt/flink/downloads/flink-examples-streaming.jar'),
      entryClass: 'org.apache.flink.streaming.examples.statemachine.StateMachineExample',
      parallelism: 2,
    });
  },

  'custom-logging.yaml': (chart) => {
    new FlinkApplication(chart, 'custom-logging', {
      ...common(chart),
      name: 'custom-logging-example',
      taskManager: { cpu: 1, memory: MEMORY, taskSlots: 2 },
      jar: STATE_MACHINE,
      parallelism: 2,
      upgradeMode: UpgradeMode.STATELESS,
      logConfiguration: { 'log4j-console.properties': LOG4J_CONSOLE },
    });
  },

  'basic-ingress.yaml': (chart) => {
    new FlinkApplication(chart, 'ingress', {
      ...common(chart),
      name: 'basic-ingress',
      ingress: { template: '{{name}}.{{namespace}}.flink.k8s.io' },
      taskManager: { cpu: 1, memory: MEMORY, taskSlots: 2 },
      jar: STATE_MACHINE,
      parallelism: 2,
    });
  },
};

// ---------------------------------------------------------------------------------------------

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

test('the operator examples are there', () => {
  for (const file of Object.keys(BUILDERS)) expect(fs.existsSync(path.join(EXAMPLES, file))).toBe(true);
});

/**
 * Deliberate differences, applied to the expected (operator) side and stated here: the e2e
 * laststate manifest mounts its state volume in the JobManager pod only, the constructs mount state
 * storage in both pods and add fsGroup 9999 so the flink user can write.
 */
const PATCHES: Record<string, (resources: Record<string, any>) => void> = {
  'e2e_bluegreen-laststate.yaml': (resources) => {
    const spec = resources['FlinkBlueGreenDeployment/basic-bg-laststate-example'].template.spec;
    const jm = spec['jobManager pod (effective)'];
    const volume = jm.spec.volumes.find((v: any) => v.persistentVolumeClaim?.claimName === 'flink-bg-laststate');
    const mount = jm.spec.containers[0].volumeMounts.find((m: any) => m.name === volume.name);
    jm.spec.securityContext = { fsGroup: 9999 };
    spec['taskManager pod (effective)'] = {
      spec: {
        containers: [{ name: 'flink-main-container', volumeMounts: [mount] }],
        securityContext: { fsGroup: 9999 },
        volumes: [volume],
      },
    };
  },
};

describe.each(Object.keys(BUILDERS))('%s', (file) => {
  test('the constructs produce the same resources with the same meaning', () => {
    const expected = flinkResources(parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')).map((d) => d.toJS()));
    PATCHES[file]?.(expected);
    const chart = new Chart(Testing.app(), 'example');
    BUILDERS[file](chart);
    const actual = flinkResources(Testing.synth(chart));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    expect(actual).toEqual(expected);
  });
});

describe('normalisation', () => {
  test('memory by value, Flink units first', () => {
    expect(memoryBytes('2048m')).toBe(memoryBytes('2Gi'));
    expect(memoryBytes('1g')).toBe(memoryBytes('1024Mi'));
    expect(memoryBytes('1G')).toBe(memoryBytes('1Gi'));
    expect(memoryBytes('2048m')).not.toBe(memoryBytes('2048'));
    expect(memoryBytes('1GiB')).toBe(memoryBytes('1Gi'));
  });

  test('cpu as cores', () => {
    expect(cpuCores('1')).toBe(cpuCores(1));
    expect(cpuCores('500m')).toBe(cpuCores(0.5));
  });

  test('nested and deprecated config keys', () => {
    expect(flattenConfig({ state: { 'checkpoints.dir': 'file:///a' }, 'taskmanager.numberOfTaskSlots': 2 }))
      .toEqual({ 'execution.checkpointing.dir': 'file:///a', 'taskmanager.numberOfTaskSlots': '2' });
  });

  test('volume names do not matter, what is mounted where does', () => {
    const pod = (vol: string, at: string) => normalisePod({ spec: { containers: [{ name: 'c', volumeMounts: [{ name: vol, mountPath: at }] }], volumes: [{ name: vol, emptyDir: {} }] } });
    expect(pod('a', '/x')).toEqual(pod('b', '/x'));
    expect(pod('a', '/x')).not.toEqual(pod('a', '/y'));
  });
});
