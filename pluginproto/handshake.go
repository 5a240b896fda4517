package pluginproto

import "github.com/hashicorp/go-plugin"

// DefaultPluginName is the name a store is served under unless its binary
// chooses another (the configuration key persistence_handler_class).
const DefaultPluginName = "token_store"

// ProtocolVersion is the version of the plugin contract. It changes only when
// tokenstore.proto changes incompatibly.
const ProtocolVersion = 1

// Handshake is shared by the SDK and every plugin. The magic cookie is not a
// secret: it only keeps a plugin binary from being run by hand by mistake.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "ZCRM_TOKEN_STORE_PLUGIN",
	MagicCookieValue: "c3f1b2f4-zcrm-token-store",
}
