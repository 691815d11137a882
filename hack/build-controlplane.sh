#!/usr/bin/env bash
# Builds the local test control plane (kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, etcd, kwok) from Go modules into a cache directory
# outside the repository:
#
#   ${RUNNERSTACK_CACHE_DIR:-$HOME/.cache/runnerstack-operator}/controlplane/<kubernetes-version>/bin/
#
# Release binaries cannot be downloaded on our machines, because only the Go
# module proxy is reachable, so everything is compiled from source. All six
# binaries come from one Go module, hack/controlplane. It pins the etcd server
# release that k8s.io/kubernetes is tested with, and kwok compiles against
# the same k8s.io/* versions, so neither needs a module of its own.
#
# A binary that is already in the cache and reports the expected version is
# not rebuilt, so running this again is cheap. A cold build takes many
# minutes (see hack/README.md).
#
# Usage: hack/build-controlplane.sh [--force]
#   --force   rebuild every binary even if a working one is cached
#
# Environment:
#   RUNNERSTACK_CACHE_DIR   cache root (default: $HOME/.cache/runnerstack-operator)
set -euo pipefail

HACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_DIR=${HACK_DIR}/controlplane
CACHE_ROOT=${RUNNERSTACK_CACHE_DIR:-${HOME}/.cache/runnerstack-operator}

# Components in build order. Each is built from hack/controlplane/cmd/<name>.
# The biggest, kube-apiserver, goes first, and the others then reuse most of
# its compiled packages from the Go build cache.
COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok)

FORCE=false

log() { printf '[build-controlplane] %s\n' "$*" >&2; }

die() {
  printf '[build-controlplane] ERROR: %s\n' "$*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo pipefail/{/^set -euo pipefail/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

parse_args() {
  while (($#)); do
    case "$1" in
      --force) FORCE=true ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) die "unknown argument '$1'; run '$0 --help' for usage" ;;
    esac
    shift
  done
}

check_tools() {
  command -v go >/dev/null 2>&1 ||
    die "the 'go' command was not found; install Go 1.26 or newer (hack/controlplane/go.mod needs it) and put it on PATH"
}

# module_field MODULE TEMPLATE prints a field of a module in the build list of
# hack/controlplane, for example its version.
module_field() {
  (cd "${MODULE_DIR}" && go list -m -f "$2" "$1")
}

resolve_versions() {
  log "resolving module versions in ${MODULE_DIR} (downloads modules on first use)"
  local out
  if ! out=$(module_field k8s.io/kubernetes '{{.Version}} {{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' 2>&1); then
    printf '%s\n' "${out}" >&2
    die "could not read the k8s.io/kubernetes version from hack/controlplane/go.mod (go output above); check that the Go module proxy is reachable and that 'cd hack/controlplane && go mod download' works"
  fi
  read -r KUBERNETES_VERSION KUBERNETES_RELEASE_DATE <<<"${out}"
  ETCD_VERSION=$(module_field go.etcd.io/etcd/server/v3 '{{.Version}}')
  KWOK_VERSION=$(module_field sigs.k8s.io/kwok '{{.Version}}')

  [[ ${KUBERNETES_VERSION} =~ ^v([0-9]+)\.([0-9]+)\.[0-9]+ ]] ||
    die "unexpected k8s.io/kubernetes version '${KUBERNETES_VERSION}' in hack/controlplane/go.mod; it must be a release tag such as v1.37.2"
  KUBERNETES_MAJOR=${BASH_REMATCH[1]}
  KUBERNETES_MINOR=${BASH_REMATCH[2]}

  BIN_DIR=${CACHE_ROOT}/controlplane/${KUBERNETES_VERSION}/bin
}

# Version stamps that upstream's build (hack/lib/version.sh) sets through the
# linker, so that 'kube-apiserver --version' prints the real release instead of
# v0.0.0-master and the apiserver reports the right version in /version and
# discovery. The git commit is not known for a module download and is left
# unset. The build date is the release's publication time, which keeps builds
# reproducible.
version_ldflags() {
  local pkg key val
  local -a flags=(-s -w)
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    for key in gitVersion gitMajor gitMinor buildDate; do
      case "${key}" in
        gitVersion) val=${KUBERNETES_VERSION} ;;
        gitMajor) val=${KUBERNETES_MAJOR} ;;
        gitMinor) val=${KUBERNETES_MINOR} ;;
        buildDate) val=${KUBERNETES_RELEASE_DATE} ;;
      esac
      if [[ -n ${val} ]]; then
        flags+=("-X=${pkg}.${key}=${val}")
      fi
    done
  done
  printf '%s ' "${flags[@]}"
}

# expected_version NAME prints the string the component's version output must
# contain for a cached binary to be reused.
expected_version() {
  case "$1" in
    kube-apiserver | kube-controller-manager | kube-scheduler | kubectl) printf '%s' "${KUBERNETES_VERSION}" ;;
    etcd) printf 'etcd Version: %s' "${ETCD_VERSION#v}" ;;
    kwok) printf '%s' "${KWOK_VERSION}" ;;
  esac
}

# version_output NAME BINARY runs the binary's version command: 'version
# --client' for kubectl, which has no --version flag, else '--version'.
version_output() {
  if [[ $1 == kubectl ]]; then
    "$2" version --client 2>&1
  else
    "$2" --version 2>&1
  fi
}

is_cached() {
  local name=$1 bin=${BIN_DIR}/$1 out
  [[ -x ${bin} ]] || return 1
  out=$(version_output "${name}" "${bin}") || return 1
  [[ ${out} == *"$(expected_version "${name}")"* ]]
}

# build NAME compiles hack/controlplane/cmd/NAME. It writes to a temporary file
# and renames it on success, so an interrupted build never leaves a truncated
# binary that a later run would mistake for a cached one.
build() {
  local name=$1 index=$2 total=$3
  local bin=${BIN_DIR}/${name} tmp=${BIN_DIR}/.${name}.tmp
  local start=${SECONDS} pid rc=0 next_note=60

  if ! ${FORCE} && is_cached "${name}"; then
    log "[${index}/${total}] ${name}: cached, skipping ($(version_output "${name}" "${bin}" | head -n 1))"
    return 0
  fi

  log "[${index}/${total}] ${name}: building"
  # -buildvcs=false: the binary's version comes from the ldflags above, not
  # from the state of this repository's work tree.
  (cd "${MODULE_DIR}" && exec go build -trimpath -buildvcs=false -ldflags "${LDFLAGS}" -o "${tmp}" "./cmd/${name}") &
  pid=$!
  # A cold build of one binary can take several minutes without output, so
  # print a heartbeat to show that it is not hung.
  while kill -0 "${pid}" 2>/dev/null; do
    sleep 5
    if ((SECONDS - start >= next_note)); then
      log "[${index}/${total}] ${name}: still building ($((SECONDS - start))s)"
      next_note=$((next_note + 60))
    fi
  done
  wait "${pid}" || rc=$?
  if ((rc != 0)); then
    rm -f "${tmp}"
    die "building ${name} failed (go build exit code ${rc}, after $((SECONDS - start))s); the compiler output is above. If it reports a missing module or checksum, run 'cd hack/controlplane && go mod tidy'; if it reports a Go version, install the Go release that hack/controlplane/go.mod names"
  fi
  mv -f "${tmp}" "${bin}"

  local out
  if ! out=$(version_output "${name}" "${bin}"); then
    printf '%s\n' "${out}" >&2
    die "${name} was built but '${bin} --version' failed (output above); rerun with --force, and if it still fails the binary does not start on this machine"
  fi
  log "[${index}/${total}] ${name}: built in $((SECONDS - start))s ($(head -n 1 <<<"${out}"))"
}

# KWOK_STAGE_FILES are kwok's default Stage definitions, the set kwokctl
# configures for a cluster whose nodes renew Leases: initialise a Node and
# keep it Ready, make a bound Pod Running and Ready, complete Job Pods, and
# finish Pod deletion. Paths are relative to the sigs.k8s.io/kwok module.
KWOK_STAGE_FILES=(
  kustomize/stage/node/fast/node-initialize.yaml
  kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  kustomize/stage/pod/fast/pod-ready.yaml
  kustomize/stage/pod/fast/pod-complete.yaml
  kustomize/stage/pod/fast/pod-delete.yaml
)

# write_kwok_stages copies the stages into BIN_DIR/kwok-stages.yaml, which
# hack/controlplane.sh passes to kwok with --config. kwok exits at start when
# it has no stages, and the kwok binary does not embed them.
write_kwok_stages() {
  local dir file out=${BIN_DIR}/kwok-stages.yaml
  (cd "${MODULE_DIR}" && go mod download sigs.k8s.io/kwok) ||
    die "downloading the sigs.k8s.io/kwok module failed (go output above); check that the Go module proxy is reachable"
  dir=$(module_field sigs.k8s.io/kwok '{{.Dir}}')
  {
    for file in "${KWOK_STAGE_FILES[@]}"; do
      [[ -f ${dir}/${file} ]] ||
        die "kwok stage file ${file} not found in ${dir}; the stage layout changed in kwok ${KWOK_VERSION}, so update KWOK_STAGE_FILES in $0"
      printf -- '---\n'
      cat "${dir}/${file}"
    done
  } >"${out}.tmp"
  mv -f "${out}.tmp" "${out}"
  log "kwok stages written to ${out}"
}

main() {
  local total_start=${SECONDS}
  parse_args "$@"
  check_tools
  resolve_versions
  mkdir -p "${BIN_DIR}"

  # Two test runs starting at once must not compile into the same files.
  exec 9>"${BIN_DIR}/.build.lock"
  if ! flock -n 9; then
    # A cold build took about 12 minutes on 2 cores (hack/README.md), so
    # wait well beyond that before giving up.
    log "another build-controlplane.sh is running for ${BIN_DIR}; waiting up to 30 minutes for it to finish"
    flock -w 1800 9 ||
      die "timed out waiting for the other build holding ${BIN_DIR}/.build.lock; stop it (or wait for it) and retry"
  fi

  LDFLAGS=$(version_ldflags)
  log "kubernetes ${KUBERNETES_VERSION}, etcd ${ETCD_VERSION}, kwok ${KWOK_VERSION}; $(go version)"

  local i=0
  for name in "${COMPONENTS[@]}"; do
    i=$((i + 1))
    build "${name}" "${i}" "${#COMPONENTS[@]}"
  done
  write_kwok_stages

  log "all binaries ready after $((SECONDS - total_start))s in:"
  printf '%s\n' "${BIN_DIR}"
}

main "$@"
