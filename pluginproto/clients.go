package pluginproto

// ClientMatch says how well tokens stored for the OAuth client stored
// answer a request for the client wanted, for stores implementing
// ClientKeeper: 2 when the two are the same, 1 when either is empty
// (tokens stored without a client id serve any client, and a request
// without one takes any client's tokens), 0 when the tokens are another
// client's. A store returns the user's tokens of the highest match above
// 0, and Save and DeleteClient replace or remove every match above 0.
func ClientMatch(stored, wanted string) int {
	switch {
	case stored == wanted:
		return 2
	case stored == "" || wanted == "":
		return 1
	}
	return 0
}
