#!/usr/bin/env bash
# Regenerates the CRD from the Java API classes and copies it to crds/ and the Helm chart.
# Run it after changing anything under operator/src/main/java/dev/runnerstack/operator/api/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -B -pl operator process-classes
generated=operator/target/classes/META-INF/fabric8/runnerstacks.runnerstack.dev-v1.yml
cp "$generated" crds/
if [ -d helm/runnerstack-operator/crds ]; then
  cp "$generated" helm/runnerstack-operator/crds/
fi
echo "Updated crds/runnerstacks.runnerstack.dev-v1.yml"
