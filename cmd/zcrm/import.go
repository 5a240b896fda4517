package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

type importOptions struct {
	dataFlags
	module, file string
	operation    string
	findBy       string
	ignoreEmpty  bool
	errorsFile   string
	noProgress   bool
}

func importCommand() *cobra.Command {
	var o importOptions
	cmd := &cobra.Command{
		Use:   "import <module> <file.csv>",
		Short: "Import a CSV file into a module with Zoho's bulk write; refused rows go to an errors file",
		Long: "Import a CSV file whose header names fields by API name (Last_Name, Email, Owner...)\n" +
			"into a module with Zoho's bulk write API: 25,000 rows a job (500 API credits each),\n" +
			"uploaded, waited for, and read back row by row.\n\n" +
			"--operation insert adds records (with --find-by, rows matching an existing record are\n" +
			"skipped); update changes the records --find-by finds (id or a unique field); upsert\n" +
			"updates those and adds the rest.\n\n" +
			"The rows Zoho refuses are written to an errors file (default: FILE with .errors.csv for\n" +
			".csv) with their cells and three more columns: ROW, the row's number in FILE as a\n" +
			"spreadsheet shows it (the header is row 1), STATUS, and ERRORS, Zoho's reasons (such as\n" +
			"MANDATORY_NOT_FOUND (Last_Name)); the command then exits with code 1. It prints how\n" +
			"many rows were added, updated and refused.\n\n" + configHelp,
		Example: "  zcrm import Leads leads.csv\n" +
			"  zcrm import Leads leads.csv --operation upsert --find-by Email\n" +
			"  zcrm import Contacts changes.csv --operation update --find-by id --ignore-empty",
		Args: argsBetween(2, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.module, o.file = args[0], args[1]
			return o.run(cmd)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.operation, "operation", "insert", "insert, update or upsert")
	f.StringVar(&o.findBy, "find-by", "", "the field that matches rows to records: id or a unique field (needed by update and upsert)")
	f.BoolVar(&o.ignoreEmpty, "ignore-empty", false, "leave a field alone where its cell is empty (by default an empty cell empties the field)")
	f.StringVar(&o.errorsFile, "errors", "", "where to write the refused rows (default: FILE.errors.csv)")
	f.BoolVar(&o.noProgress, "no-progress", false, "show no progress, even on a terminal")
	o.dataFlags.add(cmd)
	return cmd
}

// importCount is a line of the summary: how many rows ended how.
type importCount struct {
	Status string `json:"status"`
	Rows   int    `json:"rows"`
}

func (o *importOptions) run(cmd *cobra.Command) error {
	op := bulk.WriteOperation(strings.ToLower(o.operation))
	switch {
	case op != bulk.Insert && op != bulk.Update && op != bulk.Upsert:
		return usagef("--operation %q: one of insert, update, upsert", o.operation)
	case op != bulk.Insert && o.findBy == "":
		return usagef("--operation %s needs --find-by: id or a unique field", op)
	}
	if _, err := o.format(cmd.OutOrStdout()); err != nil {
		return err // before the file, as other mistakes on the command line
	}
	if o.errorsFile == "" {
		o.errorsFile = strings.TrimSuffix(o.file, filepath.Ext(o.file)) + ".errors.csv"
	}
	in, err := os.Open(o.file)
	if err != nil {
		return err
	}
	defer in.Close()
	return o.do(cmd, func(c *sdk.Client, format outputFormat) error {
		return o.write(cmd, c, format, op, in)
	})
}

// write imports the open file and reports the rows refused.
func (o *importOptions) write(cmd *cobra.Command, c *sdk.Client, format outputFormat, op bulk.WriteOperation, in io.Reader) error {
	total := int64(-1)
	quiet := o.noProgress || !isTerminal(cmd.ErrOrStderr())
	if !quiet {
		var err error
		if total, err = countRows(o.file); err != nil {
			return err
		}
	}
	prog := newProgress(cmd.ErrOrStderr(), quiet, o.module, total)
	// Jobs run one after another, each on the next 25,000 rows: a poll
	// after an ended job is the next's, and an ended job's rows are done.
	prog.setStatus("job 1: uploading")
	job, ended, done := 0, true, int64(0)
	wait := &bulk.WaitOptions{MinInterval: time.Second, MaxInterval: 10 * time.Second, OnPoll: func(state string) {
		if ended {
			job++
		}
		prog.setStatus("job %d: %s", job, state)
		if ended = bulk.WriteState(state).Done(); ended {
			rows := min(bulk.MaxFileRecords, total-done)
			done += rows
			prog.add(rows, 0)
		}
	}}
	req := &bulk.WriteRequest{Module: o.module, Operation: op, FindBy: o.findBy, IgnoreEmpty: o.ignoreEmpty}
	report, err := bulk.New(c).WriteCSV(cmd.Context(), req, &progressReader{r: in, progress: prog}, wait)
	if err != nil {
		prog.stop()
		if report != nil && len(report.Rows) > 0 {
			return fmt.Errorf("import stopped after %d rows: %w", len(report.Rows), err)
		}
		return err
	}
	prog.finish()

	counts := map[string]int{}
	for _, row := range report.Rows {
		counts[row.Status]++
	}
	var summary []importCount
	for _, status := range []string{"added", "updated", "skipped", "unprocessed"} {
		if counts[status] > 0 || status == "added" {
			summary = append(summary, importCount{status, counts[status]})
		}
	}
	_, err = printRows(cmd.OutOrStdout(), format, fixed(
		column[importCount]{"STATUS", func(c importCount) any { return c.Status }},
		column[importCount]{"ROWS", func(c importCount) any { return c.Rows }},
	), slice(summary))
	if err != nil {
		return err
	}
	failed := report.Failed()
	if len(failed) == 0 {
		return nil
	}
	if err := writeRefusedRows(o.file, o.errorsFile, report); err != nil {
		return fmt.Errorf("%d of %d rows refused, and writing them out failed: %w", len(failed), len(report.Rows), err)
	}
	return fmt.Errorf("%d of %d rows refused: their rows and Zoho's reasons are in %s", len(failed), len(report.Rows), o.errorsFile)
}

// progressReader tells the progress display how many bytes of the input
// are read (sent to Zoho).
type progressReader struct {
	r        io.Reader
	progress *progress
	unseen   int64 // read, not yet told
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if p.unseen += int64(n); p.unseen >= 64<<10 || err != nil {
		p.progress.add(0, p.unseen)
		p.unseen = 0
	}
	return n, err
}

// countRows counts the records of a CSV file, its header aside.
func countRows(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	var n int64
	for {
		_, err := r.Read()
		if errors.Is(err, io.EOF) {
			return max(n-1, 0), nil
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		n++
	}
}

// writeRefusedRows writes the input rows the report says were not written,
// each with its row number, status and Zoho's errors, to path.
func writeRefusedRows(input, path string, report *bulk.WriteReport) error {
	in, err := os.Open(input)
	if err != nil {
		return err
	}
	defer in.Close()
	r := csv.NewReader(in)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(out)
	_ = w.Write(append(append([]string(nil), header...), "ROW", "STATUS", "ERRORS"))
	failed := report.Failed()
	for i := 0; len(failed) > 0; i++ {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			out.Close()
			return err
		}
		if failed[0].Index != i {
			continue
		}
		row := failed[0]
		failed = failed[1:]
		reasons := make([]string, len(row.Errors))
		for j, e := range row.Errors {
			reasons[j] = e.String()
		}
		if err := w.Write(append(cells, strconv.Itoa(i+2), row.Status, strings.Join(reasons, "; "))); err != nil {
			out.Close()
			return err
		}
	}
	w.Flush()
	if err := errors.Join(w.Error(), out.Close()); err != nil {
		return err
	}
	return nil
}
