package examples_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The program using the package zcrm gen wrote for the emulator's org
// builds and runs: create, read, update and bulk-read records of the
// custom module through the generated types.
func TestTypedExample(t *testing.T) {
	out := runExample(t, "typed")
	for _, want := range []string{
		"1. Created property ",
		"2. Read back: PR-1001, Available, listed on 2024-05-01, 150000 a room, 32.5 m² in 2 rooms",
		"3. Updated: Under Offer, rooms Kitchen and Cellar",
		"4. Refused before sending: record 0, field Status is mandatory and missing",
		"5. Bulk read: 12 Elm Street, Under Offer, 450000.00, 3 rooms",
	} {
		assert.Contains(t, out, want)
	}
}
