package pluginproto

import (
	"os"

	"github.com/hashicorp/go-hclog"
)

// exitWithHost ends the plugin when the process that started it is gone,
// so that a store's locks do not outlive their holder. Windows never
// re-parents a process, so the plugin waits on a handle to its parent,
// opened now while the parent is alive (the handle keeps its pid from
// being reused).
func exitWithHost(logger hclog.Logger) {
	parent, err := os.FindProcess(os.Getppid())
	if err != nil {
		logger.Warn("cannot watch the host process; the plugin will not stop by itself if the host dies", "error", err.Error())
		return
	}
	go func() {
		_, _ = parent.Wait()
		logger.Warn("the host process is gone; stopping")
		os.Exit(0)
	}()
}
