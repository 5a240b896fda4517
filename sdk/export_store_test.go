package sdk

// CheckUserIdentifier exposes the store's identifier check to the external
// tests, which run it against real plugins.
func CheckUserIdentifier(c *Client, id string) error { return c.core.store.CheckUserIdentifier(id) }
