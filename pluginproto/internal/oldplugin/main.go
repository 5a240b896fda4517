// Command oldplugin is a token store built against the contract as it was
// before Tokens carried the accounts server and Capabilities the user
// identifier limits (the frozen copy in ../contractv1). It links neither
// package pluginproto nor today's generated code, so it sends exactly what
// a plugin built then sends: pluginproto's tests use it to show that such a
// plugin keeps working with today's host.
//
// Like a store of that time, it keeps the fields it knows, in a struct of
// its own, so whatever else the host sends is dropped.
package main

import (
	"context"
	"os"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/zcrm-go/zcrm/pluginproto/internal/contractv1/tokenstorepb"
)

// The handshake the contract documents for plugins that do not use
// pluginproto.Serve.
var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "ZCRM_TOKEN_STORE_PLUGIN",
	MagicCookieValue: "c3f1b2f4-zcrm-token-store",
}

type stored struct {
	access, refresh, apiDomain string
	expiry                     int64
}

type server struct {
	pb.UnimplementedTokenStoreServer // Lock and Unlock: UNIMPLEMENTED

	mu    sync.Mutex
	users map[string]stored
}

func (s *server) Save(_ context.Context, req *pb.SaveRequest) (*pb.SaveResponse, error) {
	t := req.GetTokens()
	if t.GetUserIdentifier() == "" {
		return nil, status.Error(codes.InvalidArgument, "tokens have no user identifier")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[t.GetUserIdentifier()] = stored{t.GetAccessToken(), t.GetRefreshToken(), t.GetApiDomain(), t.GetExpiryTimeMs()}
	return &pb.SaveResponse{}, nil
}

func (s *server) Get(_ context.Context, req *pb.GetRequest) (*pb.GetResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[req.GetUserIdentifier()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "no tokens stored for %q", req.GetUserIdentifier())
	}
	return &pb.GetResponse{Tokens: &pb.Tokens{
		UserIdentifier: req.GetUserIdentifier(),
		AccessToken:    u.access,
		RefreshToken:   u.refresh,
		ExpiryTimeMs:   u.expiry,
		ApiDomain:      u.apiDomain,
	}}, nil
}

func (s *server) Delete(_ context.Context, req *pb.DeleteRequest) (*pb.DeleteResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.users, req.GetUserIdentifier())
	return &pb.DeleteResponse{}, nil
}

func (s *server) List(context.Context, *pb.ListRequest) (*pb.ListResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	resp := &pb.ListResponse{}
	for user, u := range s.users {
		resp.Users = append(resp.Users, &pb.TokenInfo{UserIdentifier: user, ExpiryTimeMs: u.expiry})
	}
	return resp, nil
}

func (s *server) Capabilities(context.Context, *pb.CapabilitiesRequest) (*pb.CapabilitiesResponse, error) {
	return &pb.CapabilitiesResponse{Names: []string{"token_store"}}, nil
}

type grpcPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (grpcPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterTokenStoreServer(s, &server{users: map[string]stored{}})
	return nil
}

func (grpcPlugin) GRPCClient(context.Context, *plugin.GRPCBroker, *grpc.ClientConn) (interface{}, error) {
	return nil, nil // never a host
}

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: handshake,
		Plugins:         plugin.PluginSet{"token_store": grpcPlugin{}},
		GRPCServer:      plugin.DefaultGRPCServer,
		Logger:          hclog.New(&hclog.LoggerOptions{Output: os.Stderr, JSONFormat: true, Name: "oldplugin"}),
	})
}
