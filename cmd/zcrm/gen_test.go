package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// zcrm gen from a saved metadata file writes the generator's golden file.
func TestGenFromFile(t *testing.T) {
	out := t.TempDir()
	r := zcrm(t, nil, "gen", "--from-file", "../../internal/gen/testdata/metadata.json", "--out", out, "--package", "crm")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "wrote "+filepath.Join(out, genFile)+" (package crm)\n", r.stdout)
	got, err := os.ReadFile(filepath.Join(out, genFile))
	require.NoError(t, err)
	want, err := os.ReadFile("../../internal/gen/testdata/golden.go.golden")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// zcrm gen --emulator writes the package examples/typed uses: the
// committed one is current, and regenerating gives the same bytes. The
// metadata saved on the way gives the same code again from the file.
func TestGenFromEmulatorIsDeterministic(t *testing.T) {
	committed, err := os.ReadFile("../../examples/typed/crm/" + genFile)
	require.NoError(t, err)
	dir := t.TempDir()
	saved := filepath.Join(dir, "metadata.json")
	for i, out := range []string{filepath.Join(dir, "one", "crm"), filepath.Join(dir, "two", "crm")} {
		r := zcrm(t, nil, "gen", "--emulator", "--modules", "Leads,Properties", "--out", out, "--save-metadata", saved, "--json")
		require.Equal(t, 0, r.code, "run %d: %s", i, r.stderr)
		assert.Contains(t, r.stdout, `"package": "crm"`)
		got, err := os.ReadFile(filepath.Join(out, genFile))
		require.NoError(t, err)
		assert.Equal(t, string(committed), string(got), "run %d: go generate ./examples/typed to refresh it after a change", i)
	}
	out := filepath.Join(dir, "fromfile")
	r := zcrm(t, nil, "gen", "--from-file", saved, "--out", out, "--package", "crm")
	require.Equal(t, 0, r.code, r.stderr)
	got, err := os.ReadFile(filepath.Join(out, genFile))
	require.NoError(t, err)
	assert.Equal(t, strings.Replace(string(committed), "// Source: the zcrm emulator's org", "// Source: metadata file metadata.json", 1), string(got))
}

// By default the metadata is the configured client's org.
func TestGenFromTheConfiguredOrg(t *testing.T) {
	srv := zohotest.NewServer()
	defer srv.Close()
	env := emulatorEnv(t, srv)
	r := zcrm(t, env, "tokens", "generate", srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.Equal(t, 0, r.code, r.stderr)
	out := filepath.Join(t.TempDir(), "myorg")
	r = zcrm(t, env, "gen", "--modules", zohotest.PropertiesModule, "--out", out)
	require.Equal(t, 0, r.code, r.stderr)
	got, err := os.ReadFile(filepath.Join(out, genFile))
	require.NoError(t, err)
	assert.Contains(t, string(got), "package myorg\n")
	assert.Contains(t, string(got), "type Property struct")
	assert.Contains(t, string(got), "type PropertyRoomsListRow struct")
	assert.NotContains(t, string(got), "type Lead struct")
}

func TestGenUsageErrors(t *testing.T) {
	r := zcrm(t, nil, "gen", "--emulator", "--from-file", "x.json")
	assert.Equal(t, exitUsage, r.code)
	r = zcrm(t, nil, "gen", "--from-file", filepath.Join(t.TempDir(), "missing.json"))
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "missing.json")
	r = zcrm(t, nil, "gen", "--emulator", "--modules", "Nope", "--out", t.TempDir())
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, `no module "Nope"`)
}
