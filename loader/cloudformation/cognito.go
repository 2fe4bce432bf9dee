package cloudformation

import (
	"github.com/authlint/authlint/internal/model"
)

// Cognito resource types.
const (
	typeUserPoolClient   = "AWS::Cognito::UserPoolClient"
	typeUserPoolDomain   = "AWS::Cognito::UserPoolDomain"
	typeResourceServer   = "AWS::Cognito::UserPoolResourceServer"
	typeServerlessFunc   = "AWS::Serverless::Function"
	typeServerlessStates = "AWS::Serverless::StateMachine"
)

// userPool builds an AWS::Cognito::UserPool. Its id and ARN exist only after
// deployment; the template is taken to hold every client, resource server and
// domain of the pool (Complete) unless something unread receives the pool
// (decided at the end, see completeness.go).
func (b *builder) userPool(t *template, r *resource) {
	p := model.UserPool{Object: t.object(r), Name: t.optStr(r, "UserPoolName")}
	p.ID = &model.String{Unknown: &model.Unknown{Reason: "the pool id is assigned at deployment", Expr: "!Ref " + r.id}, Loc: p.Loc}
	p.ARN = &model.String{Unknown: &model.Unknown{Reason: "the pool ARN is assigned at deployment", Expr: "!GetAtt " + r.id + ".Arn"}, Loc: p.Loc}
	if reg, ok := t.res.Pseudo["AWS::Region"]; ok {
		p.Region = reg
	}
	if acct, ok := t.res.Pseudo["AWS::AccountId"]; ok {
		p.Account = acct
	}
	if ic, ok := r.props["IssuerConfiguration"].(map[string]any); ok {
		if v, ok := t.prop(ic, "Type"); ok {
			s := t.str(v, r.propPtr("IssuerConfiguration")+"/Type")
			p.IssuerFormat = &s
		}
	}
	if lc, ok := r.props["LambdaConfig"].(map[string]any); ok {
		lcPtr := r.propPtr("LambdaConfig")
		if ptg, ok := lc["PreTokenGenerationConfig"].(map[string]any); ok {
			if v, ok := t.prop(ptg, "LambdaVersion"); ok {
				s := t.str(v, lcPtr+"/PreTokenGenerationConfig/LambdaVersion")
				p.PreTokenGenerationVersion = &s
			} else if _, ok := t.prop(ptg, "LambdaArn"); ok {
				s := model.Known("V1_0", t.keyLoc(lcPtr+"/PreTokenGenerationConfig"))
				p.PreTokenGenerationVersion = &s
			}
		}
		if p.PreTokenGenerationVersion == nil {
			if _, ok := t.prop(lc, "PreTokenGeneration"); ok {
				s := model.Known("V1_0", t.keyLoc(lcPtr+"/PreTokenGeneration"))
				p.PreTokenGenerationVersion = &s
			}
		}
	}
	b.inv.UserPools = append(b.inv.UserPools, p)
}

func (b *builder) poolRef(t *template, r *resource) model.Link {
	v, ok := t.prop(r.props, "UserPoolId")
	if !ok {
		return model.Link{Unknown: &model.Unknown{Reason: "no UserPoolId"}, Loc: t.keyLoc(r.ptr)}
	}
	return *t.link(v, r.propPtr("UserPoolId"), "user pool", typeUserPool)
}

// appClient builds an AWS::Cognito::UserPoolClient (never its secret).
func (b *builder) appClient(t *template, r *resource) {
	c := model.AppClient{Object: t.object(r), UserPool: b.poolRef(t, r)}
	c.Name = t.optStr(r, "ClientName")
	c.GenerateSecret = t.optBool(r, "GenerateSecret")
	c.AllowedOAuthFlows = t.optList(r, "AllowedOAuthFlows")
	c.AllowedOAuthScopes = t.optList(r, "AllowedOAuthScopes")
	c.AllowedOAuthFlowsUserPoolClient = t.optBool(r, "AllowedOAuthFlowsUserPoolClient")
	c.CallbackURLs = t.optList(r, "CallbackURLs")
	c.LogoutURLs = t.optList(r, "LogoutURLs")
	c.ExplicitAuthFlows = t.optList(r, "ExplicitAuthFlows")
	c.SupportedIdentityProviders = t.optList(r, "SupportedIdentityProviders")
	c.AccessTokenValidity = t.optInt(r, "AccessTokenValidity")
	c.IDTokenValidity = t.optInt(r, "IdTokenValidity")
	c.RefreshTokenValidity = t.optInt(r, "RefreshTokenValidity")
	c.EnableTokenRevocation = t.optBool(r, "EnableTokenRevocation")
	b.inv.AppClients = append(b.inv.AppClients, c)
}

// domain builds an AWS::Cognito::UserPoolDomain.
func (b *builder) domain(t *template, r *resource) {
	d := model.UserPoolDomain{Object: t.object(r), UserPool: b.poolRef(t, r)}
	if v, ok := t.prop(r.props, "Domain"); ok {
		d.Domain = t.str(v, r.propPtr("Domain"))
	} else {
		d.Domain = model.UnknownString(model.Unknown{Reason: "the domain resource has no Domain"}, d.Loc)
	}
	_, d.Custom = t.prop(r.props, "CustomDomainConfig")
	b.inv.Domains = append(b.inv.Domains, d)
}

// resourceServer builds an AWS::Cognito::UserPoolResourceServer.
func (b *builder) resourceServer(t *template, r *resource) {
	rs := model.ResourceServer{Object: t.object(r), UserPool: b.poolRef(t, r), Scopes: []model.String{}}
	if v, ok := t.prop(r.props, "Identifier"); ok {
		rs.Identifier = t.str(v, r.propPtr("Identifier"))
	} else {
		rs.Identifier = model.UnknownString(model.Unknown{Reason: "the resource server has no Identifier"}, rs.Loc)
	}
	if v, ok := t.prop(r.props, "Scopes"); ok {
		l, isList := v.([]any)
		if !isList {
			rs.ScopesUnknown = t.res.Resolve(v).AsUnknown(describe(v))
			if rs.ScopesUnknown == nil {
				rs.ScopesUnknown = &model.Unknown{Reason: "Scopes is " + describe(v)}
			}
		}
		for i, it := range l {
			ptr := r.propPtr("Scopes") + "/" + itoa(i)
			sc, ok := it.(map[string]any)
			if !ok {
				if isNoValue(it) {
					continue
				}
				rs.ScopesUnknown = &model.Unknown{Reason: "a scope is " + describe(it)}
				continue
			}
			if n, ok := t.prop(sc, "ScopeName"); ok {
				rs.Scopes = append(rs.Scopes, t.strAt(n, t.valLoc(ptr)))
			}
		}
	}
	b.inv.ResourceServers = append(b.inv.ResourceServers, rs)
}
