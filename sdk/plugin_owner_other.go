//go:build !unix

package sdk

// checkPluginOwner checks nothing outside unix: Windows guards files with
// ACLs, which the folder's owner is expected to set (a user's own folders
// and Program Files are not writable by other users by default).
func checkPluginOwner(string) error { return nil }
