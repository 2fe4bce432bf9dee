package postman

import (
	"regexp"
	"sort"
	"strings"
)

// Postman substitutes {{name}} with this pattern and repeats while a round
// replaces something, at most 19 times (postman-collection's superstring).
var varPattern = regexp.MustCompile(`\{\{([^{}]*?)\}\}`)

const (
	// maxDepth is Postman's substitution limit: a variable nested deeper
	// stays unresolved.
	maxDepth = 19
	// maxResolved bounds a resolved value: variables that double at every
	// level would otherwise grow to 2^19 times their size.
	maxResolved = 64 << 10
)

// variable is one enabled variable of a scope.
type variable struct {
	value string
	// secret is set for environment values of type secret and for names
	// that say they hold a credential: values built from them are unknown
	// (never copied into the model).
	secret bool
	// origin names the scope for messages: collection, environment NAME,
	// globals, --postman-var.
	origin string
}

// resolved is a value after substitution.
type resolved struct {
	text string
	// unknown is the reason the value cannot be known; empty when known.
	unknown string
	// secret is set when a secret variable took part.
	secret bool
	// nonEmpty is set for an unknown value with literal text of its own.
	nonEmpty bool
	// height is how many levels of variables the value nests: 0 for text
	// without variables, 1 for text whose variables hold plain text, ….
	height int
}

// maxTotal bounds the text all the variables of one environment expand
// to: a thousand variables that each double another would otherwise fill
// memory within the per-value bound.
const maxTotal = 8 << 20

// resolver substitutes the variables of one environment. Each variable is
// expanded once (memoized with how deeply it nests, so a reference resolves
// the same wherever it is written) and cycles are detected instead of
// followed: the cost is linear in the variables, whatever they reference.
type resolver struct {
	vars map[string]variable
	memo map[string]resolved
	// visiting holds the variables being expanded (cycle detection).
	visiting map[string]bool
	// cycles and deep collect the variables found in a cycle or nested too
	// deep, for one load warning per environment.
	cycles map[string]bool
	deep   map[string]bool
	total  int
}

func newResolver(vars map[string]variable) *resolver {
	return &resolver{vars: vars, memo: map[string]resolved{}, visiting: map[string]bool{}, cycles: map[string]bool{}, deep: map[string]bool{}}
}

// resolve substitutes the variables in s, as Postman does in at most 19
// rounds.
func (r *resolver) resolve(s string) resolved {
	out := r.expand(s)
	if out.unknown == "" && out.height > maxDepth {
		return resolved{unknown: "variables are nested more than 19 levels deep", secret: out.secret, nonEmpty: true}
	}
	return out
}

func (r *resolver) expand(s string) resolved {
	if !strings.Contains(s, "{{") {
		return resolved{text: s}
	}
	var (
		b    strings.Builder
		out  resolved
		last int
	)
	for _, m := range varPattern.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		last = m[1]
		v := r.variable(s[m[2]:m[3]])
		out.secret = out.secret || v.secret
		out.height = max(out.height, v.height+1)
		if v.unknown != "" {
			if out.unknown == "" {
				out.unknown = v.unknown
			}
			continue
		}
		if out.unknown == "" {
			b.WriteString(v.text)
		}
		if b.Len() > maxResolved {
			return resolved{unknown: "the value grows past 64 KiB as its variables are substituted", secret: out.secret, nonEmpty: true}
		}
	}
	if out.unknown != "" {
		// Literal text around the variables makes the value non-empty.
		out.nonEmpty = strings.TrimSpace(varPattern.ReplaceAllString(s, "")) != ""
		return out
	}
	b.WriteString(s[last:])
	out.text = b.String()
	return out
}

// variable expands one {{name}}.
func (r *resolver) variable(name string) resolved {
	if strings.HasPrefix(name, "$") {
		return resolved{unknown: "{{" + name + "}} is a dynamic variable (a new value at every request)", nonEmpty: true}
	}
	if v, ok := r.memo[name]; ok {
		return v
	}
	v, ok := r.vars[name]
	if !ok {
		return resolved{unknown: "variable {{" + name + "}} is not defined in the collection or the environment"}
	}
	if r.visiting[name] {
		// Every variable on the way back to this one is in the cycle too,
		// so the unknown it gets is memoized without harm.
		r.cycles[name] = true
		return resolved{unknown: "variable {{" + name + "}} refers to itself through other variables"}
	}
	var out resolved
	if v.value == "" {
		// Exports carry initial values; the current value (often the
		// secret one) stays in the app.
		out = resolved{unknown: "variable {{" + name + "}} is empty in the " + v.origin + " (its current value is not exported)"}
	} else {
		r.visiting[name] = true
		out = r.expand(v.value)
		delete(r.visiting, name)
	}
	out.secret = out.secret || v.secret
	switch {
	case out.unknown == "" && out.height >= maxDepth:
		// Referenced from anywhere, the value needs more than 19 rounds.
		r.deep[name] = true
		out = resolved{unknown: "variables are nested more than 19 levels deep at {{" + name + "}}", secret: out.secret, nonEmpty: true, height: out.height}
	case out.unknown == "" && r.total+len(out.text) > maxTotal:
		out = resolved{unknown: "the variables expand to more than 8 MiB of text", secret: out.secret, nonEmpty: true, height: out.height}
	default:
		r.total += len(out.text)
	}
	r.memo[name] = out
	return out
}

// problems returns a warning naming the variables in cycles or nested too
// deep, sorted; empty when there are none.
func (r *resolver) problems() []string {
	var out []string
	if len(r.cycles) > 0 {
		out = append(out, "variables refer to each other in a cycle and stay unresolved: "+joinVars(r.cycles))
	}
	if len(r.deep) > 0 {
		out = append(out, "variables nested more than 19 levels deep stay unresolved: "+joinVars(r.deep))
	}
	return out
}

func joinVars(m map[string]bool) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, "{{"+clip(n, 60)+"}}")
	}
	sort.Strings(names)
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return strings.Join(names, ", ")
}

// secretName reports whether a variable name says it holds a credential
// (client_secret, password, id_token, apiKey) rather than something about one
// (token_url, token_name).
func secretName(name string) bool {
	n := strings.ToLower(name)
	for _, suffix := range []string{"url", "uri", "endpoint", "host", "name", "type", "use", "path"} {
		if strings.HasSuffix(n, suffix) {
			return false
		}
	}
	for _, w := range []string{"secret", "password", "passwd", "token", "apikey", "api_key", "api-key", "credential"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// onlyVariable returns the name when s is exactly one {{name}}.
func onlyVariable(s string) string {
	s = strings.TrimSpace(s)
	m := varPattern.FindStringSubmatchIndex(s)
	if m == nil || m[0] != 0 || m[1] != len(s) {
		return ""
	}
	return s[m[2]:m[3]]
}

// placeholder reports whether a resolved value is a template placeholder
// rather than a value: <AUTH_URL>, <%= domain %>, ${DOMAIN}, CLIENT_ID.
func placeholder(s string) bool {
	return placeholderPattern.MatchString(s) || constantPattern.MatchString(strings.TrimSpace(s))
}

var (
	placeholderPattern = regexp.MustCompile(`<%|<[A-Za-z_][A-Za-z0-9_ .-]*>|\$\{[^}]*\}`)
	constantPattern    = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)
)

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !isRuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
