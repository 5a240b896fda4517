package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/bulk"
)

// outputFormat is how the data commands print what they read.
type outputFormat int

const (
	formatTable outputFormat = iota // aligned columns for a person, cells shortened
	formatJSON                      // an array (or an object for one record), nothing lost
	formatCSV                       // a header row, then a row each
)

// userFlag is --user, which every data command takes.
type userFlag struct{ user string }

func (u *userFlag) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&u.user, "user", "", "the user to call for (default: ZCRM_CURRENT_USER_EMAIL, or the only user in the store)")
}

// client connects for a data command: the configured client, for --user
// when given. The caller closes it.
func (u *userFlag) client(cmd *cobra.Command) (*sdk.Client, error) {
	c, _, err := connect(cmd.Context(), nil)
	if err != nil {
		return nil, err
	}
	if u.user != "" {
		// ForUser shares the store process, which Close ends.
		return c.ForUser(u.user), nil
	}
	return c, nil
}

// dataFlags are the flags of the commands that print what they read: who
// to call for, and how to print.
type dataFlags struct {
	userFlag
	table, asJSON, asCSV bool
}

func (d *dataFlags) add(cmd *cobra.Command) {
	d.userFlag.add(cmd)
	f := cmd.Flags()
	f.BoolVar(&d.table, "table", false, "print a table (the default when the output is a terminal)")
	f.BoolVar(&d.asJSON, "json", false, "print JSON (the default when the output is not a terminal)")
	f.BoolVar(&d.asCSV, "csv", false, "print CSV, a header row first")
}

// format is the format the flags name, else a table on a terminal and
// JSON anywhere else (a pipe, a file).
func (d *dataFlags) format(out io.Writer) (outputFormat, error) {
	chosen := 0
	for _, set := range []bool{d.table, d.asJSON, d.asCSV} {
		if set {
			chosen++
		}
	}
	switch {
	case chosen > 1:
		return 0, usagef("choose one of --table, --json and --csv")
	case d.asJSON:
		return formatJSON, nil
	case d.asCSV:
		return formatCSV, nil
	case d.table || isTerminal(out):
		return formatTable, nil
	}
	return formatJSON, nil
}

// do runs act with a client and the format the flags choose; the format is
// checked before anything is asked of Zoho, and the client closed after.
func (d *dataFlags) do(cmd *cobra.Command, act func(c *sdk.Client, format outputFormat) error) error {
	format, err := d.format(cmd.OutOrStdout())
	if err != nil {
		return err
	}
	c, err := d.client(cmd)
	if err != nil {
		return err
	}
	defer c.Close()
	return act(c, format)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// column is one column of a table or CSV: its heading and its value.
type column[T any] struct {
	name  string
	value func(T) any
}

// printRows prints rows in the format and returns how many it printed.
// columns chooses the table and CSV columns from the first row (JSON
// prints each row whole). JSON and CSV are written as rows come; a table
// is aligned once all are in.
func printRows[T any](out io.Writer, format outputFormat, columns func(first T) []column[T], rows iter.Seq2[T, error]) (int, error) {
	var (
		cols  []column[T]
		cells []string
		n     int
		tw    *tabwriter.Writer
		cw    *csv.Writer
	)
	for row, err := range rows {
		if err != nil {
			if format != formatJSON { // JSON is left unclosed: cut short
				_ = finishRows(out, format, n, tw, cw)
			}
			return n, err
		}
		if n == 0 && format != formatJSON {
			cols = columns(row)
			cells = make([]string, len(cols))
			for i, c := range cols {
				cells[i] = c.name
			}
			if format == formatTable {
				tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, strings.Join(cells, "\t"))
			} else {
				cw = csv.NewWriter(out)
				_ = cw.Write(cells)
			}
		}
		switch format {
		case formatJSON:
			b, err := json.MarshalIndent(row, "  ", "  ")
			if err != nil {
				return n, err
			}
			sep := ",\n  "
			if n == 0 {
				sep = "[\n  "
			}
			if _, err := io.WriteString(out, sep+string(b)); err != nil {
				return n, err
			}
		case formatTable:
			for i, c := range cols {
				cells[i] = tableCell(c.value(row))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		case formatCSV:
			for i, c := range cols {
				cells[i] = csvCell(c.value(row))
			}
			if err := cw.Write(cells); err != nil {
				return n, err
			}
		}
		n++
	}
	return n, finishRows(out, format, n, tw, cw)
}

func finishRows(out io.Writer, format outputFormat, n int, tw *tabwriter.Writer, cw *csv.Writer) error {
	switch {
	case format == formatJSON && n == 0:
		_, err := io.WriteString(out, "[]\n")
		return err
	case format == formatJSON:
		_, err := io.WriteString(out, "\n]\n")
		return err
	case tw != nil:
		return tw.Flush()
	case cw != nil:
		cw.Flush()
		return cw.Error()
	}
	return nil
}

// one yields v alone.
func one[T any](v T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) { yield(v, nil) }
}

// slice yields the elements of s.
func slice[T any](s []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, v := range s {
			if !yield(v, nil) {
				return
			}
		}
	}
}

// fixed returns columns that do not depend on the rows.
func fixed[T any](cols ...column[T]) func(T) []column[T] {
	return func(T) []column[T] { return cols }
}

// recordColumns are id (when the records have one) and the fields named;
// with none named, every field of the first record (Zoho sends each field
// on every record), sorted, without Zoho's $-prefixed metadata.
func recordColumns(fields []string) func(sdk.Record) []column[sdk.Record] {
	return func(first sdk.Record) []column[sdk.Record] {
		names := fields
		if len(names) == 0 {
			for k := range first {
				if !strings.HasPrefix(k, "$") {
					names = append(names, k)
				}
			}
			slices.Sort(names)
		}
		var cols []column[sdk.Record]
		if _, ok := first["id"]; ok {
			cols = append(cols, column[sdk.Record]{"id", func(r sdk.Record) any { return r["id"] }})
		}
		for _, name := range names {
			if name == "id" {
				continue
			}
			cols = append(cols, column[sdk.Record]{name, func(r sdk.Record) any { return r[name] }})
		}
		return cols
	}
}

// maxCell is the widest a table cell gets, in characters.
const maxCell = 40

// tableCell is a value as a person reads it: a lookup by its name, a list
// joined, one line, at most maxCell characters.
func tableCell(v any) string {
	s := personText(v)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxCell {
		r := []rune(s)
		s = string(r[:maxCell-1]) + "…"
	}
	return s
}

func personText(v any) string {
	switch t := v.(type) {
	case map[string]any:
		if name, ok := t["name"].(string); ok && name != "" {
			return name
		}
	case []any:
		parts := make([]string, len(t))
		for i, item := range t {
			parts[i] = personText(item)
		}
		return strings.Join(parts, "; ")
	}
	return csvCell(v)
}

// csvCell is a value as bulk read exports it: a lookup by its id, a list
// joined with semicolons, an object without an id as JSON.
func csvCell(v any) string {
	if m, ok := v.(map[string]any); ok && m["id"] == nil {
		if b, err := json.Marshal(m); err == nil {
			return string(b)
		}
	}
	return bulk.Cell(v)
}
