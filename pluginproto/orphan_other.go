//go:build !linux

package pluginproto

import "os/exec"

// endWithHost has no kernel help outside Linux: there Serve's watch on the
// host (exitWithHost: the parent pid on macOS and the BSDs, a wait on the
// parent's handle on Windows) stops Go plugins whose host died.
func endWithHost(*exec.Cmd) {}

// kernelEndsOrphans is false: no kernel ends orphans here.
var kernelEndsOrphans = false
