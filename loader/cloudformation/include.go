package cloudformation

import (
	"context"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

// include reads the OpenAPI document of an Fn::Transform AWS::Include whose
// Location is a local file (what `sam deploy` and `aws cloudformation
// package` upload). Anything else is unknown with the reason.
func (b *builder) include(ctx context.Context, t *template, arg any, ptr string) (map[string]any, *template, *model.Unknown) {
	expr := intrinsic.Render(map[string]any{"Fn::Transform": arg})
	m, _ := arg.(map[string]any)
	name, _ := m["Name"].(string)
	if name != "AWS::Include" {
		return nil, nil, &model.Unknown{Reason: "the body is produced by the " + cmpOr(name, "transform") + " macro at deployment", Expr: expr}
	}
	params, _ := m["Parameters"].(map[string]any)
	path, local := t.localPath(params["Location"])
	if !local {
		return nil, nil, &model.Unknown{Reason: "the body is included from S3 (AWS::Include) at deployment, which authlint does not read", Expr: expr}
	}
	view, doc := b.readView(ctx, t, path, ptr, "AWS::Include Location")
	if view == nil {
		return nil, nil, &model.Unknown{Reason: "the included document " + path + " cannot be read", Expr: expr}
	}
	return doc, view, nil
}

// readView reads another file the template names (an included or referenced
// OpenAPI document) and returns a template view of it: its own positions, the
// template's parameters and resources.
// label names the property that wrote the path, for messages.
func (b *builder) readView(ctx context.Context, t *template, path, ptr, label string) (*template, map[string]any) {
	data, err := b.files.Read(ctx, label+" "+t.written(path), path)
	if err != nil {
		if loader.IsOutside(err) {
			b.problem(t, ptr, "%v", err)
		} else {
			b.problem(t, ptr, "the OpenAPI document %s cannot be read: %v", path, err)
		}
		return nil, nil
	}
	doc, err := yamltree.Parse(data)
	if err != nil {
		b.problems = append(b.problems, loader.AsError(path, err).Error())
		return nil, nil
	}
	v, err := doc.Decode(yamltree.Options{CloudFormationTags: true, KeepUnknownTags: true})
	if err != nil {
		b.problems = append(b.problems, loader.AsError(path, err).Error())
		return nil, nil
	}
	body, ok := v.(map[string]any)
	if !ok {
		b.problem(t, ptr, "%s is not an OpenAPI document", path)
		return nil, nil
	}
	format := "yaml"
	if doc.JSON {
		format = "json"
	}
	if b.views[path] == nil {
		b.inv.Sources = append(b.inv.Sources, model.Source{Kind: model.KindOpenAPI, File: path, Format: format, Bytes: int64(doc.Size)})
	}
	view := &template{file: path, doc: doc, format: format, prefix: t.prefix, stack: t.stack, cdk: t.cdk,
		sam: t.sam, resources: t.resources, res: t.res, conditions: t.conditions}
	b.views[path] = view
	return view, body
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
