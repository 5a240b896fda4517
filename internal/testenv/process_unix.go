//go:build unix

package testenv

import "syscall"

// Kill ends the process pid at once (SIGKILL), as a crash would.
func Kill(pid int) error { return syscall.Kill(pid, syscall.SIGKILL) }

// Alive reports whether a process pid exists (signal 0 reaches it).
func Alive(pid int) bool { return syscall.Kill(pid, 0) == nil }
