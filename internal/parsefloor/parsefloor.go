package parsefloor

import (
	"context"
	"fmt"
	"runtime"

	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/parallel"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
)

// Parser parses one file's bytes.
type Parser func(data []byte) error

// Own parses the way a scan does (package yamltree: JSON with the JSON
// parser, a large YAML document in parts on every core): the floor of a scan.
func Own(data []byte) error {
	_, err := yamltree.Parse(data)
	return err
}

// Plain parses every file, JSON too, with go-yaml into a node tree, as a
// plain Go program would: the "plain parallel YAML parsing" that the speed
// target of a 1,000-file scan was first set against.
func Plain(data []byte) error {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("parsing with go-yaml: %w", err)
	}
	return nil
}

// Parse walks paths the way a scan does, then reads and parses every file
// with parse on GOMAXPROCS goroutines. It returns how many files it parsed
// and the first error.
func Parse(ctx context.Context, paths []string, parse Parser) (int, error) {
	cands, _, errs := loader.Expand(ctx, paths, nil)
	if len(errs) > 0 {
		return 0, fmt.Errorf("walking the inputs: %w", errs[0])
	}
	failed := make([]error, len(cands))
	parallel.Do(len(cands), runtime.GOMAXPROCS(0), func(i int) {
		data, err := loader.ReadFile(ctx, cands[i].Path, loader.DefaultMaxFileSize)
		if err == nil {
			err = parse(data)
		}
		if err != nil {
			failed[i] = fmt.Errorf("%s: %w", cands[i].Path, err)
		}
	})
	return len(cands), firstError(failed)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
