#!/usr/bin/env node
/*
 * Runs the Flink configuration oracle for every supported Flink version:
 *   1. resolves that version's jars from Maven Central (cached in the local Maven repository),
 *   2. runs FlinkConfigOracle over them: every declared ConfigOption (options.json) and the
 *      verdict of Flink's own Configuration on generated values (values.tsv),
 *   3. merges the declarations of all versions into output/flink-options.json (committed: the
 *      catalogue is built from it by scripts/build-catalogue.js, without Java).
 *
 * Usage: node oracle/flink/run.js [--update] [--merge-only] [--versions 1.20,2.0]
 *   (no option) runs every line, FLINK_ORACLE_JOBS (3) at a time, and merges into target/versions;
 *   --update also writes output/flink-options.json and modules.lock.json (the patch of each module
 *   Maven Central serves, so later runs resolve in one step); --merge-only merges earlier runs;
 *   --versions runs the given lines only.
 * A version whose jars Maven cannot fetch is recorded as not verified, with the reason; it is
 * never merged and never counted as agreement.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

const HERE = __dirname;
const WORK = path.join(HERE, 'target', 'versions');
const OUTPUT = path.join(HERE, 'output');
const ORACLE_JAR = path.join(HERE, 'target', 'flink-config-oracle-0.1.0.jar');

/** Each supported Flink line with the latest patch release Maven Central serves. */
const VERSIONS = require('./versions.json');
/**
 * The whole run's time budget (default 30 min): a line whose jars are not resolved by then is
 * reported as not verified, so CI on a machine with an empty Maven repository stays bounded.
 */
const BUDGET_S = Number(process.env.FLINK_ORACLE_BUDGET_S || 1800);
const DEADLINE = Number(process.env.FLINK_ORACLE_DEADLINE || Date.now() + BUDGET_S * 1000);
/** The patch of each module that Maven Central serves, per line, as found by the last --update. */
const LOCK_FILE = path.join(HERE, 'modules.lock.json');
const LOCK = fs.existsSync(LOCK_FILE) ? JSON.parse(fs.readFileSync(LOCK_FILE, 'utf8')) : {};

/**
 * The modules that declare ConfigOptions. `deps: false` resolves the jar alone: its options
 * classes need only flink-core, and its own dependencies (Hadoop, Beam, fabric8, ...) are large.
 */
const MODULES = [
  { a: 'flink-core' },
  { a: 'flink-runtime' },
  { a: 'flink-clients' },
  { a: 'flink-streaming-java' },
  { a: 'flink-datastream', from: '2.0' },
  { a: 'flink-table-api-java' },
  { a: 'flink-table-api-java-bridge', deps: false },
  { a: 'flink-table-runtime', deps: false },
  { a: 'flink-statebackend-rocksdb' },
  { a: 'flink-statebackend-forst', from: '1.20' },
  { a: 'flink-statebackend-changelog', deps: false },
  { a: 'flink-dstl-dfs', deps: false },
  { a: 'flink-kubernetes', deps: false },
  { a: 'flink-yarn', deps: false },
  { a: 'flink-python_2.12', until: '1.15', deps: false },
  { a: 'flink-python', from: '1.16', deps: false },
  { a: 'flink-runtime-web', deps: false },
  { a: 'flink-sql-gateway', from: '1.16', deps: false },
  { a: 'flink-sql-client', deps: false },
  { a: 'flink-gs-fs-hadoop', deps: false },
  { a: 'flink-oss-fs-hadoop', deps: false },
  { a: 'flink-s3-fs-hadoop', deps: false },
  { a: 'flink-state-processor-api', deps: false },
  { a: 'flink-metrics-prometheus', deps: false },
];

function cmp(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  return pa[0] - pb[0] || pa[1] - pb[1];
}

function pom(modules) {
  const deps = modules.map((m) => `    <dependency>
      <groupId>org.apache.flink</groupId>
      <artifactId>${m.a}</artifactId>
      <version>${m.v}</version>${m.deps === false ? `
      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>` : ''}
    </dependency>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.cdk8s-flink</groupId>
  <artifactId>flink-jars</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

function sizeOf(files) {
  return files.reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/** Patch releases of a line, newest first: `1.20.5` -> 1.20.5, 1.20.4, ... 1.20.0. */
function patchesOf(latest) {
  const [maj, min, patch] = latest.split('.').map(Number);
  const out = [];
  for (let p = patch; p >= 0; p--) out.push(`${maj}.${min}.${p}`);
  return out;
}

function mvnClasspath(dir, modules) {
  fs.writeFileSync(path.join(dir, 'pom.xml'), pom(modules));
  const cpFile = path.join(dir, 'classpath.txt');
  const left = DEADLINE - Date.now();
  if (left <= 0) return { missing: [], timedOut: true, reason: `the oracle's time budget (FLINK_ORACLE_BUDGET_S=${BUDGET_S}) ran out before Maven resolved the jars` };
  const r = spawnSync('mvn', ['-B', '-q', '-f', path.join(dir, 'pom.xml'), 'dependency:build-classpath',
    `-Dmdep.outputFile=${cpFile}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: left, killSignal: 'SIGKILL' });
  if (r.status === 0) return { classpath: fs.readFileSync(cpFile, 'utf8').trim() };
  if (r.error || r.signal) return { missing: [], timedOut: true, reason: `the oracle's time budget (FLINK_ORACLE_BUDGET_S=${BUDGET_S}) ran out while Maven resolved the jars` };
  const text = `${r.stdout}\n${r.stderr}`;
  const missing = [...text.matchAll(/org\.apache\.flink:([\w.-]+):(?:jar|pom):([\w.-]+)/g)].map((m) => `${m[1]}:${m[2]}`);
  const reason = (text.match(/\[ERROR\][^\n]*/) || [text.trim().split('\n').pop() || 'mvn failed'])[0];
  return { missing, reason };
}

/**
 * Resolves the class path of a Flink line. Maven Central does not serve every module at every
 * patch release, so each module is taken at the newest patch of the line that is served; a module
 * served at no patch of the line is listed as not served.
 */
function resolve(line, latest, dir) {
  const pinned = LOCK[line];
  if (pinned && pinned.version === latest) {
    const mods = pinned.modules.map((m) => {
      const [a, v] = m.split(':');
      return { ...(MODULES.find((x) => x.a === a) || { a }), v };
    });
    const r = mvnClasspath(dir, mods);
    if (r.timedOut) return { error: r.reason };
    if (!r.missing) return { classpath: r.classpath, dropped: pinned.notServed.filter((a) => MODULES.some((m) => m.a === a)), modules: pinned.modules };
  }
  let pending = MODULES.filter((m) => (!m.from || cmp(line, m.from) >= 0) && (!m.until || cmp(line, m.until) <= 0));
  let fixed = [];
  for (const patch of patchesOf(latest)) {
    if (pending.length === 0) break;
    let trying = pending.map((m) => ({ ...m, v: patch }));
    const next = [];
    for (;;) {
      if (trying.length === 0) break;
      const r = mvnClasspath(dir, [...fixed, ...trying]);
      if (r.timedOut) return { error: r.reason };
      if (!r.missing) { fixed = [...fixed, ...trying]; break; }
      let drop = trying.filter((m) => r.missing.includes(`${m.a}:${patch}`));
      // A missing transitive dependency: move the modules resolved with their dependencies on.
      if (drop.length === 0) drop = trying.filter((m) => m.deps !== false);
      if (drop.length === 0) return { error: r.reason.slice(0, 400) };
      next.push(...drop.map(({ v, ...m }) => m));
      trying = trying.filter((m) => !drop.includes(m));
    }
    pending = next;
  }
  if (!fixed.some((m) => m.a === 'flink-core')) return { error: `flink-core is not served at any patch of ${line} up to ${latest}` };
  const r = mvnClasspath(dir, fixed);
  if (r.missing) return { error: r.reason.slice(0, 400) };
  return { classpath: r.classpath, dropped: pending.map((m) => m.a), modules: fixed.map((m) => `${m.a}:${m.v}`) };
}

function javaFor(line) {
  // Flink 2.x runs on Java 17; a newer JDK is used only if a Flink line needs it.
  const newer = '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java';
  return VERSIONS.javaNewer && VERSIONS.javaNewer.includes(line) && fs.existsSync(newer) ? newer : 'java';
}

function runVersion(line, version) {
  const dir = path.join(WORK, line);
  fs.mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  const res = resolve(line, version, dir);
  const resolveMs = Date.now() - t0;
  if (res.error) {
    return { line, version, verified: false, reason: `Maven could not fetch Flink ${version}: ${res.error}`, resolveMs };
  }
  const jars = res.classpath.split(path.delimiter).filter(Boolean);
  const t1 = Date.now();
  const r = spawnSync(javaFor(line), ['-cp', [ORACLE_JAR, ...jars].join(path.delimiter), 'dev.cdk8sflink.oracle.FlinkConfigOracle',
    path.join(dir, 'options.json'), path.join(dir, 'values.tsv')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const oracleMs = Date.now() - t1;
  if (r.status !== 0) {
    return { line, version, verified: false, reason: `oracle failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' ')}`, resolveMs, oracleMs };
  }
  const opts = JSON.parse(fs.readFileSync(path.join(dir, 'options.json'), 'utf8'));
  // SSL store passwords as this version's own code reads and checks them (docs/tls.md).
  const tlsFile = path.join(dir, 'tls.json');
  fs.rmSync(tlsFile, { force: true });
  const t2 = Date.now();
  // A real keystore (PKCS12, password 'store-pw'), so that SSLUtils gets past the keystore to the truststore checks.
  const keystore = path.join(dir, 'oracle-keystore.p12');
  fs.rmSync(keystore, { force: true });
  const keytool = path.join(path.dirname(javaFor(line) === 'java' ? (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java') : javaFor(line)), 'keytool');
  spawnSync(fs.existsSync(keytool) ? keytool : 'keytool', ['-genkeypair', '-alias', 'flink', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=flink-oracle',
    '-validity', '2', '-storetype', 'PKCS12', '-keystore', keystore, '-storepass', 'store-pw', '-keypass', 'store-pw'], { encoding: 'utf8' });
  const tls = spawnSync(javaFor(line), ['-cp', [ORACLE_JAR, ...jars].join(path.delimiter), 'dev.cdk8sflink.oracle.FlinkTlsOracle', line, dir, tlsFile, keystore],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, SSL_PASSWORD: 'from-env' } });
  const tlsMs = Date.now() - t2;
  const tlsReason = tls.status === 0 ? undefined : `TLS oracle failed: ${(tls.stderr || '').trim().split('\n').slice(-3).join(' ')}`;
  return {
    line, version, verified: true, resolveMs, oracleMs, tlsMs, ...(tlsReason ? { tlsReason } : {}),
    jars: jars.length, jarBytes: sizeOf(jars), modules: res.modules, notServed: res.dropped,
    options: Object.keys(opts.options).length, notLoadable: opts.notLoadable.length,
  };
}

function ensureOracleJar() {
  const srcDir = path.join(HERE, 'src', 'main', 'java', 'dev', 'cdk8sflink', 'oracle');
  const newest = Math.max(...fs.readdirSync(srcDir).map((f) => fs.statSync(path.join(srcDir, f)).mtimeMs));
  if (fs.existsSync(ORACLE_JAR) && fs.statSync(ORACLE_JAR).mtimeMs >= newest) return;
  execFileSync('mvn', ['-B', '-q', '-f', path.join(HERE, 'pom.xml'), 'package'], { stdio: 'inherit' });
}

/** Merges the per-version declarations into one file: each key with the versions that declare it. */
function merge(results) {
  const verified = results.filter((r) => r.verified).sort((a, b) => cmp(a.line, b.line));
  const keys = {};
  for (const r of verified) {
    const opts = JSON.parse(fs.readFileSync(path.join(WORK, r.line, 'options.json'), 'utf8')).options;
    for (const [key, o] of Object.entries(opts)) {
      const k = keys[key] || (keys[key] = { versions: [] });
      k.versions.push(r.line);
      // The newest declaration wins for type, enum and default; deprecation is kept per version.
      const sig = JSON.stringify([o.type, o.enum || null]);
      const seg = (k.typeLines || (k.typeLines = [])).find((x) => x.sig === sig);
      if (seg) seg.lines.push(r.line); else k.typeLines.push({ sig, type: o.type, enum: o.enum, lines: [r.line] });
      k.type = o.type;
      if (o.enum) k.enum = o.enum; else delete k.enum;
      k.default = o.default;
      if (o.documented === false) k.documented = false; else delete k.documented;
      if (o.deprecated) (k.deprecatedIn || (k.deprecatedIn = [])).push(r.line);
      for (const d of o.deprecatedKeys || []) ((k.deprecatedKeys || (k.deprecatedKeys = {}))[d] || (k.deprecatedKeys[d] = [])).push(r.line);
      for (const d of o.fallbackKeys || []) ((k.fallbackKeys || (k.fallbackKeys = {}))[d] || (k.fallbackKeys[d] = [])).push(r.line);
      k.module = o.declaredIn.split(':')[0].replace(/_2\.1[12]$/, '');
    }
  }
  const ordered = {};
  for (const key of Object.keys(keys).sort()) {
    const k = keys[key];
    const e = { versions: k.versions, type: k.type };
    if (k.enum) e.enum = k.enum;
    // Earlier versions that declared another type (e.g. a Long of milliseconds before a Duration).
    const older = k.typeLines.filter((t) => t.type !== k.type || JSON.stringify(t.enum || null) !== JSON.stringify(k.enum || null));
    if (older.length) e.olderTypes = older.map((t) => ({ type: t.type, ...(t.enum ? { enum: t.enum } : {}), lines: t.lines }));
    e.default = k.default;
    if (k.documented === false) e.documented = false;
    if (k.deprecatedIn) e.deprecatedIn = k.deprecatedIn;
    if (k.deprecatedKeys) e.deprecatedKeys = k.deprecatedKeys;
    if (k.fallbackKeys) e.fallbackKeys = k.fallbackKeys;
    e.module = k.module;
    ordered[key] = e;
  }
  return {
    versions: results.map((r) => (r.verified
      ? { line: r.line, version: r.version, verified: true, options: r.options, modules: r.modules.map((m) => m.replace(/_2\.1[12]:/, ':')), notServed: r.notServed.filter((a) => MODULES.some((m) => m.a === a)).map((m) => m.replace(/_2\.1[12]$/, '')) }
      : { line: r.line, version: r.version, verified: false, reason: r.reason })),
    keys: ordered,
  };
}

function report(r) {
  if (r.verified) {
    console.log(`flink oracle: Flink ${r.version}: ${r.options} options, ${r.jars} jars (${(r.jarBytes / 1048576).toFixed(1)} MiB), resolve ${(r.resolveMs / 1000).toFixed(1)} s, oracle ${(r.oracleMs / 1000).toFixed(1)} s, TLS ${r.tlsReason ? 'FAILED' : `${((r.tlsMs || 0) / 1000).toFixed(1)} s`}${r.notServed.length ? `; not served: ${r.notServed.join(', ')}` : ''}${r.notLoadable ? `; ${r.notLoadable} classes not loadable` : ''}`);
  } else {
    console.log(`flink oracle: Flink ${r.version}: NOT VERIFIED: ${r.reason}`);
  }
}

/** Runs the lines in child processes, a few at a time (resolving is mostly waiting on the network). */
function runAll(lines, jobs) {
  const { spawn } = require('child_process');
  return new Promise((done) => {
    let next = 0;
    let running = 0;
    const start = () => {
      while (running < jobs && next < lines.length) {
        const line = lines[next++];
        running++;
        const child = spawn(process.execPath, [__filename, '--versions', line], {
          stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FLINK_ORACLE_DEADLINE: String(DEADLINE) },
        });
        child.on('exit', () => { running--; if (next >= lines.length && running === 0) done(); else start(); });
      }
    };
    start();
  });
}

function readStatuses() {
  return Object.entries(VERSIONS.lines).map(([line, version]) => {
    const f = path.join(WORK, line, 'status.json');
    const r = fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : undefined;
    return r && r.version === version ? r : { line, version, verified: false, reason: 'the oracle did not finish for it' };
  });
}

async function main() {
  const argv = process.argv.slice(2);
  const only = argv.includes('--versions') ? argv[argv.indexOf('--versions') + 1].split(',') : undefined;
  if (only) {
    ensureOracleJar();
    for (const line of only) {
      const dir = path.join(WORK, line);
      fs.mkdirSync(dir, { recursive: true });
      fs.rmSync(path.join(dir, 'status.json'), { force: true });
      const r = runVersion(line, VERSIONS.lines[line]);
      fs.writeFileSync(path.join(dir, 'status.json'), JSON.stringify(r, null, 2) + '\n');
      report(r);
    }
    return;
  }
  const t0 = Date.now();
  if (!argv.includes('--merge-only')) {
    ensureOracleJar();
    await runAll(Object.keys(VERSIONS.lines), Number(process.env.FLINK_ORACLE_JOBS || 3));
  }
  const results = readStatuses();
  const ok = results.filter((r) => r.verified).length;
  console.log(`flink oracle: ${ok} of ${results.length} Flink versions verified in ${((Date.now() - t0) / 1000).toFixed(0)} s${ok < results.length ? `; not verified: ${results.filter((r) => !r.verified).map((r) => r.line).join(', ')}` : ''}`);
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(path.join(WORK, 'flink-options.json'), JSON.stringify(merge(results), null, 1) + '\n');
  if (argv.includes('--update')) {
    writeMerged(results);
    const lock = {};
    for (const r of results) if (r.verified) lock[r.line] = { version: r.version, modules: r.modules, notServed: r.notServed.filter((a) => MODULES.some((m) => m.a === a)) };
    fs.writeFileSync(LOCK_FILE, JSON.stringify(lock, null, 2) + '\n');
  }
}

function writeMerged(results) {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const out = path.join(OUTPUT, 'flink-options.json');
  fs.writeFileSync(out, JSON.stringify(merge(results), null, 1) + '\n');
  console.log(`flink oracle: wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
