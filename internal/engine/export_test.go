package engine

import "context"

// NewWhole compiles the embedded catalogue in one compiler, as New does with
// user policies: the reference the families must agree with.
func NewWhole(ctx context.Context) (*Engine, error) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		return nil, err
	}
	e := &Engine{timeout: DefaultTimeout}
	if err := e.compileWhole(ctx, mods, map[string]bool{}); err != nil {
		return nil, err
	}
	return e, nil
}
