package sdk

import "context"

// ActOnRecord and ActOnRecords expose the record-action mechanism to the
// external tests, which run it against an action the emulator already
// serves.
func ActOnRecord(ctx context.Context, c *Client, action, module, id string, body any) (*ActionResult, *Response, error) {
	return recordAction{name: action}.one(ctx, c, module, id, body)
}

func ActOnRecords(ctx context.Context, c *Client, action string, maxIDs int, module string, ids []string, fields map[string]any) ([]*ActionResult, *Response, error) {
	return recordAction{name: action, maxIDs: maxIDs}.many(ctx, c, module, ids, fields)
}
