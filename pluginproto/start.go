package pluginproto

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/go-plugin"
)

// ErrStartTimeout: the plugin did not finish starting within the start
// timeout (LaunchConfig.StartTimeout).
var ErrStartTimeout = errors.New("token store plugin did not start in time")

// startError is a start given up on: the caller's context ended or the
// start timeout passed. It says what was waited for.
type startError struct{ err error }

func (e *startError) Error() string { return e.err.Error() }
func (e *startError) Unwrap() error { return e.err }

// startWithin starts the plugin and shakes hands (go-plugin's Client),
// giving up when ctx ends or timeout passes, whichever comes first; the
// error says which (bound names the timeout and where it comes from). A
// start given up on is killed in the background: go-plugin's Kill waits
// for the process's output to close, which a hung child of the plugin can
// hold open for as long as it lives.
func startWithin(ctx context.Context, pc *plugin.Client, path string, timeout time.Duration, bound string) (plugin.ClientProtocol, error) {
	type started struct {
		rpc plugin.ClientProtocol
		err error
	}
	done := make(chan started, 1)
	go func() {
		rpc, err := pc.Client()
		done <- started{rpc, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var err error
	select {
	case s := <-done:
		return s.rpc, s.err
	case <-ctx.Done():
		err = fmt.Errorf("waiting for the token store plugin %s to start: the caller's context ended first: %w", path, ctx.Err())
	case <-timer.C:
		err = fmt.Errorf("%w: %s did not start within %s", ErrStartTimeout, path, bound)
	}
	go func() {
		pc.Kill()
		<-done
		pc.Kill() // in case the start got further meanwhile
	}()
	return nil, &startError{err}
}
