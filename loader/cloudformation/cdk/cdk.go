package cdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// StackArtifact is the artifact type of a CloudFormation stack in a manifest.
const StackArtifact = "aws:cloudformation:stack"

// Stack is one stack of a cloud assembly.
type Stack struct {
	// Name is the artifact id (the stack's id in the app).
	Name string
	// StackName is the deployed stack name, when the manifest gives it.
	StackName string
	// TemplateFile is relative to the assembly folder.
	TemplateFile string
}

type manifest struct {
	Version   string `json:"version"`
	Artifacts map[string]struct {
		Type       string `json:"type"`
		Properties struct {
			TemplateFile string `json:"templateFile"`
			StackName    string `json:"stackName"`
		} `json:"properties"`
	} `json:"artifacts"`
}

// Stacks lists the stacks of a manifest.json, sorted by name.
func Stacks(data []byte) ([]Stack, error) {
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading the cloud assembly manifest: %w", err)
	}
	var out []Stack
	for name, a := range m.Artifacts {
		if a.Type != StackArtifact {
			continue
		}
		if a.Properties.TemplateFile == "" {
			return nil, fmt.Errorf("stack %s names no templateFile", name)
		}
		out = append(out, Stack{Name: name, StackName: a.Properties.StackName, TemplateFile: a.Properties.TemplateFile})
	}
	slices.SortFunc(out, func(a, b Stack) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// IsManifest tells a cloud assembly manifest from its top-level keys and
// content.
func IsManifest(topKeys []string, data []byte) bool {
	return slices.Contains(topKeys, "artifacts") && slices.Contains(topKeys, "version") &&
		strings.Contains(string(data), StackArtifact)
}

// Context is what authlint reads from cdk.json.
type Context struct {
	// File is the cdk.json read.
	File string
	// Flags are the boolean context entries.
	Flags map[string]bool
}

// MaxLevels is how many folders FindContext climbs.
const MaxLevels = 4

// ReadFunc reads a file; errors wrap fs.ErrNotExist for missing files. A read
// it refuses (outside the scan root) ends the search as if nothing were there.
type ReadFunc func(ctx context.Context, path string) ([]byte, error)

// FindContext looks for cdk.json in dir, then in up to MaxLevels parents
// (a cloud assembly sits in the app's folder: cdk.out/../cdk.json), reading
// through read. It returns nil without error when there is none, or when the
// next folder up may not be read.
func FindContext(ctx context.Context, dir string, read ReadFunc) (*Context, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("finding cdk.json: %w", err)
	}
	// Climb with the path as given, so a relative input names a relative cdk.json.
	cur := filepath.Clean(dir)
	for range MaxLevels + 1 {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("finding cdk.json: %w", err)
		}
		p := filepath.Join(cur, "cdk.json")
		data, err := read(ctx, p)
		switch {
		case errors.As(err, new(Refused)):
			return nil, nil
		case err == nil:
			c, err := parseContext(data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			c.File = p
			return c, nil
		case errors.Is(err, fs.ErrNotExist):
		default:
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			break
		}
		abs = parent
		cur = filepath.Join(cur, "..")
	}
	return nil, nil
}

func parseContext(data []byte) (*Context, error) {
	var doc struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	c := &Context{Flags: map[string]bool{}}
	for k, v := range doc.Context {
		if b, ok := v.(bool); ok {
			c.Flags[k] = b
		}
	}
	return c, nil
}

// Refused is implemented by errors that mean a file may not be read (it is
// outside the scan root), as opposed to a failed read.
type Refused interface {
	error
	Refused() bool
}
