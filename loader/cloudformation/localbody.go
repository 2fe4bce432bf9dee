package cloudformation

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/cloudformation/origin"
)

// localPath returns the path of a local file named by a location property
// (a SAM DefinitionUri or a BodyS3Location that `aws cloudformation package`
// or `sam deploy` would upload), or false for S3 locations and intrinsics.
func (t *template) localPath(v any) (string, bool) {
	s, ok := t.res.Resolve(v).String()
	if !ok || s == "" || strings.Contains(s, "://") || strings.HasPrefix(s, "s3:") {
		return "", false
	}
	if filepath.IsAbs(s) {
		return s, true
	}
	return filepath.Join(filepath.Dir(t.file), s), true
}

// written is a local path as the template wrote it: relative to the
// template's folder (as localPath resolved it), or absolute.
func (t *template) written(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	if rel, err := filepath.Rel(filepath.Dir(t.file), path); err == nil {
		return rel
	}
	return path
}

// localBody reads an OpenAPI document the template names by a local path.
// The document's positions are its own file's; its intrinsics are evaluated
// with the template's parameters. It returns nil when the file cannot be read
// (the problem is recorded).
func (b *builder) localBody(ctx context.Context, t *template, path, ptr, apiRef, kind string) *model.RestAPI {
	view, body := b.readView(ctx, t, path, ptr, refKey(ptr))
	if view == nil {
		return nil
	}
	m := origin.New("")
	m.SubtreeIn("", view.file, "")
	norm := b.normalizeDoc(t, body, m)
	return b.buildBody(ctx, t, norm, m, apiRef, kind)
}

// unreadBody marks an API whose OpenAPI document authlint does not read.
func unreadBody(api *model.RestAPI, u *model.Unknown, loc model.Loc) {
	api.MethodsUnknown = u
	api.AuthorizersUnknown = u
	api.GatewayResponsesUnknown = u
	if api.ResourcePolicy == nil {
		api.ResourcePolicy = &model.Policy{Statements: []model.PolicyStatement{}, Unknown: u, Loc: loc}
	}
}
