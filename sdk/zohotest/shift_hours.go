package zohotest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The org's shifts (crm-oas group shift_hours): each named uniquely, in a
// time zone, on shift days with the same timing every day
// (same_as_everyday, daily_timing) or per day (custom_timing,
// shift_timing); with breaks on some of those days and the users who work
// it, each from a date (today unless given). Updates merge users and
// breaks by id (_delete removes one). Lists and gets carry the org's
// shift_count. A shift deleted takes its holidays with it, and a shift
// holiday must name a shift that exists (holidays.go).

var shiftHours = registerKeyed(&keyedSpec{
	path:     "settings/business_hours/shift_hours",
	key:      "shift_hours",
	what:     "shift",
	scope:    "ZohoCRM.settings.business_hours",
	ops:      opList | opGet | opCreate | opUpdate | opUpdateOne | opDeleteOne,
	required: []string{"name", "timezone", "shift_days"},
	unique:   []string{"name"},
	check:    checkShift,
})

// The hooks that read other stores are set here, out of the variables'
// initialization order.
func init() {
	shiftHours.more = func(s *Server, c *call) obj {
		shifts := s.keyedStore(shiftHours).entries("")
		withUsers := 0
		for _, d := range shifts {
			if users, _ := d["users"].([]any); len(users) > 0 {
				withUsers++
			}
		}
		return obj{{"shift_count", obj{{"total_shift", len(shifts)}, {"total_shift_with_user", withUsers}}}}
	}
	shiftHours.removed = func(s *Server, old doc) {
		st := s.keyedStore(holidays)
		st.mu.Lock()
		defer st.mu.Unlock()
		kept := st.items[""][:0]
		for _, h := range st.items[""] {
			if shiftOf(h) != idOf(old) {
				kept = append(kept, h)
			}
		}
		st.items[""] = kept
	}
}

func checkShift(s *Server, c *call, e, old doc, index int) *recordResult {
	refuse := refuser(c, "shift_hours", index)
	invalid := func(field string) *recordResult { return refuse("INVALID_DATA", field) }
	if tz := text(e, "timezone"); !strings.Contains(tz, "/") {
		return invalid("timezone")
	}
	days, ok := dayList(e["shift_days"])
	if !ok || len(days) == 0 {
		return invalid("shift_days")
	}
	if field := timingProblem(e, days, "shift_timing"); field != "" {
		return invalid(field)
	}
	breaks, problem := mergeByID(s, e["break_hours"], old["break_hours"])
	if problem {
		return invalid("break_hours")
	}
	for _, item := range breaks {
		b := item.(map[string]any)
		breakDays, ok := dayList(b["break_days"])
		if !ok || len(breakDays) == 0 || timingProblem(b, days, "break_timing") != "" {
			return invalid("break_hours")
		}
	}
	e["break_hours"] = breaks
	users, problem := mergeByID(s, e["users"], old["users"])
	if problem {
		return invalid("users")
	}
	for _, item := range users {
		u := item.(map[string]any)
		user, found := s.User(textOf(u["id"]))
		if !found {
			return invalid("users")
		}
		from := text(u, "effective_from")
		if from == "" {
			from = s.Now().Format("2006-01-02")
		}
		for k, v := range map[string]any{"name": user.FullName(), "email": user.Email, "zuid": user.ZUID,
			"role": obj{{"name", user.Role.Name}, {"id", user.Role.ID}}, "effective_from": from} {
			u[k] = v
		}
	}
	e["users"] = users
	e["users_count"] = json.Number(strconv.Itoa(len(users)))
	return nil
}

// shiftOf is the shift a holiday belongs to ("" for a business holiday).
func shiftOf(h doc) string {
	switch sh := h["shift_hour"].(type) {
	case map[string]any:
		return textOf(sh["id"])
	case obj:
		for _, p := range sh {
			if p.k == "id" {
				return textOf(p.v)
			}
		}
	}
	return ""
}

// shiftName returns the name of the shift with this id.
func (s *Server) shiftName(id string) (string, bool) {
	for _, d := range s.keyedStore(shiftHours).entries("") {
		if idOf(d) == id {
			return text(d, "name"), true
		}
	}
	return "", false
}
