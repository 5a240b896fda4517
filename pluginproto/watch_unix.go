//go:build !windows

package pluginproto

import (
	"os"
	"time"

	"github.com/hashicorp/go-hclog"
)

// exitWithHost ends the plugin when the process that started it is gone:
// the plugin was re-parented, so nobody will ever call it again, and a
// store's locks must not outlive their holder. Unix re-parents an orphan
// (to init or a subreaper), so a changed parent pid means the host died.
func exitWithHost(logger hclog.Logger) {
	parent := os.Getppid()
	go func() {
		for range time.Tick(time.Second) {
			if os.Getppid() != parent {
				logger.Warn("the host process is gone; stopping")
				os.Exit(0)
			}
		}
	}()
}
