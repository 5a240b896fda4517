package sdk

// NotesService manages notes, on a record ({module}/{id}/Notes) or across a module (/Notes).
type NotesService service
