package zohotest

// The reschedule history of appointments (crm-oas group
// reschedule_history, Appointments_Rescheduled_History__s): one record
// per appointment moved, from when to when, by whom and why, served by
// the records API like any module. The appointment, and the times it was
// moved from and to, are required.

func rescheduleHistoryModule() Module {
	return Module{
		APIName: "Appointments_Rescheduled_History__s", ModuleName: "Appointments_Rescheduled_History",
		SingularLabel: "Appointment Rescheduled History", PluralLabel: "Appointments Rescheduled History",
		DisplayField: "Name",
		Fields: fieldSpecs(
			"Name text 120", "Appointment_Name lookup mandatory", "Rescheduled_From datetime mandatory",
			"Rescheduled_To datetime mandatory", "Rescheduled_Time datetime", "Rescheduled_By userlookup",
			"Reschedule_Reason picklist", "Reschedule_Note textarea 2000",
		),
	}
}
