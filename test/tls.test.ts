import { Chart, Testing } from 'cdk8s';
import { FlinkApplication, FlinkTls, FlinkValidation, FlinkVersion, JobJar, TlsPassword } from '../lib';
import { only } from './helpers';

const props = (tls: FlinkTls) => ({
  version: FlinkVersion.V2_1, image: 'flink:2.1', jar: JobJar.fromImage('/opt/flink/usrlib/a.jar'), tls,
});
const tls = (over: Partial<Parameters<typeof FlinkTls.fromSecret>[0]> = {}) =>
  FlinkTls.fromSecret({ secretName: 'flink-tls', password: TlsPassword.literal('store-pw'), ...over });

let warn: jest.SpyInstance;
beforeEach(() => { warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
afterEach(() => warn.mockRestore());

test('the Secret is mounted through kubernetes.secrets and internal SSL points at its files', () => {
  const chart = Testing.chart();
  FlinkValidation.suppress(chart, 'config-literal-secret', 'no literal-free route for SSL passwords; the namespace is restricted');
  new FlinkApplication(chart, 'orders', props(tls()));
  const config = only(Testing.synth(chart), 'FlinkDeployment').spec.flinkConfiguration;
  expect(config).toEqual({
    'kubernetes.secrets': 'flink-tls:/opt/flink/tls',
    'security.ssl.internal.enabled': 'true',
    'security.ssl.internal.keystore': '/opt/flink/tls/keystore.jks',
    'security.ssl.internal.truststore': '/opt/flink/tls/truststore.jks',
    'security.ssl.internal.keystore-password': 'store-pw',
    'security.ssl.internal.key-password': 'store-pw',
    'security.ssl.internal.truststore-password': 'store-pw',
  });
});

test('REST SSL on request, with separate key and truststore passwords', () => {
  const chart = Testing.chart();
  FlinkValidation.suppress(chart, 'config-literal-secret', 'accepted for this test');
  new FlinkApplication(chart, 'orders', props(tls({ rest: true, internal: false, password: TlsPassword.literal('s', { keyPassword: 'k', truststorePassword: 't' }) })));
  const config = only(Testing.synth(chart), 'FlinkDeployment').spec.flinkConfiguration;
  expect(config['security.ssl.rest.enabled']).toBe('true');
  expect(config['security.ssl.internal.enabled']).toBeUndefined();
  expect([config['security.ssl.rest.keystore-password'], config['security.ssl.rest.key-password'], config['security.ssl.rest.truststore-password']]).toEqual(['s', 'k', 't']);
});

test('without an explicit suppression the literal passwords fail synth, and the password is not printed', () => {
  const chart = new Chart(Testing.app(), 'test');
  new FlinkApplication(chart, 'orders', props(tls({ password: TlsPassword.literal('hunter2-secret') })));
  let message = '';
  try {
    Testing.synth(chart);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('config-literal-secret');
  expect(message).toContain('security.ssl.internal.keystore-password');
  expect(message).not.toContain('hunter2-secret');
});

test('bad input', () => {
  expect(() => tls({ secretName: 'Bad_Name' })).toThrow("[FlinkTls.fromSecret] 'secretName' (Bad_Name) is not a valid Secret name. Fix: use lower case letters, digits, '-' and '.'.");
  expect(() => tls({ internal: false })).toThrow("[FlinkTls.fromSecret] 'internal' and 'rest' are both off. Fix: enable at least one of them, or remove 'tls'.");
  expect(() => tls({ mountPath: 'tls' })).toThrow(/'mountPath' \(tls\) must be an absolute path/);
  expect(() => TlsPassword.literal('')).toThrow("[TlsPassword.literal] 'storePassword' ('') must be a non-empty string. Fix: pass the password of the store.");
});
