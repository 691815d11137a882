// Command kube-controller-manager is the upstream kube-controller-manager,
// built from the k8s.io/kubernetes module pinned in ../../go.mod.
package main

import (
	"os"

	// Same side-effect imports as the upstream binary: time zones for the
	// CronJob controller, JSON logging, client-go/version metrics.
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() {
	os.Exit(cli.Run(app.NewControllerManagerCommand()))
}
