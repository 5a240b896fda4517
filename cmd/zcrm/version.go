package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func versionCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version of zcrm, the commit it was built from and the Go that built it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), readBuild())
			}
			_, err := fmt.Fprintln(cmd.OutOrStdout(), version())
			return err
		},
	}
	jsonFlag(cmd, &asJSON, `{"version", "commit", "modified", "go", "os", "arch"}`)
	return cmd
}

// build is what the Go toolchain recorded in this executable.
type build struct {
	// Version is the module version: a tag, a pseudo-version, or
	// "(devel)" for a build of a checkout; empty when unknown.
	Version  string `json:"version"`
	Commit   string `json:"commit,omitempty"`
	Modified bool   `json:"modified"` // built from a checkout with changes
	Go       string `json:"go"`
	OS       string `json:"os"`
	Arch     string `json:"arch"`
}

func readBuild() build {
	b := build{Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Version = info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// version describes this build in one line.
func version() string {
	b := readBuild()
	v := "zcrm (unknown version)"
	if b.Version != "" {
		v = "zcrm " + b.Version
	}
	if b.Commit != "" {
		modified := ""
		if b.Modified {
			modified = ", modified"
		}
		v += fmt.Sprintf(" (commit %s%s)", b.Commit, modified)
	}
	return fmt.Sprintf("%s %s %s/%s", v, b.Go, b.OS, b.Arch)
}
