package pluginproto

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/zcrm-go/zcrm/pluginproto/tokenstorepb"
)

// GRPCPlugin adapts a TokenStore to go-plugin. Plugin authors do not need
// it directly: Serve and Launch use it. It is exported for hosts that manage
// go-plugin clients themselves.
type GRPCPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	// Impl is the store served; nil on the host side.
	Impl TokenStore
	// Names are the names the store answers to; DefaultPluginName when
	// empty. go-plugin does not tell the plugin which name the host asked
	// for, so the host checks it against these (see Capabilities).
	Names []string
}

// GRPCServer registers the store's gRPC service with the plugin's server.
func (p *GRPCPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	names := p.Names
	if len(names) == 0 {
		names = []string{DefaultPluginName}
	}
	srv := newGRPCServer(p.Impl)
	srv.names = names
	pb.RegisterTokenStoreServer(s, srv)
	return nil
}

// GRPCClient returns the host's view of the store: a *GRPCStore.
func (p *GRPCPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return &GRPCStore{client: pb.NewTokenStoreClient(c)}, nil
}

// grpcServer serves a TokenStore over gRPC and enforces lock ttls, so a
// store's Lock only has to take and release.
type grpcServer struct {
	pb.UnimplementedTokenStoreServer
	store TokenStore
	names []string

	mu    sync.Mutex
	locks map[string]*heldLock
}

type heldLock struct {
	once    sync.Once
	release func(context.Context) error
	timer   *time.Timer
	err     error
}

// unlock releases the lock once, whoever comes first: Unlock or the ttl.
func (l *heldLock) unlock(ctx context.Context) error {
	l.once.Do(func() {
		l.timer.Stop()
		l.err = l.release(ctx)
	})
	return l.err
}

func newGRPCServer(store TokenStore) *grpcServer {
	return &grpcServer{store: store, locks: make(map[string]*heldLock)}
}

func (s *grpcServer) Save(ctx context.Context, req *pb.SaveRequest) (*pb.SaveResponse, error) {
	t := tokensFromProto(req.GetTokens())
	if t.UserIdentifier == "" {
		return nil, status.Error(codes.InvalidArgument, "tokens have no user identifier")
	}
	if err := s.store.Save(ctx, t); err != nil {
		return nil, toStatus(err)
	}
	return &pb.SaveResponse{}, nil
}

func (s *grpcServer) Get(ctx context.Context, req *pb.GetRequest) (*pb.GetResponse, error) {
	var t Tokens
	var err error
	if keeper, ok := s.store.(ClientKeeper); ok && req.GetClientId() != "" {
		t, err = keeper.GetClient(ctx, req.GetUserIdentifier(), req.GetClientId())
	} else {
		t, err = s.store.Get(ctx, req.GetUserIdentifier())
	}
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.GetResponse{Tokens: tokensToProto(t)}, nil
}

func (s *grpcServer) Delete(ctx context.Context, req *pb.DeleteRequest) (*pb.DeleteResponse, error) {
	var err error
	if keeper, ok := s.store.(ClientKeeper); ok && req.GetClientId() != "" {
		err = keeper.DeleteClient(ctx, req.GetUserIdentifier(), req.GetClientId())
	} else {
		err = s.store.Delete(ctx, req.GetUserIdentifier())
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, toStatus(err)
	}
	return &pb.DeleteResponse{}, nil
}

func (s *grpcServer) List(ctx context.Context, _ *pb.ListRequest) (*pb.ListResponse, error) {
	infos, err := s.store.List(ctx)
	if err != nil {
		return nil, toStatus(err)
	}
	resp := &pb.ListResponse{Users: make([]*pb.TokenInfo, 0, len(infos))}
	for _, info := range infos {
		resp.Users = append(resp.Users, &pb.TokenInfo{UserIdentifier: info.UserIdentifier, ExpiryTimeMs: info.ExpiryTime, ClientId: info.ClientID})
	}
	return resp, nil
}

func (s *grpcServer) Capabilities(context.Context, *pb.CapabilitiesRequest) (*pb.CapabilitiesResponse, error) {
	if failed, ok := s.store.(failedStore); ok {
		return nil, status.Error(codes.FailedPrecondition, failed.err.Error())
	}
	_, locking := s.store.(Locker)
	_, budget := s.store.(RefreshBudgeter)
	_, clients := s.store.(ClientKeeper)
	resp := &pb.CapabilitiesResponse{Locking: locking, Names: s.names, RefreshBudget: budget, ClientIds: clients}
	if limiter, ok := s.store.(IdentifierLimiter); ok {
		limits := limiter.UserIdentifierLimits()
		resp.UserIdentifierLimits = &pb.UserIdentifierLimits{MaxCharacters: uint32(max(limits.MaxCharacters, 0))}
	}
	return resp, nil
}

func (s *grpcServer) Lock(ctx context.Context, req *pb.LockRequest) (*pb.LockResponse, error) {
	locker, ok := s.store.(Locker)
	if !ok {
		return nil, status.Error(codes.Unimplemented, ErrLockUnsupported.Error())
	}
	ttl := time.Duration(req.GetTtlMs()) * time.Millisecond
	if ttl <= 0 {
		return nil, status.Error(codes.InvalidArgument, "lock ttl must be positive")
	}
	release, err := locker.Lock(ctx, req.GetUserIdentifier(), ttl)
	if err != nil {
		return nil, toStatus(err)
	}
	id := newLockID()
	held := &heldLock{release: release}
	s.mu.Lock()
	s.locks[id] = held
	// The timer is created under mu so unlock never sees a nil timer.
	held.timer = time.AfterFunc(ttl, func() {
		s.forget(id)
		_ = held.unlock(context.Background())
	})
	s.mu.Unlock()
	return &pb.LockResponse{LockId: id}, nil
}

func (s *grpcServer) Unlock(ctx context.Context, req *pb.UnlockRequest) (*pb.UnlockResponse, error) {
	held := s.forget(req.GetLockId())
	if held == nil {
		return &pb.UnlockResponse{}, nil // expired already, or never ours
	}
	if err := held.unlock(ctx); err != nil {
		return nil, toStatus(err)
	}
	return &pb.UnlockResponse{}, nil
}

func (s *grpcServer) SpendRefresh(ctx context.Context, req *pb.SpendRefreshRequest) (*pb.SpendRefreshResponse, error) {
	budgeter, ok := s.store.(RefreshBudgeter)
	if !ok {
		return nil, status.Error(codes.Unimplemented, ErrBudgetUnsupported.Error())
	}
	window := time.Duration(req.GetWindowMs()) * time.Millisecond
	if err := CheckBudgetRequest(req.GetKey(), int(req.GetLimit()), window); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	b, err := budgeter.SpendRefresh(ctx, req.GetKey(), time.UnixMilli(req.GetAtMs()), int(req.GetLimit()), window)
	if err != nil {
		return nil, toStatus(err)
	}
	resp := &pb.SpendRefreshResponse{Allowed: b.Allowed, Used: int32(b.Used)}
	if !b.Allowed {
		resp.NextAllowedMs = b.NextAllowed.UnixMilli()
	}
	return resp, nil
}

func (s *grpcServer) RefundRefresh(ctx context.Context, req *pb.RefundRefreshRequest) (*pb.RefundRefreshResponse, error) {
	budgeter, ok := s.store.(RefreshBudgeter)
	if !ok {
		return nil, status.Error(codes.Unimplemented, ErrBudgetUnsupported.Error())
	}
	if err := CheckBudgetRequest(req.GetKey(), 1, time.Millisecond); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if err := budgeter.RefundRefresh(ctx, req.GetKey(), time.UnixMilli(req.GetAtMs())); err != nil {
		return nil, toStatus(err)
	}
	return &pb.RefundRefreshResponse{}, nil
}

func (s *grpcServer) forget(id string) *heldLock {
	s.mu.Lock()
	defer s.mu.Unlock()
	held := s.locks[id]
	delete(s.locks, id)
	return held
}

func newLockID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// toStatus turns a store's error into a gRPC status the host can map back.
func toStatus(err error) error {
	switch {
	case errors.Is(err, ErrNotFound):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, ErrLockUnsupported), errors.Is(err, ErrBudgetUnsupported):
		return status.Error(codes.Unimplemented, err.Error())
	case errors.Is(err, ErrPluginConfig):
		return status.Error(codes.FailedPrecondition, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, err.Error())
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, err.Error())
	}
	return status.Error(codes.Unknown, err.Error())
}

// GRPCStore is the host's view of a store served over gRPC. It implements
// TokenStore and Locker; Lock returns ErrLockUnsupported when the plugin
// offers no lock (see Capabilities).
type GRPCStore struct {
	client pb.TokenStoreClient
}

var (
	_ TokenStore   = (*GRPCStore)(nil)
	_ Locker       = (*GRPCStore)(nil)
	_ ClientKeeper = (*GRPCStore)(nil)
)

func (c *GRPCStore) Save(ctx context.Context, t Tokens) error {
	_, err := c.client.Save(ctx, &pb.SaveRequest{Tokens: tokensToProto(t)})
	return fromStatus(err)
}

func (c *GRPCStore) Get(ctx context.Context, userIdentifier string) (Tokens, error) {
	return c.GetClient(ctx, userIdentifier, "")
}

// GetClient returns the user's tokens of clientID, or of no client. A
// store that keeps no client ids (one built before them, say) answers with
// the user's tokens whichever client they belong to: tokens it returns
// marked with another client are not this client's, and are ErrNotFound.
func (c *GRPCStore) GetClient(ctx context.Context, userIdentifier, clientID string) (Tokens, error) {
	resp, err := c.client.Get(ctx, &pb.GetRequest{UserIdentifier: userIdentifier, ClientId: clientID})
	if err != nil {
		return Tokens{}, fromStatus(err)
	}
	t := tokensFromProto(resp.GetTokens())
	if clientID != "" && t.ClientID != "" && t.ClientID != clientID {
		return Tokens{}, fmt.Errorf("%w: %q has tokens of another OAuth client only", ErrNotFound, userIdentifier)
	}
	return t, nil
}

func (c *GRPCStore) Delete(ctx context.Context, userIdentifier string) error {
	return c.DeleteClient(ctx, userIdentifier, "")
}

// DeleteClient removes the user's tokens of clientID and of no client; a
// store that keeps no client ids removes the user's tokens.
func (c *GRPCStore) DeleteClient(ctx context.Context, userIdentifier, clientID string) error {
	_, err := c.client.Delete(ctx, &pb.DeleteRequest{UserIdentifier: userIdentifier, ClientId: clientID})
	return fromStatus(err)
}

func (c *GRPCStore) List(ctx context.Context) ([]TokenInfo, error) {
	resp, err := c.client.List(ctx, &pb.ListRequest{})
	if err != nil {
		return nil, fromStatus(err)
	}
	infos := make([]TokenInfo, 0, len(resp.GetUsers()))
	for _, u := range resp.GetUsers() {
		infos = append(infos, TokenInfo{UserIdentifier: u.GetUserIdentifier(), ExpiryTime: u.GetExpiryTimeMs(), ClientID: u.GetClientId()})
	}
	return infos, nil
}

// Capabilities asks the plugin which optional calls it offers.
func (c *GRPCStore) Capabilities(ctx context.Context) (Capabilities, error) {
	resp, err := c.client.Capabilities(ctx, &pb.CapabilitiesRequest{})
	if err != nil {
		return Capabilities{}, fromStatus(err)
	}
	names := resp.GetNames()
	if len(names) == 0 {
		names = []string{DefaultPluginName}
	}
	return Capabilities{
		Locking:       resp.GetLocking(),
		RefreshBudget: resp.GetRefreshBudget(),
		ClientIDs:     resp.GetClientIds(),
		Names:         names,
		// Absent from an older plugin: the zero limits, no stated limit.
		UserIdentifiers: UserIdentifierLimits{MaxCharacters: int(resp.GetUserIdentifierLimits().GetMaxCharacters())},
	}, nil
}

func (c *GRPCStore) Lock(ctx context.Context, userIdentifier string, ttl time.Duration) (func(context.Context) error, error) {
	if ttl < time.Millisecond {
		return nil, fmt.Errorf("lock ttl %v is shorter than a millisecond", ttl)
	}
	resp, err := c.client.Lock(ctx, &pb.LockRequest{UserIdentifier: userIdentifier, TtlMs: ttl.Milliseconds()})
	if err != nil {
		return nil, fromStatus(err)
	}
	id := resp.GetLockId()
	return func(ctx context.Context) error {
		_, err := c.client.Unlock(ctx, &pb.UnlockRequest{LockId: id})
		return fromStatus(err)
	}, nil
}

// SpendRefresh asks the plugin's refresh budget.
func (c *GRPCStore) SpendRefresh(ctx context.Context, key string, at time.Time, limit int, window time.Duration) (RefreshBudget, error) {
	resp, err := c.client.SpendRefresh(ctx, &pb.SpendRefreshRequest{Key: key, AtMs: at.UnixMilli(), Limit: int32(limit), WindowMs: window.Milliseconds()})
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return RefreshBudget{}, ErrBudgetUnsupported
		}
		return RefreshBudget{}, fromStatus(err)
	}
	b := RefreshBudget{Allowed: resp.GetAllowed(), Used: int(resp.GetUsed())}
	if !b.Allowed {
		b.NextAllowed = time.UnixMilli(resp.GetNextAllowedMs())
	}
	return b, nil
}

// RefundRefresh gives back a refresh the plugin's budget recorded.
func (c *GRPCStore) RefundRefresh(ctx context.Context, key string, at time.Time) error {
	_, err := c.client.RefundRefresh(ctx, &pb.RefundRefreshRequest{Key: key, AtMs: at.UnixMilli()})
	if status.Code(err) == codes.Unimplemented {
		return ErrBudgetUnsupported
	}
	return fromStatus(err)
}

// fromStatus maps a gRPC status back to the package's errors, keeping the
// store's message.
func fromStatus(err error) error {
	if err == nil {
		return nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	kinds := map[codes.Code]error{
		codes.NotFound:           ErrNotFound,
		codes.Unimplemented:      ErrLockUnsupported,
		codes.Unavailable:        ErrUnavailable,
		codes.DeadlineExceeded:   context.DeadlineExceeded,
		codes.Canceled:           context.Canceled,
		codes.FailedPrecondition: ErrPluginConfig,
	}
	return &remoteError{msg: st.Message(), kind: kinds[st.Code()]}
}

// remoteError is an error from the plugin: its message, and the sentinel
// its status maps to, if any.
type remoteError struct {
	msg  string
	kind error
}

func (e *remoteError) Error() string {
	if e.kind != nil && !strings.Contains(e.msg, e.kind.Error()) {
		return e.kind.Error() + ": " + e.msg
	}
	return e.msg
}

func (e *remoteError) Unwrap() error { return e.kind }

func tokensToProto(t Tokens) *pb.Tokens {
	return &pb.Tokens{
		UserIdentifier: t.UserIdentifier,
		AccessToken:    t.AccessToken,
		RefreshToken:   t.RefreshToken,
		ExpiryTimeMs:   t.ExpiryTime,
		ApiDomain:      t.APIDomain,
		AccountsServer: t.AccountsServer,
		ClientId:       t.ClientID,
	}
}

func tokensFromProto(p *pb.Tokens) Tokens {
	return Tokens{
		UserIdentifier: p.GetUserIdentifier(),
		AccessToken:    p.GetAccessToken(),
		RefreshToken:   p.GetRefreshToken(),
		ExpiryTime:     p.GetExpiryTimeMs(),
		APIDomain:      p.GetApiDomain(),
		AccountsServer: p.GetAccountsServer(),
		ClientID:       p.GetClientId(),
	}
}
