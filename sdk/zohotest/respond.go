package zohotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

// Zoho's CRM answers carry this content type, even on 204 and 304.
const jsonContentType = "application/json;charset=utf-8"

// obj is a JSON object that keeps its keys in the order Zoho's samples show
// them, so answers read like Zoho's.
type obj []kv

type kv struct {
	k string
	v any
}

// MarshalJSON writes the keys in order.
func (o obj) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, p := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, p.k)
		b = append(b, ':')
		v, err := json.Marshal(p.v)
		if err != nil {
			return nil, err
		}
		b = append(b, v...)
	}
	return append(b, '}'), nil
}

// rawOrNull embeds already encoded JSON, or null when there is none.
func rawOrNull(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return json.RawMessage(b)
}

// appendJSONString appends s as a JSON string, as encoding/json writes it.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		// Field names and most values need no escaping; the rest goes
		// through encoding/json (which also escapes <, > and &).
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// writeJSON answers status with v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Every value handed here is built by the emulator; failing to encode
		// one is a bug in it, reported as Zoho reports its own.
		b, _ = json.Marshal(apiError{Code: "INTERNAL_ERROR", Details: obj{}, Message: "Internal Server Error", Status: "error"})
		status = http.StatusInternalServerError
	}
	writeRaw(w, status, b)
}

// writeRaw answers status with an already encoded JSON body.
func writeRaw(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", jsonContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeEmpty answers 204 or 304: no body, but Zoho still names JSON.
func writeEmpty(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", jsonContentType)
	w.WriteHeader(status)
}

// Buffers for large answers (pages of records), reused to keep listing cheap.
var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer {
	b := bufferPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 4<<20 { // do not keep a huge one alive
		return
	}
	bufferPool.Put(b)
}
