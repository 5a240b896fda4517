//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
)

// tmux is a terminal a test types into and reads, as a person would: a
// tmux server of the test's own (its own socket), running sh in a 160x40
// window, with zcrm on the PATH.
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T, vars map[string]string, dir string) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is missing (apt-get install -y tmux); CI=true: the terminal tests must run")
		}
		t.Skip("tmux is missing (apt-get install -y tmux); skipping the terminal tests, which CI=true runs")
	}
	s := &tmux{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock")}
	env := map[string]string{}
	for k, v := range vars {
		env[k] = v
	}
	cmd := exec.Command("tmux", "-S", s.socket, "new-session", "-d", "-s", "zcrm", "-x", "160", "-y", "40", "-c", dir, "sh")
	cmd.Env = append(environ(env), "PATH="+filepath.Dir(zcrmBinary)+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	s.typeLine("PS1='$ '") // root's sh prompts with #
	s.clear()
	return s
}

// typeLine types a command line and Enter.
func (s *tmux) typeLine(line string) {
	s.t.Helper()
	out, err := exec.Command("tmux", "-S", s.socket, "send-keys", "-t", "zcrm", "-l", line).CombinedOutput()
	require.NoError(s.t, err, string(out))
	s.keys("Enter")
}

// keys presses keys by tmux's names: Enter, C-c.
func (s *tmux) keys(keys ...string) {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket, "send-keys", "-t", "zcrm"}, keys...)...).CombinedOutput()
	require.NoError(s.t, err, string(out))
}

// screen is what the window shows.
func (s *tmux) screen() string {
	s.t.Helper()
	out, err := exec.Command("tmux", "-S", s.socket, "capture-pane", "-p", "-t", "zcrm").CombinedOutput()
	require.NoError(s.t, err, string(out))
	return string(out)
}

// waitShows waits until the screen matches re and returns the screen.
func (s *tmux) waitShows(re string) string {
	s.t.Helper()
	pattern := regexp.MustCompile(re)
	deadline := time.Now().Add(testenv.Patience) // a safety net only
	for {
		screen := s.screen()
		if pattern.MatchString(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waited %v for the terminal to show %s; it shows:\n%s", testenv.Patience, re, screen)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// clear empties the screen between commands.
func (s *tmux) clear() {
	s.typeLine("clear")
	s.waitShows(`^\$\n`) // capture-pane drops trailing spaces
}

// In a real terminal the export shows the job's state, rows, bytes, rate
// and time left, then a summary; Ctrl-C stops it with exit code 130 and
// the same command continues it. Reads print tables there, JSON into a
// pipe, and a pipe or file gets no progress.
func TestTerminalProgressAndTables(t *testing.T) {
	srv, env := dataEmulator(t)
	want := seedLeads(srv, 0, 100_000)
	dir := t.TempDir()
	term := newTmux(t, env, dir)

	// Zoho's job is held on the emulator's clock: the terminal shows its states.
	srv.SetBulkJobTime(time.Hour)
	term.typeLine("zcrm export Leads --fields Last_Name,Company,Email -o leads.csv")
	screen := term.waitShows(`Leads page 1: ADDED +0% \|`)
	assert.Regexp(t, `\(0/100000, 0 rows/\w+\)`, screen, "the count Zoho gave is the total")
	srv.Advance(20 * time.Minute)
	term.waitShows(`Leads page 1: QUEUED +0% \|`)
	srv.Advance(40 * time.Minute)
	screen = term.waitShows(`exported 100000 Leads records to leads.csv \(\d+\.\d MB\)`)
	assert.Regexp(t, `\nLeads done \d+\.\d MB +100% \|█+\| \(100000/100000, \d+ rows/s\) \[\d+s\]\n`, screen)
	header, rows := readCSV(t, filepath.Join(dir, "leads.csv"))
	requireRowsOnce(t, want, header, rows)

	// Ctrl-C while Zoho works on the job; the same command then goes on.
	term.clear()
	term.typeLine("zcrm export Leads --fields Last_Name,Company,Email -o again.csv")
	term.waitShows(`Leads page 1: ADDED`)
	term.keys("C-c")
	term.waitShows(`zcrm: export interrupted with 0 rows in again.csv; run the same command again to continue: .*context canceled`)
	// Typed while zcrm may still be ending: the terminal echoes the line
	// at once and sh prints it after its next prompt.
	term.typeLine("echo exit=$?")
	term.waitShows(`(\n|\$ )exit=130\n`)
	srv.Advance(time.Hour)
	term.typeLine("zcrm export Leads --fields Last_Name,Company,Email -o again.csv")
	term.waitShows(`continuing the export to again.csv: 0 rows already there\n(.|\n)*exported 100000 Leads records to again.csv`)
	header, rows = readCSV(t, filepath.Join(dir, "again.csv"))
	requireRowsOnce(t, want, header, rows)

	// An import of two jobs: each job's state, the rows of the jobs done.
	term.clear()
	srv.SetBulkJobTime(time.Hour)
	writeLeadsCSV(t, filepath.Join(dir, "import.csv"), 30_000, nil)
	term.typeLine("zcrm import Leads import.csv")
	term.waitShows(`Leads job 1: ADDED \d+\.\d [kM]B +0% \|.*\(0/30000,`)
	srv.Advance(time.Hour)
	term.waitShows(`Leads job 2: ADDED \d+\.\d [kM]B +83% \|.*\(25000/30000,`)
	srv.Advance(time.Hour)
	term.waitShows(`\nLeads done \d+\.\d [kM]B +100% \|█+\| \(30000/30000, \d+ rows/s\) \[\d+s\]\nSTATUS +ROWS\nadded +30000\n`)

	// Into a pipe or a file: no progress at all.
	srv.SetBulkJobTime(10 * time.Millisecond)
	term.clear()
	term.typeLine("zcrm export Leads --fields Last_Name -o piped.csv 2>progress.txt; echo done=$?")
	term.waitShows(`\ndone=0\n`)
	progress, err := os.ReadFile(filepath.Join(dir, "progress.txt"))
	require.NoError(t, err)
	assert.Empty(t, string(progress), "stderr was a file")
	_, rows = readCSV(t, filepath.Join(dir, "piped.csv"))
	assert.Equal(t, 130_000, len(rows), "the leads and the 30,000 imported")

	// A table on the terminal; JSON into a pipe.
	term.clear()
	term.typeLine("zcrm records list Leads --fields Last_Name,Email --sort-by id --sort-order asc --limit 2")
	screen = term.waitShows(`\n\$\n`)
	assert.Regexp(t, `\nid +Last_Name +Email\n\d+ +Lead 0 +lead0@zylker\.com\n\d+ +Lead 1 +lead1@zylker\.com\n\$\n`, screen)
	term.clear()
	term.typeLine("zcrm records list Leads --fields Last_Name --sort-by id --sort-order asc --limit 1 | cat")
	screen = term.waitShows(`\]\n\$\n`)
	assert.Regexp(t, `\n\[\n  \{\n    "Last_Name": "Lead 0",\n    "id": "\d+"\n  \}\n\]\n\$\n`, screen)
}

// An export whose file cannot grow (the file size limit of the process,
// as a full disk would stop it) fails part-way through a page, past its
// last saved state; run again, it cuts the file back to that state and
// writes each record once.
func TestExportContinuesAfterWriteFailure(t *testing.T) {
	if _, err := exec.LookPath("prlimit"); err != nil {
		t.Fatal("prlimit (util-linux) is missing")
	}
	srv, env := dataEmulator(t)
	srv.SetBulkJobTime(10 * time.Millisecond)
	want := seedLeads(srv, 0, 100_000)
	out := filepath.Join(t.TempDir(), "leads.csv")
	args := []string{"export", "Leads", "--fields", leadFields, "-o", out}

	const limit = 3_500_000 // bytes: past the page's ZIP, short of its 100,000 rows (row 50,000 ends near 2.3 MB)
	cmd := exec.Command("prlimit", append([]string{"--fsize=3500000", zcrmBinary}, args...)...)
	cmd.Env = environ(env)
	output, err := cmd.CombinedOutput()
	require.Error(t, err, string(output))
	assert.Equal(t, exitFailure, cmd.ProcessState.ExitCode(), string(output))
	assert.Contains(t, string(output), "export stopped with 50000 rows in "+out+"; run the same command again to continue")
	assert.Contains(t, string(output), "file too large")
	info, err := os.Stat(out)
	require.NoError(t, err)
	st := readState(t, out)
	assert.Equal(t, int64(50_000), st.Rows)
	assert.Equal(t, 50_000, st.PageRows)
	assert.Greater(t, info.Size(), st.Bytes, "rows past the state are in the file")
	assert.LessOrEqual(t, info.Size(), int64(limit))

	r := zcrm(t, env, args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "continuing the export to "+out+": 50000 rows already there")
	header, rows := readCSV(t, out)
	requireRowsOnce(t, want, header, rows)
}
