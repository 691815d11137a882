// Command kwok is the kwok controller (sigs.k8s.io/kwok/cmd/kwok): it keeps
// fake Nodes alive and moves Pods bound to them through their lifecycle
// according to Stage objects, so scheduled Pods become Running without a
// kubelet or container runtime.
//
// kwok's own main package cannot be imported, so this wires the same
// exported pieces together.
package main

import (
	"os"

	"github.com/spf13/pflag"

	"sigs.k8s.io/kwok/pkg/config"
	"sigs.k8s.io/kwok/pkg/kwok/cmd"
	"sigs.k8s.io/kwok/pkg/log"
	"sigs.k8s.io/kwok/pkg/utils/signals"
)

func main() {
	// --config and the logging flags must be parsed before the command is
	// built, because the command reads its defaults from the loaded config.
	// Unknown flags are left for the cobra command to parse and reject.
	global := pflag.NewFlagSet("global", pflag.ContinueOnError)
	global.ParseErrorsAllowlist.UnknownFlags = true
	global.Usage = func() {}

	ctx := signals.SetupSignalContext()
	ctx, logger := log.InitFlags(ctx, global)

	ctx, err := config.InitFlags(ctx, global)
	if err != nil {
		_, _ = os.Stderr.WriteString(global.FlagUsages())
		logger.Error("Loading --config failed", "err", err)
		os.Exit(1)
	}

	root := cmd.NewCommand(ctx)
	root.PersistentFlags().AddFlagSet(global)
	if err := root.ExecuteContext(ctx); err != nil {
		logger.Error("kwok exited", "err", err)
		os.Exit(1)
	}
}
