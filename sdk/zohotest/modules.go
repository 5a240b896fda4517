package zohotest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Module is a CRM module's metadata: what settings/modules and
// settings/fields describe, and what the record store checks writes
// against. Records stay free-form: fields the metadata does not name are
// stored and returned as given.
type Module struct {
	APIName       string // e.g. Leads, Sales_Orders; required
	ModuleName    string // default: APIName
	SingularLabel string // default: APIName without a trailing s
	PluralLabel   string // default: APIName with spaces for underscores
	ID            string // generated when empty
	Fields        []Field
	// DisplayField names a record in lookups and the recycle bin.
	DisplayField string
	// DuplicateCheckFields are upsert's default duplicate_check_fields,
	// tried in order (the module's unique fields are tried after them).
	DuplicateCheckFields []string
	// CustomViews are the views whose ids GET {module}?cvid= accepts; an
	// "All <PluralLabel>" view is added when there is none.
	CustomViews []CustomView
	// Convertible modules (Leads) carry $converted and take converted=.
	Convertible bool
	// Custom marks a module the org created (generated_type "custom").
	Custom bool
	// GeneratedType overrides generated_type: "subform" for the module of
	// a subform's rows, "linking" for the module behind a multi-select
	// lookup.
	GeneratedType string
	// Status is visible (when empty) or user_hidden, as PUT
	// settings/modules sets it; GET settings/modules?status= filters by it.
	Status string

	// removed are the API names of fields deleted through DELETE
	// settings/fields, which record writes refuse.
	removed []string
}

// Field is a module field's metadata.
type Field struct {
	APIName string // required
	Label   string // default: APIName with spaces for underscores
	// DataType is Zoho's data_type: text, textarea, email, phone, website,
	// picklist, multiselectpicklist, integer, bigint, double, currency,
	// percent, decimal, boolean, date, datetime, lookup, ownerlookup,
	// userlookup, multiuserlookup, multiselectlookup, consent_lookup,
	// subform (also line items), fileupload, imageupload, profileimage,
	// autonumber, formula, rollup_summary. Writes are checked against it
	// and stored as Zoho stores them (field_types.go).
	DataType     string
	Length       int  // maximum length of text values; 0: unchecked
	Mandatory    bool // creates without it answer MANDATORY_NOT_FOUND
	Unique       bool // a value another record has answers DUPLICATE_DATA
	ReadOnly     bool // ignored in writes (Full_Name, formulas, audit fields)
	Custom       bool
	LookupModule string // for lookup: the module the id must be in
	ID           string // generated when empty

	// PickList are the values of a picklist or multi-select picklist, in
	// order (pick_list_values); a value outside them is INVALID_DATA.
	PickList []string
	// GlobalPicklist is the id of a global picklist whose values in use
	// the field offers in place of PickList (global_picklists.go).
	GlobalPicklist string
	// RichText marks a textarea that holds rich text.
	RichText bool
	// DecimalPlace is the decimals of a double, currency or decimal (2 when
	// zero).
	DecimalPlace int
	// SubformModule is, for a subform, the module of its rows (added with
	// GeneratedType "subform").
	SubformModule string
	// LinkingModule and ConnectedLookup are, for a multi-select lookup or
	// a multi-user lookup, the module of the links and the lookup in each
	// link that names the record (or user) chosen; LookupModule is the
	// module chosen from (Users for a multi-user lookup).
	LinkingModule   string
	ConnectedLookup string
	// ReturnType is what a formula or rollup summary gives: double,
	// currency, integer, boolean, date, datetime or text.
	ReturnType string
	// Compute works out a formula or rollup summary from the record's
	// fields (as JSON decodes them); nil leaves it null.
	Compute func(fields map[string]any) any
	// AutoNumberPrefix and AutoNumberStart shape an autonumber: PR-1001,
	// PR-1002... (a start of 0 means 1).
	AutoNumberPrefix string
	AutoNumberStart  int
	// External marks an external field: unique text holding a record's id
	// in another system, by which X-EXTERNAL calls name records
	// (records_external.go).
	External bool
}

// CustomView is a custom view of a module.
type CustomView struct {
	ID   string
	Name string
	// Fields are the columns the view shows; default: the module's first
	// fields. SortBy and SortOrder are changed by PUT settings/custom_views.
	Fields    []string
	SortBy    string
	SortOrder string
}

// Field returns the field with this API name.
func (m Module) Field(apiName string) (Field, bool) {
	for _, f := range m.Fields {
		if f.APIName == apiName {
			return f, true
		}
	}
	return Field{}, false
}

// moduleMeta is a Module with its fields indexed; replaced whole when a
// field is added, so handlers read one consistent version without a lock.
type moduleMeta struct {
	Module
	byName map[string]int
}

func (m *moduleMeta) field(name string) (*Field, bool) {
	if i, ok := m.byName[name]; ok {
		return &m.Fields[i], true
	}
	return nil, false
}

func newModuleMeta(m Module) *moduleMeta {
	mm := &moduleMeta{Module: m, byName: make(map[string]int, len(m.Fields))}
	for i, f := range m.Fields {
		mm.byName[f.APIName] = i
	}
	return mm
}

type moduleRegistry struct {
	s     *Server
	mu    sync.RWMutex
	byKey map[string]*moduleStore // lower-case API name
	list  []*moduleStore
}

func (mr *moduleRegistry) init(s *Server) {
	mr.s = s
	mr.byKey = map[string]*moduleStore{}
	for _, m := range defaultModules() {
		s.AddModule(m)
	}
}

// get finds a module by API name, ignoring case as Zoho does.
func (mr *moduleRegistry) get(name string) (*moduleStore, bool) {
	mr.mu.RLock()
	defer mr.mu.RUnlock()
	m, ok := mr.byKey[strings.ToLower(name)]
	return m, ok
}

// AddModule adds a module (a custom one, say) and returns it with its
// defaults and generated ids. Owner, Created_By, Modified_By,
// Created_Time and Modified_Time are added to its fields when missing. It
// panics if APIName is empty or taken.
func (s *Server) AddModule(m Module) Module {
	if m.APIName == "" {
		panic("zohotest: AddModule: APIName is required")
	}
	if m.ID == "" {
		m.ID = s.ids.next()
	}
	if m.ModuleName == "" {
		m.ModuleName = m.APIName
	}
	if m.PluralLabel == "" {
		m.PluralLabel = strings.ReplaceAll(m.APIName, "_", " ")
	}
	if m.SingularLabel == "" {
		m.SingularLabel = strings.TrimSuffix(m.PluralLabel, "s")
	}
	if len(m.CustomViews) == 0 {
		m.CustomViews = []CustomView{{Name: "All " + m.PluralLabel}}
	}
	m.CustomViews = slices.Clone(m.CustomViews)
	for i := range m.CustomViews {
		if m.CustomViews[i].ID == "" {
			m.CustomViews[i].ID = s.ids.next()
		}
		m.CustomViews[i].Fields = slices.Clone(m.CustomViews[i].Fields)
	}
	fields := slices.Clone(m.Fields)
	for _, sys := range systemFields() {
		if !slices.ContainsFunc(fields, func(f Field) bool { return f.APIName == sys.APIName }) {
			fields = append(fields, sys)
		}
	}
	for i := range fields {
		fields[i] = s.fieldDefaults(fields[i])
	}
	m.Fields = fields
	m.DuplicateCheckFields = slices.Clone(m.DuplicateCheckFields)

	mr := &s.modules
	mr.mu.Lock()
	defer mr.mu.Unlock()
	key := strings.ToLower(m.APIName)
	if _, dup := mr.byKey[key]; dup {
		panic(fmt.Sprintf("zohotest: AddModule: module %s exists already", m.APIName))
	}
	ms := &moduleStore{byID: map[string]*record{}}
	apiName := m.APIName
	ms.changed = func(event string, prev, cur *record) { s.recordChanged(apiName, event, prev, cur) }
	ms.meta.Store(newModuleMeta(m))
	mr.byKey[key] = ms
	mr.list = append(mr.list, ms)
	return m
}

func (s *Server) fieldDefaults(f Field) Field {
	if f.APIName == "" {
		panic("zohotest: a field needs an APIName")
	}
	if f.Label == "" {
		f.Label = strings.ReplaceAll(f.APIName, "_", " ")
	}
	if f.DataType == "" {
		f.DataType = "text"
	}
	if f.ID == "" {
		f.ID = s.ids.next()
	}
	return f
}

// AddField adds a field (a custom field, a unique one...) to a module and
// returns it. It panics if the module is unknown or has the field already.
func (s *Server) AddField(module string, f Field) Field {
	ms := s.mustModule("AddField", module)
	f = s.fieldDefaults(f)
	for {
		old := ms.meta.Load()
		if _, dup := old.byName[f.APIName]; dup {
			panic(fmt.Sprintf("zohotest: AddField: %s has a field %s already", old.APIName, f.APIName))
		}
		m := old.Module
		m.Fields = append(slices.Clone(m.Fields), f)
		if ms.meta.CompareAndSwap(old, newModuleMeta(m)) {
			return f
		}
	}
}

// Module returns a module's metadata by API name (case-insensitive).
func (s *Server) Module(apiName string) (Module, bool) {
	ms, ok := s.modules.get(apiName)
	if !ok {
		return Module{}, false
	}
	return ms.meta.Load().Module.clone(), true
}

// Modules returns every module, in the order they were added.
func (s *Server) Modules() []Module {
	s.modules.mu.RLock()
	defer s.modules.mu.RUnlock()
	out := make([]Module, len(s.modules.list))
	for i, ms := range s.modules.list {
		out[i] = ms.meta.Load().Module.clone()
	}
	return out
}

func (m Module) clone() Module {
	m.Fields = slices.Clone(m.Fields)
	m.DuplicateCheckFields = slices.Clone(m.DuplicateCheckFields)
	m.CustomViews = slices.Clone(m.CustomViews)
	return m
}

func (s *Server) mustModule(caller, name string) *moduleStore {
	ms, ok := s.modules.get(name)
	if !ok {
		panic(fmt.Sprintf("zohotest: %s: no module %q (see Server.Modules, or AddModule)", caller, name))
	}
	return ms
}

// systemFields every module has; the server sets them.
func systemFields() []Field {
	return fieldSpecs(
		"Owner ownerlookup",
		"Created_By ownerlookup readonly",
		"Modified_By ownerlookup readonly",
		"Created_Time datetime readonly",
		"Modified_Time datetime readonly",
	)
}

// fieldSpecs builds fields from compact specs: "API_Name type [length]
// [mandatory] [unique] [readonly] [->LookupModule]".
func fieldSpecs(specs ...string) []Field {
	out := make([]Field, 0, len(specs))
	for _, spec := range specs {
		words := strings.Fields(spec)
		f := Field{APIName: words[0], DataType: words[1]}
		for _, w := range words[2:] {
			switch {
			case w == "mandatory":
				f.Mandatory = true
			case w == "unique":
				f.Unique = true
			case w == "readonly":
				f.ReadOnly = true
			case strings.HasPrefix(w, "->"):
				f.LookupModule = w[2:]
			default:
				n, err := strconv.Atoi(w)
				if err != nil {
					panic("zohotest: bad field spec " + strconv.Quote(spec))
				}
				f.Length = n
			}
		}
		out = append(out, f)
	}
	return out
}

// Address fields, for modules that have them.
func address(prefix string) []string {
	return []string{
		prefix + "Street text 250", prefix + "City text 100", prefix + "State text 100",
		prefix + "Code text 30", prefix + "Country text 100",
	}
}

// inventory is what Quotes, Sales_Orders, Purchase_Orders and Invoices
// share: line items and their totals.
func inventory() []string {
	return append([]string{
		"Product_Details subform",
		"Sub_Total currency",
		"Discount currency",
		"Tax currency",
		"Adjustment currency",
		"Grand_Total currency",
		"Terms_and_Conditions textarea 32000",
		"Description textarea 32000",
	}, append(address("Billing_"), address("Shipping_")...)...)
}

// defaultModules are the standard modules of a Zoho CRM org, with the
// fields clients most use. Mandatory and unique fields follow Zoho's
// standard layouts; Leads.Email is unique so DUPLICATE_DATA can be seen.
func defaultModules() []Module {
	person := func(extra ...string) []string {
		return append([]string{
			"Salutation picklist",
			"First_Name text 40",
			"Last_Name text 80 mandatory",
			"Full_Name text 200 readonly",
			"Secondary_Email email 100",
			"Phone phone 30",
			"Mobile phone 30",
			"Fax text 30",
			"Lead_Source picklist",
			"Email_Opt_Out boolean",
			"Skype_ID text 50",
			"Twitter text 50",
			"Description textarea 32000",
		}, extra...)
	}
	return []Module{
		{
			APIName: "Leads", SingularLabel: "Lead", DisplayField: "Full_Name",
			DuplicateCheckFields: []string{"Email"}, Convertible: true,
			Fields: fieldSpecs(person(
				"Email email 100 unique", "Company text 200", "Designation text 100",
				"Lead_Status picklist", "Industry picklist", "No_of_Employees integer",
				"Annual_Revenue currency", "Rating picklist", "Website website 255",
				"Street text 250", "City text 100", "State text 100", "Zip_Code text 30", "Country text 100",
			)...),
		},
		{
			APIName: "Contacts", SingularLabel: "Contact", DisplayField: "Full_Name",
			DuplicateCheckFields: []string{"Email"},
			Fields: fieldSpecs(person(
				"Email email 100", "Account_Name lookup ->Accounts", "Vendor_Name lookup ->Vendors",
				"Title text 100", "Department text 100", "Date_of_Birth date",
				"Reporting_To lookup ->Contacts", "Assistant text 100", "Asst_Phone phone 30",
				"Home_Phone phone 30", "Other_Phone phone 30",
				"Mailing_Street text 250", "Mailing_City text 100", "Mailing_State text 100",
				"Mailing_Zip text 30", "Mailing_Country text 100",
			)...),
		},
		{
			APIName: "Accounts", SingularLabel: "Account", DisplayField: "Account_Name",
			DuplicateCheckFields: []string{"Account_Name"},
			Fields: fieldSpecs(append([]string{
				"Account_Name text 200 mandatory", "Account_Number text 40", "Account_Site text 80",
				"Parent_Account lookup ->Accounts", "Account_Type picklist", "Industry picklist",
				"Annual_Revenue currency", "Employees integer", "Ownership picklist",
				"Phone phone 30", "Fax text 30", "Website website 255", "Ticker_Symbol text 30",
				"Rating picklist", "SIC_Code integer", "Description textarea 32000",
			}, append(address("Billing_"), address("Shipping_")...)...)...),
		},
		{
			APIName: "Deals", SingularLabel: "Deal", DisplayField: "Deal_Name",
			DuplicateCheckFields: []string{"Deal_Name"},
			Fields: fieldSpecs(
				"Deal_Name text 120 mandatory", "Stage picklist mandatory", "Amount currency",
				"Closing_Date date", "Account_Name lookup ->Accounts", "Contact_Name lookup ->Contacts",
				"Probability integer", "Expected_Revenue currency", "Type picklist",
				"Next_Step text 100", "Lead_Source picklist", "Campaign_Source lookup ->Campaigns",
				"Pipeline picklist", "Description textarea 32000",
			),
		},
		{
			APIName: "Products", SingularLabel: "Product", DisplayField: "Product_Name",
			DuplicateCheckFields: []string{"Product_Name"},
			Fields: fieldSpecs(
				"Product_Name text 120 mandatory", "Product_Code text 40", "Product_Active boolean",
				"Product_Category picklist", "Manufacturer picklist", "Vendor_Name lookup ->Vendors",
				"Unit_Price currency", "Commission_Rate currency", "Tax multiselectpicklist",
				"Taxable boolean", "Usage_Unit picklist", "Qty_in_Stock double",
				"Qty_Ordered double", "Reorder_Level double", "Description textarea 32000",
			),
		},
		{
			APIName: "Quotes", SingularLabel: "Quote", DisplayField: "Subject",
			Fields: fieldSpecs(append([]string{
				"Subject text 200 mandatory", "Quote_Stage picklist", "Valid_Till date",
				"Deal_Name lookup ->Deals", "Account_Name lookup ->Accounts",
				"Contact_Name lookup ->Contacts", "Carrier picklist", "Team text 100",
			}, inventory()...)...),
		},
		{
			APIName: "Sales_Orders", SingularLabel: "Sales Order", DisplayField: "Subject",
			Fields: fieldSpecs(append([]string{
				"Subject text 200 mandatory", "Status picklist", "Due_Date date",
				"Quote_Name lookup ->Quotes", "Deal_Name lookup ->Deals",
				"Account_Name lookup ->Accounts", "Contact_Name lookup ->Contacts",
				"Customer_No text 40", "Purchase_Order text 40", "Carrier picklist",
			}, inventory()...)...),
		},
		{
			APIName: "Purchase_Orders", SingularLabel: "Purchase Order", DisplayField: "Subject",
			Fields: fieldSpecs(append([]string{
				"Subject text 200 mandatory", "Vendor_Name lookup ->Vendors mandatory",
				"Status picklist", "PO_Date date", "Due_Date date", "PO_Number text 40",
				"Contact_Name lookup ->Contacts", "Tracking_Number text 40", "Carrier picklist",
			}, inventory()...)...),
		},
		{
			APIName: "Invoices", SingularLabel: "Invoice", DisplayField: "Subject",
			Fields: fieldSpecs(append([]string{
				"Subject text 200 mandatory", "Invoice_Date date", "Due_Date date", "Status picklist",
				"Sales_Order lookup ->Sales_Orders", "Deal_Name lookup ->Deals",
				"Account_Name lookup ->Accounts", "Contact_Name lookup ->Contacts",
				"Purchase_Order text 40", "Excise_Duty currency", "Sales_Commission currency",
			}, inventory()...)...),
		},
		{
			APIName: "Tasks", SingularLabel: "Task", DisplayField: "Subject",
			Fields: fieldSpecs(
				"Subject text 255 mandatory", "Due_Date date", "Status picklist", "Priority picklist",
				"What_Id lookup", "Who_Id lookup", "Send_Notification_Email boolean",
				"Remind_At text 100", "Recurring_Activity text 255", "Closed_Time datetime readonly",
				"Description textarea 32000",
			),
		},
		{
			APIName: "Events", ModuleName: "Meetings", SingularLabel: "Meeting", PluralLabel: "Meetings",
			DisplayField: "Event_Title",
			Fields: fieldSpecs(
				"Event_Title text 255 mandatory", "Start_DateTime datetime mandatory",
				"End_DateTime datetime mandatory", "All_day boolean", "Venue text 255",
				"What_Id lookup", "Who_Id lookup", "Participants multiselectlookup",
				"Remind_At text 100", "Description textarea 32000",
			),
		},
		{
			APIName: "Calls", SingularLabel: "Call", DisplayField: "Subject",
			Fields: fieldSpecs(
				"Subject text 255 mandatory", "Call_Type picklist mandatory",
				"Call_Start_Time datetime mandatory", "Call_Duration text 10",
				"Call_Duration_in_seconds integer readonly", "Call_Purpose picklist",
				"Call_Result picklist", "What_Id lookup", "Who_Id lookup",
				"Description textarea 32000",
			),
		},
		{
			APIName: "Campaigns", SingularLabel: "Campaign", DisplayField: "Campaign_Name",
			DuplicateCheckFields: []string{"Campaign_Name"},
			Fields: fieldSpecs(
				"Campaign_Name text 120 mandatory", "Type picklist", "Status picklist",
				"Start_Date date", "End_Date date", "Expected_Revenue currency",
				"Budgeted_Cost currency", "Actual_Cost currency", "Expected_Response integer",
				"Num_sent integer", "Parent_Campaign lookup ->Campaigns", "Description textarea 32000",
			),
		},
		{
			APIName: "Vendors", SingularLabel: "Vendor", DisplayField: "Vendor_Name",
			DuplicateCheckFields: []string{"Vendor_Name"},
			Fields: fieldSpecs(
				"Vendor_Name text 120 mandatory", "Email email 100", "Phone phone 30",
				"Website website 255", "GL_Account picklist", "Category text 100",
				"Street text 250", "City text 100", "State text 100", "Zip_Code text 30",
				"Country text 100", "Description textarea 32000",
			),
		},
		{
			APIName: "Price_Books", SingularLabel: "Price Book", DisplayField: "Price_Book_Name",
			DuplicateCheckFields: []string{"Price_Book_Name"},
			Fields: fieldSpecs(
				"Price_Book_Name text 120 mandatory", "Active boolean", "Pricing_Model picklist",
				"Pricing_Details subform", "Description textarea 32000",
			),
		},
		{
			APIName: "Cases", SingularLabel: "Case", DisplayField: "Subject",
			DuplicateCheckFields: []string{"Subject"},
			Fields: fieldSpecs(
				"Subject text 255 mandatory", "Status picklist mandatory", "Case_Origin picklist mandatory",
				"Case_Number autonumber readonly", "Priority picklist", "Type picklist",
				"Case_Reason picklist", "Account_Name lookup ->Accounts", "Related_To lookup ->Contacts",
				"Deal_Name lookup ->Deals", "Product_Name lookup ->Products", "Email email 100",
				"Phone phone 30", "Description textarea 32000", "Solution textarea 32000",
			),
		},
		{
			APIName: "Solutions", SingularLabel: "Solution", DisplayField: "Solution_Title",
			DuplicateCheckFields: []string{"Solution_Title"},
			Fields: fieldSpecs(
				"Solution_Title text 255 mandatory", "Solution_Number autonumber readonly",
				"Status picklist", "Product_Name lookup ->Products", "Question textarea 32000",
				"Answer textarea 32000",
			),
		},
		{
			APIName: "Notes", SingularLabel: "Note", DisplayField: "Note_Title",
			Fields: fieldSpecs(
				"Note_Title text 120", "Note_Content textarea 32000 mandatory", "Parent_Id lookup",
			),
		},
		propertiesRooms(), propertiesContacts(), properties(), servicesModule(), rescheduleHistoryModule(),
	}
}

// moduleStore holds a module's metadata and records.
type moduleStore struct {
	meta    atomic.Pointer[moduleMeta]
	mu      sync.RWMutex
	order   []*record // by id, ascending: creation order
	byID    map[string]*record
	deleted []*deletedEntry // oldest first
	gen     uint64          // bumped by every change to the records
	// changed hears of every record created, edited or deleted, under mu
	// (notifications.go).
	changed func(event string, prev, cur *record)

	viewMu sync.Mutex
	views  map[string]*sortedView // by sort field, valid while gen matches

	autoNumbers map[string]int // the next number of each auto-number field, under mu
}
