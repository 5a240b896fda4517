package gen_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/gen"
	"github.com/zcrm-go/zcrm/sdk"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.go.golden")

// GoldenSource is the header the CLI writes for --from-file testdata/metadata.json.
const goldenSource = "metadata file metadata.json"

func loadMetadata(t *testing.T) *gen.Metadata {
	t.Helper()
	b, err := os.ReadFile("testdata/metadata.json")
	require.NoError(t, err)
	var md gen.Metadata
	require.NoError(t, json.Unmarshal(b, &md))
	return &md
}

func generate(t *testing.T, md *gen.Metadata, modules ...string) []byte {
	t.Helper()
	out, err := gen.Generate(md, gen.Options{Package: "crm", Modules: modules, Source: goldenSource})
	require.NoError(t, err)
	return out
}

// The metadata in testdata holds the awkward cases: colliding names,
// names that are not Go identifiers, every data type, picklist values
// that map to the same name, subforms with and without their module.
func TestGolden(t *testing.T) {
	got := generate(t, loadMetadata(t))
	if *update {
		require.NoError(t, os.WriteFile("testdata/golden.go.golden", got, 0o644))
	}
	want, err := os.ReadFile("testdata/golden.go.golden")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go test ./internal/gen -run TestGolden -update after a deliberate change")
}

// The same metadata gives the same bytes, whatever order Zoho lists the
// modules, fields in; a new field only adds lines.
func TestDeterministic(t *testing.T) {
	first := generate(t, loadMetadata(t))
	assert.Equal(t, first, generate(t, loadMetadata(t)), "regenerating changes nothing")

	shuffled := loadMetadata(t)
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(shuffled.Modules), func(i, j int) { shuffled.Modules[i], shuffled.Modules[j] = shuffled.Modules[j], shuffled.Modules[i] })
	for _, m := range shuffled.Modules {
		r.Shuffle(len(m.Fields), func(i, j int) { m.Fields[i], m.Fields[j] = m.Fields[j], m.Fields[i] })
	}
	assert.Equal(t, string(first), string(generate(t, shuffled)), "the order of the metadata does not matter")

	grown := loadMetadata(t)
	grown.Modules[0].Fields = append(grown.Modules[0].Fields, &sdk.Field{APIName: "Mid_Field", DataType: "integer", FieldLabel: "Added later"})
	after := generate(t, grown)
	oldLines, newLines := strings.Split(string(first), "\n"), strings.Split(string(after), "\n")
	assert.Equal(t, len(oldLines)+2, len(newLines), "a field is two lines: its comment and itself")
	i := 0
	for _, l := range newLines {
		if i < len(oldLines) && l == oldLines[i] {
			i++
		}
	}
	assert.Equal(t, len(oldLines), i, "every old line is still there, in order")
}

// The output builds and is vet clean: it is written into a package of
// this module and vetted with the go command.
func TestGeneratedCodeBuildsAndVets(t *testing.T) {
	dir, err := os.MkdirTemp("testdata", "build-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "zcrm_gen.go"), generate(t, loadMetadata(t)), 0o644))
	// A use of the types, so that vet looks at them in use too.
	use := `package crm

var _ = Activity{Topics: []ActivityTopics{ActivityTopicsGo}, Steps: []ActivityStepsRow{{Step: "one"}}}
var _ SalesOrderStatus = SalesOrderStatusColdCall2
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "use.go"), []byte(use), 0o644))
	cmd := exec.Command("go", "vet", "./"+filepath.ToSlash(dir))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
}

func TestRefusesABadPackageNameOrModule(t *testing.T) {
	_, err := gen.Generate(loadMetadata(t), gen.Options{Package: "my-crm"})
	assert.ErrorContains(t, err, "not a Go package name")
	_, err = gen.Generate(loadMetadata(t), gen.Options{Package: "type"})
	assert.Error(t, err)
	_, err = gen.Generate(loadMetadata(t), gen.Options{Package: "crm", Modules: []string{"Nope"}})
	assert.ErrorContains(t, err, `no module "Nope"`)
}

// Only the modules asked for are written, with the rows their subforms use.
func TestOnlyTheModulesAskedFor(t *testing.T) {
	out := generate(t, loadMetadata(t), "Activities")
	assert.Contains(t, string(out), "type ActivityStepsRow struct")
	assert.NotContains(t, string(out), "SalesOrder")
	assert.True(t, bytes.Contains(out, []byte("ActivitiesModule = \"Activities\"")))
}
