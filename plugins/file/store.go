// Package file is zcrm's file token store: the OAuth tokens of every user in
// one human-readable JSON file, zcrm_oauthtokens.txt, in the folder the SDK's
// token_persistence_path names (as in Zoho's Ruby SDK). With FormatZohoV8
// it keeps them in the token file of Zoho's v8 SDKs instead, which a
// Python, Java or Node service on the same host then shares.
//
// Several processes can share the file. Every write replaces the file
// atomically (temporary file, fsync, rename, fsync of the folder) under an
// exclusive lock (flock, or LockFileEx on Windows) on the sidecar
// zcrm_oauthtokens.txt.lock, and re-reads the
// file inside that lock, so no process loses another's users. Reads take a
// shared flock on the same sidecar. A file that does not parse is reported,
// never overwritten.
//
// The store never follows a symbolic link: a linked token file is refused,
// and every file it creates (temporary copies, lock files) is created in the
// token folder itself. Temporary copies left by a process killed mid-write
// are removed at start, under the lock.
//
// Serve runs the store as a plugin: the SDK calls it in a program that
// serves its own token store, and the binary zcrm-persistence-file
// (cmd/zcrm-persistence-file) is nothing else. A Store can also be used
// in-process.
package file

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/hashicorp/go-hclog"
	"golang.org/x/sync/semaphore"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// FileName is the token file's name inside token_persistence_path.
const FileName = "zcrm_oauthtokens.txt"

// EnvPath is the environment variable the plugin binary reads its
// token_persistence_path from.
const EnvPath = "ZCRM_TOKEN_PERSISTENCE_PATH"

// EnvLayout is the environment variable the plugin binary reads its
// format from: empty for zcrm's JSON, "zoho_v8" (FormatZohoV8) for the
// file of Zoho's v8 SDKs. The SDK sets it from token_store_layout.
const EnvLayout = "ZCRM_TOKEN_STORE_LAYOUT"

// Format is the layout of the token file.
type Format string

const (
	// FormatZcrm is zcrm's own JSON file, zcrm_oauthtokens.txt.
	FormatZcrm Format = ""
	// FormatZohoV8 is the token file (FileStore) of Zoho's v8 SDKs for
	// Python, Java and Node: comma-separated columns id, user_name,
	// client_id, client_secret, refresh_token, access_token, grant_token,
	// expiry_time, redirect_url, api_domain. token_persistence_path names
	// the file itself, or its folder, where it is sdk_tokens.txt.
	FormatZohoV8 Format = "zoho_v8"
)

// Store keeps tokens in one file inside one folder: FileName, or the file of
// Zoho's v8 SDKs (FormatZohoV8). It is safe for concurrent use, and for use
// by several processes at once.
type Store struct {
	dir      string // the folder, absolute
	name     string // the token file's name: zcrm_oauthtokens.txt, sdk_tokens.txt...
	path     string // dir/name
	lockPath string // dir/name.lock
	format   Format
	logger   hclog.Logger

	// gate orders this process's readers and writers before they take the
	// flock, so flock waits (which poll) are only ever for other processes.
	gate *semaphore.Weighted
}

var (
	_ pluginproto.TokenStore   = (*Store)(nil)
	_ pluginproto.Locker       = (*Store)(nil)
	_ pluginproto.ClientKeeper = (*Store)(nil)
)

// gateWeight is what a writer takes of Store.gate: all of it. A reader
// takes 1, so this many readers can read at once.
const gateWeight = 1 << 20

// Option changes a Store.
type Option func(*Store)

// WithLogger logs the store's work (users and expiry times, never tokens).
func WithLogger(logger hclog.Logger) Option {
	return func(s *Store) { s.logger = logger }
}

// WithFormat keeps the tokens in the file of another format: FormatZohoV8
// shares them with Zoho's v8 SDKs.
func WithFormat(f Format) Option {
	return func(s *Store) { s.format = f }
}

// ParseFormat reads a token_store_layout value: empty for zcrm's file,
// zoho_v8 for the file of Zoho's v8 SDKs.
func ParseFormat(v string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(v))); f {
	case FormatZcrm, FormatZohoV8:
		return f, nil
	}
	return "", fmt.Errorf("token_store_layout %q is not one the file store knows: leave it empty for zcrm's own file (%s), or set %s for the file of Zoho's v8 SDKs", v, FileName, FormatZohoV8)
}

// New opens the token store in the folder path names, or in the folder of
// path when it ends in FileName. With FormatZohoV8, path names the file
// itself, or its folder (the file is then ZohoV8FileName). The folder must
// exist and be writable; the file is created (mode 0600) when missing. An
// existing file is not read until the first call, so a damaged file is
// reported by each call that needs it.
func New(path string, opts ...Option) (*Store, error) {
	s := &Store{
		logger: hclog.NewNullLogger(),
		gate:   semaphore.NewWeighted(gateWeight),
	}
	for _, opt := range opts {
		opt(s)
	}
	if _, err := ParseFormat(string(s.format)); err != nil {
		return nil, err
	}
	dir, file, err := locate(path, s.format)
	if err != nil {
		return nil, err
	}
	s.dir, s.path, s.lockPath, s.name = dir, file, file+".lock", filepath.Base(file)
	if err := s.checkWritable(); err != nil {
		return nil, err
	}
	if err := s.createIfMissing(); err != nil {
		return nil, err
	}
	s.logger.Debug("token file ready", "path", s.path)
	return s, nil
}

// Path returns the token file's path.
func (s *Store) Path() string { return s.path }

// locate finds the folder and the token file from token_persistence_path.
func locate(path string, format Format) (dir, file string, err error) {
	name := FileName
	if format == FormatZohoV8 {
		name = ZohoV8FileName
	}
	if path == "" {
		return "", "", fmt.Errorf("no token_persistence_path given: set it to the folder that holds (or will hold) %s", name)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", fmt.Errorf("token_persistence_path %s: %v", path, err)
	}
	dir = abs
	// Lstat: a link named like the token file is the token file, refused
	// below, even when it points at a folder. Zoho's SDKs take the file's
	// own path, whatever its name.
	if info, err := os.Lstat(abs); (err != nil || !info.IsDir()) && (filepath.Base(abs) == name || format == FormatZohoV8) {
		dir, name = filepath.Dir(abs), filepath.Base(abs) // the path names the token file itself
	}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", "", fmt.Errorf("token folder %s does not exist; create it (mkdir -p %s) or set token_persistence_path to an existing folder: the file store does not create folders", dir, dir)
	case err != nil:
		return "", "", fmt.Errorf("token folder %s cannot be reached: %v; check the permissions of the folders above it", dir, unwrapPath(err))
	case !info.IsDir():
		return "", "", fmt.Errorf("token_persistence_path %s is a file, not a folder; give the folder that holds %s, or the path of %s itself", dir, name, name)
	}
	file = filepath.Join(dir, name)
	if isSymlink(file) {
		return "", "", symlinkRefused(file)
	}
	return dir, file, nil
}

// errSymlink is openNoFollow's error for a path that is a symbolic link.
var errSymlink = errors.New("is a symbolic link, which the file store does not follow")

func isSymlink(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// symlinkRefused explains why a linked token file is not used. Following
// the link would let the store overwrite (and re-mode) any file the link
// names and create its lock files beside it, anywhere on disk.
func symlinkRefused(path string) error {
	what := "a symbolic link"
	if target, err := os.Readlink(path); err == nil {
		what += " to " + target
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			what += ", which does not exist"
		}
	}
	return fmt.Errorf("token file %s is %s: the file store does not follow symbolic links, so that it never writes outside its folder; replace the link with the token file itself, or set token_persistence_path to the folder the file is in", path, what)
}

// checkWritable creates and removes a file in the folder: every save needs
// to, and failing at start is clearer than failing at the first refresh.
func (s *Store) checkWritable() error {
	probe, err := os.CreateTemp(s.dir, s.name+probeInfix+"*")
	if err != nil {
		return fmt.Errorf("token folder %s is not writable (%v); the file store keeps %s, its temporary copies and its lock files there: give this process (uid %d) write access to the folder or choose another token_persistence_path",
			s.dir, unwrapPath(err), s.name, os.Geteuid())
	}
	probe.Close()
	// Another process starting may have swept the probe away already.
	if err := os.Remove(probe.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("token folder %s: removing %s: %v", s.dir, probe.Name(), unwrapPath(err))
	}
	return nil
}

// createIfMissing removes what interrupted writes left behind and writes an
// empty token file when there is none, under the exclusive lock so that two
// processes starting together cannot both write it.
func (s *Store) createIfMissing() error {
	// Bounded, so a process stuck holding the lock fails the start with a
	// message rather than leaving the host waiting for a handshake.
	ctx, cancel := context.WithTimeout(context.Background(), startLockTimeout)
	defer cancel()
	unlock, err := s.lockFile(ctx, true)
	if err != nil {
		return fmt.Errorf("%w; is another process stuck holding %s?", err, s.lockPath)
	}
	defer unlock()
	s.removeStale()
	info, err := os.Lstat(s.path)
	switch {
	case err == nil && info.Mode()&fs.ModeSymlink != 0:
		return symlinkRefused(s.path)
	case errors.Is(err, fs.ErrNotExist):
		s.logger.Info("creating token file", "path", s.path)
		return s.write(s.emptyTable())
	case err != nil:
		return fmt.Errorf("token file %s: %v", s.path, unwrapPath(err))
	case info.IsDir():
		return fmt.Errorf("token file %s is a folder; move it away so the file store can create its token file there, or set token_persistence_path to the folder inside it", s.path)
	case !info.Mode().IsRegular():
		return fmt.Errorf("token file %s is not a regular file (%v); move it away so the file store can create its token file", s.path, info.Mode().Type())
	}
	return nil
}

// removeStale deletes the temporary copies (full copies of the tokens) and
// write probes that a process killed mid-write left in the folder. The
// caller holds the exclusive lock, and every writer writes its temporary
// copy under that lock, so none of them belongs to a live write. A probe
// of a process starting right now may go too; checkWritable allows that.
func (s *Store) removeStale() {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		s.logger.Warn("cannot list the token folder to remove temporary files left by interrupted writes", "folder", s.dir, "error", unwrapPath(err))
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, s.name+tempInfix) && !strings.HasPrefix(name, s.name+probeInfix) {
			continue
		}
		path := filepath.Join(s.dir, name) // os.Remove removes a link, not what it names
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			s.logger.Warn("cannot remove a temporary file left by an interrupted write", "path", path, "error", unwrapPath(err))
			continue
		}
		s.logger.Info("removed a temporary file left by an interrupted write", "path", path)
	}
}

// The name parts of the store's temporary files, after the token file's
// name.
const (
	tempInfix  = ".tmp-"
	probeInfix = ".probe-"
)

// Save stores t, replacing the tokens of t.UserIdentifier of t.ClientID
// (and those stored without a client id).
func (s *Store) Save(ctx context.Context, t pluginproto.Tokens) error {
	if t.UserIdentifier == "" {
		return errors.New("tokens have no user identifier")
	}
	return s.update(ctx, func(f tokenTable) bool {
		f.save(t)
		s.logger.Debug("saving tokens", "user", t.UserIdentifier, "client_id", t.ClientID, "expiry", t.Expiry().UTC())
		return true
	})
}

// Get returns a user's tokens, of whichever client, or an error wrapping
// pluginproto.ErrNotFound.
func (s *Store) Get(ctx context.Context, userIdentifier string) (pluginproto.Tokens, error) {
	return s.GetClient(ctx, userIdentifier, "")
}

// GetClient returns a user's tokens of clientID, or those stored without a
// client id, or an error wrapping pluginproto.ErrNotFound.
func (s *Store) GetClient(ctx context.Context, userIdentifier, clientID string) (pluginproto.Tokens, error) {
	f, err := s.read(ctx)
	if err != nil {
		return pluginproto.Tokens{}, err
	}
	t, ok := f.get(userIdentifier, clientID)
	if !ok {
		return pluginproto.Tokens{}, fmt.Errorf("%w: %q in %s", pluginproto.ErrNotFound, userIdentifier, s.path)
	}
	s.logger.Trace("read tokens", "user", userIdentifier)
	return t, nil
}

// Delete removes a user's tokens, of every client; a missing user is not
// an error.
func (s *Store) Delete(ctx context.Context, userIdentifier string) error {
	return s.DeleteClient(ctx, userIdentifier, "")
}

// DeleteClient removes a user's tokens of clientID and those stored
// without a client id.
func (s *Store) DeleteClient(ctx context.Context, userIdentifier, clientID string) error {
	return s.update(ctx, func(f tokenTable) bool {
		if !f.remove(userIdentifier, clientID) {
			return false
		}
		s.logger.Debug("deleting tokens", "user", userIdentifier, "client_id", clientID)
		return true
	})
}

// List returns every stored user and client.
func (s *Store) List(ctx context.Context) ([]pluginproto.TokenInfo, error) {
	f, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	return f.list(), nil
}

// read parses the file under the shared lock.
func (s *Store) read(ctx context.Context) (tokenTable, error) {
	unlock, err := s.lockFile(ctx, false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.load()
}

// update re-reads the file under the exclusive lock, lets change edit it,
// and writes it back when change says it changed anything. Reading inside
// the lock, never from a copy, is what keeps one process from dropping the
// users another saved.
func (s *Store) update(ctx context.Context, change func(tokenTable) bool) error {
	unlock, err := s.lockFile(ctx, true)
	if err != nil {
		return err
	}
	defer unlock()
	f, err := s.load()
	if err != nil {
		return err
	}
	if !change(f) {
		return nil
	}
	return s.write(f)
}

func (s *Store) load() (tokenTable, error) {
	data, err := s.readFile()
	if errors.Is(err, fs.ErrNotExist) {
		// Removed since New: an empty store, which the next save recreates.
		return s.emptyTable(), nil
	}
	if errors.Is(err, errSymlink) {
		return nil, symlinkRefused(s.path) // swapped in since New
	}
	if err != nil {
		return nil, fmt.Errorf("reading token file %s: %v", s.path, unwrapPath(err))
	}
	f, err := s.parse(data)
	if err != nil {
		s.logger.Error("token file unreadable", "error", err)
		return nil, err
	}
	return f, nil
}

// parse reads the file's content in the store's format.
func (s *Store) parse(data []byte) (tokenTable, error) {
	if s.format == FormatZohoV8 {
		return parseZohoFile(s.path, data)
	}
	return parseTokenFile(s.path, data)
}

// emptyTable is a file of the store's format with no tokens.
func (s *Store) emptyTable() tokenTable {
	if s.format == FormatZohoV8 {
		return &zohoFile{}
	}
	return &tokenFile{Version: FormatVersion}
}

// readFile reads the token file, never through a symbolic link.
func (s *Store) readFile() ([]byte, error) {
	f, err := openNoFollow(s.path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// write replaces the token file atomically: a reader sees the old file or
// the new one, and after a crash the folder holds one of them whole.
func (s *Store) write(f tokenTable) error {
	data, err := f.encode()
	if err != nil {
		return fmt.Errorf("encoding token file %s: %v", s.path, err)
	}
	// CreateTemp makes the file with mode 0600, so tokens are never
	// readable by others, not even briefly.
	tmp, err := os.CreateTemp(s.dir, s.name+tempInfix+"*")
	if err != nil {
		return fmt.Errorf("cannot write token file %s: creating a temporary file in %s: %v; check that the folder is writable", s.path, s.dir, unwrapPath(err))
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write token file %s: writing %s: %v", s.path, tmp.Name(), unwrapPath(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write token file %s: syncing %s: %v", s.path, tmp.Name(), unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write token file %s: closing %s: %v", s.path, tmp.Name(), unwrapPath(err))
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("cannot write token file %s: renaming %s over it: %v", s.path, tmp.Name(), unwrapPath(err))
	}
	committed = true
	// The rename is durable only once the folder itself is synced.
	if err := syncDir(s.dir); err != nil {
		return fmt.Errorf("token file %s written, but syncing its folder failed: %v", s.path, err)
	}
	return nil
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // Windows cannot flush a folder handle
	}
	d, err := os.Open(dir)
	if err != nil {
		return unwrapPath(err)
	}
	defer d.Close()
	return unwrapPath(d.Sync())
}

// lockFile takes the flock on the sidecar lock file, shared or exclusive,
// and returns the function that drops it.
func (s *Store) lockFile(ctx context.Context, exclusive bool) (unlock func(), err error) {
	weight := int64(1)
	if exclusive {
		weight = gateWeight
	}
	if err := s.gate.Acquire(ctx, weight); err != nil {
		return nil, fmt.Errorf("waiting for token file %s: %w", s.path, err)
	}
	// A new lock (a new open file) per holder: locks on separate opens
	// exclude each other, even within one process.
	lock, err := takeLock(ctx, s.lockPath, exclusive)
	if err != nil {
		s.gate.Release(weight)
		return nil, fmt.Errorf("waiting for the lock on token file %s: %w", s.path, err)
	}
	return func() {
		_ = lock.Close() // drops the lock and closes the file
		s.gate.Release(weight)
	}, nil
}

// Lock takes a user's refresh lock: an exclusive lock on a sidecar file
// named after a hash of the user identifier, so users do not wait for each
// other. It waits until the lock is free or ctx is done. The lock is held
// until release is called or ttl has passed (pluginproto.Serve enforces the
// ttl too; whichever comes first releases it).
func (s *Store) Lock(ctx context.Context, userIdentifier string, ttl time.Duration) (func(context.Context) error, error) {
	if ttl <= 0 {
		return nil, fmt.Errorf("lock ttl %v must be positive", ttl)
	}
	path := s.refreshLockPath(userIdentifier)
	lock, err := takeLock(ctx, path, true)
	if err != nil {
		return nil, fmt.Errorf("waiting for the refresh lock of %q (%s): %w", userIdentifier, path, err)
	}
	s.logger.Trace("refresh lock taken", "user", userIdentifier)
	var once sync.Once
	var closeErr error
	unlock := func() error {
		once.Do(func() {
			closeErr = lock.Close() // drops the lock and closes the file
			s.logger.Trace("refresh lock released", "user", userIdentifier)
		})
		return closeErr
	}
	timer := time.AfterFunc(ttl, func() { _ = unlock() })
	return func(context.Context) error {
		timer.Stop()
		return unlock()
	}, nil
}

// refreshLockPath names a user's refresh lock file. Lock files are left in
// place after use: removing one while another process waits on it would
// let two processes hold "the" lock at once.
func (s *Store) refreshLockPath(userIdentifier string) string {
	sum := sha256.Sum256([]byte(userIdentifier))
	return fmt.Sprintf("%s.%s.refresh.lock", s.path, hex.EncodeToString(sum[:8]))
}

// startLockTimeout bounds New's wait for the file lock.
const startLockTimeout = 10 * time.Second

// lockRetry is how often a lock held by another process is tried again.
// Locks are normally held for one file write.
const lockRetry = time.Millisecond

// takeLock waits, until ctx is done, for a lock on the file at path: flock
// on unix, LockFileEx on Windows (gofrs/flock). The file is created if
// missing and, like every file the store opens, never through a symbolic
// link.
func takeLock(ctx context.Context, path string, exclusive bool) (*flock.Flock, error) {
	if noFollow == 0 && isSymlink(path) {
		return nil, fmt.Errorf("opening lock file %s: %w", path, errSymlink)
	}
	lock := flock.New(path, flock.SetFlag(os.O_RDWR|os.O_CREATE|noFollow), flock.SetPermissions(0o600))
	try := lock.TryLockContext
	if !exclusive {
		try = lock.TryRLockContext
	}
	if _, err := try(ctx, lockRetry); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			if isSymlink(path) {
				return nil, fmt.Errorf("opening lock file %s: %w", path, errSymlink)
			}
			return nil, fmt.Errorf("opening lock file %s: %v; check that the folder is writable", path, unwrapPath(err))
		}
		return nil, err
	}
	return lock, nil
}

// unwrapPath drops the *PathError's operation and path, which the callers'
// messages already give, leaving e.g. "permission denied".
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
