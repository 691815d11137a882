{{/*
Chart name, shortened to 63 characters because Kubernetes label values and many names allow no more.
*/}}
{{- define "runnerstack-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name, used for every object of the release. A release name that already contains the
chart name is used as it is, so "helm install runnerstack-operator ." does not give doubled names.
*/}}
{{- define "runnerstack-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "runnerstack-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Standard labels of every object of the release.
*/}}
{{- define "runnerstack-operator.labels" -}}
helm.sh/chart: {{ include "runnerstack-operator.chart" . }}
{{ include "runnerstack-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: runnerstack
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels. They must never change after the first install, because a Deployment's selector is immutable.
*/}}
{{- define "runnerstack-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "runnerstack-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the operator runs as.
*/}}
{{- define "runnerstack-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "runnerstack-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference: repository@digest when image.digest is set, because a digest pins the exact
image and a tag can be moved; otherwise repository:tag, where the tag defaults to the chart's appVersion.
*/}}
{{- define "runnerstack-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Name of the leader election Lease: leaderElection.leaseName, or the release's full name so that two
releases in one namespace do not fight over one Lease.
*/}}
{{- define "runnerstack-operator.leaseName" -}}
{{- default (include "runnerstack-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
RBAC rules for the objects the operator reads and writes, shared by the ClusterRole (all namespaces) and
the per-namespace Roles (watchNamespaces set). Each verb is one the operator calls; none is a wildcard.
*/}}
{{- define "runnerstack-operator.rules" -}}
- apiGroups: ["runnerstack.dev"]
  resources: ["runnerstacks"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["runnerstack.dev"]
  resources: ["runnerstacks/status"]
  verbs: ["get", "patch", "update"]
# Owner references with blockOwnerDeletion need update on the owner's finalizers subresource.
- apiGroups: ["runnerstack.dev"]
  resources: ["runnerstacks/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets", "configmaps", "services", "persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
