package sdk_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// goBlocks are the README's ```go blocks. Each is a complete Go file, so
// that a reader can copy it as it stands.
var goBlocks = regexp.MustCompile("(?ms)^```go\n(.*?)^```$")

// The README's snippet used not to compile (fragments, undeclared names)
// and dropped errors. Every ```go block is built in a module of its own
// that requires this checkout, as a user's program would; the first, the
// README's program, is run against the emulator twice: the first run
// exchanges the grant token, the second finds the tokens stored and must not
// spend it again; then twice by client credentials, with no grant token.
func TestREADMESnippetsBuildAndRun(t *testing.T) {
	checkout, err := filepath.Abs("..")
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join(checkout, "README.md"))
	require.NoError(t, err)
	blocks := goBlocks.FindAllSubmatch(readme, -1)
	require.NotEmpty(t, blocks, "the README has Go snippets")

	var programs []string
	for i, b := range blocks {
		src := b[1]
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
		require.NoError(t, err, "README ```go block %d is not a complete Go file (it needs its package clause and imports):\n%s", i+1, src)
		dir := userModule(t, checkout)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644))
		out := filepath.Join(dir, "program")
		if f.Name.Name != "main" {
			out = os.DevNull
		}
		goCmd(t, dir, "build", "-o", out, ".")
		programs = append(programs, out)
	}

	srv := zohotest.NewServer()
	defer srv.Close()
	grant := srv.GrantToken(srv.ClientID, srv.Admin().Email)
	env := map[string]string{
		"ZCRM_CLIENT_ID": srv.ClientID, "ZCRM_CLIENT_SECRET": srv.ClientSecret, "ZCRM_REDIRECT_URI": srv.RedirectURI,
		"ZCRM_ACCOUNTS_URL": srv.URL, "ZCRM_TOKEN_PERSISTENCE_PATH": t.TempDir(), "ZCRM_PLUGIN_DIR": pluginDir,
		"ZCRM_GRANT_TOKEN": grant,
	}
	runTwice := func(route string, env map[string]string) {
		for run := 1; run <= 2; run++ {
			cmd := exec.Command(programs[0])
			cmd.Env = withZCRM(env)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "run %d of the README's program, %s:\n%s", run, route, out)
			assert.Regexp(t, `^connected to `+regexp.QuoteMeta(srv.Org().CompanyName)+"\nlead created: [0-9]{19}\n$", string(out))
		}
	}
	runTwice("with a grant token", env)
	assert.Len(t, srv.Records("Leads").List(), 2)

	cc := map[string]string{
		"ZCRM_CLIENT_ID": srv.ClientID, "ZCRM_CLIENT_SECRET": srv.ClientSecret, "ZCRM_SOID": srv.SOID(),
		"ZCRM_ACCOUNTS_URL": srv.URL, "ZCRM_TOKEN_PERSISTENCE_PATH": t.TempDir(), "ZCRM_PLUGIN_DIR": pluginDir,
	}
	runTwice("by client credentials", cc)
	assert.Equal(t, 1, srv.Counters().ClientCredentialsTokens, "the second run found the org's token stored")

	// With a store that cannot be read the program fails, and the grant
	// token stays unspent: it is not exchanged on a guess that no tokens
	// exist (the snippet's `ok, _ := client.IsTokenGenerated(ctx)` did).
	fresh := srv.GrantToken(srv.ClientID, srv.Admin().Email)
	env["ZCRM_GRANT_TOKEN"] = fresh
	env["ZCRM_TOKEN_PERSISTENCE_PATH"] = t.TempDir()
	corrupt := filepath.Join(env["ZCRM_TOKEN_PERSISTENCE_PATH"], "zcrm_oauthtokens.txt")
	require.NoError(t, os.WriteFile(corrupt, []byte("not a token file"), 0o600))
	cmd := exec.Command(programs[0])
	cmd.Env = withZCRM(env)
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "%s", out)
	assert.Contains(t, string(out), corrupt)
	assert.NotContains(t, string(out), fresh)
	env["ZCRM_TOKEN_PERSISTENCE_PATH"] = t.TempDir()
	cmd = exec.Command(programs[0])
	cmd.Env = withZCRM(env)
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "the grant token was kept for a later run:\n%s", out)
}

// userModule is a fresh module that requires this checkout, as a user's
// program built against a published zcrm would.
func userModule(t *testing.T, checkout string) string {
	t.Helper()
	dir := t.TempDir()
	gomod := "module example.com/snippet\n\ngo 1.26\n\nrequire github.com/zcrm-go/zcrm v0.0.0\n\nreplace github.com/zcrm-go/zcrm => " + checkout + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(checkout, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	return dir
}

// goCmd runs the go command in dir with no network: every module comes
// from the cache the checkout's own build filled.
func goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s in %s:\n%s", strings.Join(args, " "), dir, out)
}

// withZCRM is this process's environment with vars as its only ZCRM_
// variables.
func withZCRM(vars map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZCRM_") {
			env = append(env, kv)
		}
	}
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	return env
}

// Each code block of the package doc is the body of an Example function
// in example_doc_test.go, so that it compiles with the package; this keeps
// them identical.
func TestPackageDocSnippetsAreExamples(t *testing.T) {
	fset := token.NewFileSet()
	doc, err := parser.ParseFile(fset, "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	require.NoError(t, err)
	var blocks []string
	var block []string
	for _, line := range append(strings.Split(doc.Doc.Text(), "\n"), "end") {
		switch {
		case strings.HasPrefix(line, "\t"), line == "" && len(block) > 0:
			block = append(block, strings.TrimPrefix(line, "\t"))
		case len(block) > 0:
			blocks = append(blocks, strings.TrimSpace(strings.Join(block, "\n")))
			block = nil
		}
	}
	require.NotEmpty(t, blocks, "doc.go has a code snippet")

	src, err := os.ReadFile("example_doc_test.go")
	require.NoError(t, err)
	example, err := parser.ParseFile(fset, "example_doc_test.go", src, 0)
	require.NoError(t, err)
	bodies := map[string]string{}
	for _, d := range example.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && strings.HasPrefix(fn.Name.Name, "Example") {
			inner := src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset]
			lines := strings.Split(string(inner), "\n")
			for i, l := range lines {
				lines[i] = strings.TrimPrefix(l, "\t")
			}
			bodies[strings.TrimSpace(strings.Join(lines, "\n"))] = fn.Name.Name
		}
	}
	for i, b := range blocks {
		if _, ok := bodies[b]; !ok {
			t.Errorf("doc.go's code block %d is no Example's body in example_doc_test.go; copy it there as it stands:\n%s", i+1, b)
		}
	}
}
