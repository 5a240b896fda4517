package zohotest

import "net/http"

// The currencies Zoho supports (crm-oas group available_currencies, GET
// org/currencies/actions/available_currencies), each with the format a
// currency added with no format of its own takes. The emulator knows a
// few of Zoho's list.

var availableCurrencies = []struct{ iso, name, symbol, places, decimal, thousand string }{
	{"AUD", "Australian Dollar", "A$", "2", "Period", "Comma"},
	{"BRL", "Brazilian Real", "R$", "2", "Comma", "Period"},
	{"CAD", "Canadian Dollar", "C$", "2", "Period", "Comma"},
	{"CHF", "Swiss Franc", "CHF", "2", "Period", "Apostrophe"},
	{"CNY", "Chinese Yuan", "¥", "2", "Period", "Comma"},
	{"EUR", "Euro", "€", "2", "Comma", "Period"},
	{"GBP", "British Pound", "£", "2", "Period", "Comma"},
	{"INR", "Indian Rupee", "₹", "2", "Period", "Comma"},
	{"JPY", "Japanese Yen", "¥", "0", "Period", "Comma"},
	{"KWD", "Kuwaiti Dinar", "KD", "3", "Period", "Comma"},
	{"SGD", "Singapore Dollar", "S$", "2", "Period", "Comma"},
	{"USD", "US Dollar", "$", "2", "Period", "Comma"},
}

func init() {
	handleCRM(http.MethodGet, "org/currencies/actions/available_currencies", "ZohoCRM.settings.currencies.READ",
		func(s *Server, c *call) {
			out := make([]obj, len(availableCurrencies))
			for i, a := range availableCurrencies {
				out[i] = obj{{"iso_code", a.iso}, {"display_name", a.name}, {"display_value", a.iso + " - " + a.name},
					{"symbol", a.symbol}, {"decimal_places", a.places}, {"decimal_separator", a.decimal},
					{"thousand_separator", a.thousand}}
			}
			writeJSON(c.w, http.StatusOK, obj{{"available_currencies", out}})
		})
}
