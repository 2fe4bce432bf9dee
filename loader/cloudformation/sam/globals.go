package sam

import (
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
)

// globalAPIProps are the Globals.Api properties SAM merges (DefinitionBody
// and StageName are not among them).
var globalAPIProps = map[string]bool{
	"Auth": true, "Name": true, "DefinitionUri": true, "CacheClusterEnabled": true, "CacheClusterSize": true,
	"MergeDefinitions": true, "Variables": true, "EndpointConfiguration": true, "MethodSettings": true,
	"BinaryMediaTypes": true, "MinimumCompressionSize": true, "Cors": true, "GatewayResponses": true,
	"AccessLogSetting": true, "CanarySetting": true, "TracingEnabled": true, "OpenApiVersion": true,
	"Domain": true, "AlwaysDeploy": true, "PropagateTags": true, "SecurityPolicy": true, "EndpointAccessMode": true,
}

// mergeGlobals merges Globals.Api into a resource's properties the way SAM's
// GlobalProperties does (objects merge, lists concatenate, anything else:
// the resource wins) and records where each merged value is written.
func mergeGlobals(global map[string]any, gptr string, local map[string]any, lptr string) (map[string]any, *origin.Map) {
	return mergeGlobalsOf(globalAPIProps, global, gptr, local, lptr)
}

// mergeGlobalsOf is mergeGlobals for a resource type whose global
// properties are allowed.
func mergeGlobalsOf(allowed map[string]bool, global map[string]any, gptr string, local map[string]any, lptr string) (map[string]any, *origin.Map) {
	m := origin.New(lptr)
	g := map[string]any{}
	for k, v := range global {
		if allowed[k] {
			g[k] = v
		}
	}
	out, _ := merge(g, local, gptr, "", m).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	return out, m
}

func kindOf(v any) int {
	if _, _, ok := intrinsic.IsIntrinsic(v); ok {
		return 0
	}
	switch v.(type) {
	case map[string]any:
		return 1
	case []any:
		return 2
	}
	return 0
}

func merge(g, l any, gptr, path string, m *origin.Map) any {
	kg, kl := kindOf(g), kindOf(l)
	if kg != kl || kg == 0 {
		return l
	}
	if kg == 2 {
		gl, ll := g.([]any), l.([]any)
		out := make([]any, 0, len(gl)+len(ll))
		for i, e := range gl {
			m.Subtree(path+"/"+itoa(i), gptr+"/"+itoa(i))
			out = append(out, e)
		}
		lbase, _ := m.Resolve(path)
		for j, e := range ll {
			m.Subtree(path+"/"+itoa(len(gl)+j), lbase+"/"+itoa(j))
			out = append(out, e)
		}
		return out
	}
	gm, lm := g.(map[string]any), l.(map[string]any)
	out := make(map[string]any, len(gm)+len(lm))
	for k, v := range gm {
		seg := "/" + yamltree.Escape(k)
		if lv, ok := lm[k]; ok {
			out[k] = merge(v, lv, gptr+seg, path+seg, m)
			continue
		}
		m.Subtree(path+seg, gptr+seg)
		out[k] = v
	}
	for k, v := range lm {
		if _, ok := gm[k]; !ok {
			out[k] = v
		}
	}
	return out
}
