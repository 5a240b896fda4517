package zohotest

import (
	"regexp"
	"slices"
)

// The org's business hours (crm-oas group business_hours): none in a new
// org, set once (a second set is NOT_ALLOWED) and then updated. 24_by_7
// works every day around the clock, 24_by_5 and custom on business_days;
// custom hours are the same every day (daily_timing) or given per day
// (custom_timing), as "HH:mm" pairs.

var (
	weekDays  = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	clockTime = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
)

var _ = registerSingleton(&keyedSpec{
	path:     "settings/business_hours",
	key:      "business_hours",
	what:     "Business Hours",
	scope:    "ZohoCRM.settings.business_hours",
	ops:      opGet | opCreate | opUpdate,
	required: []string{"type", "week_starts_on"},
	check: func(s *Server, c *call, e, old doc, index int) *recordResult {
		if field := businessHoursProblem(e); field != "" {
			return refuser(c, "business_hours", 0)("INVALID_DATA", field)
		}
		return nil
	},
})

// businessHoursProblem returns the key at fault in business hours, or "".
func businessHoursProblem(e doc) string {
	if !slices.Contains(weekDays, text(e, "week_starts_on")) {
		return "week_starts_on"
	}
	switch text(e, "type") {
	case "24_by_7":
		e["business_days"] = weekDays
		delete(e, "daily_timing")
		delete(e, "custom_timing")
		return ""
	case "24_by_5", "custom":
	default:
		return "type"
	}
	days, ok := dayList(e["business_days"])
	if !ok || len(days) == 0 {
		return "business_days"
	}
	if text(e, "type") == "24_by_5" {
		return ""
	}
	return timingProblem(e, days, "business_timing")
}

// timingProblem checks the timing of a day-based setting: daily_timing
// when same_as_everyday, else custom_timing with one entry (days and its
// timing under key) per day of days.
func timingProblem(e doc, days []string, key string) string {
	if e["same_as_everyday"] == true {
		if !timingOK(e["daily_timing"]) {
			return "daily_timing"
		}
		delete(e, "custom_timing")
		return ""
	}
	custom, _ := e["custom_timing"].([]any)
	if len(custom) == 0 {
		return "custom_timing"
	}
	for _, item := range custom {
		day, _ := item.(map[string]any)
		if !slices.Contains(days, text(day, "days")) || !timingOK(day[key]) {
			return "custom_timing"
		}
	}
	e["same_as_everyday"] = false
	delete(e, "daily_timing")
	return ""
}

// dayList reads a list of day names.
func dayList(v any) ([]string, bool) {
	items, _ := v.([]any)
	days := make([]string, 0, len(items))
	for _, item := range items {
		day, _ := item.(string)
		if !slices.Contains(weekDays, day) {
			return nil, false
		}
		days = append(days, day)
	}
	return days, true
}

// timingOK reports whether v is a start and an end, "HH:mm", the start
// first.
func timingOK(v any) bool {
	span, _ := v.([]any)
	if len(span) != 2 {
		return false
	}
	from, _ := span[0].(string)
	to, _ := span[1].(string)
	return clockTime.MatchString(from) && clockTime.MatchString(to) && from < to
}
