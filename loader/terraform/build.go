package terraform

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/internal/apigw"
	"github.com/authlint/authlint/loader/openapi"
)

// builder turns resource instances into the model.
type builder struct {
	ctx context.Context
	inv *model.Inventory
	pr  *problems
	// byAddr finds an instance by its address; byResource the instances of
	// a resource (for references that name the resource without a key).
	byAddr     map[string]*instance
	byResource map[string][]*instance
	apis       map[string]*model.RestAPI
	apiOrder   []string
	http       httpAPIs
	// methods finds a method by API ref, resource target and verb.
	methods map[string]*methodAt
	unread  []refMark
	// declared are resource addresses the configuration declares (nil for
	// plans, which list every instance).
	declared map[string]bool
	// partial is set when one file of a module was read alone: a resource
	// it does not declare may be declared in another file.
	partial bool
}

type methodAt struct {
	api *model.RestAPI
	i   int
}

func newBuilder(ctx context.Context, inv *model.Inventory, pr *problems) *builder {
	return &builder{ctx: ctx, inv: inv, pr: pr, byAddr: map[string]*instance{}, byResource: map[string][]*instance{},
		apis: map[string]*model.RestAPI{}, methods: map[string]*methodAt{}}
}

func (b *builder) build(insts []*instance) {
	for _, in := range insts {
		b.byAddr[in.addr] = in
		b.byResource[in.resource] = append(b.byResource[in.resource], in)
	}
	pass := func(typ string, fn func(*instance)) {
		for _, in := range insts {
			if in.typ == typ {
				fn(in)
			}
		}
	}
	pass(tUserPool, b.userPool)
	pass(tUserPoolClient, b.appClient)
	pass(tUserPoolDomain, b.domain)
	pass(tResourceServer, b.resourceServer)
	pass(tRestAPI, b.restAPI)
	pass(tMethod, b.method)
	pass(tAuthorizer, b.authorizer)
	pass(tIntegration, b.integration)
	pass(tIntegrationResp, b.integrationResponse)
	pass(tDeployment, b.deployment)
	pass(tStage, b.stage)
	pass(tRestAPIPolicy, b.restAPIPolicy)
	pass(tGatewayResponse, b.gatewayResponse)
	for _, ref := range b.apiOrder {
		b.inv.RestAPIs = append(b.inv.RestAPIs, *b.apis[ref])
	}
	b.buildHTTP(insts)
}

func (b *builder) object(in *instance) model.Object {
	return model.Object{Ref: in.addr, Loc: in.loc, LogicalID: in.addr, InstancesUnknown: in.instancesUnknown}
}

// value returns an attribute's value without marks and whether it is set
// (not null).
func value(in *instance, name string) (cty.Value, *attr, bool) {
	a := in.attrs[name]
	if a == nil {
		return cty.NilVal, nil, false
	}
	v, _ := a.val.Unmark()
	if v.IsKnown() && v.IsNull() {
		return v, a, false
	}
	return v, a, true
}

// scalar renders a known scalar as text.
func scalar(v cty.Value) (string, bool) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Bool:
		if v.True() {
			return "true", true
		}
		return "false", true
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	}
	return "", false
}

func (b *builder) strOf(v cty.Value, marked cty.Value, loc model.Loc, expr string) model.String {
	if s, ok := scalar(v); ok {
		return model.Known(s, loc)
	}
	if v.IsKnown() {
		return model.UnknownString(model.Unknown{Reason: "expected a text value, found " + v.Type().FriendlyName(), Expr: expr}, loc)
	}
	return model.UnknownString(*unknownOf(marked, expr), loc)
}

func (b *builder) str(in *instance, name string) *model.String {
	v, a, ok := value(in, name)
	if !ok {
		return nil
	}
	s := b.strOf(v, a.val, a.loc, a.expr)
	return &s
}

func (b *builder) boolean(in *instance, name string) *model.Bool {
	v, a, ok := value(in, name)
	if !ok {
		return nil
	}
	if v.IsKnown() && v.Type() == cty.Bool {
		bv := model.KnownBool(v.True(), a.loc)
		return &bv
	}
	if s, ok := scalar(v); ok && (s == "true" || s == "false") {
		bv := model.KnownBool(s == "true", a.loc)
		return &bv
	}
	return &model.Bool{Unknown: unknownOf(a.val, a.expr), Loc: a.loc}
}

func (b *builder) integer(in *instance, name string) *model.Int {
	v, a, ok := value(in, name)
	if !ok {
		return nil
	}
	if v.IsKnown() && v.Type() == cty.Number {
		if i, acc := v.AsBigFloat().Int64(); acc == big.Exact {
			iv := model.KnownInt(i, a.loc)
			return &iv
		}
	}
	return &model.Int{Unknown: unknownOf(a.val, a.expr), Loc: a.loc}
}

// list reads a list or set of strings. Elements written as a list keep
// their own positions.
func (b *builder) list(in *instance, name string) *model.Strings {
	return b.listAttr(in.attrs[name])
}

// listAttr reads an attribute (of a resource or a nested block) as a list of
// strings; nil when it is not set.
func (b *builder) listAttr(a *attr) *model.Strings {
	if a == nil {
		return nil
	}
	v, _ := a.val.Unmark()
	if v.IsKnown() && v.IsNull() {
		return nil
	}
	out := model.Strings{Items: []model.String{}, Loc: a.loc}
	if !v.IsKnown() {
		out.Unknown = unknownOf(a.val, a.expr)
		return &out
	}
	ty := v.Type()
	if !ty.IsListType() && !ty.IsSetType() && !ty.IsTupleType() {
		out.Items = append(out.Items, b.strOf(v, a.val, a.loc, a.expr))
		return &out
	}
	ordered := !ty.IsSetType() && len(a.items) == v.LengthInt()
	i := 0
	for _, kv := range elems(a.val) {
		e := kv[1]
		loc := a.loc
		if ordered {
			loc = a.items[i]
		}
		ev, _ := e.Unmark()
		out.Items = append(out.Items, b.strOf(ev, e, loc, ""))
		i++
	}
	return &out
}

// linkTo turns the references a value carries into a link to an object of
// one of the given types.
func (b *builder) linkTo(v cty.Value, loc model.Loc, types ...string) *model.Link {
	var targets []string
	var missing string
	for _, r := range refsOf(v) {
		typ := typeOfAddr(r.Addr)
		if !slices.Contains(types, typ) {
			continue
		}
		if in := b.byAddr[r.Addr]; in != nil {
			targets = append(targets, in.addr)
			continue
		}
		if ins := b.byResource[r.Addr]; len(ins) == 1 {
			targets = append(targets, ins[0].addr)
			continue
		} else if len(ins) > 1 {
			return &model.Link{Unknown: &model.Unknown{Reason: fmt.Sprintf("%s has %d instances; which one is meant is not known statically", r.Addr, len(ins)), Expr: r.Addr}, Loc: loc}
		}
		if b.declared[r.Addr] || b.declared[baseAddr(r.Addr)] {
			return &model.Link{Unknown: &model.Unknown{Reason: r.Addr + " has no instances with the values authlint knows", Expr: r.Addr}, Loc: loc}
		}
		missing = r.Addr
	}
	targets = dedupe(targets)
	switch {
	case len(targets) == 1:
		return &model.Link{Target: targets[0], Loc: loc}
	case len(targets) > 1:
		return &model.Link{Unknown: &model.Unknown{Reason: "one of " + strings.Join(targets, ", ") + ", chosen by a condition", Expr: strings.Join(targets, " | ")}, Loc: loc}
	case missing != "" && b.partial:
		return &model.Link{Unknown: &model.Unknown{Reason: missing + " may be declared in another file of the module, which was not read (scan the folder to read the whole module)", Expr: missing}, Loc: loc}
	case missing != "":
		return &model.Link{Missing: &model.Missing{Name: missing, Reason: "the configuration declares no resource " + missing}, Loc: loc}
	}
	raw, _ := v.UnmarkDeep()
	if s, ok := scalar(raw); ok {
		return &model.Link{Unknown: &model.Unknown{Reason: "a literal id of an object outside this configuration", Expr: s}, Loc: loc}
	}
	return &model.Link{Unknown: unknownOf(v, ""), Loc: loc}
}

// elems lists the keys and elements of a collection, each element
// carrying the collection's own marks (iterating a marked value panics).
func elems(v cty.Value) [][2]cty.Value {
	u, marks := v.Unmark()
	if !u.IsKnown() || u.IsNull() || !u.CanIterateElements() {
		return nil
	}
	out := make([][2]cty.Value, 0, u.LengthInt())
	for it := u.ElementIterator(); it.Next(); {
		k, e := it.Element()
		out = append(out, [2]cty.Value{k, e.WithMarks(marks)})
	}
	return out
}

// baseAddr strips the instance key of an address's last resource.
func baseAddr(addr string) string {
	if strings.HasSuffix(addr, "]") {
		if i := strings.LastIndexByte(addr, '['); i > 0 {
			return addr[:i]
		}
	}
	return addr
}

// typeOfAddr returns the resource type of an instance address
// (module.a.aws_x.y["k"] → aws_x).
func typeOfAddr(addr string) string {
	parts := strings.Split(addr, ".")
	for i := 0; i < len(parts); i++ {
		if parts[i] == "module" {
			i++
			continue
		}
		if parts[i] == "data" {
			return ""
		}
		return parts[i]
	}
	return ""
}

func dedupe(l []string) []string {
	sort.Strings(l)
	out := l[:0]
	for i, s := range l {
		if i == 0 || s != l[i-1] {
			out = append(out, s)
		}
	}
	return out
}

func (b *builder) link(in *instance, name string, types ...string) *model.Link {
	_, a, ok := value(in, name)
	if !ok {
		// Unset, or null (a conditional's other branch still leaves its
		// marks on the null).
		return nil
	}
	return b.linkTo(a.val, a.loc, types...)
}

// apiFor finds the API a child resource belongs to (its rest_api_id).
func (b *builder) apiFor(in *instance) *model.RestAPI {
	l := b.link(in, "rest_api_id", tRestAPI)
	if l != nil && l.Target != "" {
		if api := b.apis[l.Target]; api != nil {
			return api
		}
	}
	reason, expr := "the resource names no rest_api_id", ""
	if l != nil {
		switch {
		case l.Unknown != nil:
			reason, expr = "the REST API is defined outside this configuration ("+l.Unknown.Reason+")", l.Unknown.Expr
		case l.Missing != nil:
			reason, expr = "rest_api_id refers to "+l.Missing.Name+", which the configuration does not declare", l.Missing.Name
		}
	}
	return b.external(in, expr, reason)
}

func (b *builder) external(in *instance, expr, reason string) *model.RestAPI {
	key := "external:" + expr
	if expr == "" {
		key = "external:" + reason
	}
	if api := b.apis[key]; api != nil {
		return api
	}
	u := &model.Unknown{Reason: reason, Expr: expr}
	api := &model.RestAPI{
		Object:                  model.Object{Ref: key, Loc: model.Loc{File: in.loc.File}},
		Origin:                  model.KindTerraform,
		ID:                      &model.String{Unknown: u},
		MethodsUnknown:          u,
		AuthorizersUnknown:      u,
		StagesUnknown:           u,
		DeploymentsUnknown:      u,
		GatewayResponsesUnknown: u,
	}
	b.addAPI(key, api)
	return api
}

func (b *builder) addAPI(ref string, api *model.RestAPI) {
	if _, dup := b.apis[ref]; !dup {
		b.apiOrder = append(b.apiOrder, ref)
	}
	b.apis[ref] = api
}

// restAPI builds an aws_api_gateway_rest_api, with its OpenAPI body.
func (b *builder) restAPI(in *instance) {
	obj := b.object(in)
	api := &model.RestAPI{}
	if v, a, ok := value(in, "body"); ok {
		api = b.body(in, v, a, obj.Ref)
	}
	api.Object = obj
	api.Origin = model.KindTerraform
	if n := b.str(in, "name"); n != nil {
		api.Name = n
	}
	api.ID = &model.String{Unknown: &model.Unknown{Reason: "the API id is assigned when Terraform creates the API", Expr: in.addr + ".id"}, Loc: in.loc}
	if _, a, ok := value(in, "policy"); ok {
		api.ResourcePolicy = b.policy(a)
	}
	api.DisableExecuteAPIEndpoint = b.boolean(in, "disable_execute_api_endpoint")
	api.APIKeySource = b.str(in, "api_key_source")
	switch et := b.endpointType(in); {
	case et != nil:
		api.EndpointType = et
	case api.EndpointType == nil:
		edge := model.Known(apigw.EndpointEdge, in.loc)
		api.EndpointType = &edge
	}
	b.addAPI(obj.Ref, api)
}

// endpointType reads the endpoint_configuration block's types; nil without
// the block (the caller falls back on the body, then on EDGE, the
// provider's default), unknown when a dynamic block may add it.
func (b *builder) endpointType(in *instance) *model.String {
	blocks := in.blocks["endpoint_configuration"]
	if len(blocks) == 0 {
		if in.scopesUnknown == nil {
			return nil
		}
		s := model.UnknownString(*in.scopesUnknown, in.loc)
		return &s
	}
	types := b.listAttr(blocks[0].attrs["types"])
	if types == nil {
		s := model.Known(apigw.EndpointEdge, blocks[0].loc)
		return &s
	}
	return apigw.EndpointType(*types)
}

// body reads an OpenAPI body: a jsonencode({...}) expression (positions map
// back into the .tf file), or text (a heredoc, file(), templatefile()).
func (b *builder) body(in *instance, v cty.Value, a *attr, apiRef string) *model.RestAPI {
	m, env, u := b.bodyDoc(in, v, a)
	if u != nil {
		return &model.RestAPI{MethodsUnknown: u, AuthorizersUnknown: u, GatewayResponsesUnknown: u}
	}
	res, err := safeRead(b.ctx, m, env, openapi.Options{APIRef: apiRef, Origin: model.KindTerraform})
	if err != nil {
		b.pr.add("%s:%d:%d: %s: the OpenAPI body could not be read: %v", a.loc.File, a.loc.Line, a.loc.Column, in.addr, err)
		u := &model.Unknown{Reason: "the OpenAPI body could not be read"}
		return &model.RestAPI{MethodsUnknown: u, AuthorizersUnknown: u, GatewayResponsesUnknown: u}
	}
	if res == nil || res.API == nil {
		return &model.RestAPI{}
	}
	b.inv.Suppressions = append(b.inv.Suppressions, res.Suppressions...)
	return res.API
}

// bodyDoc decodes an OpenAPI body attribute; the Unknown says why it cannot
// be read (then the document is nil).
func (b *builder) bodyDoc(in *instance, v cty.Value, a *attr) (map[string]any, *docEnv, *model.Unknown) {
	env := &docEnv{b: b, at: a.loc}
	var doc any
	switch {
	case a.jsonBody != nil:
		env.m = a.jsonBody
		doc = goValue(a.jsonBody.arg, 0)
	case v.IsKnown() && v.Type() == cty.String:
		ydoc, err := yamltree.Parse([]byte(v.AsString()))
		if err != nil {
			b.pr.add("%s:%d:%d: %s: the OpenAPI body is not valid JSON or YAML", a.loc.File, a.loc.Line, a.loc.Column, in.addr)
			return nil, nil, &model.Unknown{Reason: "the body is text that is not valid JSON or YAML"}
		}
		d, err := ydoc.Decode(yamltree.Options{})
		if err != nil {
			return nil, nil, &model.Unknown{Reason: "the body text cannot be decoded"}
		}
		doc = d
		env.text, env.textFile = ydoc, a.loc.File
		if a.heredoc {
			// The text starts on the line after <<EOF.
			env.textLine0 = a.hexpr.Range().Start.Line
		} else {
			env.text = nil
		}
	default:
		u := unknownOf(a.val, a.expr)
		u.Reason = "the OpenAPI body is not known statically: " + u.Reason
		return nil, nil, u
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, nil, &model.Unknown{Reason: "the body is " + apigw.Describe(doc) + ", not an OpenAPI object"}
	}
	return m, env, nil
}

func safeRead(ctx context.Context, doc map[string]any, env openapi.Env, opts openapi.Options) (res *openapi.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error in the OpenAPI reader: %v", r)
		}
	}()
	return openapi.Read(ctx, doc, env, opts)
}

// policy reads a resource policy: jsonencode({...}) keeps positions;
// text is parsed as JSON.
func (b *builder) policy(a *attr) *model.Policy {
	env := &docEnv{b: b, at: a.loc}
	if a.jsonBody != nil {
		env.m = a.jsonBody
		return apigw.Policy(goValue(a.jsonBody.arg, 0), "", env)
	}
	v, _ := a.val.Unmark()
	if v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		return apigw.Policy(v.AsString(), "", env)
	}
	return &model.Policy{Statements: []model.PolicyStatement{}, Unknown: unknownOf(a.val, a.expr), Loc: a.loc}
}

// resourcePath computes the path of an aws_api_gateway_resource (or of
// the API root through root_resource_id).
func (b *builder) resourcePath(v cty.Value, depth int) (string, *model.Unknown) {
	if depth > 64 {
		return "", &model.Unknown{Reason: "the resources' parent_id chain is too long or loops"}
	}
	for _, r := range refsOf(v) {
		if r.Attr == "root_resource_id" && typeOfAddr(r.Addr) == tRestAPI {
			return "/", nil
		}
	}
	l := b.linkTo(v, model.Loc{}, tResource)
	if l.Target == "" {
		if l.Missing != nil {
			return "", &model.Unknown{Reason: "it refers to " + l.Missing.Name + ", which the configuration does not declare", Expr: l.Missing.Name}
		}
		return "", l.Unknown
	}
	res := b.byAddr[l.Target]
	pv, pa, ok := value(res, "parent_id")
	if !ok {
		return "", &model.Unknown{Reason: res.addr + " has no parent_id"}
	}
	_ = pv
	parent, u := b.resourcePath(pa.val, depth+1)
	if u != nil {
		return "", u
	}
	partV, partA, ok := value(res, "path_part")
	if !ok {
		return "", &model.Unknown{Reason: res.addr + " has no path_part"}
	}
	part, known := scalar(partV)
	if !known {
		return "", unknownOf(partA.val, partA.expr)
	}
	if parent == "/" {
		return "/" + part, nil
	}
	return parent + "/" + part, nil
}

// method builds an aws_api_gateway_method.
func (b *builder) method(in *instance) {
	api := b.apiFor(in)
	m := model.Method{Object: b.object(in)}
	loc := m.Loc
	resTarget := ""
	if _, a, ok := value(in, "resource_id"); ok {
		path, u := b.resourcePath(a.val, 0)
		if u != nil {
			m.Path = model.UnknownString(*u, a.loc)
		} else {
			m.Path = model.Known(path, a.loc)
		}
		resTarget = resourceKey(b, a.val)
	} else {
		m.Path = model.UnknownString(model.Unknown{Reason: "the method has no resource_id"}, loc)
	}
	if s := b.str(in, "http_method"); s != nil {
		m.HTTPMethod = *s
		if v, ok := s.Get(); ok {
			m.HTTPMethod = model.Known(strings.ToUpper(v), s.Loc)
		}
	} else {
		m.HTTPMethod = model.UnknownString(model.Unknown{Reason: "the method has no http_method"}, loc)
	}
	if s := b.str(in, "authorization"); s != nil {
		m.AuthDeclared = true
		m.AuthorizationType = *s
		if v, ok := s.Get(); ok {
			m.AuthorizationType = model.Known(apigw.AuthorizationType(v), s.Loc)
		}
	} else {
		m.AuthorizationType = model.Known("NONE", loc)
	}
	m.Authorizer = b.link(in, "authorizer_id", tAuthorizer)
	if l := b.list(in, "authorization_scopes"); l != nil {
		m.AuthorizationScopes = *l
	} else {
		m.AuthorizationScopes = model.Strings{Items: []model.String{}, Loc: loc}
	}
	if bv := b.boolean(in, "api_key_required"); bv != nil {
		m.APIKeyRequired = *bv
	} else {
		m.APIKeyRequired = model.KnownBool(false, loc)
	}
	api.Methods = append(api.Methods, m)
	verb, _ := m.HTTPMethod.Get()
	b.methods[api.Ref+"|"+resTarget+"|"+verb] = &methodAt{api: api, i: len(api.Methods) - 1}
	b.methods["addr|"+in.addr] = b.methods[api.Ref+"|"+resTarget+"|"+verb]
}

// resourceKey names the API resource a resource_id points at, for matching
// a method with its integration.
func resourceKey(b *builder, v cty.Value) string {
	for _, r := range refsOf(v) {
		if r.Attr == "root_resource_id" {
			return "root:" + r.Addr
		}
	}
	if l := b.linkTo(v, model.Loc{}, tResource); l.Target != "" {
		return l.Target
	}
	raw, _ := v.UnmarkDeep()
	if s, ok := scalar(raw); ok {
		return "literal:" + s
	}
	return ""
}

// methodOf finds the method an integration (or response) belongs to.
func (b *builder) methodOf(in *instance) *model.Method {
	if _, a, ok := value(in, "http_method"); ok {
		if l := b.linkTo(a.val, model.Loc{}, tMethod); l.Target != "" {
			if at := b.methods["addr|"+l.Target]; at != nil {
				return &at.api.Methods[at.i]
			}
		}
	}
	api := b.apiFor(in)
	_, ra, ok := value(in, "resource_id")
	if !ok {
		return nil
	}
	verb := ""
	if s := b.str(in, "http_method"); s != nil {
		verb, _ = s.Get()
	}
	if at := b.methods[api.Ref+"|"+resourceKey(b, ra.val)+"|"+strings.ToUpper(verb)]; at != nil {
		return &at.api.Methods[at.i]
	}
	return nil
}

func (b *builder) integration(in *instance) {
	m := b.methodOf(in)
	if m == nil {
		return
	}
	out := &model.Integration{Loc: in.loc}
	if s := b.str(in, "type"); s != nil {
		if v, ok := s.Get(); ok {
			*s = model.Known(strings.ToUpper(v), s.Loc)
		}
		out.Type = s
	}
	out.URI = b.str(in, "uri")
	m.Integration = out
	verb, _ := m.HTTPMethod.Get()
	if out.Type != nil && m.CORS == nil {
		typ, _ := out.Type.Get()
		if (typ == "AWS_PROXY" || typ == "HTTP_PROXY") && verb == "OPTIONS" {
			m.CORS = &model.CORSHeaders{Unknown: &model.Unknown{Reason: "a proxy integration: the headers come from the backend"}, Loc: out.Loc}
		}
	}
}

// integrationResponse reads the CORS headers an integration response sets.
func (b *builder) integrationResponse(in *instance) {
	m := b.methodOf(in)
	if m == nil {
		return
	}
	_, a, ok := value(in, "response_parameters")
	if !ok {
		return
	}
	headers, _ := apigw.Headers(goValue(a.val, 0), "", apigw.MethodHeaderPrefix, b.mapEnv(a))
	if c := apigw.CORS(headers, a.loc); c != nil && (m.CORS == nil || m.CORS.Unknown != nil) {
		m.CORS = c
	}
}

// mapEnv positions the entries of a map attribute at their keys.
func (b *builder) mapEnv(a *attr) *docEnv {
	m := &bodyMap{locs: map[string]model.Loc{"": a.loc}, keys: map[string]model.Loc{}}
	for k, l := range a.keys {
		m.locs[apigw.Ptr("", k)] = l
		m.keys[apigw.Ptr("", k)] = l
	}
	return &docEnv{b: b, at: a.loc, m: m}
}

// authorizer builds an aws_api_gateway_authorizer; type defaults to TOKEN.
func (b *builder) authorizer(in *instance) {
	api := b.apiFor(in)
	a := model.Authorizer{Object: b.object(in), Name: b.str(in, "name")}
	if s := b.str(in, "type"); s != nil {
		a.Type = *s
		if v, ok := s.Get(); ok {
			a.Type = model.Known(apigw.AuthorizerType(v), s.Loc)
		}
	} else {
		a.Type = model.Known("TOKEN", a.Loc)
	}
	a.ProviderARNs = model.ProviderARNs{Items: []model.ProviderARN{}, Loc: a.Loc}
	if v, at, ok := value(in, "provider_arns"); ok {
		a.ProviderARNs.Loc = at.loc
		switch {
		case !v.IsKnown():
			a.ProviderARNs.Unknown = unknownOf(at.val, at.expr)
		case v.CanIterateElements():
			ordered := !v.Type().IsSetType() && len(at.items) == v.LengthInt()
			i := 0
			for _, kv := range elems(at.val) {
				e := kv[1]
				loc := at.loc
				if ordered {
					loc = at.items[i]
				}
				ev, _ := e.Unmark()
				p := model.ProviderARN{ARN: b.strOf(ev, e, loc, ""), Loc: loc}
				if !ev.IsKnown() {
					p.UserPool = b.linkTo(e, loc, tUserPool)
				}
				a.ProviderARNs.Items = append(a.ProviderARNs.Items, p)
				i++
			}
		default:
			a.ProviderARNs.Unknown = &model.Unknown{Reason: "provider_arns is not a list", Expr: at.expr}
		}
	}
	a.IdentitySource = b.str(in, "identity_source")
	a.IdentityValidationExpression = b.str(in, "identity_validation_expression")
	a.ResultTTLSeconds = b.integer(in, "authorizer_result_ttl_in_seconds")
	api.Authorizers = append(api.Authorizers, a)
}

// deployment builds an aws_api_gateway_deployment. It redeploys when the
// API changes only through triggers (or an equivalent that replaces it).
func (b *builder) deployment(in *instance) {
	api := b.apiFor(in)
	d := model.Deployment{Object: b.object(in), ManagedBy: model.KindTerraform, Triggers: []string{}}
	deps := map[string]bool{}
	for _, dep := range in.dependsOn {
		deps[dep] = true
		for _, inst := range b.byResource[dep] {
			deps[inst.addr] = true
		}
	}
	// References are dependencies too: Terraform creates what a deployment
	// refers to (in triggers, say) before the deployment, and what those
	// refer to before them (an integration's method).
	queue := make([]*instance, 0, len(deps))
	add := func(addr string) {
		deps[addr] = true
		if inst := b.byAddr[addr]; inst != nil {
			deps[inst.resource] = true
			queue = append(queue, inst)
		}
		queue = append(queue, b.byResource[addr]...)
	}
	for _, a := range in.attrs {
		for _, r := range refsOf(a.val) {
			add(r.Addr)
		}
	}
	for _, dep := range in.dependsOn {
		queue = append(queue, b.byResource[dep]...)
	}
	seen := map[*instance]bool{in: true}
	for len(queue) > 0 && len(seen) < 10000 {
		inst := queue[0]
		queue = queue[1:]
		if seen[inst] {
			continue
		}
		seen[inst] = true
		for _, a := range inst.attrs {
			for _, r := range refsOf(a.val) {
				if !deps[r.Addr] {
					add(r.Addr)
				}
			}
		}
		for _, d := range inst.dependsOn {
			if !deps[d] {
				add(d)
			}
		}
	}
	for dep := range deps {
		d.DependsOn = append(d.DependsOn, dep)
	}
	sort.Strings(d.DependsOn)
	redeploys := b.redeploys(in, &d)
	d.RedeploysOnChange = redeploys
	d.StageName = b.str(in, "stage_name")
	api.Deployments = append(api.Deployments, d)
	if d.StageName != nil {
		st := model.Stage{
			Object:     model.Object{Ref: d.Ref + "/stage", Loc: d.StageName.Loc, LogicalID: in.addr},
			Name:       d.StageName,
			Deployment: &model.Link{Target: d.Ref, Loc: d.StageName.Loc},
			Variables:  []model.StageVariable{},
		}
		if _, a, ok := value(in, "variables"); ok {
			st.Variables, st.VariablesUnknown = b.stageVariables(a)
		}
		api.Stages = append(api.Stages, st)
	}
}

// redeploys decides RedeploysOnChange: triggers with entries, or
// lifecycle.replace_triggered_by, replace the deployment when they change;
// a description that is not known statically (timestamp()) may too.
func (b *builder) redeploys(in *instance, d *model.Deployment) *model.Bool {
	if v, a, ok := value(in, "triggers"); ok {
		if !v.IsKnown() {
			return &model.Bool{Unknown: unknownOf(a.val, a.expr), Loc: a.loc}
		}
		if v.CanIterateElements() {
			for it := v.ElementIterator(); it.Next(); {
				k, _ := it.Element()
				if s, ok := scalar(k); ok {
					d.Triggers = append(d.Triggers, s)
				}
			}
		}
		sort.Strings(d.Triggers)
		return &model.Bool{Value: new(len(d.Triggers) > 0), Loc: a.loc}
	}
	for _, name := range []string{"description", "stage_description"} {
		if v, a, ok := value(in, name); ok && !v.IsKnown() {
			return &model.Bool{Unknown: unknownOf(a.val, a.expr), Loc: a.loc}
		}
	}
	if in.replaceTriggered {
		return &model.Bool{Value: new(true), Loc: d.Loc}
	}
	return &model.Bool{Value: new(false), Loc: d.Loc}
}

func (b *builder) stageVariables(a *attr) ([]model.StageVariable, *model.Unknown) {
	v, _ := a.val.Unmark()
	if !v.IsKnown() || !v.CanIterateElements() {
		return []model.StageVariable{}, unknownOf(a.val, a.expr)
	}
	var out []model.StageVariable
	for _, kv := range elems(a.val) {
		k, e := kv[0], kv[1]
		name, _ := scalar(k)
		loc := a.loc
		if l, ok := a.keys[name]; ok {
			loc = l
		}
		ev, _ := e.Unmark()
		out = append(out, model.StageVariable{Name: name, Value: b.strOf(ev, e, loc, "")})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// stage builds an aws_api_gateway_stage.
func (b *builder) stage(in *instance) {
	api := b.apiFor(in)
	st := model.Stage{Object: b.object(in), Name: b.str(in, "stage_name"), Variables: []model.StageVariable{}}
	st.Deployment = b.link(in, "deployment_id", tDeployment)
	if _, a, ok := value(in, "variables"); ok {
		st.Variables, st.VariablesUnknown = b.stageVariables(a)
	}
	api.Stages = append(api.Stages, st)
}

func (b *builder) restAPIPolicy(in *instance) {
	api := b.apiFor(in)
	if _, a, ok := value(in, "policy"); ok {
		api.ResourcePolicy = b.policy(a)
	}
}

func (b *builder) gatewayResponse(in *instance) {
	api := b.apiFor(in)
	g := model.GatewayResponse{Object: b.object(in), StatusCode: b.str(in, "status_code"), Headers: []model.Header{}}
	if s := b.str(in, "response_type"); s != nil {
		g.Type = *s
	} else {
		g.Type = model.UnknownString(model.Unknown{Reason: "the gateway response has no response_type"}, g.Loc)
	}
	if v, a, ok := value(in, "response_parameters"); ok {
		if !v.IsKnown() {
			g.HeadersUnknown = unknownOf(a.val, a.expr)
		} else {
			g.Headers, g.HeadersUnknown = apigw.Headers(goValue(a.val, 0), "", apigw.GatewayHeaderPrefix, b.mapEnv(a))
		}
	}
	api.GatewayResponses = append(api.GatewayResponses, g)
}

// userPool builds an aws_cognito_user_pool: its id and ARN exist only
// after apply. The configuration holds every client, resource server and
// domain of the pool unless the pool is passed to a module authlint does
// not read.
func (b *builder) userPool(in *instance) {
	p := model.UserPool{Object: b.object(in), Name: b.str(in, "name")}
	p.ID = &model.String{Unknown: &model.Unknown{Reason: "the pool id is assigned when Terraform creates the pool", Expr: in.addr + ".id"}, Loc: p.Loc}
	p.ARN = &model.String{Unknown: &model.Unknown{Reason: "the pool ARN is assigned when Terraform creates the pool", Expr: in.addr + ".arn"}, Loc: p.Loc}
	for _, lc := range in.blocks["lambda_config"] {
		for _, ptg := range lc.blocks["pre_token_generation_config"] {
			if a := ptg.attrs["lambda_version"]; a != nil {
				v, _ := a.val.Unmark()
				s := b.strOf(v, a.val, a.loc, a.expr)
				p.PreTokenGenerationVersion = &s
			}
		}
		if a := lc.attrs["pre_token_generation"]; a != nil && p.PreTokenGenerationVersion == nil {
			s := model.Known("V1_0", a.loc)
			p.PreTokenGenerationVersion = &s
		}
	}
	p.Complete = true
	for _, r := range b.unread {
		if r.Addr == in.addr || r.Addr == in.resource {
			p.Complete = false
			p.Incomplete = &model.Unknown{Reason: "the pool is passed to a module authlint does not read, which may add clients, resource servers or a domain"}
		}
	}
	b.inv.UserPools = append(b.inv.UserPools, p)
}

func (b *builder) poolLink(in *instance) model.Link {
	if l := b.link(in, "user_pool_id", tUserPool); l != nil {
		return *l
	}
	return model.Link{Unknown: &model.Unknown{Reason: "no user_pool_id"}, Loc: in.loc}
}

// appClient builds an aws_cognito_user_pool_client (never its secret).
func (b *builder) appClient(in *instance) {
	c := model.AppClient{Object: b.object(in), UserPool: b.poolLink(in)}
	c.Name = b.str(in, "name")
	c.GenerateSecret = b.boolean(in, "generate_secret")
	c.AllowedOAuthFlows = b.list(in, "allowed_oauth_flows")
	c.AllowedOAuthScopes = b.list(in, "allowed_oauth_scopes")
	c.AllowedOAuthFlowsUserPoolClient = b.boolean(in, "allowed_oauth_flows_user_pool_client")
	c.CallbackURLs = b.list(in, "callback_urls")
	c.LogoutURLs = b.list(in, "logout_urls")
	c.ExplicitAuthFlows = b.list(in, "explicit_auth_flows")
	c.SupportedIdentityProviders = b.list(in, "supported_identity_providers")
	c.AccessTokenValidity = b.integer(in, "access_token_validity")
	c.IDTokenValidity = b.integer(in, "id_token_validity")
	c.RefreshTokenValidity = b.integer(in, "refresh_token_validity")
	c.EnableTokenRevocation = b.boolean(in, "enable_token_revocation")
	b.inv.AppClients = append(b.inv.AppClients, c)
}

func (b *builder) domain(in *instance) {
	d := model.UserPoolDomain{Object: b.object(in), UserPool: b.poolLink(in)}
	if s := b.str(in, "domain"); s != nil {
		d.Domain = *s
	} else {
		d.Domain = model.UnknownString(model.Unknown{Reason: "the domain resource has no domain"}, d.Loc)
	}
	_, _, d.Custom = value(in, "certificate_arn")
	b.inv.Domains = append(b.inv.Domains, d)
}

func (b *builder) resourceServer(in *instance) {
	rs := model.ResourceServer{Object: b.object(in), UserPool: b.poolLink(in), Scopes: []model.String{}}
	if s := b.str(in, "identifier"); s != nil {
		rs.Identifier = *s
	} else {
		rs.Identifier = model.UnknownString(model.Unknown{Reason: "the resource server has no identifier"}, rs.Loc)
	}
	for _, sc := range in.blocks["scope"] {
		if a := sc.attrs["scope_name"]; a != nil {
			v, _ := a.val.Unmark()
			rs.Scopes = append(rs.Scopes, b.strOf(v, a.val, a.loc, a.expr))
		}
	}
	if in.scopesUnknown != nil {
		rs.ScopesUnknown = in.scopesUnknown
	}
	b.inv.ResourceServers = append(b.inv.ResourceServers, rs)
}
