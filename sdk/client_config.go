package sdk

import (
	"maps"
	"slices"
)

// Config returns the client's configuration, defaults filled in: what
// helpers built on a Client (package weblogin) need to know of the client
// id, the redirect URI and the accepted data centres. Changing the copy
// changes nothing in the client. With its defaults filled in it is not
// meant for NewClient again (persistence_handler_class, say, is set).
func (c *Client) Config() Config {
	cfg := c.core.cfg
	cfg.ClientSecrets = maps.Clone(cfg.ClientSecrets)
	cfg.DataCenters = slices.Clone(cfg.DataCenters)
	return cfg
}
