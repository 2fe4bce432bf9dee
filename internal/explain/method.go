package explain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
)

// Source is one loaded inventory and the name of the input it came from.
type Source struct {
	Name      string
	Inventory *model.Inventory
}

// Match is the method a request reaches.
type Match struct {
	Source    string
	Inventory *model.Inventory
	API       *model.RestAPI
	Method    *model.Method
}

// Route is a request line: a verb and a path.
type Route struct {
	Verb string
	Path string
}

func (r Route) String() string { return r.Verb + " " + r.Path }

// verbs are the HTTP methods API Gateway routes.
var verbs = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// ParseRoute reads "GET /pets/1" (a query string is dropped).
func ParseRoute(s string) (Route, error) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return Route{}, fmt.Errorf("--method %q: want 'VERB /path', such as 'GET /pets/1'", s)
	}
	verb := strings.ToUpper(f[0])
	if !slices.Contains(verbs, verb) {
		return Route{}, fmt.Errorf("--method %q: %s is not one of %s", s, f[0], strings.Join(verbs, ", "))
	}
	path, _, _ := strings.Cut(f[1], "?")
	if !strings.HasPrefix(path, "/") {
		return Route{}, fmt.Errorf("--method %q: the path must start with /", s)
	}
	return Route{Verb: verb, Path: path}, nil
}

// NoMethodError says that no API of the sources has the route.
type NoMethodError struct {
	Route Route
	// Known are some of the methods the sources have, for the message.
	Known []string
	// Incomplete names APIs whose method list cannot be known.
	Incomplete []string
}

func (e *NoMethodError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no API in the sources has a method that %s reaches (API Gateway would answer 403 Missing Authentication Token)", e.Route)
	if len(e.Known) > 0 {
		fmt.Fprintf(&b, "; the sources have %s", strings.Join(e.Known, ", "))
	}
	if len(e.Incomplete) > 0 {
		fmt.Fprintf(&b, "; the methods of %s cannot all be known", strings.Join(e.Incomplete, ", "))
	}
	return b.String()
}

// AmbiguousError says that the route reaches methods of several APIs.
type AmbiguousError struct {
	Route Route
	APIs  []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s reaches a method in %d APIs: %s; pick one with --api NAME|ID", e.Route, len(e.APIs), strings.Join(e.APIs, "; "))
}

// APILabel names an API for messages: name, id, and the input it came from.
func APILabel(source string, api *model.RestAPI) string {
	var parts []string
	if v, ok := api.Name.Get(); ok {
		parts = append(parts, v)
	}
	if v, ok := api.ID.Get(); ok {
		parts = append(parts, "id "+v)
	}
	if len(parts) == 0 {
		parts = append(parts, api.Ref)
	}
	return strings.Join(parts, ", ") + " (" + source + ")"
}

// FindMethod finds the method route reaches, as API Gateway routes: literal
// path segments before {param} before {proxy+}, the exact verb before ANY.
// api, when set, picks the API by name, id, logical id or ref. A path that
// starts with the stage name (copied from an invoke URL) is tried without it
// first.
func FindMethod(sources []Source, route Route, api, stage string) (*Match, error) {
	if rest, ok := strings.CutPrefix(route.Path, "/"+stage+"/"); ok && stage != "" {
		if m, err := findMethod(sources, Route{Verb: route.Verb, Path: "/" + rest}, api); err == nil {
			return m, nil
		}
	}
	return findMethod(sources, route, api)
}

func findMethod(sources []Source, route Route, api string) (*Match, error) {
	req := segments(route.Path)
	var (
		found      []*Match
		known      []string
		incomplete []string
		apiSeen    bool
	)
	for _, src := range sources {
		for i := range src.Inventory.RestAPIs {
			a := &src.Inventory.RestAPIs[i]
			if api != "" && !apiNamed(a, api) {
				continue
			}
			apiSeen = true
			if a.MethodsUnknown != nil {
				incomplete = append(incomplete, APILabel(src.Name, a)+": "+a.MethodsUnknown.Reason)
			}
			var (
				best      *model.Method
				bestScore []int
			)
			for j := range a.Methods {
				m := &a.Methods[j]
				path, ok1 := m.Path.Get()
				verb, ok2 := m.HTTPMethod.Get()
				if !ok1 || !ok2 {
					continue
				}
				if len(known) < 12 {
					known = append(known, verb+" "+path)
				}
				if verb != route.Verb && verb != "ANY" {
					continue
				}
				score, ok := matchPath(segments(path), req)
				if !ok {
					continue
				}
				if verb == route.Verb {
					score = append(score, 1)
				} else {
					score = append(score, 0)
				}
				if best == nil || slices.Compare(score, bestScore) > 0 {
					best, bestScore = m, score
				}
			}
			if best != nil {
				found = append(found, &Match{Source: src.Name, Inventory: src.Inventory, API: a, Method: best})
			}
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		labels := make([]string, 0, len(found))
		for _, m := range found {
			labels = append(labels, APILabel(m.Source, m.API))
		}
		slices.Sort(labels)
		return nil, &AmbiguousError{Route: route, APIs: labels}
	case api != "" && !apiSeen:
		return nil, fmt.Errorf("--api %q names no API of the sources (give its name, id or logical id)", api)
	default:
		slices.Sort(known)
		return nil, &NoMethodError{Route: route, Known: slices.Compact(known), Incomplete: incomplete}
	}
}

func apiNamed(a *model.RestAPI, want string) bool {
	if v, ok := a.Name.Get(); ok && v == want {
		return true
	}
	if v, ok := a.ID.Get(); ok && v == want {
		return true
	}
	return a.LogicalID == want || a.Ref == want
}

func segments(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// matchPath matches request segments against a resource template. The score
// ranks matches position by position: 3 literal, 2 {param}, 1 {proxy+}.
func matchPath(tmpl, req []string) ([]int, bool) {
	score := make([]int, 0, len(tmpl))
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "+}") {
			// A greedy parameter ends the template and takes one segment or more.
			if i != len(tmpl)-1 || len(req) <= i {
				return nil, false
			}
			return append(score, 1), true
		}
		if i >= len(req) {
			return nil, false
		}
		switch {
		case t == req[i]:
			score = append(score, 3)
		case strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") && req[i] != "":
			score = append(score, 2)
		default:
			return nil, false
		}
	}
	if len(tmpl) != len(req) {
		return nil, false
	}
	return score, true
}
