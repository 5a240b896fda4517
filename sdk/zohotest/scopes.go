package zohotest

import "strings"

// scope is one granted OAuth scope, such as ZohoCRM.modules.leads.READ,
// split into service, path and operation, lower-cased.
type scope struct {
	service string
	path    []string
	op      string
}

// scopeSet is what a token may do. An empty set allows everything: tokens
// minted without scopes are all-powerful, which is what most tests want.
type scopeSet struct {
	names  []string
	parsed []scope
}

// parseScopes reads scopes as given to GrantToken or the consent page;
// Zoho separates them with commas.
func parseScopes(list []string) scopeSet {
	var ss scopeSet
	for _, item := range list {
		for _, name := range strings.Split(item, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			ss.names = append(ss.names, name)
			parts := strings.Split(strings.ToLower(name), ".")
			sc := scope{service: parts[0]}
			if len(parts) >= 2 {
				sc.op = parts[len(parts)-1]
				sc.path = parts[1 : len(parts)-1]
			}
			ss.parsed = append(ss.parsed, sc)
		}
	}
	return ss
}

// allows reports whether the set covers required, given as
// service.path...operation (e.g. zohocrm.modules.leads.read). A granted
// scope covers it when its service matches, its path is a prefix of the
// required path (ZohoCRM.modules.ALL covers every module), and its
// operation is ALL, the same, or WRITE for CREATE, UPDATE and DELETE.
func (ss scopeSet) allows(required string) bool {
	if len(ss.parsed) == 0 {
		return true
	}
	parts := strings.Split(strings.ToLower(required), ".")
	service, op, path := parts[0], parts[len(parts)-1], parts[1:len(parts)-1]
	for _, g := range ss.parsed {
		if g.service != service || len(g.path) > len(path) || !opCovers(g.op, op) {
			continue
		}
		prefix := true
		for i, p := range g.path {
			if path[i] != p {
				prefix = false
				break
			}
		}
		if prefix {
			return true
		}
	}
	return false
}

// has reports whether a scope of exactly this name was granted.
func (ss scopeSet) has(name string) bool {
	for _, n := range ss.names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

func opCovers(granted, required string) bool {
	switch granted {
	case "all", required:
		return true
	case "write":
		return required == "create" || required == "update" || required == "delete"
	}
	return false
}
