package main

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// The file is this header followed by one AES-256-GCM seal (random nonce,
// ciphertext, tag) of every user's tokens as JSON. The header is also the
// seal's additional data, so a file of another format version cannot be
// opened as this one.
//
// The whole file is sealed as one rather than user by user: user
// identifiers (email addresses) stay private too, and no one without the key
// can drop, swap or roll back one user's entry while keeping the rest
// valid. A token store holds few users, so sealing them all on each save
// costs little.
var header = []byte("zcrm-example-store v1\n")

// record is what the file keeps for one user, keyed by user identifier.
type record struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiryTime   int64  `json:"expiry_time"` // epoch milliseconds
	APIDomain    string `json:"api_domain,omitempty"`
	// The accounts server of the user's data centre. Files sealed before
	// the field existed lack it: the user is then in the SDK's configured
	// data centre.
	AccountsServer string `json:"accounts_server,omitempty"`
}

// debugLogger is the part of pluginproto.NewLogger's logger the store uses.
type debugLogger interface {
	Debug(msg string, args ...any)
}

// store is a pluginproto.TokenStore in one encrypted file. Every call reads
// the file afresh, so several processes can share it: mu keeps this
// process's calls apart, and an flock on a lock file beside the token file
// keeps processes apart.
type store struct {
	path string
	aead cipher.AEAD
	log  debugLogger

	mu       sync.Mutex
	lockFile *os.File
}

var _ pluginproto.TokenStore = (*store)(nil)

func openStore(path string, key []byte, log debugLogger) (*store, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	// Random nonces: a key may seal 2^32 files before a repeat becomes a
	// risk, far beyond a token store's saves.
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	path, err = filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// The token file itself is replaced on each write, so it cannot carry
	// the lock; a separate file that is never replaced does.
	lockFile, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the lock file of the token store: %w (does the folder of %s exist?)", err, pathEnv)
	}
	return &store{path: path, aead: aead, log: log, lockFile: lockFile}, nil
}

func (s *store) close() { s.lockFile.Close() }

// check reads the file once: it fails if the key does not open it.
func (s *store) check() error {
	return s.locked(context.Background(), func() error {
		_, err := s.read()
		return err
	})
}

func (s *store) Save(ctx context.Context, t pluginproto.Tokens) error {
	err := s.update(ctx, func(users map[string]record) bool {
		users[t.UserIdentifier] = record{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken,
			ExpiryTime: t.ExpiryTime, APIDomain: t.APIDomain, AccountsServer: t.AccountsServer}
		return true
	})
	if err == nil {
		s.log.Debug("saved tokens", "user", t.UserIdentifier) // never the tokens themselves
	}
	return err
}

func (s *store) Get(ctx context.Context, userIdentifier string) (pluginproto.Tokens, error) {
	var t pluginproto.Tokens
	err := s.locked(ctx, func() error {
		users, err := s.read()
		if err != nil {
			return err
		}
		r, ok := users[userIdentifier]
		if !ok {
			// Wrap ErrNotFound: Serve turns it into gRPC NOT_FOUND.
			return fmt.Errorf("%w: %q", pluginproto.ErrNotFound, userIdentifier)
		}
		t = pluginproto.Tokens{UserIdentifier: userIdentifier, AccessToken: r.AccessToken,
			RefreshToken: r.RefreshToken, ExpiryTime: r.ExpiryTime, APIDomain: r.APIDomain, AccountsServer: r.AccountsServer}
		return nil
	})
	return t, err
}

func (s *store) Delete(ctx context.Context, userIdentifier string) error {
	return s.update(ctx, func(users map[string]record) bool {
		_, found := users[userIdentifier]
		delete(users, userIdentifier)
		return found
	})
}

func (s *store) List(ctx context.Context) ([]pluginproto.TokenInfo, error) {
	var infos []pluginproto.TokenInfo
	err := s.locked(ctx, func() error {
		users, err := s.read()
		if err != nil {
			return err
		}
		for _, user := range slices.Sorted(maps.Keys(users)) {
			infos = append(infos, pluginproto.TokenInfo{UserIdentifier: user, ExpiryTime: users[user].ExpiryTime})
		}
		return nil
	})
	return infos, err
}

// update reads the file, lets change edit the users and writes the file
// back if change reports a change. A file that cannot be read is never
// written over.
func (s *store) update(ctx context.Context, change func(map[string]record) bool) error {
	return s.locked(ctx, func() error {
		users, err := s.read()
		if err != nil {
			return err
		}
		if !change(users) {
			return nil
		}
		return s.write(users)
	})
}

// locked runs fn while holding both this process's mutex and the lock
// shared with other processes.
func (s *store) locked(ctx context.Context, fn func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := lockFile(s.lockFile); err != nil {
		return fmt.Errorf("locking %s: %w", s.lockFile.Name(), err)
	}
	defer unlockFile(s.lockFile)
	return fn()
}

// read returns every user in the file; a missing file is an empty store.
// Its errors name the file but never quote its contents.
func (s *store) read() (map[string]record, error) {
	users := map[string]record{}
	sealed, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return users, nil
	}
	if err != nil {
		return nil, err // names the path
	}
	if !bytes.HasPrefix(sealed, header) {
		return nil, fmt.Errorf("%s is not a token file of this store (it lacks the %q header); it was left as it is", s.path, bytes.TrimSpace(header))
	}
	plain, err := s.aead.Open(nil, nil, sealed[len(header):], header)
	if err != nil {
		return nil, fmt.Errorf("cannot decrypt %s: it was written with another %s, or it has been altered; it was left as it is", s.path, keyEnv)
	}
	if err := json.Unmarshal(plain, &users); err != nil {
		return nil, fmt.Errorf("%s decrypted but does not hold this store's JSON; it was left as it is", s.path)
	}
	return users, nil
}

// write replaces the file atomically: a reader, or a crash, sees the old
// file or the new one, never a mix.
func (s *store) write(users map[string]record) error {
	plain, err := json.Marshal(users)
	if err != nil {
		return err
	}
	sealed := s.aead.Seal(bytes.Clone(header), nil, plain, header)

	tmp, err := os.CreateTemp(filepath.Dir(s.path), filepath.Base(s.path)+".tmp-*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(sealed); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(s.path)) // make the rename itself durable
}
