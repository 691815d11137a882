#!/usr/bin/env bash
# Shows the operator at work in one command. It builds what is missing (the control plane from Go modules
# and the operator jar) and starts a local Kubernetes control plane. Then it installs the Helm chart, runs the
# operator under the chart's ServiceAccount, applies examples/secure-default.yaml and shows the RunnerStack
# and its status. Ctrl-C stops the operator and the control plane.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "==> Building the local control plane (skipped for binaries already in the cache)"
hack/build-controlplane.sh

echo "==> Building the operator"
mvn -q -B -ntp -Dstyle.color=never -DskipTests package

echo "==> Starting the demo"
exec mvn -q -B -ntp -Dstyle.color=never -pl operator exec:java -Dexec.classpathScope=test \
  -Drunnerstack.projectRoot="$root" \
  -Dexec.mainClass=dev.runnerstack.operator.e2e.Demo -Dexec.cleanupDaemonThreads=false
