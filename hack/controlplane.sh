#!/usr/bin/env bash
# Runs a real Kubernetes control plane on this machine for tests: etcd,
# kube-apiserver, kube-controller-manager, kube-scheduler and kwok. kwok
# replaces the kubelets, so Pods scheduled onto its fake Nodes become Running
# and Ready. Every component listens on 127.0.0.1 only.
#
# Usage: hack/controlplane.sh start | stop [--clean] | status | env
#   start         build the binaries if needed (hack/build-controlplane.sh),
#                 start every component and wait until the API server is
#                 ready and the fake nodes are Ready. If the control plane is
#                 already up and healthy, only print the kubeconfig path.
#                 The last line printed on stdout is the kubeconfig path.
#   stop          stop the components started by 'start' and keep the data
#   stop --clean  stop, then delete the state directory (etcd data, certs, logs)
#   status        show which components run, on which ports
#   env           print 'export KUBECONFIG=...' for eval "$(hack/controlplane.sh env)"
#
# Environment:
#   RUNNERSTACK_CACHE_DIR          cache root (default: $HOME/.cache/runnerstack-operator)
#   RUNNERSTACK_CONTROLPLANE_DIR   state directory (default: $RUNNERSTACK_CACHE_DIR/run)
#   RUNNERSTACK_APISERVER_PORT, RUNNERSTACK_ETCD_PORT, RUNNERSTACK_ETCD_PEER_PORT,
#   RUNNERSTACK_CONTROLLER_MANAGER_PORT, RUNNERSTACK_SCHEDULER_PORT, RUNNERSTACK_KWOK_PORT
#                                  fixed ports. An unset one reuses the port of
#                                  the previous start, or takes a free one
#   RUNNERSTACK_SERVICE_CIDR       service cluster IP range (default: 10.96.0.0/16)
#   RUNNERSTACK_KWOK_NODES         number of fake nodes kwok-node-0.. (default: 1)
#   RUNNERSTACK_CONTROLPLANE_TIMEOUT
#                                  seconds to wait for each component (default: 120)
set -euo pipefail

HACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE_ROOT=${RUNNERSTACK_CACHE_DIR:-${HOME}/.cache/runnerstack-operator}
STATE_DIR=${RUNNERSTACK_CONTROLPLANE_DIR:-${CACHE_ROOT}/run}
SERVICE_CIDR=${RUNNERSTACK_SERVICE_CIDR:-10.96.0.0/16}
KWOK_NODES=${RUNNERSTACK_KWOK_NODES:-1}
TIMEOUT=${RUNNERSTACK_CONTROLPLANE_TIMEOUT:-120}
# Seconds to wait for another start or stop on the same state directory.
LOCK_TIMEOUT=600

PKI_DIR=${STATE_DIR}/pki
LOG_DIR=${STATE_DIR}/logs
PID_DIR=${STATE_DIR}/pids
KUBECONFIG_FILE=${STATE_DIR}/kubeconfig
PORTS_FILE=${STATE_DIR}/ports.env
# bin-dir records which build the running processes came from, so that stop
# and status can tell our processes from unrelated ones with a reused pid.
BIN_DIR_FILE=${STATE_DIR}/bin-dir

# Environment variables that fix a component's port.
PORT_ENV_NAMES=(RUNNERSTACK_APISERVER_PORT RUNNERSTACK_ETCD_PORT RUNNERSTACK_ETCD_PEER_PORT
  RUNNERSTACK_CONTROLLER_MANAGER_PORT RUNNERSTACK_SCHEDULER_PORT RUNNERSTACK_KWOK_PORT)

# Start order. stop_components stops them in reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

# The annotation that marks a Node as fake. kwok manages only Nodes that
# carry it, so it never takes over a Node that a test registers itself.
KWOK_NODE_ANNOTATION=kwok.x-k8s.io/node
KWOK_NODE_ANNOTATION_VALUE=fake

log() { printf '[controlplane] %s\n' "$*" >&2; }

die() {
  printf '[controlplane] ERROR: %s\n' "$*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo pipefail/{/^set -euo pipefail/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

check_tools() {
  local tool
  for tool in openssl curl setsid flock base64; do
    command -v "${tool}" >/dev/null 2>&1 ||
      die "'${tool}' was not found on PATH; install it (Debian: apt-get install openssl curl util-linux coreutils) and retry"
  done
  [[ ${KWOK_NODES} =~ ^[1-9][0-9]*$ ]] ||
    die "RUNNERSTACK_KWOK_NODES='${KWOK_NODES}' is invalid; set it to a positive whole number"
  [[ ${TIMEOUT} =~ ^[1-9][0-9]*$ ]] ||
    die "RUNNERSTACK_CONTROLPLANE_TIMEOUT='${TIMEOUT}' is invalid; set it to a number of seconds"
}

# lock_state serialises start and stop, so that two test runs calling 'start'
# at once neither start two etcds on one data directory nor stop each other's
# half-started components. The wait is bounded so that a stuck holder shows
# up as an error instead of a hang.
lock_state() {
  local lock_file=${STATE_DIR}/controlplane.lock
  mkdir -p "${STATE_DIR}"
  exec 8>"${lock_file}"
  flock -n 8 && return 0
  log "another controlplane.sh start or stop is running for ${STATE_DIR}; waiting up to ${LOCK_TIMEOUT}s for it"
  flock -w "${LOCK_TIMEOUT}" 8 && return 0
  die "timed out after ${LOCK_TIMEOUT}s waiting for ${lock_file}, held by pid(s) $(lock_holders "${lock_file}"); stop that process, or wait for it to finish, and retry"
}

# lock_holders FILE prints the pids of other processes that have FILE open.
# It runs in a command substitution, so closing fd 8 here leaves only this
# script itself ($$) to skip.
lock_holders() {
  local fd pid holders=()
  exec 8>&-
  for fd in /proc/[0-9]*/fd/*; do
    if [[ $(readlink "${fd}" 2>/dev/null) == "$1" ]]; then
      pid=${fd#/proc/}
      pid=${pid%%/*}
      [[ ${pid} == "$$" ]] || holders+=("${pid}")
    fi
  done
  printf '%s' "${holders[*]:-unknown}"
}

# ---------------------------------------------------------------------------
# Processes

pid_file() { printf '%s/%s.pid' "${PID_DIR}" "$1"; }

# running_pid NAME prints the pid of the component if its pid file names a
# live process running our binary of that name. A pid file left over from a
# crash or a reboot may name an unrelated process by now, and checking the
# binary keeps stop from signalling it.
running_pid() {
  local name=$1 file pid exe bin_dir
  file=$(pid_file "${name}")
  [[ -f ${file} && -f ${BIN_DIR_FILE} ]] || return 1
  pid=$(<"${file}")
  bin_dir=$(<"${BIN_DIR_FILE}")
  [[ ${pid} =~ ^[0-9]+$ ]] || return 1
  exe=$(readlink "/proc/${pid}/exe" 2>/dev/null) || return 1
  # A binary replaced by a rebuild shows up as '<path> (deleted)'.
  [[ ${exe% (deleted)} == "${bin_dir}/${name}" ]] || return 1
  printf '%s' "${pid}"
}

# start_component NAME ARGS... starts a component with its output in
# logs/NAME.log and keeps the previous log as NAME.log.1. The component gets a
# session of its own, so Ctrl-C in the terminal that ran 'start' cannot stop it.
start_component() {
  local name=$1
  shift
  local log_file=${LOG_DIR}/${name}.log
  [[ -f ${log_file} ]] && mv -f "${log_file}" "${log_file}.1"
  printf '%s starting: %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${BIN_DIR}/${name}" "$*" >"${log_file}"
  # 8>&- closes the state lock for the child, which would otherwise hold it
  # for as long as it runs and block every later start and stop.
  setsid "${BIN_DIR}/${name}" "$@" </dev/null >>"${log_file}" 2>&1 8>&- &
  printf '%s\n' "$!" >"$(pid_file "${name}")"
  STARTED+=("${name}")
  log "started ${name} (pid $!, log ${log_file})"
}

log_tail() {
  local log_file=${LOG_DIR}/$1.log
  if [[ -s ${log_file} ]]; then
    printf '\n----- last 40 lines of %s -----\n' "${log_file}" >&2
    tail -n 40 "${log_file}" >&2
    printf -- '----- end of %s -----\n\n' "${log_file}" >&2
  fi
}

# fail NAME MESSAGE prints the component's log tail and the message, stops
# whatever this run started, and exits. A half-started control plane would
# only confuse the next 'start' or a test.
fail() {
  local name=$1
  shift
  log_tail "${name}"
  printf '[controlplane] ERROR: %s\n' "$*" >&2
  if ((${#STARTED[@]} > 0)); then
    log "stopping the components this run started; logs stay in ${LOG_DIR}"
    stop_components
  fi
  exit 1
}

# stop_group NAMES... sends SIGTERM to the named components at once, waits up
# to 30s for each to exit, and then sends SIGKILL to any that remain.
stop_group() {
  local name pid
  local -a names=() pids=()
  for name in "$@"; do
    if pid=$(running_pid "${name}"); then
      kill -TERM "${pid}" 2>/dev/null || true
      names+=("${name}")
      pids+=("${pid}")
    fi
    rm -f "$(pid_file "${name}")"
  done

  local i deadline=$((SECONDS + 30))
  for i in "${!pids[@]}"; do
    while kill -0 "${pids[i]}" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.1
    done
    if kill -0 "${pids[i]}" 2>/dev/null; then
      log "${names[i]} (pid ${pids[i]}) did not exit within 30s of SIGTERM; sending SIGKILL"
      kill -KILL "${pids[i]}" 2>/dev/null || true
      while kill -0 "${pids[i]}" 2>/dev/null; do sleep 0.1; done
    fi
    log "stopped ${names[i]} (pid ${pids[i]})"
  done
}

# stop_components stops the API server's clients first, so they do not log
# connection errors while it goes away, and etcd last, so the API server
# can finish its writes.
stop_components() {
  stop_group kwok kube-scheduler kube-controller-manager
  stop_group kube-apiserver
  stop_group etcd
  STARTED=()
}

# ---------------------------------------------------------------------------
# Ports

# port_in_use PORT succeeds if something accepts connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pick_port VARIABLE ENV_NAME sets VARIABLE to the port in the environment
# variable ENV_NAME if that is set, else to the port recorded by the previous
# start if it is still free, else to a free port in 20000-29999. That range
# stays below the kernel's default ephemeral range (32768-60999), from which
# outgoing connections take their local ports.
pick_port() {
  local var=$1 env_name=$2 previous=${!1:-} candidate tries
  local override=${!env_name:-}
  if [[ -n ${override} ]]; then
    if [[ ! ${override} =~ ^[0-9]{1,5}$ ]] || ((10#${override} < 1 || 10#${override} > 65535)); then
      die "${env_name}='${override}' is not a valid port; set it to a number between 1 and 65535"
    fi
    printf -v "${var}" '%d' "$((10#${override}))"
    return 0
  fi
  if [[ -n ${previous} ]] && ! port_in_use "${previous}" && [[ " ${TAKEN_PORTS} " != *" ${previous} "* ]]; then
    TAKEN_PORTS+=" ${previous}"
    return 0
  fi
  for ((tries = 0; tries < 100; tries++)); do
    candidate=$((20000 + RANDOM % 10000))
    if [[ " ${TAKEN_PORTS} " != *" ${candidate} "* ]] && ! port_in_use "${candidate}"; then
      TAKEN_PORTS+=" ${candidate}"
      printf -v "${var}" '%s' "${candidate}"
      return 0
    fi
  done
  die "found no free port for ${var} in 20000-29999 after 100 tries; set ${env_name} to a free port"
}

load_ports() {
  ETCD_PORT='' ETCD_PEER_PORT='' APISERVER_PORT='' CONTROLLER_MANAGER_PORT='' SCHEDULER_PORT='' KWOK_PORT=''
  if [[ -f ${PORTS_FILE} ]]; then
    # shellcheck source=/dev/null
    source "${PORTS_FILE}"
  fi
}

choose_ports() {
  load_ports
  # Reserve the fixed ports first, so that no other component picks one of
  # them as its free port.
  local env_name
  TAKEN_PORTS=''
  for env_name in "${PORT_ENV_NAMES[@]}"; do
    if [[ -n ${!env_name:-} ]]; then
      TAKEN_PORTS+=" ${!env_name}"
    fi
  done
  pick_port APISERVER_PORT RUNNERSTACK_APISERVER_PORT
  pick_port ETCD_PORT RUNNERSTACK_ETCD_PORT
  pick_port ETCD_PEER_PORT RUNNERSTACK_ETCD_PEER_PORT
  pick_port CONTROLLER_MANAGER_PORT RUNNERSTACK_CONTROLLER_MANAGER_PORT
  pick_port SCHEDULER_PORT RUNNERSTACK_SCHEDULER_PORT
  pick_port KWOK_PORT RUNNERSTACK_KWOK_PORT
  cat >"${PORTS_FILE}" <<EOF
ETCD_PORT=${ETCD_PORT}
ETCD_PEER_PORT=${ETCD_PEER_PORT}
APISERVER_PORT=${APISERVER_PORT}
CONTROLLER_MANAGER_PORT=${CONTROLLER_MANAGER_PORT}
SCHEDULER_PORT=${SCHEDULER_PORT}
KWOK_PORT=${KWOK_PORT}
EOF
}

component_port() {
  case "$1" in
    etcd) printf '%s' "${ETCD_PORT}" ;;
    kube-apiserver) printf '%s' "${APISERVER_PORT}" ;;
    kube-controller-manager) printf '%s' "${CONTROLLER_MANAGER_PORT}" ;;
    kube-scheduler) printf '%s' "${SCHEDULER_PORT}" ;;
    kwok) printf '%s' "${KWOK_PORT}" ;;
  esac
}

# ---------------------------------------------------------------------------
# Certificates and kubeconfigs

# first_service_ip CIDR prints the first host address of an IPv4 range, which
# the API server gives to the 'kubernetes' Service.
first_service_ip() {
  local ip=${1%/*} a b c d
  IFS=. read -r a b c d <<<"${ip}"
  printf '%s.%s.%s.%s' "${a}" "${b}" "${c}" "$((d + 1))"
}

# issue_cert NAME SUBJECT EXTENSIONS writes pki/NAME.key and pki/NAME.crt,
# signed by the cluster CA.
issue_cert() {
  local name=$1 subject=$2 extensions=$3
  local key=${PKI_DIR}/${name}.key crt=${PKI_DIR}/${name}.crt ext_file=${PKI_DIR}/${name}.ext
  printf '%s\n' "${extensions}" >"${ext_file}"
  openssl genrsa -out "${key}" 2048 2>/dev/null
  openssl req -new -key "${key}" -subj "${subject}" 2>/dev/null |
    openssl x509 -req -CA "${PKI_DIR}/ca.crt" -CAkey "${PKI_DIR}/ca.key" -CAcreateserial \
      -days 3650 -sha256 -extfile "${ext_file}" -out "${crt}" 2>/dev/null ||
    die "openssl failed to issue the ${name} certificate; delete ${PKI_DIR} and retry, or check that 'openssl version' works"
  rm -f "${ext_file}"
}

# generate_pki creates the CA, serving and client certificates and the
# service-account key pair on the first start. Later starts reuse them, so
# kubeconfigs and issued tokens stay valid across restarts.
generate_pki() {
  [[ -f ${PKI_DIR}/complete ]] && return 0
  log "generating certificates in ${PKI_DIR}"
  rm -rf "${PKI_DIR}"
  mkdir -p "${PKI_DIR}"
  chmod 700 "${PKI_DIR}"

  openssl req -x509 -newkey rsa:2048 -nodes -keyout "${PKI_DIR}/ca.key" -out "${PKI_DIR}/ca.crt" \
    -days 3650 -sha256 -subj "/CN=runnerstack-controlplane-ca" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null ||
    die "openssl failed to create the CA in ${PKI_DIR}; check that 'openssl version' works (OpenSSL 1.1.1 or newer is needed for -addext)"

  local client_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"

  issue_cert kube-apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:$(first_service_ip "${SERVICE_CIDR}")"

  # The organisation system:masters is bound to cluster-admin by the API
  # server's bootstrap RBAC policy.
  issue_cert admin "/O=system:masters/CN=kubernetes-admin" "${client_ext}"
  # These user names have bootstrap ClusterRoleBindings with exactly the
  # permissions the two components need.
  issue_cert kube-controller-manager "/CN=system:kube-controller-manager" "${client_ext}"
  issue_cert kube-scheduler "/CN=system:kube-scheduler" "${client_ext}"
  # kwok acts for a fleet of kubelets: it updates Node and Pod status and
  # renews the Node Leases of every fake node. No bootstrap role allows that
  # for more than one node, so kwok gets cluster-admin as well.
  issue_cert kwok "/O=system:masters/CN=kwok-controller" "${client_ext}"

  # Key pair that signs service-account tokens (kube-controller-manager for
  # legacy token Secrets, kube-apiserver for the TokenRequest API).
  openssl genrsa -out "${PKI_DIR}/service-account.key" 2048 2>/dev/null
  openssl rsa -in "${PKI_DIR}/service-account.key" -pubout -out "${PKI_DIR}/service-account.pub" 2>/dev/null ||
    die "openssl failed to create the service-account key pair in ${PKI_DIR}; delete ${PKI_DIR} and retry"

  chmod 600 "${PKI_DIR}"/*.key
  touch "${PKI_DIR}/complete"
}

# write_kubeconfig FILE CERT_NAME writes a kubeconfig for the API server on
# 127.0.0.1 that authenticates with pki/CERT_NAME.crt. The certificates are
# embedded so the file can be copied elsewhere, for example into a test's
# temporary directory.
write_kubeconfig() {
  local file=$1 cert=$2
  local tmp=${file}.tmp
  (
    umask 077
    cat >"${tmp}" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: runnerstack
  cluster:
    server: https://127.0.0.1:${APISERVER_PORT}
    certificate-authority-data: $(base64 -w0 <"${PKI_DIR}/ca.crt")
users:
- name: ${cert}
  user:
    client-certificate-data: $(base64 -w0 <"${PKI_DIR}/${cert}.crt")
    client-key-data: $(base64 -w0 <"${PKI_DIR}/${cert}.key")
contexts:
- name: runnerstack
  context:
    cluster: runnerstack
    user: ${cert}
current-context: runnerstack
EOF
  )
  mv -f "${tmp}" "${file}"
}

write_kubeconfigs() {
  write_kubeconfig "${KUBECONFIG_FILE}" admin
  write_kubeconfig "${STATE_DIR}/kube-controller-manager.kubeconfig" kube-controller-manager
  write_kubeconfig "${STATE_DIR}/kube-scheduler.kubeconfig" kube-scheduler
  write_kubeconfig "${STATE_DIR}/kwok.kubeconfig" kwok
}

# ---------------------------------------------------------------------------
# Health checks

kubectl_admin() {
  "${BIN_DIR}/kubectl" --kubeconfig "${KUBECONFIG_FILE}" "$@"
}

# healthy NAME succeeds if the component reports ok on its health endpoint.
# The controller manager and scheduler serve it with a self-signed
# certificate they create at start, so those two are checked without
# verifying it. Only 127.0.0.1 is contacted.
healthy() {
  local name=$1 port out
  port=$(component_port "${name}")
  case "${name}" in
    etcd)
      out=$(curl -sS --max-time 3 "http://127.0.0.1:${port}/health" 2>/dev/null) || return 1
      [[ ${out} == *'"health":"true"'* ]]
      ;;
    kube-apiserver)
      out=$(curl -sS --max-time 3 --cacert "${PKI_DIR}/ca.crt" --cert "${PKI_DIR}/admin.crt" \
        --key "${PKI_DIR}/admin.key" "https://127.0.0.1:${port}/readyz" 2>/dev/null) || return 1
      [[ ${out} == ok ]]
      ;;
    kube-controller-manager | kube-scheduler)
      out=$(curl -sS --max-time 3 --insecure "https://127.0.0.1:${port}/healthz" 2>/dev/null) || return 1
      [[ ${out} == ok ]]
      ;;
    kwok)
      out=$(curl -sS --max-time 3 "http://127.0.0.1:${port}/healthz" 2>/dev/null) || return 1
      [[ ${out} == ok ]]
      ;;
  esac
}

# wait_healthy NAME waits until the component is healthy, failing early if
# its process exits.
wait_healthy() {
  local name=$1 deadline=$((SECONDS + TIMEOUT))
  until healthy "${name}"; do
    running_pid "${name}" >/dev/null ||
      fail "${name}" "${name} exited during startup (its log is above, full log in ${LOG_DIR}/${name}.log); fix the cause, then run '$0 start' again"
    ((SECONDS < deadline)) ||
      fail "${name}" "${name} did not become healthy within ${TIMEOUT}s (last log lines above, full log in ${LOG_DIR}/${name}.log); raise RUNNERSTACK_CONTROLPLANE_TIMEOUT on a slow machine, or run '$0 stop --clean' and start again"
    sleep 0.5
  done
  log "${name} is healthy"
}

node_name() { printf 'kwok-node-%s' "$1"; }

# create_nodes registers the fake Nodes. Their capacity is set in the status
# at creation, as a kubelet does when it registers, and kwok keeps it when it
# reports the node Ready.
create_nodes() {
  local i name manifest=''
  for ((i = 0; i < KWOK_NODES; i++)); do
    name=$(node_name "${i}")
    manifest+="---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  annotations:
    ${KWOK_NODE_ANNOTATION}: ${KWOK_NODE_ANNOTATION_VALUE}
    node.alpha.kubernetes.io/ttl: \"0\"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    node-role.kubernetes.io/agent: \"\"
    type: kwok
status:
  addresses:
  - type: Hostname
    address: ${name}
  allocatable:
    cpu: \"32\"
    memory: 256Gi
    pods: \"110\"
  capacity:
    cpu: \"32\"
    memory: 256Gi
    pods: \"110\"
"
  done
  local out
  out=$(kubectl_admin apply -f - <<<"${manifest}" 2>&1) ||
    fail kube-apiserver "creating the fake nodes failed: ${out}; check the API server log above"
}

wait_nodes_ready() {
  local i nodes=()
  for ((i = 0; i < KWOK_NODES; i++)); do
    nodes+=("node/$(node_name "${i}")")
  done
  local out
  out=$(kubectl_admin wait --for=condition=Ready --timeout="${TIMEOUT}s" "${nodes[@]}" 2>&1) ||
    fail kwok "the fake nodes did not become Ready within ${TIMEOUT}s (${out}); kwok's log is above: check that it loaded its stages and can reach the API server"
  log "nodes Ready: ${nodes[*]#node/}"
}

# wait_default_service_account waits for the controller manager to create the
# 'default' ServiceAccount, without which the API server rejects Pods in the
# default namespace.
wait_default_service_account() {
  local deadline=$((SECONDS + TIMEOUT))
  until kubectl_admin get serviceaccount default --namespace default >/dev/null 2>&1; do
    ((SECONDS < deadline)) ||
      fail kube-controller-manager "the controller manager did not create the 'default' ServiceAccount within ${TIMEOUT}s; its log is above"
    sleep 0.5
  done
}

# all_healthy succeeds if every component runs from the current build and
# passes its health check.
all_healthy() {
  local name
  [[ -f ${KUBECONFIG_FILE} && -f ${BIN_DIR_FILE} && $(<"${BIN_DIR_FILE}") == "${BIN_DIR}" ]] || return 1
  load_ports
  for name in "${COMPONENTS[@]}"; do
    running_pid "${name}" >/dev/null || return 1
    healthy "${name}" || return 1
  done
}

# ---------------------------------------------------------------------------
# Components

start_etcd() {
  mkdir -p "${STATE_DIR}/etcd"
  # --unsafe-no-fsync: the data only has to outlive a clean stop, not a power
  # cut, and skipping fsync makes every API write much faster on small disks.
  start_component etcd \
    --name=controlplane \
    --data-dir="${STATE_DIR}/etcd" \
    --listen-client-urls="http://127.0.0.1:${ETCD_PORT}" \
    --advertise-client-urls="http://127.0.0.1:${ETCD_PORT}" \
    --listen-peer-urls="http://127.0.0.1:${ETCD_PEER_PORT}" \
    --initial-advertise-peer-urls="http://127.0.0.1:${ETCD_PEER_PORT}" \
    --initial-cluster="controlplane=http://127.0.0.1:${ETCD_PEER_PORT}" \
    --unsafe-no-fsync=true
}

start_apiserver() {
  # Admission plugins are left at the release's default set, which includes
  # PodSecurity, ServiceAccount and ResourceQuota, so tests see what a
  # normal cluster enforces.
  # The API server refuses to publish a loopback address as the endpoint of
  # the 'kubernetes' Service, and without --advertise-address it would
  # publish this host's network address. Endpoint reconciling is turned off
  # instead, so the Service has no endpoints: nothing here runs in a Pod
  # that would need them.
  start_component kube-apiserver \
    --advertise-address=127.0.0.1 \
    --endpoint-reconciler-type=none \
    --bind-address=127.0.0.1 \
    --secure-port="${APISERVER_PORT}" \
    --etcd-servers="http://127.0.0.1:${ETCD_PORT}" \
    --tls-cert-file="${PKI_DIR}/kube-apiserver.crt" \
    --tls-private-key-file="${PKI_DIR}/kube-apiserver.key" \
    --client-ca-file="${PKI_DIR}/ca.crt" \
    --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${PKI_DIR}/service-account.pub" \
    --service-account-signing-key-file="${PKI_DIR}/service-account.key" \
    --service-cluster-ip-range="${SERVICE_CIDR}" \
    --allow-privileged=true \
    --cert-dir="${STATE_DIR}/kube-apiserver"
}

start_controller_manager() {
  local kubeconfig=${STATE_DIR}/kube-controller-manager.kubeconfig
  start_component kube-controller-manager \
    --kubeconfig="${kubeconfig}" \
    --authentication-kubeconfig="${kubeconfig}" \
    --authorization-kubeconfig="${kubeconfig}" \
    --bind-address=127.0.0.1 \
    --secure-port="${CONTROLLER_MANAGER_PORT}" \
    --cert-dir="${STATE_DIR}/kube-controller-manager" \
    --controllers='*' \
    --service-account-private-key-file="${PKI_DIR}/service-account.key" \
    --root-ca-file="${PKI_DIR}/ca.crt" \
    --use-service-account-credentials=true \
    --leader-elect=false
}

start_scheduler() {
  local kubeconfig=${STATE_DIR}/kube-scheduler.kubeconfig
  start_component kube-scheduler \
    --kubeconfig="${kubeconfig}" \
    --authentication-kubeconfig="${kubeconfig}" \
    --authorization-kubeconfig="${kubeconfig}" \
    --bind-address=127.0.0.1 \
    --secure-port="${SCHEDULER_PORT}" \
    --cert-dir="${STATE_DIR}/kube-scheduler" \
    --leader-elect=false
}

start_kwok() {
  local stages=${BIN_DIR}/kwok-stages.yaml
  [[ -f ${stages} ]] ||
    die "kwok's stage file ${stages} is missing; run 'hack/build-controlplane.sh --force' to recreate it"
  mkdir -p "${STATE_DIR}/kwok"
  # KWOK_WORKDIR keeps kwok from also loading ~/.kwok/kwok.yaml, which a
  # developer may have for their own kwok clusters.
  # --node-ip and the server address put every address kwok reports for the
  # fake nodes on loopback. Pod IPs come from --cidr and are never routed:
  # no component here sends traffic to a Pod.
  KWOK_WORKDIR="${STATE_DIR}/kwok" start_component kwok \
    --kubeconfig="${STATE_DIR}/kwok.kubeconfig" \
    --config="${stages}" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector="${KWOK_NODE_ANNOTATION}=${KWOK_NODE_ANNOTATION_VALUE}" \
    --node-ip=127.0.0.1 \
    --node-port="${KWOK_PORT}" \
    --server-address="127.0.0.1:${KWOK_PORT}" \
    --node-lease-duration-seconds=40 \
    --cidr=10.244.0.0/16
}

# ---------------------------------------------------------------------------
# Subcommands

build_binaries() {
  local out
  out=$("${HACK_DIR}/build-controlplane.sh") ||
    die "building the control-plane binaries failed (see the messages above); fix that, then run '$0 start' again"
  BIN_DIR=$(tail -n 1 <<<"${out}")
  [[ -x ${BIN_DIR}/kube-apiserver ]] ||
    die "hack/build-controlplane.sh printed '${BIN_DIR}', which has no kube-apiserver; run it by hand to see why"
}

cmd_start() {
  (($# == 0)) || die "'start' takes no arguments; run '$0 --help' for usage"
  check_tools
  build_binaries
  lock_state
  mkdir -p "${LOG_DIR}" "${PID_DIR}"
  STARTED=()

  if all_healthy; then
    log "control plane already running (API server https://127.0.0.1:${APISERVER_PORT})"
    printf '%s\n' "${KUBECONFIG_FILE}"
    return 0
  fi

  local name
  for name in "${COMPONENTS[@]}"; do
    if running_pid "${name}" >/dev/null; then
      log "some components run but the control plane is not healthy as a whole; restarting all of them"
      stop_components
      break
    fi
  done

  printf '%s\n' "${BIN_DIR}" >"${BIN_DIR_FILE}"
  choose_ports
  generate_pki
  write_kubeconfigs

  local start=${SECONDS}
  start_etcd
  wait_healthy etcd
  start_apiserver
  wait_healthy kube-apiserver
  start_controller_manager
  start_scheduler
  start_kwok
  wait_healthy kube-controller-manager
  wait_healthy kube-scheduler
  wait_healthy kwok
  create_nodes
  wait_nodes_ready
  wait_default_service_account

  log "control plane ready in $((SECONDS - start))s: API server https://127.0.0.1:${APISERVER_PORT}, state in ${STATE_DIR}"
  log "use it with: export KUBECONFIG=${KUBECONFIG_FILE}"
  printf '%s\n' "${KUBECONFIG_FILE}"
}

# is_state_dir succeeds if STATE_DIR has what 'start' creates in it.
is_state_dir() {
  [[ -f ${PORTS_FILE} || -d ${PKI_DIR} || -d ${PID_DIR} ]]
}

cmd_stop() {
  local clean=false
  while (($#)); do
    case "$1" in
      --clean) clean=true ;;
      *) die "unknown argument '$1' for stop; run '$0 --help' for usage" ;;
    esac
    shift
  done

  # Only touch what looks like our state directory, so that a mistyped
  # RUNNERSTACK_CONTROLPLANE_DIR can neither get a lock file written into it
  # nor be deleted by --clean.
  if ! is_state_dir; then
    if ${clean} && [[ -d ${STATE_DIR} ]]; then
      die "${STATE_DIR} has no ports.env, pki/ or pids/, so it does not look like a control-plane state directory; delete it by hand if that is intended"
    fi
    log "nothing to stop: no control-plane state in ${STATE_DIR}"
    return 0
  fi

  lock_state
  STARTED=()
  stop_components
  if ${clean}; then
    rm -rf "${STATE_DIR}"
    log "deleted ${STATE_DIR}"
  fi
}

cmd_status() {
  (($# == 0)) || die "'status' takes no arguments; run '$0 --help' for usage"
  if [[ ! -f ${PORTS_FILE} ]]; then
    echo "control plane: not started (no state in ${STATE_DIR})"
    return 0
  fi
  load_ports
  BIN_DIR=$(cat "${BIN_DIR_FILE}" 2>/dev/null || true)
  local name pid state running=0
  printf '%-24s %-8s %-6s %s\n' COMPONENT PID PORT STATE
  for name in "${COMPONENTS[@]}"; do
    if pid=$(running_pid "${name}"); then
      running=$((running + 1))
      if healthy "${name}"; then state=healthy; else state=unhealthy; fi
    else
      pid=-
      state=stopped
    fi
    printf '%-24s %-8s %-6s %s\n' "${name}" "${pid}" "$(component_port "${name}")" "${state}"
  done
  echo "state directory: ${STATE_DIR}"
  echo "binaries:        ${BIN_DIR:-unknown}"
  echo "kubeconfig:      ${KUBECONFIG_FILE}"
  if ((running == ${#COMPONENTS[@]})) && [[ -x ${BIN_DIR}/kubectl ]]; then
    echo
    kubectl_admin get nodes 2>&1 || true
  fi
}

cmd_env() {
  (($# == 0)) || die "'env' takes no arguments; run '$0 --help' for usage"
  [[ -f ${KUBECONFIG_FILE} ]] ||
    log "warning: ${KUBECONFIG_FILE} does not exist yet; run '$0 start' first"
  printf 'export KUBECONFIG=%q\n' "${KUBECONFIG_FILE}"
}

main() {
  (($# > 0)) || {
    usage >&2
    exit 2
  }
  local command=$1
  shift
  case "${command}" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    env) cmd_env "$@" ;;
    -h | --help | help) usage ;;
    *) die "unknown command '${command}'; expected start, stop, status or env" ;;
  esac
}

main "$@"
