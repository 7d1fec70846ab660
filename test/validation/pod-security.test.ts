import { lintManifests } from '../../lib/validation/engine';
import { checkPodSecurity } from '../../lib/validation/pss';
import { POD_SECURITY_RULES } from '../../lib/validation/rules/pod-security';
import { smallDeployment } from '../helpers';

const MAIN = 'flink-main-container';
const HARDENED_POD = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const HARDENED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

/** A hand-written FlinkDeployment with the given pod templates. */
function deployment(podTemplate: any, extra: Record<string, any> = {}): any {
  const m = smallDeployment({ ...(podTemplate ? { podTemplate } : {}), ...extra }, { name: 'orders' });
  if (!('job' in extra)) delete m.spec.job; // a session cluster unless a job is given
  return m;
}

function hardened(spec: Record<string, any> = {}, container: Record<string, any> = {}): any {
  return {
    spec: {
      securityContext: { ...HARDENED_POD },
      containers: [{ name: MAIN, securityContext: { ...HARDENED_CONTAINER }, ...container }],
      ...spec,
    },
  };
}

const podFindings = (m: any) => lintManifests([m], { external: { serviceAccounts: ['flink'] } }).filter((f) => f.rule.startsWith('pod-'));
const summary = (m: any) => podFindings(m).map((f) => `${f.rule} ${f.severity} ${f.path}`);

describe('pod-security-restricted', () => {
  test('a deployment without a pod template fails restricted: one warning per control, for both pods', () => {
    const findings = podFindings(deployment(undefined));
    expect(findings.map((f) => `${f.rule} ${f.severity} ${f.path}`)).toEqual([
      'pod-security-restricted warning spec.podTemplate.spec.containers',
      'pod-security-restricted warning spec.podTemplate.spec.containers',
      'pod-security-restricted warning spec.podTemplate.spec.securityContext.runAsNonRoot',
      'pod-security-restricted warning spec.podTemplate.spec.securityContext.seccompProfile.type',
    ]);
    expect(findings[2].message).toMatch(/^JobManager and TaskManager pods: .*runAsNonRoot.*Pod Security 'restricted' rejects the pod$/);
    expect(findings[2].fix).toMatch(/runAsNonRoot: true/);
  });

  test('near miss: a hardened template passes; NET_BIND_SERVICE may be added, Localhost seccomp is fine', () => {
    expect(summary(deployment(hardened()))).toEqual([]);
    expect(summary(deployment(hardened({}, { securityContext: { ...HARDENED_CONTAINER, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } })))).toEqual([]);
    expect(summary(deployment(hardened({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } })))).toEqual([]);
  });

  test('a missing control in the TaskManager template is reported there, for the TaskManager only', () => {
    const m = deployment(hardened(), {
      taskManager: {
        resource: { memory: '2048m', cpu: 1 },
        podTemplate: { spec: { containers: [{ name: MAIN, securityContext: { allowPrivilegeEscalation: true } }] } },
      },
    });
    const findings = podFindings(m);
    expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual([
      'pod-security-restricted spec.taskManager.podTemplate.spec.containers[0].securityContext.allowPrivilegeEscalation',
    ]);
    expect(findings[0].message).toMatch(/^TaskManager pods: /);
  });

  test('hostPath volumes and capabilities beyond NET_BIND_SERVICE fail restricted', () => {
    const m = deployment(hardened({ volumes: [{ name: 'data', hostPath: { path: '/tmp/flink' } }] },
      { securityContext: { ...HARDENED_CONTAINER, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } }));
    expect(summary(m)).toEqual([
      'pod-security-restricted warning spec.podTemplate.spec.volumes[0].hostPath',
      'pod-security-restricted warning spec.podTemplate.spec.containers[0].securityContext.capabilities.add',
    ]);
  });

  test('root: runAsUser 0 or runAsNonRoot false on a container', () => {
    expect(summary(deployment(hardened({ securityContext: { ...HARDENED_POD, runAsUser: 0 } })))).toEqual([
      'pod-security-restricted warning spec.podTemplate.spec.securityContext.runAsUser',
    ]);
    expect(summary(deployment(hardened({}, { securityContext: { ...HARDENED_CONTAINER, runAsNonRoot: false } })))).toEqual([
      'pod-security-restricted warning spec.podTemplate.spec.containers[0].securityContext.runAsNonRoot',
    ]);
  });
});

describe('pod-privileged', () => {
  test('a privileged Flink container is an error', () => {
    const m = deployment(hardened({}, { securityContext: { ...HARDENED_CONTAINER, privileged: true } }));
    const findings = podFindings(m).filter((f) => f.rule === 'pod-privileged');
    expect(findings.map((f) => `${f.severity} ${f.path}`)).toEqual(['error spec.podTemplate.spec.containers[0].securityContext.privileged']);
    expect(findings[0].message).toMatch(/is privileged/);
  });

  test.each(['hostNetwork', 'hostPID', 'hostIPC'])('%s: true is an error', (field) => {
    expect(summary(deployment(hardened({ [field]: true })))).toEqual([`pod-privileged error spec.podTemplate.spec.${field}`]);
  });

  test('in a component template, reported at that template', () => {
    const m = deployment(hardened(), { jobManager: { resource: { memory: '2048m', cpu: 1 }, podTemplate: { spec: { hostNetwork: true } } } });
    expect(summary(m)).toEqual(['pod-privileged error spec.jobManager.podTemplate.spec.hostNetwork']);
  });

  test('near miss: privileged false and host namespaces false are fine', () => {
    expect(summary(deployment(hardened({ hostNetwork: false, hostPID: false, hostIPC: false }, { securityContext: { ...HARDENED_CONTAINER, privileged: false } })))).toEqual([]);
  });
});

describe('the Pod Security Standard checks', () => {
  test('runAsNonRoot and seccomp may be set per container instead of on the pod', () => {
    const spec = { containers: [{ name: 'a', securityContext: { ...HARDENED_CONTAINER, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } }] };
    expect(checkPodSecurity(spec)).toEqual([]);
    const other = { containers: [...spec.containers, { name: 'b', securityContext: HARDENED_CONTAINER }] };
    expect(checkPodSecurity(other).map((v) => v.control).sort()).toEqual(['runAsNonRoot', 'seccomp']);
  });

  test('Unconfined seccomp, unsafe sysctls, host ports, SELinux, AppArmor and /proc fail baseline', () => {
    const spec = {
      securityContext: { ...HARDENED_POD, sysctls: [{ name: 'kernel.msgmax', value: '1' }, { name: 'net.ipv4.tcp_syncookies', value: '1' }] },
      containers: [{
        name: 'a',
        ports: [{ containerPort: 80, hostPort: 80 }],
        securityContext: { ...HARDENED_CONTAINER, seccompProfile: { type: 'Unconfined' }, seLinuxOptions: { type: 'spc_t' }, procMount: 'Unmasked', appArmorProfile: { type: 'Unconfined' } },
      }],
    };
    const v = checkPodSecurity(spec);
    expect(v.map((x) => `${x.level} ${x.control}`).sort()).toEqual([
      'baseline appArmor', 'baseline hostPorts', 'baseline procMount', 'baseline seLinux', 'baseline seccomp', 'baseline sysctls',
    ]);
  });

  test('only the restricted volume types pass; a malformed spec never throws', () => {
    const spec = { ...hardened().spec, volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', nfs: { server: 's', path: '/' } }, { name: 'c', persistentVolumeClaim: { claimName: 'x' } }] };
    expect(checkPodSecurity(spec).map((v) => `${v.control} ${v.path}`)).toEqual(['volumeTypes volumes[1].nfs']);
    for (const bad of [null, 'x', 3, [], { containers: 'x' }, { containers: [null, 1] }, { securityContext: 'x', volumes: [null] }]) {
      expect(() => checkPodSecurity(bad)).not.toThrow();
    }
  });

  test('the rules are documented', () => {
    expect(POD_SECURITY_RULES.map((r) => `${r.id} ${r.severity}`)).toEqual(['pod-security-restricted warning', 'pod-privileged error']);
  });
});
