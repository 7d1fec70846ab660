/**
 * Flink as judge of the TLS verdict (docs/tls.md). For every Flink version the oracle ran
 * (node oracle/flink/run.js: FlinkTlsOracle writes the configuration file as the operator writes it
 * for that version, reads it back with that version's GlobalConfiguration while SSL_PASSWORD is set
 * in the environment, and calls SSLUtils with passwords missing):
 *  - no version substitutes `${SSL_PASSWORD}` or `$(SSL_PASSWORD)`: there is no literal-free route
 *    through the configuration file, and ssl-password-placeholder is right;
 *  - ssl-password-truncated fires exactly for the passwords that come back changed;
 *  - the keystore password is mandatory in every version, the internal truststore password too;
 *    a REST client without a truststore uses the JDK's trust from 1.18 on.
 * Versions the oracle did not verify are reported, never counted as agreement.
 */
import * as fs from 'fs';
import * as path from 'path';
import { lintManifests } from '../../../lib';

const HERE = path.resolve(__dirname, '..');
const WORK = path.join(HERE, 'target', 'versions');
const VERSIONS: { lines: Record<string, string> } = JSON.parse(fs.readFileSync(path.join(HERE, 'versions.json'), 'utf8'));

interface TlsResult {
  readonly line: string;
  readonly file: string;
  readonly env: string;
  readonly written: Record<string, string>;
  readonly read: Record<string, string | null>;
  readonly ssl: Record<string, string>;
}

const results: TlsResult[] = [];
const notVerified: string[] = [];
for (const line of Object.keys(VERSIONS.lines)) {
  const f = path.join(WORK, line, 'tls.json');
  if (fs.existsSync(f)) results.push(JSON.parse(fs.readFileSync(f, 'utf8')));
  else notVerified.push(line);
}

afterAll(() => {
  console.log(`flink TLS oracle: ${results.length} versions verified${notVerified.length ? `; not verified: ${notVerified.join(', ')}` : ''}`);
});

const minor = (line: string) => {
  const [a, b] = line.split('.').map(Number);
  return a * 1000 + b;
};

test('the oracle verified at least one Flink version', () => {
  expect(results.length).toBeGreaterThan(0);
});

describe.each(results.map((r) => [r.line, r]))('Flink %s', (line, r) => {
  test('the environment was set, and the operator\'s file for this version was read', () => {
    expect(r.env).toBe('from-env');
    expect(r.file).toBe(minor(line) >= 2000 ? 'config.yaml' : 'flink-conf.yaml');
  });

  test('no environment substitution in the configuration file', () => {
    expect(r.read['security.ssl.internal.keystore-password']).toBe('${SSL_PASSWORD}');
    expect(r.read['security.ssl.rest.keystore-password']).toBe('$(SSL_PASSWORD)');
  });

  test('ssl-password-truncated fires exactly for the passwords Flink reads back changed', () => {
    for (const [key, written] of Object.entries(r.written)) {
      const manifest = {
        apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkDeployment', metadata: { name: 'tls' },
        spec: { image: `flink:${line}`, flinkVersion: `v${line.replace('.', '_')}`, serviceAccount: 'flink', flinkConfiguration: { [key]: written } },
      };
      const fired = lintManifests([manifest], { operatorVersion: 'main' }).some((f) => f.rule === 'ssl-password-truncated');
      expect({ key, changed: r.read[key] !== written }).toEqual({ key, changed: fired });
    }
  });

  test('SSLUtils: the keystore password and the internal truststore password are mandatory', () => {
    expect(r.ssl.internalServerWithoutKeystorePassword).toMatch(/^IllegalConfigurationException: .*keystore-password/);
    expect(r.ssl.internalServerWithoutTruststorePassword).toMatch(/^IllegalConfigurationException: .*truststore-password/);
  });

  test('SSLUtils: a REST client without a truststore fails before 1.18 and uses the JDK trust from 1.18 on', () => {
    if (minor(line) >= 1018) expect(r.ssl.restClientWithoutTruststore).toBe('ok');
    else expect(r.ssl.restClientWithoutTruststore).toMatch(/^IllegalConfigurationException: .*truststore/);
  });
});
