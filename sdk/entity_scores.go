package sdk

import (
	"context"
	"iter"
)

// The scores records earned (crm-oas group entity_scores,
// Entity_Scores__s[/{id}]): each record a scoring rule scored has an entity
// score per rule, its positive and negative points, and those of
// touch points (emails, calls, surveys). Zoho lists them like the records
// of a module: fields are required, pages of up to 200, a page_token past
// record 2000. OAuth scope: ZohoCRM.settings.modules.READ (or
// ZohoCRM.settings.modules.ALL, ZohoCRM.settings.ALL).

// entityScoresModule is the module Zoho keeps the scores in.
const entityScoresModule = "Entity_Scores__s"

// EntityScore is what a record earned under a scoring rule. Fields
// without a Go field (field states...) are kept in Extra.
type EntityScore struct {
	ID          string        `json:"id,omitempty"`
	Entity      *ScoredRecord `json:"Entity,omitempty"`
	ScoringRule *NameID       `json:"Scoring_Rule,omitempty"`
	Score       int           `json:"Score"`
	// PositiveScore and NegativeScore are the points the rule's criteria
	// gave and took; the TouchPoint ones those of touch points.
	PositiveScore           int `json:"Positive_Score"`
	NegativeScore           int `json:"Negative_Score"`
	TouchPointScore         int `json:"Touch_Point_Score"`
	TouchPointPositiveScore int `json:"Touch_Point_Positive_Score"`
	TouchPointNegativeScore int `json:"Touch_Point_Negative_Score"`
	kept
}

func (e *EntityScore) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e EntityScore) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// ScoredRecord is the record an entity score is of, with its module.
type ScoredRecord struct {
	ID     string     `json:"id,omitempty"`
	Name   string     `json:"name,omitempty"`
	Module *ModuleRef `json:"module,omitempty"`
	kept
}

func (r *ScoredRecord) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r ScoredRecord) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// EntityScores returns one page of entity scores (opts.Fields is
// required: Score, Positive_Score, Entity...; IDs, SortBy, CVID and
// IfModifiedSince narrow it as for records). None is an empty slice.
func (s *ScoringRulesService) EntityScores(ctx context.Context, opts *RecordListOptions) ([]*EntityScore, *Response, error) {
	return listRecords[*EntityScore](ctx, s.client, entityScoresModule, opts)
}

// AllEntityScores iterates over every entity score opts select, page by
// page, past record 2000 with Zoho's page_token.
func (s *ScoringRulesService) AllEntityScores(ctx context.Context, opts *RecordListOptions) iter.Seq2[*EntityScore, error] {
	return allRecords[*EntityScore](ctx, s.client, entityScoresModule, opts)
}

// EntityScore returns the entity score with this id (opts.Fields: the
// fields to return; Zoho requires them). One that does not exist matches
// ErrNotFound.
func (s *ScoringRulesService) EntityScore(ctx context.Context, id string, opts *RecordGetOptions) (*EntityScore, *Response, error) {
	if opts == nil || len(opts.Fields) == 0 {
		return nil, nil, &ValidationError{Field: "Fields", Problem: "is required: list the field API names to return"}
	}
	e, resp, err := getRecord[*EntityScore](ctx, s.client, entityScoresModule, id, opts)
	if e == nil {
		return nil, resp, err
	}
	return *e, resp, err
}
