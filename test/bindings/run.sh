#!/usr/bin/env bash
# Tests of the Python and Java packages that scripts/build-bindings.js builds into dist/bindings:
# pytest against the wheel in a fresh virtualenv, and a Maven (JUnit) project against the local
# Maven repository pacmak writes. Each is skipped with a message when its toolchain is missing.
set -euo pipefail
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
cd "$(dirname "$0")/../.."
ROOT="$PWD"

if [ -d dist/bindings/python ] && command -v python3 >/dev/null; then
  rm -rf build/py-venv
  python3 -m venv build/py-venv
  build/py-venv/bin/pip install --quiet dist/bindings/python/*.whl pytest
  build/py-venv/bin/python -m pytest -q -p no:cacheprovider test/bindings/python
else
  echo "bindings: no Python package or no python3: skipping the Python test"
fi

if [ -d dist/bindings/java ] && command -v mvn >/dev/null; then
  mvn -B -q -f test/bindings/java/pom.xml test -Dbindings.repo="file://$ROOT/dist/bindings/java"
  echo "bindings: Java test passed"
else
  echo "bindings: no Java package or no Maven: skipping the Java test"
fi
