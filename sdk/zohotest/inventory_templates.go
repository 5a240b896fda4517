package zohotest

// Inventory templates (crm-oas group inventory_templates): keyed entries
// under settings/inventory_templates, read only, served as email
// templates are (email_templates.go). A new org has one active template
// for each inventory module.

var _ = registerKeyed(templateSpec("settings/inventory_templates", "inventory_templates", "inventory template",
	"ZohoCRM.templates.inventory", func(s *Server, module, name string) doc {
		return doc{"active": true}
	}, [][2]string{{"Quotes", "Standard Quote"}, {"Sales_Orders", "Standard Sales Order"},
		{"Purchase_Orders", "Standard Purchase Order"}, {"Invoices", "Standard Invoice"}}))
