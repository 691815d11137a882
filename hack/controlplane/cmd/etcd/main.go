// Command etcd is the etcd server. Its version is the go.etcd.io/etcd/server/v3
// requirement in ../../go.mod, which matches the etcd that k8s.io/kubernetes
// itself is tested with, so the two share one dependency graph.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
