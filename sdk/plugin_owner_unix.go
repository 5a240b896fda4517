//go:build unix

package sdk

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// checkPluginOwner refuses a plugin binary that a user other than this
// program's (root aside) could have replaced: the binary, the folder it is
// named in and, through a symbolic link, the folder it lives in must not
// be writable by every user, nor belong to another user.
func checkPluginOwner(path string) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("zcrm: token store plugin %s: %w", path, err)
	}
	checks := []struct{ path, what string }{{real, "the binary"}, {filepath.Dir(real), "its folder " + filepath.Dir(real)}}
	if dir := filepath.Dir(path); dir != filepath.Dir(real) {
		checks = append(checks, struct{ path, what string }{dir, "the folder of its link " + dir})
	}
	me := os.Geteuid()
	for _, c := range checks {
		info, err := os.Stat(c.path)
		if err != nil {
			return fmt.Errorf("zcrm: token store plugin %s: %w", path, err)
		}
		if info.Mode().Perm()&0o002 != 0 {
			return &UnsafePluginError{Path: path, Reason: fmt.Sprintf("%s can be written by any user (mode %v)", c.what, info.Mode().Perm())}
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != me && st.Uid != 0 {
			return &UnsafePluginError{Path: path, Reason: fmt.Sprintf("%s belongs to user %d, neither this program's user (%d) nor root", c.what, st.Uid, me)}
		}
	}
	return nil
}
