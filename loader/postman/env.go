package postman

import (
	"context"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
)

// maxSiblings bounds the environment files read beside one collection: a
// folder of thousands of JSON files must not be read once per collection.
const maxSiblings = 32

// variablesFile is an environment or globals file.
type variablesFile struct {
	d *document
	// scope is environment or globals.
	scope string
	name  string
	vars  []fileVar
}

type fileVar struct {
	key, value string
	secret     bool
	ptr        string
}

// readVariables reads the enabled values of an environment or globals file.
func readVariables(d *document) *variablesFile {
	root := node{v: d.root}
	f := &variablesFile{d: d, scope: root.get("_postman_variable_scope").text(), name: root.get("name").text()}
	if f.name == "" {
		f.name = strings.TrimSuffix(filepath.Base(d.file), ".json")
	}
	f.name = clip(f.name, 100)
	for _, v := range root.get("values").items() {
		if _, ok := v.object(); !ok {
			continue
		}
		if v.has("enabled") && !v.get("enabled").truthy() {
			continue
		}
		key := v.get("key").text()
		if key == "" {
			continue
		}
		val, _ := v.get("value").str()
		f.vars = append(f.vars, fileVar{key: key, value: val, secret: v.get("type").text() == "secret" || secretName(key), ptr: v.ptr})
	}
	return f
}

// origin names the file's scope in messages.
func (f *variablesFile) origin() string {
	if f.scope == "globals" {
		return "globals"
	}
	return "environment " + f.name
}

func (f *variablesFile) source() model.Source {
	return model.Source{Kind: model.KindPostman, File: f.d.file, Format: "json", Version: f.scope, Bytes: int64(f.d.doc.Size)}
}

// tokens lists the JWTs the file's values hold as literals; seen (when not
// nil) drops files already listed.
func (f *variablesFile) tokens(seen map[string]bool) []model.CommittedToken {
	if seen != nil {
		if seen[f.d.file] {
			return nil
		}
		seen[f.d.file] = true
	}
	var out []model.CommittedToken
	for _, v := range f.vars {
		if !isJWT(v.value) {
			continue
		}
		t := model.CommittedToken{
			Object:   model.Object{Ref: "committedToken:" + filepath.Base(f.d.file) + "#" + v.ptr, Loc: f.d.loc(v.ptr + "/value")},
			Where:    f.origin() + " value " + clip(v.key, 100),
			Variable: clip(v.key, 100),
		}
		decodeJWT(v.value, &t)
		out = append(out, t)
	}
	return out
}

// environments returns the environment and globals files a collection is
// checked with: the files named by flags, else the ones beside it.
func (l *Loader) environments(ctx context.Context, in *loader.Input) (envs []*variablesFile, globals []*variablesFile, problems []string) {
	for _, p := range l.opts.Environments {
		f, err := readFlagFile(ctx, p, in.MaxFileSize, "environment")
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		envs = append(envs, f)
	}
	if l.opts.Globals != "" {
		f, err := readFlagFile(ctx, l.opts.Globals, in.MaxFileSize, "globals")
		if err != nil {
			problems = append(problems, err.Error())
		} else {
			globals = append(globals, f)
		}
	}
	if len(l.opts.Environments) > 0 && l.opts.Globals != "" {
		return envs, globals, problems
	}
	sibEnvs, sibGlobals, sibProblems := siblings(ctx, in)
	problems = append(problems, sibProblems...)
	if len(l.opts.Environments) == 0 {
		envs = sibEnvs
	}
	if l.opts.Globals == "" {
		globals = sibGlobals
	}
	return envs, globals, problems
}

// readFlagFile reads a file the user named with a flag.
func readFlagFile(ctx context.Context, path string, limit int64, want string) (*variablesFile, error) {
	data, err := loader.ReadFile(ctx, path, limit)
	if err != nil {
		return nil, loader.AsError(path, err)
	}
	d, err := parse(path, data, nil)
	if err != nil {
		return nil, err
	}
	f := readVariables(d)
	if f.scope != want {
		return nil, loader.Errorf(path, "not a Postman %s file (its _postman_variable_scope is not %q)", want, want)
	}
	return f, nil
}

// siblingName reports whether a file beside a collection may be an
// environment or globals export (Postman names them NAME.postman_environment.json
// and NAME.postman_globals.json; projects often call them *env*.json).
func siblingName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".json") && (strings.Contains(n, "env") || strings.Contains(n, "globals"))
}

// siblings reads the environment and globals files in the collection's
// folder, inside the scan root.
func siblings(ctx context.Context, in *loader.Input) (envs, globals []*variablesFile, problems []string) {
	if in.Path == "-" || in.Path == "" {
		return nil, nil, nil
	}
	_, names, err := in.ListRelated(ctx, ".")
	if err != nil {
		return nil, nil, nil
	}
	self := filepath.Base(in.Path)
	slices.Sort(names)
	read := 0
	for _, n := range names {
		if n == self || !siblingName(n) {
			continue
		}
		if read == maxSiblings {
			problems = append(problems, "more than 32 files beside the collection look like environments; the others are not read (name the environments with --postman-env)")
			break
		}
		read++
		p, data, err := in.ReadRelated(ctx, n)
		if err != nil {
			// A file that cannot be read is reported by the walk, when it
			// is part of the scan.
			continue
		}
		doc, err := yamltree.Parse(data)
		if err != nil || !doc.JSON || !doc.IsMapping() {
			continue
		}
		scope, _ := doc.TopValue("_postman_variable_scope")
		if scope != "environment" && scope != "globals" {
			continue
		}
		d, err := decode(p, doc)
		if err != nil {
			continue
		}
		f := readVariables(d)
		if scope == "globals" {
			globals = append(globals, f)
		} else {
			envs = append(envs, f)
		}
	}
	return envs, globals, problems
}
