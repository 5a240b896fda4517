package main

import (
	"iter"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk"
)

func queryCommand() *cobra.Command {
	var (
		d   dataFlags
		all bool
	)
	cmd := &cobra.Command{
		Use:   "query <select-query>",
		Short: "Run a COQL query and print the records it selects",
		Long: "Run a COQL query (Zoho's SQL-like SELECT over a module) and print its records, the\n" +
			"selected fields in the query's order. Zoho returns 200 records unless the query has a\n" +
			"LIMIT; --all walks every page instead (the query then has no LIMIT or OFFSET; Zoho\n" +
			"reaches 10,000 records of a query that way, 100,000 from API v7).\n\n" + configHelp,
		Example: "  zcrm query \"select Last_Name, Email from Leads where Lead_Source = 'Web' order by Last_Name limit 10\"\n" +
			"  zcrm query --all --csv \"select Last_Name, Company from Leads where Company like 'Zyl%'\" > zylker.csv",
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			query := args[0]
			fields := selectedFields(query)
			return printRecords(cmd, &d, fields, func(c *sdk.Client) iter.Seq2[sdk.Record, error] {
				if all {
					return c.Query.All(cmd.Context(), query, nil)
				}
				records, _, err := c.Query.Run(cmd.Context(), query)
				if err != nil {
					return failWith[sdk.Record](err)
				}
				return slice(records)
			})
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "every record the query selects, page after page (the query has no LIMIT or OFFSET)")
	d.add(cmd)
	return cmd
}

// selectedFields reads the select list of a COQL query, as Zoho keys the
// answer: a field, a lookup's field (Owner.last_name), an aggregate
// (COUNT(id)) or an alias. It is nil when the query does not parse as a
// select, and the columns then come from the records.
func selectedFields(query string) []string {
	q := strings.TrimSpace(query)
	if len(q) < 7 || !strings.EqualFold(q[:7], "select ") {
		return nil
	}
	var (
		fields []string
		depth  int
		start  = 7
	)
	for i := 7; i < len(q); i++ {
		switch c := q[i]; {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && c == ',':
			fields = append(fields, selectItem(q[start:i]))
			start = i + 1
		case depth == 0 && (c == ' ' || c == '\t' || c == '\n') && len(q) >= i+6 && strings.EqualFold(q[i+1:i+5], "from") &&
			(q[i+5] == ' ' || q[i+5] == '\t' || q[i+5] == '\n'):
			return append(fields, selectItem(q[start:i]))
		}
	}
	return nil
}

// selectItem is the key Zoho answers an item of the select list under:
// its alias, if it has one.
func selectItem(item string) string {
	words := strings.Fields(item)
	if n := len(words); n >= 3 && strings.EqualFold(words[n-2], "as") {
		return words[n-1]
	}
	return strings.Join(words, " ")
}
