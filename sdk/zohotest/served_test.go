package zohotest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zcrm-go/zcrm/internal/calltrace"
)

// What an emulator serves is recorded once per endpoint shape (numbers as
// 0); a request the SDK marked raw is not.
func TestServedRecordsWhatWasAnswered(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	a.get("org/taxes/4150868000000225013")
	a.get("org/taxes/4150868000000225099")
	a.get("served/test/raw", calltrace.Header, "raw")
	served := Served()
	assert.Contains(t, served, ServedRequest{Method: "GET", Path: "/crm/v8/org/taxes/0"})
	assert.NotContains(t, served, ServedRequest{Method: "GET", Path: "/crm/v8/served/test/raw"})
	assert.Equal(t, "/crm/v8/Leads/0/Notes", numbersAsZero("/crm/v8/Leads/123/Notes"))
}
