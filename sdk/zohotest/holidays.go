package zohotest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
)

// The org's holidays (crm-oas group holidays): business holidays and the
// holidays of a shift, each on a date, answered under "holidays". A list
// shows one year's (this year's unless ?year= says), of one type and one
// shift if asked. A shift holiday names a shift of shift_hours.go, and
// goes with it.

var holidayDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

var holidays = registerKeyed(&keyedSpec{
	path:     "settings/holidays",
	key:      "holidays",
	what:     "holiday",
	scope:    "ZohoCRM.settings.holidays",
	ops:      opList | opGet | opCreate | opUpdate | opUpdateOne | opDeleteOne,
	required: []string{"name", "date", "type"},
	seed: func(s *Server) []doc {
		year := s.Now().Year()
		return []doc{{"name": "New Year", "date": fmt.Sprintf("%d-01-01", year), "type": "business_holiday", "year": json.Number(strconv.Itoa(year))}}
	},
	check: func(s *Server, c *call, e, old doc, index int) *recordResult {
		invalid := refuser(c, "holidays", index)
		date := text(e, "date")
		if !holidayDate.MatchString(date) {
			return invalid("INVALID_DATA", "date", kv{"expected_data_type", "date"})
		}
		switch text(e, "type") {
		case "business_holiday":
			delete(e, "shift_hour")
		case "shift_holiday":
			sh, _ := e["shift_hour"].(map[string]any)
			if sh == nil || sh["id"] == nil {
				return invalid("DEPENDENT_FIELD_MISSING", "shift_hour")
			}
			name, ok := s.shiftName(textOf(sh["id"]))
			if !ok {
				return invalid("INVALID_DATA", "shift_hour")
			}
			e["shift_hour"] = obj{{"id", textOf(sh["id"])}, {"name", name}}
		default:
			return invalid("INVALID_DATA", "type")
		}
		e["year"] = json.Number(date[:4])
		return nil
	},
	filter: func(s *Server, c *call, d doc) bool {
		year := c.query("year")
		if year == "" {
			year = strconv.Itoa(s.Now().Year())
		}
		if y, _ := d["year"].(json.Number); y.String() != year {
			return false
		}
		if t := c.query("type"); t != "" && text(d, "type") != t {
			return false
		}
		if id := c.query("shift_id"); id != "" {
			sh, _ := d["shift_hour"].(map[string]any)
			if sh == nil || fmt.Sprint(sh["id"]) != id {
				return false
			}
		}
		return true
	},
})
