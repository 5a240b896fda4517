package pluginproto

import (
	"os/exec"
	"syscall"
)

// endWithHost asks the kernel to stop the plugin if the host dies without
// closing it (a crash, SIGKILL), so that no plugin process outlives its
// application.
func endWithHost(cmd *exec.Cmd) {
	if !kernelEndsOrphans {
		return
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}

// kernelEndsOrphans is switched off by a test, to check Serve's own watch.
var kernelEndsOrphans = true
