//go:build unix

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockFile waits for an exclusive flock on f. The kernel drops it if the
// process dies, so a crash never leaves the store locked.
func lockFile(f *os.File) error { return unix.Flock(int(f.Fd()), unix.LOCK_EX) }

func unlockFile(f *os.File) error { return unix.Flock(int(f.Fd()), unix.LOCK_UN) }

// syncDir flushes a directory, so that a rename into it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
