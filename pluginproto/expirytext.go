package pluginproto

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// ParseExpiryText reads an expiry kept as text, as the token table and file
// of Zoho's v8 SDKs keep expiry_time: milliseconds since the Unix epoch in
// decimal. Empty is unknown and reads as 0, long expired; a fractional
// number of milliseconds is cut to whole ones. Anything else is an error
// (which does not quote the text).
func ParseExpiryText(text string) (int64, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, nil
	}
	if ms, err := strconv.ParseInt(text, 10, 64); err == nil {
		return ms, nil
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil && !math.IsNaN(f) && math.Abs(f) < math.MaxInt64 {
		return int64(f), nil
	}
	return 0, errors.New("is not a number of milliseconds since the Unix epoch")
}

// FormatExpiryText writes an expiry as ParseExpiryText reads it, as Zoho's
// v8 SDKs write it.
func FormatExpiryText(ms int64) string { return strconv.FormatInt(ms, 10) }
