#!/usr/bin/env node
/*
 * Generates everything under imports/ from the operator CRDs in ../shared/crds:
 *
 *   imports/flink.apache.org.ts        L1 classes (cdk8s import), made from trimmed CRDs: every
 *                                      pod template is a free object, typed in lib/ instead.
 *   imports/schemas/operator-<v>.json  one compact JSON schema per operator version, used by the
 *                                      schema tests and by `cdk8s-flink lint`. The pod template
 *                                      schema is kept once, under definitions.PodTemplate.
 *
 * Run with `npm run import`. Nothing under imports/ is edited by hand.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');
const SHARED = process.env.CDK8S_FLINK_SHARED || path.resolve(ROOT, '..', 'shared');
// CDK8S_FLINK_IMPORTS_OUT lets the shared tests regenerate into a temp dir and compare with the committed files.
const OUT = process.env.CDK8S_FLINK_IMPORTS_OUT || path.join(ROOT, 'imports');
const VERSIONS = { '1.13': 'operator-1.13.0', '1.14': 'operator-1.14.0', '1.15': 'operator-1.15.0', main: 'operator-main' };
// The kinds of the L1 classes; the schemas also get FlinkBlueGreenDeployment where the version has it (from 1.14).
const KINDS = ['FlinkDeployment', 'FlinkSessionJob', 'FlinkStateSnapshot'];
const OPTIONAL_KINDS = ['FlinkBlueGreenDeployment'];
const FILES = {
  FlinkBlueGreenDeployment: 'flinkbluegreendeployments.flink.apache.org-v1.yml',
  FlinkDeployment: 'flinkdeployments.flink.apache.org-v1.yml',
  FlinkSessionJob: 'flinksessionjobs.flink.apache.org-v1.yml',
  FlinkStateSnapshot: 'flinkstatesnapshots.flink.apache.org-v1.yml',
};
// The version the L1 classes are generated from: main is a superset of 1.15 (it adds `resources`).
const L1_VERSION = 'main';

function readCrd(version, kind) {
  const file = path.join(SHARED, 'crds', VERSIONS[version], FILES[kind]);
  if (!fs.existsSync(file)) {
    console.error(`import-crds: ${file} not found. This script reads the operator CRDs from ../shared/crds.`);
    process.exit(2);
  }
  return YAML.parse(fs.readFileSync(file, 'utf8'));
}

function versionSchema(crd) {
  const v = crd.spec.versions.find((x) => x.storage) || crd.spec.versions[0];
  return v.schema.openAPIV3Schema;
}

/** Walks a schema and calls fn(node, key) for every property schema, depth-first, before recursing. */
function mapPodTemplates(schema, replace) {
  if (!schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((s) => mapPodTemplates(s, replace));
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties') {
      out.properties = {};
      for (const [pk, pv] of Object.entries(v)) {
        out.properties[pk] = pk === 'podTemplate' ? replace(pv) : mapPodTemplates(pv, replace);
      }
    } else {
      out[k] = mapPodTemplates(v, replace);
    }
  }
  return out;
}

/** Objects that list their properties accept nothing else, as the API server prunes the rest. */
function closeObjects(schema) {
  if (!schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(closeObjects);
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description') continue;
    if (k === 'properties') {
      out.properties = {};
      for (const [pk, pv] of Object.entries(v)) out.properties[pk] = closeObjects(pv);
    } else {
      out[k] = closeObjects(v);
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

const METADATA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: true,
};

function compactSchemas(version) {
  const definitions = {};
  const resources = {};
  const kinds = [...KINDS, ...OPTIONAL_KINDS.filter((k) => fs.existsSync(path.join(SHARED, 'crds', VERSIONS[version], FILES[k])))];
  for (const kind of kinds) {
    const raw = versionSchema(readCrd(version, kind));
    const spec = mapPodTemplates(raw.properties.spec, (pod) => {
      definitions.PodTemplate = definitions.PodTemplate || closeObjects(pod);
      return { $ref: '#/definitions/PodTemplate' };
    });
    resources[kind] = {
      type: 'object',
      required: ['apiVersion', 'kind'],
      properties: {
        apiVersion: { const: 'flink.apache.org/v1beta1' },
        kind: { const: kind },
        metadata: METADATA,
        spec: closeObjects(spec),
      },
      additionalProperties: false,
    };
  }
  return { operatorVersion: version, source: `${VERSIONS[version]} CRDs`, definitions, resources };
}

function trimmedCrdYaml(version) {
  const docs = KINDS.map((kind) => {
    const crd = readCrd(version, kind);
    for (const v of crd.spec.versions) {
      const s = v.schema.openAPIV3Schema;
      delete s.properties.status;
      s.properties.spec = mapPodTemplates(s.properties.spec, (pod) => ({
        type: 'object',
        description: 'Pod template (a Kubernetes PodTemplateSpec), typed in lib/ with the k8s types of cdk8s-plus-28.',
        'x-kubernetes-preserve-unknown-fields': true,
      }));
    }
    return YAML.stringify(crd);
  });
  return docs.join('---\n');
}

function main() {
  fs.mkdirSync(path.join(OUT, 'schemas'), { recursive: true });
  for (const version of Object.keys(VERSIONS)) {
    const file = path.join(OUT, 'schemas', `operator-${version}.json`);
    fs.writeFileSync(file, JSON.stringify(compactSchemas(version)) + '\n');
    console.log(`wrote ${path.relative(ROOT, file)}`);
  }

  // All three CRDs go into one multi-document file: imports of one API group overwrite each other.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-flink-import-'));
  const crdFile = path.join(tmp, 'flink-operator-crds.yaml');
  fs.writeFileSync(crdFile, trimmedCrdYaml(L1_VERSION));
  const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
  execFileSync(process.execPath, [cli, 'import', crdFile, '--language', 'typescript', '--output', OUT, '--no-save'], {
    cwd: tmp,
    stdio: 'inherit',
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  const l1 = path.join(OUT, 'flink.apache.org.ts');
  const header = `// Generated by scripts/import-crds.js from the operator ${L1_VERSION} CRDs (pod templates trimmed). Do not edit.\n`;
  fs.writeFileSync(l1, header + fs.readFileSync(l1, 'utf8'));
  console.log(`wrote ${path.relative(ROOT, l1)} (${fs.statSync(l1).size} bytes)`);
}

main();
