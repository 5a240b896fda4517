package pluginproto

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// UserIdentifierLimits says which user identifiers a store can keep. The
// zero value states no limit beyond the contract's own: an identifier is
// never empty and always valid UTF-8, because it travels as a proto3
// string, which gRPC refuses to carry otherwise.
type UserIdentifierLimits struct {
	// MaxCharacters is the longest identifier the store keeps, in
	// characters (Unicode code points), as a varchar(N) column counts
	// them. 0 means no limit.
	MaxCharacters int
}

// IdentifierLimiter is implemented by stores that cannot keep every user
// identifier. Serve tells the host the limits through Capabilities, so the
// SDK can refuse an identifier before it spends a grant token on it.
type IdentifierLimiter interface {
	UserIdentifierLimits() UserIdentifierLimits
}

// ErrUserIdentifier is matched, with errors.Is, by every
// *UserIdentifierError.
var ErrUserIdentifier = errors.New("the token store cannot keep this user identifier")

// UserIdentifierError says why a store cannot keep a user identifier.
type UserIdentifierError struct {
	UserIdentifier string
	// Problem is what is wrong, in words: "is empty", "is not valid
	// UTF-8", "is 101 characters long; the store keeps at most 100".
	Problem string
}

func (e *UserIdentifierError) Error() string {
	return fmt.Sprintf("user identifier %q %s", e.UserIdentifier, e.Problem)
}

// Is makes errors.Is(err, ErrUserIdentifier) hold.
func (e *UserIdentifierError) Is(target error) bool { return target == ErrUserIdentifier }

// Check returns a *UserIdentifierError when the store cannot keep id: it is
// empty, not valid UTF-8, or longer than MaxCharacters.
func (l UserIdentifierLimits) Check(id string) error {
	switch {
	case id == "":
		return &UserIdentifierError{UserIdentifier: id, Problem: "is empty"}
	case !utf8.ValidString(id):
		return &UserIdentifierError{UserIdentifier: id, Problem: "is not valid UTF-8 (token stores keep identifiers as UTF-8 text)"}
	}
	if l.MaxCharacters > 0 {
		if n := utf8.RuneCountInString(id); n > l.MaxCharacters {
			return &UserIdentifierError{UserIdentifier: id,
				Problem: fmt.Sprintf("is %d characters long; the token store keeps at most %d", n, l.MaxCharacters)}
		}
	}
	return nil
}
