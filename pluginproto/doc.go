// Package pluginproto is the contract between the zcrm SDK and its token
// store plugins.
//
// A token store keeps the OAuth tokens of Zoho CRM users. It runs as a
// separate process, launched by the SDK with hashicorp/go-plugin over gRPC,
// so a store can be written in any language with gRPC and swapped without
// rebuilding the application.
//
// A store written in Go implements [TokenStore] (and, to coordinate refreshes
// between processes, [Locker]; to state which user identifiers it can keep,
// [IdentifierLimiter]) and hands it to [Serve] from its main:
//
//	func main() {
//		pluginproto.Serve(mystore.New())
//	}
//
// A store whose configuration is wrong (a missing setting, a path it
// cannot use) hands the error to [ServeConfigError] instead, so that the
// host reports that error, matched by [ErrPluginConfig], rather than a
// failed handshake:
//
//	store, err := mystore.FromEnv()
//	if err != nil {
//		pluginproto.ServeConfigError(err)
//	}
//
// The host side, normally the SDK, starts a plugin with [Launch] and uses the
// returned [Client] as a TokenStore; closing the Client ends the process.
// Package storetest holds the conformance suite every store should pass.
//
// Stores in other languages implement the TokenStore service of
// tokenstore.proto and go-plugin's handshake, using [Handshake]'s magic
// cookie and protocol version. Such a store reports a configuration error
// by answering Capabilities with status FAILED_PRECONDITION and the error
// as the status message.
package pluginproto
