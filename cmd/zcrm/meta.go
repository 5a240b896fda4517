package main

import (
	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk"
)

func modulesCommand() *cobra.Command {
	var d dataFlags
	cmd := &cobra.Command{
		Use:   "modules",
		Short: "List the org's modules and their API names",
		Long: "List the org's modules: the API name the other commands take, the labels, and whether\n" +
			"the records API reaches the module. JSON has every attribute Zoho sent.\n\n" + configHelp,
		Example: "  zcrm modules\n  zcrm modules --json | jq -r '.[].api_name'",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return printMeta(cmd, &d, func(c *sdk.Client) ([]*sdk.Module, error) {
				modules, _, err := c.Modules.List(cmd.Context())
				return modules, err
			}, []column[*sdk.Module]{
				{"API NAME", func(m *sdk.Module) any { return m.APIName }},
				{"SINGULAR", func(m *sdk.Module) any { return m.SingularLabel }},
				{"PLURAL", func(m *sdk.Module) any { return m.PluralLabel }},
				{"API", func(m *sdk.Module) any { return m.APISupported }},
				{"ID", func(m *sdk.Module) any { return m.ID }},
			})
		},
	}
	d.add(cmd)
	return cmd
}

func fieldsCommand() *cobra.Command {
	var d dataFlags
	cmd := &cobra.Command{
		Use:   "fields <module>",
		Short: "List a module's fields: API names, labels, types",
		Long: "List a module's fields: the API name that --fields, CSV headers and JSON records use,\n" +
			"the label, the data type and its length, whether it must be given, whether it is\n" +
			"read-only, and a lookup's module. JSON has every attribute Zoho sent.\n\n" + configHelp,
		Example: "  zcrm fields Leads\n  zcrm fields Leads --csv > lead-fields.csv",
		Args:    argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return printMeta(cmd, &d, func(c *sdk.Client) ([]*sdk.Field, error) {
				fields, _, err := c.Fields.List(cmd.Context(), args[0], nil)
				return fields, err
			}, []column[*sdk.Field]{
				{"API NAME", func(f *sdk.Field) any { return f.APIName }},
				{"LABEL", func(f *sdk.Field) any { return f.FieldLabel }},
				{"TYPE", func(f *sdk.Field) any { return f.DataType }},
				{"LENGTH", func(f *sdk.Field) any { return f.Length }},
				{"MANDATORY", func(f *sdk.Field) any { return f.Mandatory() }},
				{"READ ONLY", func(f *sdk.Field) any { return f.ReadOnly || f.FieldReadOnly }},
				{"LOOKUP", func(f *sdk.Field) any {
					if f.Lookup == nil || f.Lookup.Module == nil {
						return ""
					}
					return f.Lookup.Module.APIName
				}},
			})
		},
	}
	d.add(cmd)
	return cmd
}

// printMeta prints the metadata list reads, in the flags' format.
func printMeta[T any](cmd *cobra.Command, d *dataFlags, read func(*sdk.Client) ([]T, error), cols []column[T]) error {
	return d.do(cmd, func(c *sdk.Client, format outputFormat) error {
		list, err := read(c)
		if err != nil {
			return err
		}
		_, err = printRows(cmd.OutOrStdout(), format, fixed(cols...), slice(list))
		return err
	})
}
