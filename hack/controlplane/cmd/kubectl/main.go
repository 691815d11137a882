// Command kubectl is the upstream kubectl from the k8s.io/kubectl staging
// module, at the version matching k8s.io/kubernetes in ../../go.mod.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	// -v is read before the command is built, so klog output during plugin
	// lookup and kuberc loading already honours it. The regular flag parsing
	// happens later, inside cli.RunNoErrOutput, and reports a bad -v value
	// itself, so the error is ignored here.
	_, _ = logs.GlogSetter(cmd.GetLogVerbosity(os.Args))

	// RunNoErrOutput leaves error printing to CheckErr, which formats API
	// errors the way kubectl users expect and picks the exit code.
	if err := cli.RunNoErrOutput(cmd.NewDefaultKubectlCommand()); err != nil {
		util.CheckErr(err)
	}
}
