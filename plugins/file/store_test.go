package file_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/pluginproto/storetest"
	"github.com/zcrm-go/zcrm/plugins/file"
)

func TestConformance(t *testing.T) {
	dir := t.TempDir()
	storetest.Run(t, storetest.Harness{
		Launch: storetest.LaunchBinary(pluginPath, file.EnvPath+"="+dir),
	})
	readDocumented(t, dir) // the suite's odd identifiers leave a file that still parses
	assert.Empty(t, strayFiles(t, dir))
}

// TestTwoProcessesShareOneFile has two plugin processes write the same file
// at once, each from many goroutines, while readers in both check that they
// never see a torn or missing file. Every save must survive.
func TestTwoProcessesShareOneFile(t *testing.T) {
	dir := t.TempDir()
	procs := []*pluginproto.Client{mustLaunchAt(t, dir), mustLaunchAt(t, dir)}
	require.NotEqual(t, procs[0].Pid(), procs[1].Pid())

	const (
		goroutines = 6  // writers per process
		rounds     = 20 // each writer saves twice a round
		ownUsers   = 4  // users a writer owns and overwrites
		shared     = 3  // users every writer overwrites
	)
	anchor := tokens("anchor@example.com", 0)
	require.NoError(t, procs[0].Save(testCtx(t), anchor))

	stop := make(chan struct{})
	var readers sync.WaitGroup
	var reads atomic.Int64
	for p, proc := range procs {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				got, err := proc.Get(testCtx(t), anchor.UserIdentifier)
				if !assert.NoError(t, err, "reader in process %d", p) || !assert.Equal(t, anchor, got) {
					return
				}
				_, err = proc.List(testCtx(t))
				if !assert.NoError(t, err, "reader in process %d", p) {
					return
				}
				reads.Add(1)
			}
		}()
	}

	own := func(p, g, i int) string { return fmt.Sprintf("own-%d-%d-%d@example.com", p, g, i) }
	gone := func(p, g int) string { return fmt.Sprintf("gone-%d-%d@example.com", p, g) }
	sharedUser := func(i int) string { return fmt.Sprintf("shared-%d@example.com", i) }

	var mu sync.Mutex
	lastOwn := map[string]pluginproto.Tokens{} // the last save of each owned user
	savedShared := map[string]map[int]bool{}   // every value saved for a shared user
	var saves atomic.Int64

	var writers sync.WaitGroup
	for p, proc := range procs {
		for g := range goroutines {
			writers.Add(1)
			go func() {
				defer writers.Done()
				save := func(tok pluginproto.Tokens) bool {
					saves.Add(1)
					return assert.NoError(t, proc.Save(testCtx(t), tok), "process %d writer %d", p, g)
				}
				for r := range rounds {
					n := p*1_000_000 + g*10_000 + r*10
					mine := tokens(own(p, g, r%ownUsers), n)
					if !save(mine) {
						return
					}
					mu.Lock()
					lastOwn[mine.UserIdentifier] = mine
					mu.Unlock()

					s := sharedUser(r % shared)
					mu.Lock()
					if savedShared[s] == nil {
						savedShared[s] = map[int]bool{}
					}
					savedShared[s][n+1] = true
					mu.Unlock()
					if !save(tokens(s, n+1)) {
						return
					}

					switch r {
					case 0:
						if !save(tokens(gone(p, g), n+2)) {
							return
						}
					case rounds / 2:
						if !assert.NoError(t, proc.Delete(testCtx(t), gone(p, g))) {
							return
						}
					}
				}
			}()
		}
	}
	writers.Wait()
	close(stop)
	readers.Wait()
	t.Logf("%d saves and %d read rounds across two processes", saves.Load(), reads.Load())
	require.GreaterOrEqual(t, saves.Load(), int64(2*goroutines*rounds*2))

	// The file itself: parses, sorted, one entry per user, exactly the
	// expected users, each with the right value.
	doc := readDocumented(t, dir)
	var users []string
	byUser := map[string]pluginproto.Tokens{}
	for _, e := range doc.Users {
		users = append(users, e.UserIdentifier)
		byUser[e.UserIdentifier] = pluginproto.Tokens{
			UserIdentifier: e.UserIdentifier, AccessToken: e.AccessToken, RefreshToken: e.RefreshToken,
			ExpiryTime: e.ExpiryTime, APIDomain: e.APIDomain,
		}
	}
	assert.True(t, slices.IsSorted(users), "users are not sorted")
	assert.Len(t, byUser, len(users), "a user appears twice")
	assert.Len(t, users, 1+len(lastOwn)+shared, "users in the file: %v", users)

	fresh := mustLaunchAt(t, dir) // a third process reads what the two wrote
	check := func(want pluginproto.Tokens) {
		assert.Equal(t, want, byUser[want.UserIdentifier], "in the file")
		got, err := fresh.Get(testCtx(t), want.UserIdentifier)
		if assert.NoError(t, err) {
			assert.Equal(t, want, got, "through a new plugin process")
		}
	}
	check(anchor)
	require.Len(t, lastOwn, 2*goroutines*ownUsers)
	for _, want := range lastOwn {
		check(want)
	}
	for i := range shared {
		s := sharedUser(i)
		got := byUser[s]
		n, err := strconv.Atoi(strings.TrimPrefix(strings.SplitN(got.AccessToken, ".", 3)[1], "access"))
		require.NoError(t, err, "shared user %s has a mangled access token", s)
		assert.True(t, savedShared[s][n], "shared user %s holds a value nobody saved", s)
		check(tokens(s, n)) // all parts from one save, not a mix
	}
	for p := range procs {
		for g := range goroutines {
			_, err := fresh.Get(testCtx(t), gone(p, g))
			assert.ErrorIs(t, err, pluginproto.ErrNotFound, "deleted user came back")
		}
	}
	assert.Empty(t, strayFiles(t, dir), "temporary files left behind")
}

// TestPathNamingTheFile accepts token_persistence_path ending in the file
// name, as some users of the Ruby SDK write it.
func TestPathNamingTheFile(t *testing.T) {
	dir := t.TempDir()
	byFile := mustLaunchAt(t, filepath.Join(dir, file.FileName))
	_, err := os.Stat(filepath.Join(dir, file.FileName))
	require.NoError(t, err, "the token file was not created in the folder")
	in := tokens("by-file@example.com", 1)
	require.NoError(t, byFile.Save(testCtx(t), in))

	byFolder := mustLaunchAt(t, dir)
	got, err := byFolder.Get(testCtx(t), in.UserIdentifier)
	require.NoError(t, err, "a store opened by folder does not see what one opened by file name saved")
	assert.Equal(t, in, got)

	// And again now that the file exists.
	again := mustLaunchAt(t, filepath.Join(dir, file.FileName))
	got, err = again.Get(testCtx(t), in.UserIdentifier)
	require.NoError(t, err)
	assert.Equal(t, in, got)
	assert.Empty(t, strayFiles(t, dir))
}

func TestFileFormat(t *testing.T) {
	dir := t.TempDir()
	store := mustLaunchAt(t, dir)
	path := filepath.Join(dir, file.FileName)

	info, err := os.Stat(path)
	require.NoError(t, err, "the token file is created when the plugin starts")
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "a new token file must be private")
	assert.Empty(t, readDocumented(t, dir).Users)

	zed := tokens("zed@example.com", 2)
	zed.AccountsServer = "https://accounts.zoho.eu"
	amy := tokens("amy <sales & co>@example.com", 1)
	amy.APIDomain = ""
	require.NoError(t, store.Save(testCtx(t), zed))
	require.NoError(t, store.Save(testCtx(t), amy))

	info, err = os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the token file must stay private after a write")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(data)
	want := fmt.Sprintf(`{
  "version": 1,
  "users": [
    {
      "user_identifier": "amy <sales & co>@example.com",
      "access_token": %q,
      "refresh_token": %q,
      "expiry_time": %d,
      "api_domain": ""
    },
    {
      "user_identifier": "zed@example.com",
      "access_token": %q,
      "refresh_token": %q,
      "expiry_time": %d,
      "api_domain": "https://www.zohoapis.eu",
      "accounts_server": "https://accounts.zoho.eu"
    }
  ]
}
`, amy.AccessToken, amy.RefreshToken, amy.ExpiryTime, zed.AccessToken, zed.RefreshToken, zed.ExpiryTime)
	assert.Equal(t, want, text, "indented JSON, users sorted, identifiers as typed, accounts_server only when known")

	// Saving what is already there leaves the same bytes: the order is stable.
	require.NoError(t, store.Save(testCtx(t), zed))
	again, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, text, string(again))

	// A file a person wrote by hand, laid out differently, is read.
	hand := `{"users": [{"api_domain": "https://www.zohoapis.in", "expiry_time": 1700000000000,
		"refresh_token": "1000.hand.r", "access_token": "1000.hand.a", "user_identifier": "hand@example.com"}],
		"version": 1}`
	require.NoError(t, os.WriteFile(path, []byte(hand), 0o600))
	got, err := store.Get(testCtx(t), "hand@example.com")
	require.NoError(t, err)
	assert.Equal(t, pluginproto.Tokens{UserIdentifier: "hand@example.com", AccessToken: "1000.hand.a",
		RefreshToken: "1000.hand.r", ExpiryTime: 1700000000000, APIDomain: "https://www.zohoapis.in"}, got)

	// An empty file (made with touch, say) is an empty store.
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	infos, err := store.List(testCtx(t))
	require.NoError(t, err)
	assert.Empty(t, infos)
	require.NoError(t, store.Save(testCtx(t), zed))
	assert.Len(t, readDocumented(t, dir).Users, 1)
}
