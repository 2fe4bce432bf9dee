package terraform

import (
	"context"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

func isPlan(in *loader.Input) bool { return false }

func (l *Loader) loadPlan(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	return nil, loader.Errorf(in.Name(), "plan")
}
