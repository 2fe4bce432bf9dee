package model

// ExportFormat marks a document written by `authlint export`.
const ExportFormat = "authlint-inventories"

// Export is the document `authlint export` writes and `authlint scan` reads
// back: the inventories of one run, each with the name findings use for it.
type Export struct {
	Format        string          `json:"format"`
	SchemaVersion int             `json:"schemaVersion"`
	Inventories   []ExportedInput `json:"inventories"`
}

// ExportedInput is one inventory of an export.
type ExportedInput struct {
	// Source is the input's name (file path or live target).
	Source string `json:"source"`
	// Kind is the loader that read it.
	Kind      string    `json:"kind"`
	Inventory Inventory `json:"inventory"`
}
