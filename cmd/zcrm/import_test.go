package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeLeadsCSV writes n leads as CSV, row i with Last_Name "Import i"
// and Email importi@zylker.com, changed by bad where it names the row.
func writeLeadsCSV(t *testing.T, path string, n int, bad map[int]func(row []string)) [][]string {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	w := csv.NewWriter(f)
	rows := [][]string{leadColumns}
	for i := range n {
		row := []string{"Import " + strconv.Itoa(i), "Zylker", fmt.Sprintf("import%d@zylker.com", i)}
		if change := bad[i]; change != nil {
			change(row)
		}
		rows = append(rows, row)
	}
	require.NoError(t, w.WriteAll(rows))
	require.NoError(t, f.Close())
	return rows
}

// An import of 26,000 rows (two of Zoho's 25,000-row jobs) with three bad
// rows, one in the second job: the errors file names exactly those rows,
// with their cells and Zoho's reasons, and every other row is stored.
func TestImportWritesRefusedRowsToErrorsFile(t *testing.T) {
	srv, env := dataEmulator(t)
	srv.SetBulkJobTime(10 * time.Millisecond)
	dir := t.TempDir()
	in := filepath.Join(dir, "leads.csv")
	reasons := map[int]string{
		3:      "MANDATORY_NOT_FOUND (Last_Name)",
		12_345: "INVALID_DATA (Email)",
		25_999: "INVALID_DATA (Last_Name)",
	}
	input := writeLeadsCSV(t, in, 26_000, map[int]func([]string){
		3:      func(row []string) { row[0] = "" },
		12_345: func(row []string) { row[2] = "not-an-address" },
		25_999: func(row []string) { row[0] = strings.Repeat("x", 81) },
	})

	r := zcrm(t, env, "import", "Leads", in)
	assert.Equal(t, exitFailure, r.code, r.stderr)
	errorsFile := filepath.Join(dir, "leads.errors.csv")
	assert.Equal(t, "zcrm: 3 of 26000 rows refused: their rows and Zoho's reasons are in "+errorsFile+"\n", r.stderr)
	assert.JSONEq(t, `[{"status":"added","rows":25997},{"status":"skipped","rows":3}]`, r.stdout)
	assert.Equal(t, 25_997, srv.Records("Leads").Len())

	header, refused := readCSV(t, errorsFile)
	assert.Equal(t, append(append([]string{}, leadColumns...), "ROW", "STATUS", "ERRORS"), header)
	require.Len(t, refused, 3)
	for _, row := range refused {
		n, err := strconv.Atoi(row[3])
		require.NoError(t, err)
		i := n - 2 // spreadsheet rows: the header is row 1
		require.Contains(t, reasons, i, "row %d was not refused", n)
		assert.Equal(t, input[i+1], row[:3], "the row's own cells")
		assert.Equal(t, "skipped", row[4])
		assert.Equal(t, reasons[i], row[5], "Zoho's reason for row %d", n)
		delete(reasons, i)
	}

	// Upsert by Email: the stored rows are updated, the bad ones refused
	// again; a table when asked for one.
	r = zcrm(t, env, "import", "Leads", in, "--operation", "upsert", "--find-by", "Email", "--errors", filepath.Join(dir, "again.csv"), "--table")
	assert.Equal(t, exitFailure, r.code, r.stderr)
	assert.Regexp(t, `^STATUS +ROWS\nadded +0\nupdated +25997\nskipped +3\n$`, r.stdout)
	assert.Contains(t, r.stderr, "again.csv")
	assert.Equal(t, 25_997, srv.Records("Leads").Len())
}

func TestImportUsageErrors(t *testing.T) {
	for args, msg := range map[string]string{
		"import Leads leads.csv --operation update":  "--operation update needs --find-by",
		"import Leads leads.csv --operation replace": `--operation "replace": one of insert, update, upsert`,
		"import Leads leads.csv --json --csv":        "choose one of --table, --json and --csv",
		"import Leads":                               "missing arguments",
	} {
		r := zcrm(t, nil, strings.Fields(args)...)
		assert.Equal(t, exitUsage, r.code, "%s: %s", args, r.stderr)
		assert.Contains(t, r.stderr, msg, args)
	}
}
