package sdk

// VariablesService manages variables and variable groups (/settings/variables, /settings/variable_groups).
type VariablesService service
