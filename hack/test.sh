#!/usr/bin/env bash
# Runs every test: pure model, mock-server reconcile, Helm chart and the end-to-end tests against a local
# control plane (kube-apiserver, etcd, kube-controller-manager, kube-scheduler and kwok), which this script
# builds from Go modules on the first run. The build is cached outside the repository, see hack/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "==> Building the local control plane (skipped for binaries already in the cache)"
hack/build-controlplane.sh

echo "==> Running the tests (mvn verify)"
exec mvn -B -ntp verify "$@"
