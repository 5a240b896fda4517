package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of zcrm, the commit it was built from and the Go that built it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), version())
			return err
		},
	}
}

// version describes this build from what the Go toolchain recorded in it:
// the module version (a tag, a pseudo-version, or "(devel)" for a build of a
// checkout) and the commit.
func version() string {
	v := "zcrm (unknown version)"
	info, ok := debug.ReadBuildInfo()
	if ok {
		v = "zcrm " + info.Main.Version
		var revision, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = ", modified"
				}
			}
		}
		if revision != "" {
			v += fmt.Sprintf(" (commit %s%s)", revision, modified)
		}
	}
	return fmt.Sprintf("%s %s %s/%s", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
