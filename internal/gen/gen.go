// Package gen writes Go types for the records of a Zoho CRM org from its
// field metadata: what `zcrm gen` runs.
//
// One struct per module, with one field per Zoho field: json tags of the
// API names, a doc comment from the label (data type, mandatory,
// read-only, length), the crmtype value type of its data type, picklist
// values as typed constants, a row type for each subform and each
// multi-select or multi-user lookup, and zcrm:"readonly" on what Zoho
// computes (formula, auto-number, rollup summary, read-only and system
// fields), which sdk.Typed never sends. Modules and fields are written in
// the order of their API names, so the same metadata gives the same bytes
// and a new field only adds lines.
//
// # Names
//
// A Go name is made from an API name by splitting it at every character
// that is not a letter or a digit (underscores included), upper-casing
// the first letter of each part and joining them: Last_Name is LastName,
// No_of_Employees NoOfEmployees. A part that reads id or url, whatever its
// case, is written ID or URL (Skype_ID, What_Id: SkypeID, WhatID). A name
// that starts with a digit gets an X in front; a name with no letter or
// digit at all is Field (Value for a picklist value).
//
// A module's record type is the Go name of its API name with the last
// word made singular (ies to y; sses, xes, ches and shes lose es; a final
// s is dropped except after s, u or i): Leads gives Lead, Sales_Orders
// SalesOrder, Properties Property. The module also gets the constant
// <Plural>Module with its API name and the function <Plural>(client) that
// returns its sdk.Typed records, Plural being the Go name of the API name
// (Leads, SalesOrders), with Records appended when it is singular already
// (Rooms_List: RoomsListRecords). A picklist with values gets the type
// <Record><Field> and a constant <Record><Field><Value> per value (-None-
// is ...None); a subform's rows are <Record><Field>Row, a multi-select or
// multi-user lookup's links <Record><Field>Link.
//
// Names that collide (two fields of a record, two values of a picklist,
// two package-level names) keep the first one, in the order of their API
// names (values in Zoho's order), and the next get 2, 3... appended. The
// record's id is always the field ID, so a Zoho field whose Go name is
// also ID becomes ID2.
package gen

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"go/format"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/zcrm-go/zcrm/sdk"
)

// Metadata is an org's modules with their fields, as Zoho's settings
// APIs describe them: what `zcrm gen --save-metadata` writes and
// `--from-file` reads.
type Metadata struct {
	Modules []*Module `json:"modules"`
}

// Module is a module and its fields.
type Module struct {
	APIName       string       `json:"api_name"`
	SingularLabel string       `json:"singular_label,omitempty"`
	PluralLabel   string       `json:"plural_label,omitempty"`
	GeneratedType string       `json:"generated_type,omitempty"`
	Fields        []*sdk.Field `json:"fields"`
}

// Options shape the generated package.
type Options struct {
	Package string   // the package name; required
	Modules []string // the modules to write (with the subforms they use); all when empty
	Source  string   // where the metadata came from, for the file's header
}

// fieldDetails are the parts of a field's metadata the generator reads
// beyond sdk.Field's typed ones.
type fieldDetails struct {
	Formula *struct {
		ReturnType string `json:"return_type"`
	} `json:"formula"`
	RollupSummary *struct {
		ReturnType string `json:"return_type"`
	} `json:"rollup_summary"`
	AssociatedModule *struct {
		APIName string `json:"api_name"`
	} `json:"associated_module"`
	Subform *struct {
		Module string `json:"module"`
	} `json:"subform"`
	MultiSelectLookup *linkDetails `json:"multiselectlookup"`
	MultiUserLookup   *linkDetails `json:"multiuserlookup"`
}

type linkDetails struct {
	ConnectedLookup string `json:"connectedlookup_apiname"`
}

func detailsOf(f *sdk.Field) fieldDetails {
	var d fieldDetails
	extra := f.Extra()
	if len(extra) == 0 {
		return d
	}
	b, _ := json.Marshal(extra)
	_ = json.Unmarshal(b, &d)
	return d
}

// returnType is the data type of a formula's or rollup summary's value.
func (d fieldDetails) returnType() string {
	switch {
	case d.Formula != nil && d.Formula.ReturnType != "":
		return d.Formula.ReturnType
	case d.RollupSummary != nil && d.RollupSummary.ReturnType != "":
		return d.RollupSummary.ReturnType
	}
	return ""
}

func (d fieldDetails) subformModule() string {
	if d.AssociatedModule != nil && d.AssociatedModule.APIName != "" {
		return d.AssociatedModule.APIName
	}
	if d.Subform != nil {
		return d.Subform.Module
	}
	return ""
}

// computedTypes are the data types Zoho computes.
var computedTypes = []string{"formula", "autonumber", "rollup_summary"}

// Generate writes the package's one Go file, gofmt'd.
func Generate(md *Metadata, opts Options) ([]byte, error) {
	if !isIdentifier(opts.Package) {
		return nil, fmt.Errorf("zcrm gen: %q is not a Go package name", opts.Package)
	}
	g := &generator{md: md, names: map[string]bool{}, modules: map[string]*Module{}}
	for _, m := range md.Modules {
		g.modules[m.APIName] = m
	}
	selected, err := g.selected(opts.Modules)
	if err != nil {
		return nil, err
	}
	g.plan(selected)
	src := g.write(opts)
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("zcrm gen: the generated code does not parse (%w); please report it with the metadata", err)
	}
	return out, nil
}

type generator struct {
	md      *Metadata
	modules map[string]*Module
	names   map[string]bool // package-level names taken
	records []*recordType
	usesRaw bool
}

// recordType is a struct to write: a module's record, a subform's row or
// a link.
type recordType struct {
	module     *Module // nil for a link
	name       string
	plural     string // for a module: its Go name, for <Plural>Module and <Plural>()
	doc        string
	fields     []*goField
	picklists  []*picklist
	isTopLevel bool
}

type goField struct {
	name, apiName, goType, doc string
	readOnly                   bool
}

type picklist struct {
	typeName string
	doc      string
	values   []picklistValue
}

type picklistValue struct{ name, value, label string }

// selected returns the modules to write, in API name order: those asked
// for (all but subform modules when none are), not the subform modules.
func (g *generator) selected(only []string) ([]*Module, error) {
	var out []*Module
	if len(only) == 0 {
		for _, m := range g.md.Modules {
			if m.GeneratedType != "subform" {
				out = append(out, m)
			}
		}
	} else {
		for _, name := range only {
			m, ok := g.modules[name]
			if !ok {
				return nil, fmt.Errorf("zcrm gen: the metadata has no module %q", name)
			}
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b *Module) int { return cmp.Compare(a.APIName, b.APIName) })
	return slices.CompactFunc(out, func(a, b *Module) bool { return a.APIName == b.APIName }), nil
}

// claim takes a package-level name, or the next free numbered one.
func (g *generator) claim(name string) string {
	return claimIn(g.names, name)
}

func claimIn(taken map[string]bool, name string) string {
	out := name
	for n := 2; taken[out]; n++ {
		out = name + strconv.Itoa(n)
	}
	taken[out] = true
	return out
}

func (g *generator) plan(modules []*Module) {
	// Module names first, so that they keep their plain names.
	for _, m := range modules {
		plural := goName(m.APIName, "Module")
		r := &recordType{module: m, isTopLevel: true}
		r.name = g.claim(singular(plural))
		if singular(plural) == plural {
			plural += "Records" // the module's name is singular already
		}
		r.plural = g.claim(plural)
		g.claim(r.plural + "Module")
		r.doc = fmt.Sprintf("%s is a record of the module %s", r.name, m.APIName)
		if m.PluralLabel != "" && m.PluralLabel != m.APIName {
			r.doc += " (" + m.PluralLabel + ")"
		}
		r.doc += "."
		g.records = append(g.records, r)
	}
	for _, r := range slices.Clone(g.records) {
		g.fill(r, r.module)
	}
}

// fill gives a record type its fields, planning the types they need.
func (g *generator) fill(r *recordType, m *Module) {
	taken := map[string]bool{"ID": true}
	r.fields = append(r.fields, &goField{name: "ID", apiName: "id", goType: "string", doc: "ID is the record's id; empty for a record not created yet."})
	fields := slices.Clone(m.Fields)
	slices.SortStableFunc(fields, func(a, b *sdk.Field) int { return cmp.Compare(a.APIName, b.APIName) })
	for _, f := range fields {
		if f.APIName == "" || f.APIName == "id" || strings.HasPrefix(f.APIName, "$") {
			continue
		}
		gf := &goField{apiName: f.APIName, name: claimIn(taken, goName(f.APIName, "Field"))}
		d := detailsOf(f)
		gf.readOnly = f.ReadOnly || slices.Contains(computedTypes, f.DataType)
		gf.goType = g.typeOf(r, gf, f, d)
		gf.doc = fieldDoc(gf, f, d)
		r.fields = append(r.fields, gf)
	}
}

// typeOf picks a field's Go type, planning a picklist or row type.
func (g *generator) typeOf(r *recordType, gf *goField, f *sdk.Field, d fieldDetails) string {
	dataType := f.DataType
	if rt := d.returnType(); rt != "" && (dataType == "formula" || dataType == "rollup_summary") {
		dataType = rt
	}
	switch dataType {
	case "text", "textarea", "email", "phone", "website", "autonumber", "profileimage", "mediumtext", "string":
		return "string"
	case "picklist":
		if p := g.picklist(r, gf, f); p != nil {
			return p.typeName
		}
		return "string"
	case "multiselectpicklist":
		if p := g.picklist(r, gf, f); p != nil {
			return "crmtype.MultiSelect[" + p.typeName + "]"
		}
		return "crmtype.MultiSelect[string]"
	case "integer", "bigint", "long":
		return "crmtype.Int"
	case "double", "currency", "percent", "decimal":
		return "crmtype.Decimal"
	case "boolean":
		return "crmtype.Bool"
	case "date":
		return "crmtype.Date"
	case "datetime":
		return "crmtype.DateTime"
	case "lookup", "ownerlookup", "userlookup", "consent_lookup", "multi_module_lookup":
		return "crmtype.Lookup"
	case "fileupload":
		return "[]crmtype.File"
	case "imageupload":
		return "[]crmtype.Image"
	case "subform":
		if sub, ok := g.modules[d.subformModule()]; ok {
			row := &recordType{name: g.claim(r.name + gf.name + "Row"), module: sub}
			row.doc = fmt.Sprintf("%s is a row of the subform %s of %s (module %s).", row.name, f.APIName, r.module.APIName, sub.APIName)
			g.records = append(g.records, row)
			g.fill(row, sub)
			return "[]" + row.name
		}
		return "[]sdk.Record"
	case "multiselectlookup", "multiuserlookup":
		link := d.MultiSelectLookup
		if dataType == "multiuserlookup" {
			link = d.MultiUserLookup
		}
		if link == nil || link.ConnectedLookup == "" {
			return "[]sdk.Record"
		}
		lt := &recordType{name: g.claim(r.name + gf.name + "Link")}
		lt.doc = fmt.Sprintf("%s is one choice of the %s %s of %s: the record chosen, and the link's id.", lt.name, dataType, f.APIName, r.module.APIName)
		lt.fields = []*goField{
			{name: "ID", apiName: "id", goType: "string", doc: "ID is the link's id; empty for a new one."},
			{name: "Record", apiName: link.ConnectedLookup, goType: "crmtype.Lookup", doc: "Record is the record (or user) chosen: give its id."},
		}
		g.records = append(g.records, lt)
		return "[]" + lt.name
	}
	g.usesRaw = true
	return "json.RawMessage"
}

// picklist plans the typed constants of a picklist's values, or returns
// nil when the metadata lists none.
func (g *generator) picklist(r *recordType, gf *goField, f *sdk.Field) *picklist {
	if len(f.PickListValues) == 0 {
		return nil
	}
	p := &picklist{typeName: g.claim(r.name + gf.name)}
	p.doc = fmt.Sprintf("%s is a value of the %s %s of %s.", p.typeName, f.DataType, f.APIName, r.module.APIName)
	taken := map[string]bool{}
	for _, v := range f.PickListValues {
		if v == nil || slices.ContainsFunc(p.values, func(x picklistValue) bool { return x.value == v.ActualValue }) {
			continue
		}
		name := claimIn(taken, goName(v.ActualValue, "Value"))
		p.values = append(p.values, picklistValue{name: g.claim(p.typeName + name), value: v.ActualValue, label: v.DisplayValue})
	}
	r.picklists = append(r.picklists, p)
	return p
}

// fieldDoc is a field's comment: its label, type and constraints.
func fieldDoc(gf *goField, f *sdk.Field, d fieldDetails) string {
	label := cmp.Or(f.DisplayLabel, f.FieldLabel, f.APIName)
	facts := []string{f.DataType}
	if rt := d.returnType(); rt != "" {
		facts[0] += " of " + rt
	}
	if f.Mandatory() {
		facts = append(facts, "mandatory")
	}
	if gf.readOnly {
		facts = append(facts, "read-only")
	}
	switch f.DataType {
	case "text", "textarea", "email", "phone", "website", "autonumber":
		if f.Length > 0 {
			facts = append(facts, "up to "+strconv.Itoa(f.Length)+" characters")
		}
	case "lookup":
		if f.Lookup != nil && f.Lookup.Module != nil && f.Lookup.Module.APIName != "" {
			facts = append(facts, "to "+f.Lookup.Module.APIName)
		}
	}
	return fmt.Sprintf("%s is %s (%s).", gf.name, strconv.Quote(oneLine(label)), strings.Join(facts, ", "))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (g *generator) write(opts Options) []byte {
	var b bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("// Code generated by zcrm gen; DO NOT EDIT.\n")
	if opts.Source != "" {
		p("// Source: %s\n", oneLine(opts.Source))
	}
	p("\n// Package %s holds the records of a Zoho CRM org as Go types, for\n// sdk.Typed and bulk.ReadAs.\n", opts.Package)
	p("package %s\n\nimport (\n", opts.Package)
	if g.usesRaw {
		p("\t\"encoding/json\"\n\n")
	}
	p("\t\"github.com/zcrm-go/zcrm/sdk\"\n\t\"github.com/zcrm-go/zcrm/sdk/crmtype\"\n)\n\n")
	p("// The API names of the modules.\nconst (\n")
	for _, r := range g.records {
		if r.isTopLevel {
			p("\t%sModule = %s\n", r.plural, strconv.Quote(r.module.APIName))
		}
	}
	p(")\n")
	for _, r := range g.records {
		p("\n// %s\n", r.doc)
		p("type %s struct {\n", r.name)
		for _, f := range r.fields {
			p("\t// %s\n", f.doc)
			tag := fmt.Sprintf(`json:"%s,omitzero"`, f.apiName)
			if f.apiName == "id" {
				tag = `json:"id,omitempty"`
			}
			if f.readOnly {
				tag += ` zcrm:"readonly"`
			}
			p("\t%s %s `%s`\n", f.name, f.goType, tag)
		}
		p("}\n")
		if r.isTopLevel {
			p("\n// %s returns the records of %s as %s values.\n", r.plural, r.module.APIName, r.name)
			p("func %s(c *sdk.Client) *sdk.TypedRecords[%s] {\n\treturn sdk.Typed[%s](c, %sModule)\n}\n", r.plural, r.name, r.name, r.plural)
		}
		for _, pl := range r.picklists {
			p("\n// %s\ntype %s string\n\n// The values of %s.\nconst (\n", pl.doc, pl.typeName, pl.typeName)
			for _, v := range pl.values {
				if v.label != "" && v.label != v.value {
					p("\t// %s is shown as %s.\n", v.name, strconv.Quote(v.label))
				}
				p("\t%s %s = %s\n", v.name, pl.typeName, strconv.Quote(v.value))
			}
			p(")\n")
		}
	}
	return b.Bytes()
}

// goName maps an API name to an exported Go name (see the package doc);
// empty is what a name without letters or digits becomes.
func goName(apiName, empty string) string {
	parts := strings.FieldsFunc(apiName, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var b strings.Builder
	for _, part := range parts {
		switch strings.ToLower(part) {
		case "id":
			b.WriteString("ID")
			continue
		case "url":
			b.WriteString("URL")
			continue
		}
		rs := []rune(part)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	name := b.String()
	switch {
	case name == "":
		return empty
	case unicode.IsDigit([]rune(name)[0]):
		return "X" + name
	case !unicode.IsUpper([]rune(name)[0]):
		return "X" + name // a letter with no upper case
	}
	return name
}

// singular makes the last word of a Go name singular (see the package
// doc).
func singular(name string) string {
	last := len(name) - 1
	for last > 0 && !unicode.IsUpper(rune(name[last])) {
		last--
	}
	word := name[last:]
	switch {
	case len(word) > 3 && strings.HasSuffix(word, "ies"):
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(word, "sses"), strings.HasSuffix(word, "xes"), strings.HasSuffix(word, "ches"), strings.HasSuffix(word, "shes"):
		return name[:len(name)-2]
	case len(word) > 1 && strings.HasSuffix(word, "s") && !strings.HasSuffix(word, "ss") && !strings.HasSuffix(word, "us") && !strings.HasSuffix(word, "is"):
		return name[:len(name)-1]
	}
	return name
}

func isIdentifier(s string) bool { return token.IsIdentifier(s) }
