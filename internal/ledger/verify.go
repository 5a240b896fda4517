package ledger

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Verify is called by the TestMain of a package whose tests reach Zoho's
// endpoints (sdk, sdk/bulk) once they have passed: it loads the ledger from
// the module's root (found upwards from the working directory) and checks
// what the emulators served against the lines the package owns. It checks
// nothing when the run was partial (-run, -skip or -short), since a part
// of the tests reaches a part of the endpoints, unless GroupsEnv names the
// groups that part is about: then their lines alone are checked.
func Verify(served []Request, owned func(*Line) bool) error {
	if groups := os.Getenv(GroupsEnv); groups != "" {
		owned = inGroups(owned, strings.Split(groups, ","))
	} else if !fullRun() {
		return nil
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	l, err := Load(filepath.Join(root, File))
	if err != nil {
		return err
	}
	if problems := l.Check(served, owned); len(problems) > 0 {
		return fmt.Errorf("the ledger %s does not hold (%d lines):\n\t%s", File, len(problems), strings.Join(problems, "\n\t"))
	}
	return nil
}

// GroupsEnv names groups (crm-oas file names, comma-separated) whose
// lines Verify checks even in a partial run: a developer adding a group
// runs its tests alone with ZCRM_LEDGER_GROUPS=its_name.
const GroupsEnv = "ZCRM_LEDGER_GROUPS"

func inGroups(owned func(*Line) bool, groups []string) func(*Line) bool {
	return func(line *Line) bool {
		if !owned(line) {
			return false
		}
		for _, g := range line.Groups {
			for _, want := range groups {
				if g == strings.TrimSpace(want) {
					return true
				}
			}
		}
		return false
	}
}

func fullRun() bool {
	if testing.Short() {
		return false
	}
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}

// moduleRoot is the nearest folder upwards holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("ledger: no go.mod above the working directory")
		}
		dir = parent
	}
}
