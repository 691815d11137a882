#!/usr/bin/env bash
# Runs every test: pure model, mock-server reconcile, Helm chart and the end-to-end tests against a local
# control plane (kube-apiserver, etcd, kube-controller-manager, kube-scheduler and kwok), which this script
# builds from Go modules on the first run. The build is cached outside the repository, see hack/README.md.
# A control plane that this script started is stopped at the end; one that was already running is left up.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "==> Building the local control plane (skipped for binaries already in the cache)"
hack/build-controlplane.sh

was_running=false
if hack/controlplane.sh status 2>/dev/null | grep -Eq '^kube-apiserver +[0-9]+ +[0-9]+ +healthy'; then
  was_running=true
fi
if [[ ${was_running} == false ]]; then
  trap 'hack/controlplane.sh stop >/dev/null 2>&1 || true' EXIT
fi

echo "==> Running the tests (mvn verify)"
mvn -B -ntp verify "$@"
