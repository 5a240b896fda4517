package zohotest

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Every data type of a field: the custom module Properties carries one
// custom field of each (with a subform whose rows are the module
// Rooms_List, and a multi-select lookup of Contacts linked through the
// module Properties_X_Contacts), its metadata has the keys Zoho gives
// each type, and values are checked, stored and returned as Zoho does:
// whole numbers and decimals keep their digits (a bigint up to 2^63-1, a
// currency with many decimals), lookups gain their name, subform rows and
// links their ids, a subform's rows an update leaves out are deleted, and
// formulas, rollup summaries and auto-numbers are Zoho's to set.

// PropertiesModule is the API name of the emulator's module with a field
// of every data type.
const PropertiesModule = "Properties"

func properties() Module {
	custom := func(f Field) Field { f.Custom = true; return f }
	return Module{
		APIName: PropertiesModule, SingularLabel: "Property", PluralLabel: "Properties",
		DisplayField: "Name", Custom: true, DuplicateCheckFields: []string{"Name"},
		Fields: []Field{
			custom(Field{APIName: "Name", Label: "Property Name", DataType: "text", Length: 120, Mandatory: true}),
			custom(Field{APIName: "Description", DataType: "textarea", Length: 32000}),
			custom(Field{APIName: "Listing_Notes", DataType: "textarea", Length: 50000, RichText: true}),
			custom(Field{APIName: "Contact_Email", DataType: "email", Length: 100}),
			custom(Field{APIName: "Phone", DataType: "phone", Length: 30}),
			custom(Field{APIName: "Listing_URL", Label: "Listing URL", DataType: "website", Length: 255}),
			custom(Field{APIName: "Status", DataType: "picklist", Mandatory: true, PickList: []string{"Available", "Under Offer", "Sold", "Off-Market (Private)"}}),
			custom(Field{APIName: "Features", DataType: "multiselectpicklist", PickList: []string{"Garden", "Garage", "Pool", "Solar Panels"}}),
			custom(Field{APIName: "Listed_On", DataType: "date"}),
			custom(Field{APIName: "Inspection_At", DataType: "datetime"}),
			custom(Field{APIName: "Rooms", DataType: "integer", Length: 9}),
			custom(Field{APIName: "Land_Registry_Number", DataType: "bigint", Length: 18}),
			custom(Field{APIName: "Floor_Area", DataType: "double", Length: 16, DecimalPlace: 2}),
			custom(Field{APIName: "Price", DataType: "currency", Length: 16, DecimalPlace: 2}),
			custom(Field{APIName: "Commission", DataType: "percent", Length: 5}),
			custom(Field{APIName: "Furnished", DataType: "boolean"}),
			custom(Field{APIName: "Account", DataType: "lookup", LookupModule: "Accounts"}),
			custom(Field{APIName: "Agent", DataType: "userlookup"}),
			custom(Field{APIName: "Associated_Agents", DataType: "multiuserlookup", LookupModule: "Users", LinkingModule: "Properties_X_Users", ConnectedLookup: "Associated_Agents"}),
			custom(Field{APIName: "Interested_Contacts", DataType: "multiselectlookup", LookupModule: "Contacts", LinkingModule: "Properties_X_Contacts", ConnectedLookup: "Interested_Contact"}),
			custom(Field{APIName: "Rooms_List", DataType: "subform", SubformModule: "Rooms_List"}),
			custom(Field{APIName: "Floor_Plan", DataType: "fileupload"}),
			custom(Field{APIName: "Photos", DataType: "imageupload"}),
			custom(Field{APIName: "Record_Image", DataType: "profileimage"}),
			custom(Field{APIName: "Data_Processing_Basis_Details", Label: "Data Processing Basis", DataType: "consent_lookup"}),
			custom(Field{APIName: "Property_Code", DataType: "autonumber", ReadOnly: true, AutoNumberPrefix: "PR-", AutoNumberStart: 1001}),
			custom(Field{APIName: "Price_Per_Room", DataType: "formula", ReturnType: "currency", ReadOnly: true, Compute: pricePerRoom}),
			custom(Field{APIName: "Total_Room_Area", DataType: "rollup_summary", ReturnType: "double", ReadOnly: true, Compute: totalRoomArea}),
		},
	}
}

// pricePerRoom is the formula Price / Rooms, rounded to 2 decimals.
func pricePerRoom(fields map[string]any) any {
	price, ok1 := fields["Price"].(float64)
	rooms, ok2 := fields["Rooms"].(float64)
	if !ok1 || !ok2 || rooms == 0 {
		return nil
	}
	return math.Round(price/rooms*100) / 100
}

// totalRoomArea sums the Area of the subform's rows.
func totalRoomArea(fields map[string]any) any {
	rows, _ := fields["Rooms_List"].([]any)
	if len(rows) == 0 {
		return nil
	}
	total := 0.0
	for _, r := range rows {
		if row, ok := r.(map[string]any); ok {
			if a, ok := row["Area"].(float64); ok {
				total += a
			}
		}
	}
	return total
}

func propertiesRooms() Module {
	return Module{
		APIName: "Rooms_List", SingularLabel: "Rooms List", PluralLabel: "Rooms List", GeneratedType: "subform", Custom: true,
		Fields: []Field{
			{APIName: "Room_Name", DataType: "text", Length: 100, Mandatory: true, Custom: true},
			{APIName: "Area", DataType: "double", Length: 16, DecimalPlace: 2, Custom: true},
			{APIName: "Floor", DataType: "integer", Length: 9, Custom: true},
			{APIName: "Measured_On", DataType: "date", Custom: true},
			{APIName: "Parent_Id", DataType: "lookup", LookupModule: PropertiesModule, ReadOnly: true},
		},
	}
}

func propertiesContacts() Module {
	return Module{
		APIName: "Properties_X_Contacts", SingularLabel: "Property Contact", PluralLabel: "Properties X Contacts",
		GeneratedType: "linking", Custom: true,
		Fields: []Field{
			{APIName: "Interested_Property", DataType: "lookup", LookupModule: PropertiesModule, Custom: true},
			{APIName: "Interested_Contact", DataType: "lookup", LookupModule: "Contacts", Custom: true},
		},
	}
}

// pickListValues are a picklist's values as the metadata lists them; a
// single-choice picklist starts with -None-, as Zoho's do.
func (s *Server) pickListValues(f Field) []obj {
	if f.GlobalPicklist != "" {
		_, values := s.globalPickList(f.GlobalPicklist)
		return values
	}
	values := f.PickList
	if f.DataType == "picklist" && len(values) > 0 {
		values = append([]string{"-None-"}, values...)
	}
	out := make([]obj, len(values))
	for i, v := range values {
		out[i] = obj{
			{"display_value", v}, {"sequence_number", i + 1}, {"reference_value", v},
			{"colour_code", nil}, {"actual_value", v}, {"id", s.settings.metaID("picklist|" + f.ID + "|" + v)}, {"type", "used"},
		}
	}
	return out
}

// setKey sets a key of an answer object, in its place if it has it.
func setKey(o obj, k string, v any) obj {
	for i := range o {
		if o[i].k == k {
			o[i].v = v
			return o
		}
	}
	return append(o, kv{k, v})
}

// typeDetails adds what the metadata says of a field by its type.
func (s *Server) typeDetails(out obj, f Field, associated any) obj {
	moduleRef := func(name string) any {
		if name == "" {
			return nil
		}
		ref := obj{{"api_name", name}}
		if m, ok := s.modules.get(name); ok {
			ref = append(ref, kv{"id", m.meta.Load().ID})
		}
		return ref
	}
	switch f.DataType {
	case "formula":
		out = setKey(out, "formula", obj{{"return_type", f.ReturnType}, {"expression", nil}})
	case "rollup_summary":
		out = setKey(out, "rollup_summary", obj{{"return_type", f.ReturnType}, {"rollup_based_on", "subform"}})
	case "textarea":
		kind := "large"
		if f.RichText {
			kind = "rich_text"
		}
		out = setKey(out, "textarea", obj{{"type", kind}})
	case "subform":
		out = setKey(out, "associated_module", associated)
	case "multiselectlookup", "multiuserlookup":
		parentLookup := ""
		if lm, ok := s.modules.get(f.LinkingModule); ok {
			for _, lf := range lm.meta.Load().Fields {
				if lf.DataType == "lookup" && lf.APIName != f.ConnectedLookup {
					parentLookup = lf.APIName
				}
			}
		}
		out = setKey(out, f.DataType, obj{
			{"display_label", f.Label}, {"linking_module", moduleRef(f.LinkingModule)},
			{"connected_module", moduleRef(f.LookupModule)}, {"lookup_apiname", parentLookup},
			{"api_name", f.APIName}, {"connectedfield_apiname", nil}, {"connectedlookup_apiname", f.ConnectedLookup},
			{"id", s.settings.metaID("linking|" + f.ID)}, {"record_access", false},
		})
	case "autonumber":
		start := max(f.AutoNumberStart, 1)
		out = setKey(out, "auto_number", obj{{"prefix", f.AutoNumberPrefix}, {"suffix", ""}, {"start_number", start}, {"starting_number_length", len(strconv.Itoa(start))}})
	}
	return out
}

// numberText is a number's text, given as a number or as a string.
func numberText(f fieldValue) string {
	switch f.kind {
	case kindNumber:
		return string(f.raw)
	case kindString:
		return strings.TrimSpace(f.str)
	}
	return ""
}

// exactInteger checks a whole number (also given as text) and keeps its
// digits: a bigint reaches 2^63-1, an integer 9 digits.
func exactInteger(c *call, fd *Field, f fieldValue, index int) (fieldValue, *recordResult) {
	text := numberText(f)
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		fl, ferr := strconv.ParseFloat(text, 64)
		if ferr != nil || fl != math.Trunc(fl) || math.Abs(fl) > 1<<53 {
			return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", fd.DataType})
		}
		n = int64(fl)
	}
	if fd.DataType == "integer" && (n > math.MaxInt32 || n < math.MinInt32) {
		return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"maximum_length", 9})
	}
	return makeField(f.name, strconv.AppendInt(nil, n, 10)), nil
}

// exactNumber checks a decimal number (also given as text) and keeps it
// as written, without float rounding.
func exactNumber(c *call, fd *Field, f fieldValue, index int) (fieldValue, *recordResult) {
	text := numberText(f)
	if !json.Valid([]byte(text)) || text == "" || text[0] == '"' || text[0] == '{' || text[0] == '[' || text[0] == 't' || text[0] == 'f' || text[0] == 'n' {
		return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", fd.DataType})
	}
	return makeField(f.name, []byte(text)), nil
}

// checkPicklist refuses a value outside the field's list, when it has one.
func checkPicklist(c *call, fd *Field, f fieldValue, index int) *recordResult {
	if len(fd.PickList) == 0 {
		return nil
	}
	var values []string
	if f.kind == kindArray {
		_ = json.Unmarshal(f.raw, &values)
	} else if f.str != "" && f.str != "-None-" {
		values = []string{f.str}
	}
	for _, v := range values {
		if !slices.Contains(fd.PickList, v) {
			return fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", fd.DataType})
		}
	}
	return nil
}

// linkRows checks a multi-select lookup or a multi-user lookup: a list of
// links, each naming the record (or user) chosen under the connected
// lookup's API name ({"id"} or the bare id). Each link is stored with the
// chosen one's name; new links get their id when written.
func (s *Server) linkRows(c *call, fd *Field, f fieldValue, index int) (fieldValue, *recordResult) {
	return eachRow(c, fd, f, index, func(cells []fieldValue) ([]fieldValue, *recordResult) {
		for j, cell := range cells {
			if cell.name != fd.ConnectedLookup {
				continue
			}
			chosen := fieldValue{name: f.name, raw: cell.raw, kind: cell.kind, str: cell.str}
			var resolved []byte
			var e *recordResult
			if fd.DataType == "multiuserlookup" {
				resolved, e = s.userLookup(c, chosen, index, false)
			} else {
				var got fieldValue
				got, e = s.resolveLookup(c, &Field{DataType: "lookup", LookupModule: fd.LookupModule}, chosen, index)
				resolved = got.raw
			}
			if e != nil {
				return nil, e
			}
			cells[j] = makeField(cell.name, resolved)
		}
		if indexOfField(cells, fd.ConnectedLookup) < 0 && indexOfField(cells, "id") < 0 {
			return nil, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", fd.DataType})
		}
		return cells, nil
	})
}

// fileRows checks a file or image upload: a list of files, each new one
// naming a file uploaded through the Files API (File_Id__s), whose name
// and size are filled in.
func (s *Server) fileRows(c *call, fd *Field, f fieldValue, index int) (fieldValue, *recordResult) {
	return eachRow(c, fd, f, index, func(cells []fieldValue) ([]fieldValue, *recordResult) {
		fileID, ok := findField(cells, "File_Id__s")
		if !ok {
			if indexOfField(cells, "id") < 0 {
				return nil, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", fd.DataType})
			}
			return cells, nil
		}
		name, data, known := s.File(fileID.str)
		if fileID.kind != kindString || !known {
			return nil, fieldError(c, "INVALID_DATA", "invalid data", f.name, index)
		}
		if indexOfField(cells, "File_Name__s") < 0 {
			cells = append(cells, fieldOf("File_Name__s", name))
		}
		if indexOfField(cells, "Size__s") < 0 {
			cells = append(cells, fieldOf("Size__s", strconv.Itoa(len(data))))
		}
		return cells, nil
	})
}

// eachRow checks a value that is a list of rows (objects), passing each
// row's cells through check, and returns the list as checked.
func eachRow(c *call, fd *Field, f fieldValue, index int, check func([]fieldValue) ([]fieldValue, *recordResult)) (fieldValue, *recordResult) {
	var rows []json.RawMessage
	if f.kind != kindArray || json.Unmarshal(f.raw, &rows) != nil {
		return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", fd.DataType})
	}
	out := []byte{'['}
	for i, row := range rows {
		cells, err := decodeObject(row)
		if err != nil {
			return f, fieldError(c, "INVALID_DATA", "invalid data", f.name, index, kv{"expected_data_type", "jsonobject"})
		}
		cells, e := check(cells)
		if e != nil {
			return f, e
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = appendRecord(out, cells)
	}
	return makeField(f.name, append(out, ']')), nil
}

// rowTypes are the data types whose value is a list of rows with ids.
var rowTypes = []string{"subform", "multiselectlookup", "multiuserlookup", "fileupload", "imageupload"}

// finishRows gives the rows of a write their ids: a row with an id
// updates that row of the stored record (its other cells kept), a row
// without one is new, and stored rows left out are deleted, as Zoho does.
// In an update, a row id the record does not have is INVALID_DATA (a new
// record keeps the ids its rows were given).
func (wr *writer) finishRows(own []fieldValue, old *record, index int) ([]fieldValue, *recordResult) {
	for i, f := range own {
		fd, ok := wr.meta.field(f.name)
		if !ok || !slices.Contains(rowTypes, fd.DataType) || f.kind != kindArray ||
			(fd.LinkingModule == "" && (fd.DataType == "multiselectlookup" || fd.DataType == "multiuserlookup")) {
			continue // links without a linking module are stored as given
		}
		var stored map[string][]fieldValue
		if old != nil {
			if prev, ok := old.field(f.name); ok && prev.kind == kindArray {
				stored = rowsByID(prev.raw)
			}
		}
		var rows []json.RawMessage
		_ = json.Unmarshal(f.raw, &rows)
		out := []byte{'['}
		for j, row := range rows {
			cells, _ := decodeObject(row)
			if id, has := findField(cells, "id"); has && old != nil {
				prev, found := stored[idText(id)]
				if !found {
					return nil, fieldError(wr.c, "INVALID_DATA", "the id given seems to be invalid", f.name, index)
				}
				merged := slices.Clone(prev)
				for _, cell := range cells {
					if k := indexOfField(merged, cell.name); k >= 0 {
						merged[k] = cell
					} else {
						merged = append(merged, cell)
					}
				}
				cells = merged
			} else if !has {
				cells = append([]fieldValue{fieldOf("id", wr.s.ids.next())}, cells...)
			}
			if j > 0 {
				out = append(out, ',')
			}
			out = appendRecord(out, cells)
		}
		own[i] = makeField(f.name, append(out, ']'))
	}
	return own, nil
}

func rowsByID(raw []byte) map[string][]fieldValue {
	var rows []json.RawMessage
	_ = json.Unmarshal(raw, &rows)
	out := make(map[string][]fieldValue, len(rows))
	for _, row := range rows {
		cells, err := decodeObject(row)
		if err != nil {
			continue
		}
		if id, ok := findField(cells, "id"); ok {
			out[idText(id)] = cells
		}
	}
	return out
}

// autoNumbersLocked gives a new record the next number of each of its
// module's auto-number fields.
func (wr *writer) autoNumbersLocked(own []fieldValue) []fieldValue {
	for _, fd := range wr.meta.Fields {
		if fd.DataType != "autonumber" {
			continue
		}
		if wr.ms.autoNumbers == nil {
			wr.ms.autoNumbers = map[string]int{}
		}
		n, seen := wr.ms.autoNumbers[fd.APIName]
		if !seen {
			n = max(fd.AutoNumberStart, 1)
		}
		wr.ms.autoNumbers[fd.APIName] = n + 1
		own = append(own, fieldOf(fd.APIName, fd.AutoNumberPrefix+strconv.Itoa(n)))
	}
	return own
}

// computed works out a record's formulas and rollup summaries.
func computed(meta *moduleMeta, own []fieldValue) []fieldValue {
	var values map[string]any
	var out []fieldValue
	for _, fd := range meta.Fields {
		if fd.Compute == nil || indexOfField(own, fd.APIName) >= 0 {
			continue
		}
		if values == nil {
			values = make(map[string]any, len(own))
			for _, f := range own {
				values[f.name] = f.decoded()
			}
		}
		out = append(out, fieldOf(fd.APIName, fd.Compute(values)))
	}
	return out
}
