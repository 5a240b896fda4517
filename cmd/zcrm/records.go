package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk"
)

func recordsCommand() *cobra.Command {
	records := &cobra.Command{
		Use:   "records <command>",
		Short: "Get, list, search, create, update and delete a module's records",
		Long: "Read and write the records of a module with the records API. What is read prints as\n" +
			"a table on a terminal and as JSON elsewhere; --table, --json and --csv choose.\n\n" + configHelp,
		Args: cobra.ArbitraryArgs,
		RunE: needsSubcommand,
	}
	records.AddCommand(recordsGetCommand(), recordsListCommand(), recordsSearchCommand(),
		recordsWriteCommand("create"), recordsWriteCommand("update"), recordsDeleteCommand())
	return records
}

// fieldsFlag is --fields of the reading commands.
func fieldsFlag(cmd *cobra.Command, fields *[]string) {
	cmd.Flags().StringSliceVar(fields, "fields", nil, "field API names to read, comma-separated (required by Zoho from API v8; see zcrm fields MODULE)")
}

func recordsGetCommand() *cobra.Command {
	var (
		d      dataFlags
		fields []string
	)
	cmd := &cobra.Command{
		Use:     "get <module> <id>",
		Short:   "Print one record",
		Long:    "Print one record: on a terminal a FIELD and VALUE table, else a JSON object (or CSV).",
		Example: "  zcrm records get Leads 3652397000000388085\n  zcrm records get Leads 3652397000000388085 --fields Last_Name,Email --json",
		Args:    argsBetween(2, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return d.do(cmd, func(c *sdk.Client, format outputFormat) error {
				rec, _, err := c.Records.Get(cmd.Context(), args[0], args[1], &sdk.RecordGetOptions{Fields: fields})
				if err != nil {
					return err
				}
				out := cmd.OutOrStdout()
				switch format {
				case formatJSON:
					return writeJSON(out, rec)
				case formatCSV:
					_, err = printRows(out, format, recordColumns(fields), one(rec))
					return err
				}
				_, err = printRows(out, format, fixed(
					column[string]{"FIELD", func(name string) any { return name }},
					column[string]{"VALUE", func(name string) any { return rec[name] }},
				), slice(fieldNames(rec, fields)))
				return err
			})
		},
	}
	fieldsFlag(cmd, &fields)
	d.add(cmd)
	return cmd
}

// fieldNames are id and fields, or every field of rec but Zoho's
// $-prefixed metadata, sorted.
func fieldNames(rec sdk.Record, fields []string) []string {
	cols := recordColumns(fields)(rec)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return names
}

// limitFlag is --limit of the listing commands.
func limitFlag(cmd *cobra.Command, limit *int) {
	cmd.Flags().IntVar(limit, "limit", sdk.MaxPerPage, "print at most this many records, 0 for every one (Zoho pages 200 at a time)")
}

// upTo yields the first limit of seq, every one when limit is 0.
func upTo[T any](seq iter.Seq2[T, error], limit int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		n := 0
		for v, err := range seq {
			if limit > 0 && n == limit {
				return
			}
			n++
			if !yield(v, err) || err != nil {
				return
			}
		}
	}
}

func recordsListCommand() *cobra.Command {
	var (
		d      dataFlags
		opts   sdk.RecordListOptions
		limit  int
		fields []string
	)
	cmd := &cobra.Command{
		Use:   "list <module>",
		Short: "List a module's records, page after page",
		Example: "  zcrm records list Leads --fields Last_Name,Company,Email\n" +
			"  zcrm records list Leads --fields Last_Name --sort-by Modified_Time --sort-order desc --limit 0 --csv > leads.csv",
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Fields = fields
			if limit > 0 && limit < sdk.MaxPerPage {
				opts.PerPage = limit
			}
			return printRecords(cmd, &d, fields, func(c *sdk.Client) iter.Seq2[sdk.Record, error] {
				if len(fields) == 0 && apiMajor(c) >= 8 {
					return failWith[sdk.Record](usagef("give --fields: Zoho requires them from API v8 on (zcrm fields %s lists them)", args[0]))
				}
				return upTo(c.Records.All(cmd.Context(), args[0], &opts), limit)
			})
		},
	}
	fieldsFlag(cmd, &fields)
	limitFlag(cmd, &limit)
	f := cmd.Flags()
	f.StringVar(&opts.SortBy, "sort-by", "", "id, Created_Time or Modified_Time")
	f.StringVar(&opts.SortOrder, "sort-order", "", "asc or desc")
	f.StringVar(&opts.CVID, "cvid", "", "list a custom view's records (its id)")
	d.add(cmd)
	return cmd
}

func recordsSearchCommand() *cobra.Command {
	var (
		d      dataFlags
		opts   sdk.SearchOptions
		limit  int
		fields []string
	)
	cmd := &cobra.Command{
		Use:   "search <module> (--criteria C | --email E | --phone P | --word W)",
		Short: "Search a module's records by criteria, email, phone or word",
		Example: "  zcrm records search Leads --criteria '(Last_Name:equals:Boyle)'\n" +
			"  zcrm records search Contacts --email p.boyle@zylker.com --json",
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			given := 0
			for _, s := range []string{opts.Criteria, opts.Email, opts.Phone, opts.Word} {
				if s != "" {
					given++
				}
			}
			if given != 1 {
				return usagef("give one of --criteria, --email, --phone and --word")
			}
			opts.Fields = fields
			if limit > 0 && limit < sdk.MaxPerPage {
				opts.PerPage = limit
			}
			return printRecords(cmd, &d, fields, func(c *sdk.Client) iter.Seq2[sdk.Record, error] {
				return upTo(c.Records.SearchAll(cmd.Context(), args[0], &opts), limit)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Criteria, "criteria", "", "search criteria, such as '((Last_Name:equals:Boyle)and(Company:starts_with:Zyl))'")
	f.StringVar(&opts.Email, "email", "", "records with this address in an email field")
	f.StringVar(&opts.Phone, "phone", "", "records with this number in a phone field")
	f.StringVar(&opts.Word, "word", "", "records with this text in any field")
	fieldsFlag(cmd, &fields)
	limitFlag(cmd, &limit)
	d.add(cmd)
	return cmd
}

// apiMajor is the major number of the client's API version: 8 for v8.
func apiMajor(c *sdk.Client) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(c.APIVersion(), ".", 2)[0], "v"))
	return n
}

// failWith yields err alone.
func failWith[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// printRecords prints the records read returns, in the flags' format.
func printRecords(cmd *cobra.Command, d *dataFlags, fields []string, read func(*sdk.Client) iter.Seq2[sdk.Record, error]) error {
	return d.do(cmd, func(c *sdk.Client, format outputFormat) error {
		_, err := printRows(cmd.OutOrStdout(), format, recordColumns(fields), read(c))
		return err
	})
}

func recordsWriteCommand(verb string) *cobra.Command {
	var d dataFlags
	use, short, example := "create <module> [json | -]", "Create records from JSON",
		"  zcrm records create Leads '{\"Last_Name\":\"Boyle\",\"Company\":\"Zylker\"}'\n"+
			"  zcrm records create Leads - < leads.jsonl"
	if verb == "update" {
		use, short, example = "update <module> [id] [json | -]", "Update records from JSON",
			"  zcrm records update Leads 3652397000000388085 '{\"Lead_Status\":\"Contacted\"}'\n"+
				"  zcrm records update Leads '[{\"id\":\"3652397000000388085\",\"Lead_Status\":\"Contacted\"}]'"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long: short + ": a JSON object, an array of objects, or objects one after another (JSON\n" +
			"lines), from the argument or, with - or none, from stdin. Zoho writes 100 a call; the\n" +
			"command prints a result for each record, in input order, and exits with code 1 when\n" +
			"Zoho refused any." + map[string]string{"create": "", "update": "\n\nWith an id, the one object given updates that record; without, each object names its id."}[verb],
		Example: example,
		Args:    argsBetween(1, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			module, id, body := args[0], "", "-"
			switch {
			case verb == "create" && len(args) == 3:
				return usagef("create takes a module and the records")
			case len(args) == 3:
				id, body = args[1], args[2]
			case len(args) == 2:
				body = args[1]
			}
			var in io.Reader = strings.NewReader(body)
			if body == "-" {
				in = cmd.InOrStdin()
			}
			records, err := readRecords(in)
			if err != nil {
				return err
			}
			if id != "" {
				if len(records) != 1 {
					return usagef("with an id, give one object (got %d)", len(records))
				}
				records[0]["id"] = id
			}
			return d.do(cmd, func(c *sdk.Client, format outputFormat) error {
				write := c.Records.Create
				if verb == "update" {
					write = c.Records.Update
				}
				results, _, err := write(cmd.Context(), module, records, nil)
				if err != nil {
					return err
				}
				return printResults(cmd.OutOrStdout(), format, results)
			})
		},
	}
	d.add(cmd)
	return cmd
}

// readRecords reads JSON objects, arrays of them, or both one after
// another, until the input ends.
func readRecords(in io.Reader) ([]sdk.Record, error) {
	dec := json.NewDecoder(in)
	dec.UseNumber()
	var records []sdk.Record
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, usagef("the records are not JSON: %v", err)
		}
		var batch []sdk.Record
		if trimmed := strings.TrimSpace(string(raw)); strings.HasPrefix(trimmed, "[") {
			err = decodeNumbers(raw, &batch)
		} else {
			var rec sdk.Record
			err = decodeNumbers(raw, &rec)
			batch = []sdk.Record{rec}
		}
		if err != nil {
			return nil, usagef("the records must be JSON objects: %v", err)
		}
		for _, r := range batch {
			if r == nil {
				return nil, usagef("the records must be JSON objects, not null")
			}
		}
		records = append(records, batch...)
	}
	if len(records) == 0 {
		return nil, usagef("no records given: a JSON object or array, as an argument or on stdin")
	}
	return records, nil
}

// decodeNumbers decodes keeping numbers exact (json.Number).
func decodeNumbers(raw []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	return dec.Decode(v)
}

func recordsDeleteCommand() *cobra.Command {
	var d dataFlags
	cmd := &cobra.Command{
		Use:     "delete <module> <id>...",
		Short:   "Delete records by id (to Zoho's recycle bin)",
		Long:    "Delete records by id; Zoho keeps them in its recycle bin. The command prints a result\nfor each id and exits with code 1 when Zoho refused any.",
		Example: "  zcrm records delete Leads 3652397000000388085 3652397000000388086",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return d.do(cmd, func(c *sdk.Client, format outputFormat) error {
				results, _, err := c.Records.Delete(cmd.Context(), args[0], args[1:]...)
				if err != nil {
					return err
				}
				return printResults(cmd.OutOrStdout(), format, results)
			})
		},
	}
	d.add(cmd)
	return cmd
}

// printResults prints a write's result for each record and fails when
// Zoho refused any.
func printResults(out io.Writer, format outputFormat, results []*sdk.ActionResult) error {
	_, err := printRows(out, format, fixed(
		column[*sdk.ActionResult]{"STATUS", func(r *sdk.ActionResult) any { return r.Status }},
		column[*sdk.ActionResult]{"CODE", func(r *sdk.ActionResult) any { return r.Code }},
		column[*sdk.ActionResult]{"ID", func(r *sdk.ActionResult) any { return r.ID() }},
		column[*sdk.ActionResult]{"MESSAGE", func(r *sdk.ActionResult) any { return resultMessage(r) }},
	), slice(results))
	if err != nil {
		return err
	}
	refused := 0
	for _, r := range results {
		if !r.OK() {
			refused++
		}
	}
	if refused > 0 {
		return fmt.Errorf("%d of %d records refused: %w", refused, len(results), sdk.WriteErrors(results))
	}
	return nil
}

// resultMessage is Zoho's message, with the field it blamed.
func resultMessage(r *sdk.ActionResult) string {
	if r.OK() {
		return r.Message
	}
	var rerr *sdk.RecordError
	if errors.As(r.Err(), &rerr) && rerr.Field() != "" {
		return r.Message + " (" + rerr.Field() + ")"
	}
	return r.Message
}
