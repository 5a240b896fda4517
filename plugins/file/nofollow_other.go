//go:build !unix

package file

import "os"

// openNoFollow opens path like os.OpenFile but fails, with errSymlink, when
// path itself is a symbolic link. Without O_NOFOLLOW the check comes just
// before the open; the token folder is the user's, so the window is theirs.
func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	if isSymlink(path) {
		return nil, &os.PathError{Op: "open", Path: path, Err: errSymlink}
	}
	return os.OpenFile(path, flag, perm)
}

// noFollow is the open flag that refuses a symbolic link: none here, so
// callers check with isSymlink first.
const noFollow = 0
