// Package loader defines how inputs become inventories: the Loader interface,
// detection by content, and the walk over files and folders that feeds them.
//
// Each loader (loader/openapi, loader/cloudformation, loader/live, …) turns one
// input into one *model.Inventory. Loaders never evaluate policy, never print and
// never import the engine or the reporters. The explicit list of loaders lives
// in loader/registry; there is no init() registration.
package loader
