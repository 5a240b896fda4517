package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

type exportOptions struct {
	userFlag
	module     string
	output     string
	fields     []string
	criteria   string
	cvid       string
	overwrite  bool
	noProgress bool
	asJSON     bool
}

func exportCommand() *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export <module>",
		Short: "Export a module's records to CSV with Zoho's bulk read; an interrupted export to a file continues",
		Long: "Export the records of a module as CSV, with Zoho's bulk read API: a job for each\n" +
			"200,000 records (50 API credits each), waited for, downloaded and written out. The CSV\n" +
			"has Zoho's header: id, then the fields (lookups by id).\n\n" +
			"With --output, the export can be interrupted (Ctrl-C, a lost connection, a crash) and\n" +
			"run again with the same command: it continues where it stopped and writes each row once.\n" +
			"Until it ends, FILE.export-state beside the file records the job, the page and the\n" +
			"rows written. A file that exists without such a state is not replaced unless\n" +
			"--overwrite is given.\n\n" +
			"On a terminal a progress line on stderr shows the job's state, rows and bytes written,\n" +
			"the rate and the time left; it shows nothing when stderr is not a terminal.\n\n" + configHelp,
		Example: "  zcrm export Leads --output leads.csv\n" +
			"  zcrm export Leads --fields Last_Name,Email,Owner --criteria '(Lead_Source:equals:Web)' -o web.csv\n" +
			"  zcrm export Contacts | gzip > contacts.csv.gz",
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.module = args[0]
			return o.run(cmd)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "the CSV file to write (default: stdout, which cannot be continued)")
	f.StringSliceVar(&o.fields, "fields", nil, "field API names to export, comma-separated (default: every field); dots reach into lookups: Owner.last_name")
	f.StringVar(&o.criteria, "criteria", "", "export the records that match search criteria, such as '((Last_Name:starts_with:B)and(Lead_Source:equals:Web))'")
	f.StringVar(&o.cvid, "cvid", "", "export a custom view's records (its id)")
	f.BoolVar(&o.overwrite, "overwrite", false, "replace the output file, and start over an unfinished export to it")
	f.BoolVar(&o.noProgress, "no-progress", false, "show no progress, even on a terminal")
	f.BoolVar(&o.asJSON, "json", false, `with --output, print what was exported as JSON on stdout: {"module", "output", "rows", "bytes"}`)
	o.userFlag.add(cmd)
	return cmd
}

// exportState is what an unfinished export to a file keeps beside it, so
// that the same command run again continues where it stopped.
type exportState struct {
	// The request: a rerun must ask for the same.
	Module   string   `json:"module"`
	Fields   []string `json:"fields,omitempty"`
	Criteria string   `json:"criteria,omitempty"`
	CVID     string   `json:"cvid,omitempty"`
	User     string   `json:"user"`

	Header []string `json:"header,omitempty"` // Zoho's CSV header, written before the first row
	// Page is the page being written (Zoho exports 200,000 records a job),
	// from 1; JobID its job; PageToken what created it (API v7 on), to
	// create it again when Zoho no longer has the job.
	Page      int    `json:"page"`
	JobID     string `json:"job_id,omitempty"`
	PageToken string `json:"page_token,omitempty"`
	PageRows  int    `json:"page_rows"` // rows of Page in the file
	Rows      int64  `json:"rows"`      // rows in the file
	Bytes     int64  `json:"bytes"`     // the file's length after them
}

func (s *exportState) sameRequest(o *exportOptions) bool {
	return s.Module == o.module && slices.Equal(s.Fields, o.fields) && s.Criteria == o.criteria && s.CVID == o.cvid
}

func (s *exportState) describe() string {
	d := s.Module
	if len(s.Fields) > 0 {
		d += " --fields " + strings.Join(s.Fields, ",")
	}
	if s.Criteria != "" {
		d += fmt.Sprintf(" --criteria '%s'", s.Criteria)
	}
	if s.CVID != "" {
		d += " --cvid " + s.CVID
	}
	return d
}

// exportCheckpointRows: the state is saved after this many rows (and at
// each page's end, and on an interruption); a crash rewrites at most these.
const exportCheckpointRows = 50_000

// exporter writes an export to a file (with its state) or to stdout.
type exporter struct {
	svc       *bulk.Service
	req       bulk.ReadRequest
	state     exportState
	statePath string   // "" when writing to stdout
	file      *os.File // nil when writing to stdout
	buf       *bufio.Writer
	count     countingWriter
	csv       *csv.Writer
	progress  *progress
	shown     int64 // bytes the progress display has been told of
	warn      io.Writer
}

// countingWriter counts the bytes that pass through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (o *exportOptions) run(cmd *cobra.Command) error {
	ctx := cmd.Context()
	if o.asJSON && o.output == "" {
		return usagef("--json needs --output: without it the CSV itself goes to stdout")
	}
	req := bulk.ReadRequest{Module: o.module, Fields: o.fields, CVID: o.cvid}
	if o.criteria != "" {
		crit, err := bulk.FromSearch(o.criteria)
		if err != nil {
			return usagef("--criteria: %v", err)
		}
		req.Criteria = &crit
	}
	e := &exporter{req: req, warn: cmd.ErrOrStderr(),
		state: exportState{Module: o.module, Fields: o.fields, Criteria: o.criteria, CVID: o.cvid, Page: 1}}
	// The output is checked before Zoho is asked anything.
	var out io.Writer = cmd.OutOrStdout()
	if o.output != "" {
		if err := e.open(o); err != nil {
			return err
		}
		defer e.file.Close()
		out = e.file
	}
	e.count.w = out
	if e.state.Bytes > 0 {
		e.count.n = e.state.Bytes
	}
	e.buf = bufio.NewWriterSize(&e.count, 1<<20)
	e.csv = csv.NewWriter(e.buf)

	c, err := o.client(cmd)
	if err != nil {
		return err
	}
	defer c.Close()
	user, err := c.User(ctx)
	if err != nil {
		return err
	}
	if e.state.User != "" && e.state.User != user {
		return fmt.Errorf("%s holds an unfinished export made as %s, not %s: run it again as that user (--user), or add --overwrite to start over", o.output, e.state.User, user)
	}
	e.state.User = user
	e.svc = bulk.New(c)

	total := int64(-1)
	// Rows printed on the terminal would be torn by the progress line.
	quiet := o.noProgress || !isTerminal(cmd.ErrOrStderr()) || (o.output == "" && isTerminal(cmd.OutOrStdout()))
	if !quiet {
		total = exportTotal(ctx, c, o)
		if total >= 0 {
			total = max(total-e.state.Rows, 0)
		}
	}
	e.progress = newProgress(cmd.ErrOrStderr(), quiet, o.module, total)
	if err := e.run(ctx); err != nil {
		e.progress.stop()
		return e.failed(ctx, err)
	}
	e.progress.finish()
	if e.file != nil {
		if err := os.Remove(e.statePath); err != nil {
			return err
		}
	}
	if o.asJSON {
		return writeJSON(cmd.OutOrStdout(), struct {
			Module string `json:"module"`
			Output string `json:"output"`
			Rows   int64  `json:"rows"`
			Bytes  int64  `json:"bytes"`
		}{o.module, o.output, e.state.Rows, e.count.n})
	}
	if !quiet {
		where := "stdout"
		if o.output != "" {
			where = o.output
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "exported %d %s records to %s (%s)\n", e.state.Rows, o.module, where, humanBytes(e.count.n))
	}
	return nil
}

// exportTotal counts the records the export selects, for the time left;
// -1 when Zoho cannot say (API v2 has no count).
func exportTotal(ctx context.Context, c *sdk.Client, o *exportOptions) int64 {
	if o.criteria != "" && o.cvid != "" {
		return -1 // Zoho counts a view or a search, not both
	}
	n, _, err := c.Records.Count(ctx, o.module, &sdk.CountOptions{Criteria: o.criteria, CVID: o.cvid})
	if err != nil {
		return -1
	}
	return int64(n)
}

// open opens the output file: a new one, or the file of an unfinished
// export of the same request, cut back to the rows its state records.
func (e *exporter) open(o *exportOptions) error {
	e.statePath = o.output + ".export-state"
	saved, err := readExportState(e.statePath)
	if err != nil {
		return err
	}
	if saved != nil && !o.overwrite {
		if !saved.sameRequest(o) {
			return usagef("%s holds an unfinished export of %s: run that export again to finish it, or add --overwrite to start this one over",
				o.output, saved.describe())
		}
		f, err := os.OpenFile(o.output, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("continuing the export to %s: %w (add --overwrite to start over)", o.output, err)
		}
		info, err := f.Stat()
		if err == nil && info.Size() < saved.Bytes {
			err = fmt.Errorf("it has %d bytes, fewer than the %d its state records", info.Size(), saved.Bytes)
		}
		if err == nil {
			err = f.Truncate(saved.Bytes)
		}
		if err == nil {
			_, err = f.Seek(saved.Bytes, io.SeekStart)
		}
		if err != nil {
			f.Close()
			return fmt.Errorf("continuing the export to %s: %w (add --overwrite to start over)", o.output, err)
		}
		e.file, e.state = f, *saved
		fmt.Fprintf(e.warn, "continuing the export to %s: %d rows already there\n", o.output, saved.Rows)
		return nil
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if o.overwrite {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if err := os.Remove(e.statePath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	f, err := os.OpenFile(o.output, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return usagef("%s exists: add --overwrite to replace it", o.output)
	}
	if err != nil {
		return err
	}
	e.file = f
	return nil
}

func readExportState(path string) (*exportState, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s exportState
	if err := json.Unmarshal(b, &s); err != nil || s.Module == "" || s.Page < 1 {
		return nil, fmt.Errorf("%s is not an export state this command wrote (%v); remove it, or add --overwrite to start over", path, err)
	}
	return &s, nil
}

// run exports page after page, from the state's.
func (e *exporter) run(ctx context.Context) error {
	job, err := e.pageJob(ctx)
	if err != nil {
		return err
	}
	page := e.state.Page
	wait := &bulk.WaitOptions{MinInterval: time.Second, MaxInterval: 10 * time.Second,
		OnPoll: func(state string) { e.progress.setStatus("page %d: %s", page, state) }}
	for {
		page = e.state.Page
		e.progress.setStatus("page %d: %s", page, job.State)
		if job, err = e.svc.WaitRead(ctx, job.ID, wait); err != nil {
			return err
		}
		e.progress.setStatus("page %d: downloading", page)
		rf, err := e.svc.Download(ctx, job)
		if errors.Is(err, sdk.ErrNotFound) {
			// Zoho no longer has the result: export the page again.
			if job, err = e.recreate(ctx, "its result is gone"); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		e.progress.setStatus("page %d: writing", page)
		err = e.writePage(ctx, rf)
		rf.Close()
		if err != nil {
			return err
		}
		if !job.Result.MoreRecords {
			return nil // writePage saved the last rows
		}
		next, _, err := e.svc.CreateReadNext(ctx, job, nil)
		if err != nil {
			return err
		}
		e.state.Page, e.state.JobID, e.state.PageToken, e.state.PageRows = page+1, next.ID, job.Result.NextPageToken, 0
		if err := e.checkpoint(); err != nil {
			return err
		}
		job = next
	}
}

// pageJob is the job of the state's page: the one the state names while
// Zoho still has it, else a new one.
func (e *exporter) pageJob(ctx context.Context) (*bulk.ReadJob, error) {
	if e.state.JobID == "" {
		return e.createPage(ctx)
	}
	job, _, err := e.svc.ReadJob(ctx, e.state.JobID)
	switch {
	case err == nil && job.State != bulk.ReadFailure:
		return job, nil
	case err == nil:
		return e.recreate(ctx, "it failed")
	case errors.Is(err, sdk.ErrNotFound):
		return e.recreate(ctx, "Zoho no longer has it")
	}
	return nil, err
}

// recreate exports the state's page again with a new job.
func (e *exporter) recreate(ctx context.Context, why string) (*bulk.ReadJob, error) {
	if e.state.PageRows > 0 {
		fmt.Fprintf(e.warn, "zcrm: bulk read job %s of page %d: %s; exporting the page again and skipping its %d rows already written"+
			" (records created or deleted since may shift rows across that point)\n", e.state.JobID, e.state.Page, why, e.state.PageRows)
	}
	return e.createPage(ctx)
}

// createPage starts the job of the state's page and records it.
func (e *exporter) createPage(ctx context.Context) (*bulk.ReadJob, error) {
	var (
		job *bulk.ReadJob
		err error
	)
	if e.state.PageToken != "" {
		job, _, err = e.svc.CreateReadNext(ctx, &bulk.ReadJob{Result: &bulk.ReadResult{MoreRecords: true, NextPageToken: e.state.PageToken}}, nil)
		if errors.Is(err, sdk.ErrInvalidData) {
			err = nil // the token lived out its 24 hours: ask for the page by number
			job = nil
		}
	}
	if job == nil && err == nil {
		req := e.req
		if e.state.Page > 1 {
			req.Page = e.state.Page
		}
		job, _, err = e.svc.CreateRead(ctx, &req)
	}
	if err != nil {
		return nil, err
	}
	e.state.JobID = job.ID
	return job, e.checkpoint()
}

// writePage writes the page's rows past those the state says are written.
func (e *exporter) writePage(ctx context.Context, rf *bulk.ReadFile) error {
	rc, err := rf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	r := csv.NewReader(rc)
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil // no records at all
	}
	if err != nil {
		return fmt.Errorf("bulk read job %s: the CSV header: %w", e.state.JobID, err)
	}
	if e.state.Header == nil {
		if err := e.csv.Write(header); err != nil {
			return err
		}
		e.state.Header = slices.Clone(header)
	} else if !slices.Equal(header, e.state.Header) {
		return fmt.Errorf("bulk read job %s: Zoho's columns changed from %v to %v; add --overwrite to start over", e.state.JobID, e.state.Header, header)
	}
	skip := e.state.PageRows
	var pending int64
	for {
		values, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("bulk read job %s: %w", e.state.JobID, err)
		}
		if skip > 0 {
			skip--
			continue
		}
		if err := e.csv.Write(values); err != nil {
			return err
		}
		e.state.PageRows++
		e.state.Rows++
		pending++
		if pending == 1000 {
			e.tell(pending)
			pending = 0
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if e.state.PageRows%exportCheckpointRows == 0 {
			if err := e.checkpoint(); err != nil {
				return err
			}
		}
	}
	e.tell(pending)
	return e.checkpoint()
}

// tell gives the progress display rows more rows and the bytes written.
func (e *exporter) tell(rows int64) {
	if !e.progress.visible() {
		return
	}
	e.csv.Flush()
	bytes := e.count.n + int64(e.buf.Buffered())
	e.progress.add(rows, bytes-e.shown)
	e.shown = bytes
}

// checkpoint puts the rows written so far on disk and then records them
// in the state (to a temporary file renamed over it): the state never
// counts a row the file does not hold.
func (e *exporter) checkpoint() error {
	e.csv.Flush()
	if err := e.csv.Error(); err != nil {
		return err
	}
	if err := e.buf.Flush(); err != nil {
		return err
	}
	if e.file == nil {
		return nil
	}
	if err := e.file.Sync(); err != nil {
		return err
	}
	e.state.Bytes = e.count.n
	b, err := json.MarshalIndent(e.state, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(e.statePath), filepath.Base(e.statePath)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(b, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), e.statePath)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving the export's state: %w", err)
	}
	return nil
}

// failed saves what can be saved and says how to go on.
func (e *exporter) failed(ctx context.Context, err error) error {
	if e.file == nil {
		return fmt.Errorf("export stopped after %d rows: %w (an export to stdout cannot be continued; use --output FILE)", e.state.Rows, err)
	}
	// A write that failed (a full disk) makes this fail too, and the
	// state stays at the last rows known to be on disk.
	_ = e.checkpoint()
	saved, rerr := readExportState(e.statePath)
	rows := int64(0)
	if rerr == nil && saved != nil {
		rows = saved.Rows
	}
	if ctx.Err() != nil {
		return fmt.Errorf("export interrupted with %d rows in %s; run the same command again to continue: %w", rows, e.file.Name(), err)
	}
	return fmt.Errorf("export stopped with %d rows in %s; run the same command again to continue: %w", rows, e.file.Name(), err)
}
