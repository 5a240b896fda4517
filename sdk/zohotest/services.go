package zohotest

// The Services module (crm-oas group services, Services__s): the services
// an org books appointments for, served by the records API like any
// module: a service needs its name and duration (minutes); its
// availability is a type, days and dates.

func servicesModule() Module {
	return Module{
		APIName: "Services__s", ModuleName: "Services", SingularLabel: "Service", PluralLabel: "Services",
		DisplayField: "Service_Name",
		Fields: fieldSpecs(
			"Service_Name text 120 mandatory", "Duration integer mandatory", "Price currency",
			"Location picklist", "Status picklist", "Availability_Type picklist",
			"Available_Days multiselectpicklist", "Available_From datetime", "Available_Till datetime",
			"Unavailable_From datetime", "Unavailable_Till datetime", "Description textarea 32000",
		),
	}
}
