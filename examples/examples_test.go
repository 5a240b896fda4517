// The examples are run as a newcomer runs them, with `go run` and nothing
// else built or shipped (the application serves its token store itself),
// against the emulator (no ZCRM_ variables).
package examples_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cleanEnv is the test's environment without ZCRM_ variables, as a
// newcomer's shell has it.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZCRM_") {
			env = append(env, kv)
		}
	}
	return env
}

// runExample runs `go run ./examples/<name>` from the module's root.
func runExample(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"run", "./examples/" + name}, args...)...)
	cmd.Dir = ".."
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go run ./examples/%s failed:\n%s", name, out)
	return string(out)
}

func TestQuickstart(t *testing.T) {
	out := runExample(t, "quickstart")
	for _, want := range []string{
		"using the Zoho emulator",
		"1. Grant token exchanged; tokens saved for p.boyle@zylker.com",
		"2. Current user: Patricia Boyle <p.boyle@zylker.com>",
		"3. Lead created: ",
	} {
		assert.Contains(t, out, want)
	}
	assert.Regexp(t, `4\. Lead read back: Ada Quickstart, ada\.quickstart\.\d+@example\.com`, out)
	assert.NotRegexp(t, `1000\.[0-9a-f]{32}\.[0-9a-f]{32}`, out, "no token is printed")
}

func TestGetUser(t *testing.T) {
	out := runExample(t, "getuser")
	assert.Contains(t, out, `"email": "p.boyle@zylker.com"`)
	assert.Contains(t, out, `"full_name": "Patricia Boyle"`)
}

func TestRecordsExample(t *testing.T) {
	out := runExample(t, "records")
	for _, want := range []string{
		"1. Created 3 leads",
		"2. Refused as expected: MANDATORY_NOT_FOUND on field Last_Name",
		"3. Found by email: Grace Hopper (",
		"4. Found by criteria: Turing",
		"4. Found by criteria: Lovelace",
		`5. Updated: Ada Lovelace is now "Contacted", modified by Patricia Boyle`,
		"6. Deleted 3 leads",
		"7. Most recent in the recycle bin: Alan Turing, deleted by Patricia Boyle",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "Found by criteria: Hopper")
}

func TestCOQLExample(t *testing.T) {
	out := runExample(t, "coql")
	assert.Contains(t, out, "1. Created 5 contacts")
	assert.Regexp(t, `2\. 3 in Sales \(more: false\): (Coql\d+)-4 (Coql\d+)-2 (Coql\d+)-0\n`, out)
	assert.Regexp(t, `3\. Record 5 of the query: Coql\d+-4\n`, out)
	assert.NotContains(t, out, "Record 6")
	assert.Contains(t, out, "4. Refused as expected: COQL wants a WHERE clause")
}

func TestAttachments(t *testing.T) {
	out := runExample(t, "attachments")
	for _, want := range []string{
		"using the Zoho emulator",
		"1. Wrote brochure.pdf (3 MB)",
		"2. Lead created: ",
		"3. Uploaded: attachment ",
		"4. Listed: brochure.pdf, 3145728 bytes, by Patricia Boyle",
		"5. Downloaded brochure.pdf: 3145728 bytes, application/pdf, identical to the upload",
		"6. Attachment and lead deleted",
	} {
		assert.Contains(t, out, want)
	}
}
