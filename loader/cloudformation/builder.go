package cloudformation

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation/cdk"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

// Nested stack resource types.
const (
	typeStack                 = "AWS::CloudFormation::Stack"
	typeServerlessApplication = "AWS::Serverless::Application"
)

// builder fills one inventory from a template and its nested stacks.
type builder struct {
	ld       *Loader
	inv      *model.Inventory
	files    loader.Reader
	apis     map[string]*model.RestAPI
	apiOrder []string
	// httpAPIs are the HTTP APIs (API Gateway v2), in httpOrder.
	httpAPIs  map[string]*model.HTTPAPI
	httpOrder []string
	// byRef finds a resource of any template read by its full ref.
	byRef map[string]*owned
	// views are the other files read for bodies, by path.
	views    map[string]*template
	problems []string
	// openPools and allPoolsOpen say why pools are not Complete (see
	// completeness.go).
	openPools    map[string]string
	allPoolsOpen string
	// exported marks pools an exported output hands out; openOther counts
	// the other reasons each pool is open for.
	exported  map[string]bool
	openOther map[string]int
	// forks are this builder's own views of the templates, on a goroutine
	// that builds methods (parallel.go); nil on the loader's goroutine.
	forks map[*template]*template
}

type owned struct {
	t *template
	r *resource
}

func newBuilder(ld *Loader, inv *model.Inventory, files loader.Reader) *builder {
	return &builder{ld: ld, inv: inv, files: files, apis: map[string]*model.RestAPI{}, httpAPIs: map[string]*model.HTTPAPI{}, byRef: map[string]*owned{}, views: map[string]*template{}}
}

func (b *builder) problem(t *template, ptr, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	where := ""
	if t.prefix != "" {
		where = t.file + ":"
	}
	if p, ok := t.doc.KeyPos(ptr); ok && p.Line > 0 {
		msg = fmt.Sprintf("%sline %d: %s", where, p.Line, msg)
	} else if where != "" {
		msg = where + " " + msg
	}
	b.problems = append(b.problems, msg)
}

func (b *builder) addAPI(ref string, api *model.RestAPI) {
	if _, dup := b.apis[ref]; !dup {
		b.apiOrder = append(b.apiOrder, ref)
	}
	b.apis[ref] = api
}

// template adds one template (and, through nested stacks, its children).
func (b *builder) template(ctx context.Context, t *template, given map[string]givenParam, pseudo map[string]string, visiting map[string]bool) {
	t.setupResolver(given, pseudo)
	t.expandLoops()
	for _, msg := range t.issues {
		if t.prefix != "" {
			msg = t.file + ": " + msg
		}
		b.problems = append(b.problems, msg)
	}
	kind := model.KindCloudFormation
	switch {
	case t.cdk:
		kind = model.KindCDK
	case t.sam:
		kind = model.KindSAM
	}
	b.inv.Sources = append(b.inv.Sources, model.Source{Kind: kind, File: t.file, Format: t.format, Version: t.version, Bytes: int64(t.doc.Size)})

	live := make([]*resource, 0, len(t.order))
	if len(b.byRef) == 0 {
		b.byRef = make(map[string]*owned, len(t.order))
	}
	for _, id := range t.order {
		r := t.resources[id]
		if r.condition != "" {
			// A resource whose condition is known to be false is not deployed
			// with these parameters; under an unknown condition it may be.
			if v, known, _ := t.res.Condition(r.condition); known && !v {
				continue
			}
		}
		live = append(live, r)
		b.byRef[t.ref(r.id)] = &owned{t: t, r: r}
	}
	if t.sam || hasServerless(live) {
		b.serverless(ctx, t, live)
	}
	for _, r := range live {
		switch {
		case r.typ == typeRestAPI:
			b.addAPI(t.ref(r.id), b.restAPI(ctx, t, r))
		case r.typ == typeV2API && t.isWebSocket(r):
			// WebSocket APIs take no JWT authorizer: they are not read, which
			// --verbose says.
			where := ""
			if p, ok := t.doc.KeyPos(r.ptr); ok && p.Line > 0 {
				where = fmt.Sprintf("line %d: ", p.Line)
			}
			b.inv.Sources = append(b.inv.Sources, model.Source{Kind: kind, File: t.file,
				Unread: where + "the WebSocket API " + t.ref(r.id) + " is not read (its routes take no JWT authorizer)"})
		case r.typ == typeV2API:
			b.addHTTPAPI(t.ref(r.id), b.httpAPI(ctx, t, r))
		}
	}
	placed := b.placeMethods(t, live, b.reserveMethods(t, live))
	for _, r := range live {
		switch r.typ {
		case typeMethod:
			if !placed {
				b.method(t, r)
			}
		case typeAuthorizer:
			b.authorizer(t, r)
		case typeDeployment:
			b.deployment(t, r)
		case typeStage:
			b.stage(t, r)
		case typeGatewayResponse:
			b.gatewayResponse(t, r)
		case typeV2Route:
			b.route(t, r)
		case typeV2Authorizer:
			b.httpAuthorizer(t, r)
		case typeV2Stage:
			b.httpStage(t, r)
		case typeV2Deployment:
			b.httpDeployment(t, r)
		case typeV2Overrides:
			b.managedOverrides(t, r)
		case typeUserPool:
			b.userPool(t, r)
		case typeUserPoolClient:
			b.appClient(t, r)
		case typeUserPoolDomain:
			b.domain(t, r)
		case typeResourceServer:
			b.resourceServer(t, r)
		case typeStack, typeServerlessApplication:
			b.nested(ctx, t, r, pseudo, visiting)
		}
		b.suppressions(t, r)
	}
	b.openParts(t, live)
	b.exports(t)
}

// reserveMethods sizes each API's method list for the Method resources that
// add to it: appending tens of thousands of methods one by one copied the
// list over and over. It returns the API of each Method resource, in order.
func (b *builder) reserveMethods(t *template, live []*resource) []*model.RestAPI {
	var apis []*model.RestAPI
	counts := map[*model.RestAPI]int{}
	for _, r := range live {
		if r.typ == typeMethod {
			api := b.apiFor(t, r)
			apis = append(apis, api)
			counts[api]++
		}
	}
	for api, n := range counts {
		api.Methods = slices.Grow(api.Methods, n)
	}
	return apis
}

func hasServerless(rs []*resource) bool {
	for _, r := range rs {
		if strings.HasPrefix(r.typ, "AWS::Serverless::") {
			return true
		}
	}
	return false
}

// finish moves the APIs into the inventory and decides which pools are
// complete.
func (b *builder) finish() {
	b.closePools()
	for _, ref := range b.apiOrder {
		b.inv.RestAPIs = append(b.inv.RestAPIs, *b.apis[ref])
	}
	for _, ref := range b.httpOrder {
		b.inv.HTTPAPIs = append(b.inv.HTTPAPIs, *b.httpAPIs[ref])
	}
}

// cdkContext records the feature flags of the CDK app around a template.
func (b *builder) cdkContext(ctx context.Context, file string) {
	app := &model.CDKApp{FeatureFlags: map[string]bool{}}
	c, err := cdk.FindContext(ctx, filepath.Dir(file), func(ctx context.Context, path string) ([]byte, error) {
		return b.files.Read(ctx, path, path)
	})
	switch {
	case err != nil:
		app.ContextUnknown = &model.Unknown{Reason: "cdk.json could not be read: " + err.Error()}
		b.problems = append(b.problems, err.Error())
	case c == nil:
		app.ContextUnknown = &model.Unknown{Reason: "no cdk.json was found next to the cloud assembly or in the folders above it"}
	default:
		app.ContextFile = c.File
		app.FeatureFlags = c.Flags
		app.Loc = model.Loc{File: c.File, Line: 1, Column: 1}
	}
	b.inv.CDK = app
}

// unreadStack marks the APIs a nested stack that is not read receives as
// parameters: that stack may add methods, authorizers, deployments and stages
// to them.
func (b *builder) unreadStack(t *template, r *resource, where string) {
	ps, _ := t.prop(r.props, "Parameters")
	m, _ := ps.(map[string]any)
	for _, k := range sortedKeys(m) {
		res := t.res.Resolve(m[k])
		for _, p := range res.Parts {
			if p.Ref == nil {
				continue
			}
			if hapi := b.httpAPIs[t.refOf(p.Ref)]; hapi != nil {
				httpAPIUnknowns(hapi, &model.Unknown{Reason: "the nested stack " + r.id + " receives this API and its template is not read", Expr: where})
				continue
			}
			if p.Ref.Type != typeRestAPI && p.Ref.Type != typeServerlessAPI {
				continue
			}
			api := b.apis[t.refOf(p.Ref)]
			if api == nil {
				continue
			}
			u := &model.Unknown{Reason: "the nested stack " + r.id + " receives this API and its template is not read", Expr: where}
			api.MethodsUnknown = orUnknown(api.MethodsUnknown, u)
			api.AuthorizersUnknown = orUnknown(api.AuthorizersUnknown, u)
			api.StagesUnknown = orUnknown(api.StagesUnknown, u)
			api.DeploymentsUnknown = orUnknown(api.DeploymentsUnknown, u)
			api.GatewayResponsesUnknown = orUnknown(api.GatewayResponsesUnknown, u)
		}
	}
}

func orUnknown(cur, u *model.Unknown) *model.Unknown {
	if cur != nil {
		return cur
	}
	return u
}

// absolute rewrites the references of a result to full refs, for a child
// stack that receives it as a parameter.
func absolute(t *template, res intrinsic.Result) *intrinsic.Result {
	out := res
	out.Parts = make([]intrinsic.Part, len(res.Parts))
	for i, p := range res.Parts {
		if p.Ref != nil {
			r := *p.Ref
			r.LogicalID, r.Abs = t.refOf(p.Ref), true
			p.Ref = &r
		}
		out.Parts[i] = p
	}
	return &out
}

// nested follows a nested stack whose template is a local file
// (AWS::CloudFormation::Stack TemplateURL, CDK's aws:asset:path metadata,
// AWS::Serverless::Application Location). Remote templates are not read.
func (b *builder) nested(ctx context.Context, t *template, r *resource, pseudo map[string]string, visiting map[string]bool) {
	var (
		rel string
		ptr string
	)
	if p, ok := r.meta["aws:asset:path"].(string); ok && strings.HasSuffix(p, ".json") {
		rel, ptr = p, r.ptr+"/Metadata/aws:asset:path"
	} else {
		key := "TemplateURL"
		if r.typ == typeServerlessApplication {
			key = "Location"
		}
		v, ok := t.prop(r.props, key)
		if !ok {
			return
		}
		s, known := t.res.Resolve(v).String()
		if !known || strings.Contains(s, "://") || strings.HasPrefix(s, "s3:") {
			// A template in S3 or behind an intrinsic is not read.
			b.unreadStack(t, r, intrinsic.Render(v))
			b.unreadPools(t, r, "its template is "+intrinsic.Render(v))
			return
		}
		rel, ptr = s, r.propPtr(key)
	}
	if err := ctx.Err(); err != nil {
		return
	}
	path := rel
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(t.file), rel)
	}
	abs := absPath(path)
	if visiting[abs] {
		b.problem(t, ptr, "nested stack %s includes %s, which is already being loaded (a cycle); it is not followed again", r.id, rel)
		return
	}
	data, err := b.files.Read(ctx, rel, path)
	if err != nil {
		b.problem(t, ptr, "nested stack %s: %s %v", r.id, refKey(ptr), err)
		b.unreadPools(t, r, "its template cannot be read")
		return
	}
	doc, err := yamltree.Parse(data)
	if err != nil {
		b.problems = append(b.problems, loader.AsError(path, err).Error())
		b.unreadPools(t, r, "its template cannot be read")
		return
	}
	child, err := parseTemplate(path, doc)
	if err != nil {
		b.problems = append(b.problems, path+": "+err.Error())
		b.unreadPools(t, r, "its template cannot be read")
		return
	}
	child.prefix = t.ref(r.id) + "/"
	child.stack = r.id
	child.cdk = child.cdk || t.cdk
	given := map[string]givenParam{}
	if ps, ok := t.prop(r.props, "Parameters"); ok {
		if m, ok := ps.(map[string]any); ok {
			for k, v := range m {
				res := t.res.Resolve(v)
				if s, ok := res.String(); ok {
					given[k] = givenParam{value: s}
					continue
				}
				if res.Kind == intrinsic.Parts {
					given[k] = givenParam{result: absolute(t, res)}
					continue
				}
				if l, ok := res.Value.([]any); ok && res.Kind == intrinsic.Known {
					given[k] = givenParam{value: l}
					continue
				}
				u := res.AsUnknown(intrinsic.Render(v))
				if u == nil {
					u = &model.Unknown{Reason: "the parent passes " + describe(v)}
				}
				u.Reason = "passed by the parent stack " + t.ref(r.id) + ": " + u.Reason
				given[k] = givenParam{unknown: u}
			}
		}
	}
	childPseudo := map[string]string{}
	for k, v := range pseudo {
		if k != "AWS::StackName" && k != "AWS::StackId" {
			childPseudo[k] = v
		}
	}
	next := make(map[string]bool, len(visiting)+1)
	for k := range visiting {
		next[k] = true
	}
	next[abs] = true
	b.template(ctx, child, given, childPseudo, next)
}

// refKey names the property a reference was read from (TemplateURL,
// Location, aws:asset:path), the last segment of its pointer.
func refKey(ptr string) string {
	if i := strings.LastIndex(ptr, "/"); i >= 0 {
		return strings.ReplaceAll(strings.ReplaceAll(ptr[i+1:], "~1", "/"), "~0", "~")
	}
	return ptr
}
