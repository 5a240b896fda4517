//go:build unix

package file

import (
	"errors"
	"os"
	"syscall"
)

// openNoFollow opens path like os.OpenFile but fails, with errSymlink, when
// path itself is a symbolic link. The kernel checks (O_NOFOLLOW), so a link
// swapped in at any moment is never followed.
func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW, perm)
	if err != nil && errors.Is(err, syscall.ELOOP) && isSymlink(path) {
		return nil, &os.PathError{Op: "open", Path: path, Err: errSymlink}
	}
	return f, err
}

// noFollow is the open flag that refuses a symbolic link.
const noFollow = syscall.O_NOFOLLOW
