package sdk

// StorePID exposes the token store plugin's process id to the external
// tests, which kill it to check that the client recovers.
func StorePID(c *Client) int { return c.core.store.Pid() }
