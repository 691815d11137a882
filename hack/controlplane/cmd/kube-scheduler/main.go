// Command kube-scheduler is the upstream kube-scheduler, built from the
// k8s.io/kubernetes module pinned in ../../go.mod.
package main

import (
	"os"

	// Same side-effect imports as the upstream binary: JSON logging and
	// client-go/version metrics.
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	os.Exit(cli.Run(app.NewSchedulerCommand()))
}
