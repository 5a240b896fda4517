package testenv

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// Banner starts cmd and returns what it printed on stdout up to and
// including the first line that starts with last, such as the banner of
// `zcrm emulator`; the rest of its output is discarded. stderr is cmd's
// standard error so far, for the message of a failure. The caller stops
// the process.
func Banner(cmd *exec.Cmd, last string, timeout time.Duration) (banner string, stderr *Buffer, err error) {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	stderr = &Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return "", stderr, err
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			lines <- scanner.Text()
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var out strings.Builder
	deadline := time.After(timeout)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				return out.String(), stderr, fmt.Errorf("%s ended its output before a line starting %q", cmd.Path, last)
			}
			out.WriteString(line + "\n")
			if strings.HasPrefix(line, last) {
				go func() {
					for range lines {
					}
				}()
				return out.String(), stderr, nil
			}
		case <-deadline:
			return out.String(), stderr, fmt.Errorf("%s printed no line starting %q within %v", cmd.Path, last, timeout)
		}
	}
}

// Exports reads the variables of the "export NAME=value ..." lines of
// text, as a shell does when they are pasted.
func Exports(text string) map[string]string {
	vars := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "export ")
		if !ok {
			continue
		}
		for _, kv := range strings.Fields(rest) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				vars[k] = v
			}
		}
	}
	return vars
}
