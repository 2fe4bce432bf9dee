package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/textdist"
)

// The configuration is decoded from the node tree by hand rather than with
// struct tags: that way every error names the key and its line, in the
// file's vocabulary instead of Go type names.

// Known keys, per section.
var (
	topKeys            = []string{"version", "rules", "exclude", "fail-on", "cloudformation", "suppressions", "ignore", "baseline"}
	ruleKeys           = []string{"enable", "disable", "severity"}
	cloudFormationKeys = []string{"parameters", "parameter-files"}
	suppressionKeys    = []string{"inline", "require-expiry"}
	ignoreKeys         = []string{"id", "paths", "resources", "reason", "expires"}
)

type decoder struct {
	file string
	dir  string
	errs []error
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	e := &Error{File: d.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// mapping calls fn for each key of a mapping node, rejecting duplicate and
// unknown keys. where names the section in messages.
func (d *decoder) mapping(n *yaml.Node, where string, known []string, fn func(key string, k, v *yaml.Node)) {
	if !d.plain(n, where) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping of keys to values", where)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s: keys must be plain text", where)
			continue
		}
		if seen[k.Value] {
			d.errorf(k, "%s: key %q appears twice", where, k.Value)
			continue
		}
		seen[k.Value] = true
		if known != nil && !slices.Contains(known, k.Value) {
			d.errorf(k, "%s: unknown key %q%s (known keys: %s)", where, k.Value, suggest(k.Value, known), strings.Join(known, ", "))
			continue
		}
		if !d.plain(v, where+"."+k.Value) {
			continue
		}
		fn(k.Value, k, v)
	}
}

// plain rejects aliases and custom tags, which a configuration file has no
// use for and which would make positions and values ambiguous.
func (d *decoder) plain(n *yaml.Node, where string) bool {
	if n.Kind == yaml.AliasNode {
		d.errorf(n, "%s: YAML anchors and aliases are not supported in the configuration", where)
		return false
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		d.errorf(n, "%s: custom tag %s is not supported", where, n.Tag)
		return false
	}
	return true
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// scalar returns the text of a scalar node.
func (d *decoder) scalar(n *yaml.Node, where string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.errorf(n, "%s must be a single value", where)
		return "", false
	}
	return n.Value, true
}

// list returns the items of a sequence of scalars; a lone scalar is accepted
// as a list of one.
func (d *decoder) list(n *yaml.Node, where string) []*yaml.Node {
	switch {
	case isNull(n):
		return nil
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	case n.Kind != yaml.SequenceNode:
		d.errorf(n, "%s must be a list", where)
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, it := range n.Content {
		if !d.plain(it, where) {
			continue
		}
		if it.Kind != yaml.ScalarNode || isNull(it) || strings.TrimSpace(it.Value) == "" {
			d.errorf(it, "%s: each item must be a non-empty single value", where)
			continue
		}
		out = append(out, it)
	}
	return out
}

func (d *decoder) boolean(n *yaml.Node, where string) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		switch strings.ToLower(n.Value) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	d.errorf(n, "%s must be true or false", where)
	return false, false
}

func (d *decoder) ruleRefs(n *yaml.Node, where string) []RuleRef {
	var out []RuleRef
	for _, it := range d.list(n, where) {
		out = append(out, RuleRef{Name: strings.TrimSpace(it.Value), Line: it.Line, Column: it.Column})
	}
	return out
}

func (d *decoder) path(v string) string {
	if filepath.IsAbs(v) {
		return filepath.Clean(v)
	}
	return filepath.Join(d.dir, filepath.FromSlash(v))
}

func (d *decoder) config(root *yaml.Node, cfg *Config) {
	if isNull(root) {
		return
	}
	d.mapping(root, "the configuration", topKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "version":
			if s, ok := d.scalar(v, "version"); ok && s != "1" {
				d.errorf(v, "version %q is not supported (this authlint reads version 1)", s)
			}
		case "rules":
			d.rules(v, &cfg.Rules)
		case "exclude":
			for _, it := range d.list(v, "exclude") {
				p, err := NewPattern(it.Value, d.dir)
				if err != nil {
					d.errorf(it, "exclude: %v", err)
					continue
				}
				cfg.Exclude = append(cfg.Exclude, p)
			}
		case "fail-on":
			if s, ok := d.scalar(v, "fail-on"); ok {
				t, err := finding.ParseThreshold(s)
				if err != nil {
					d.errorf(v, "fail-on: %q is not error, warning, note or never", s)
					return
				}
				cfg.FailOn = &t
			}
		case "cloudformation":
			d.cloudFormation(v, &cfg.CloudFormation)
		case "suppressions":
			d.suppressions(v, &cfg.Suppressions)
		case "ignore":
			d.ignores(v, cfg)
		case "baseline":
			if s, ok := d.scalar(v, "baseline"); ok {
				cfg.Baseline = d.path(s)
			}
		}
	})
}

func (d *decoder) rules(n *yaml.Node, rs *RuleSelection) {
	if isNull(n) {
		return
	}
	d.mapping(n, "rules", ruleKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "enable":
			rs.Enable = d.ruleRefs(v, "rules.enable")
		case "disable":
			rs.Disable = d.ruleRefs(v, "rules.disable")
		case "severity":
			if isNull(v) {
				return
			}
			d.mapping(v, "rules.severity", nil, func(id string, k, sv *yaml.Node) {
				s, ok := d.scalar(sv, "rules.severity."+id)
				if !ok {
					return
				}
				sev, err := finding.ParseSeverity(s)
				if err != nil {
					d.errorf(sv, "rules.severity.%s: %q is not error, warning or note", id, s)
					return
				}
				rs.Severity = append(rs.Severity, SeverityOverride{Rule: RuleRef{Name: id, Line: k.Line, Column: k.Column}, Severity: sev})
			})
		}
	})
}

func (d *decoder) cloudFormation(n *yaml.Node, c *CloudFormation) {
	if isNull(n) {
		return
	}
	d.mapping(n, "cloudformation", cloudFormationKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "parameters":
			if isNull(v) {
				return
			}
			d.mapping(v, "cloudformation.parameters", nil, func(name string, _, pv *yaml.Node) {
				if pv.Kind == yaml.SequenceNode {
					// CloudFormation passes list parameters as comma-separated text.
					var items []string
					for _, it := range d.list(pv, "cloudformation.parameters."+name) {
						items = append(items, it.Value)
					}
					d.setParam(c, name, strings.Join(items, ","))
					return
				}
				if s, ok := d.scalar(pv, "cloudformation.parameters."+name); ok {
					d.setParam(c, name, s)
				}
			})
		case "parameter-files":
			for _, it := range d.list(v, "cloudformation.parameter-files") {
				c.ParameterFiles = append(c.ParameterFiles, d.path(it.Value))
			}
		}
	})
}

func (d *decoder) setParam(c *CloudFormation, name, value string) {
	if c.Parameters == nil {
		c.Parameters = map[string]string{}
	}
	c.Parameters[name] = value
}

func (d *decoder) suppressions(n *yaml.Node, s *SuppressionPolicy) {
	if isNull(n) {
		return
	}
	d.mapping(n, "suppressions", suppressionKeys, func(key string, _, v *yaml.Node) {
		b, ok := d.boolean(v, "suppressions."+key)
		if !ok {
			return
		}
		switch key {
		case "inline":
			s.Inline = &b
		case "require-expiry":
			s.RequireExpiry = &b
		}
	})
}

func (d *decoder) ignores(n *yaml.Node, cfg *Config) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "ignore must be a list of entries with id and reason")
		return
	}
	for i, it := range n.Content {
		where := fmt.Sprintf("ignore[%d]", i)
		ig := Ignore{Line: it.Line, Column: it.Column}
		d.mapping(it, where, ignoreKeys, func(key string, _, v *yaml.Node) {
			switch key {
			case "id":
				ig.Rules = d.ruleRefs(v, where+".id")
			case "paths":
				for _, p := range d.list(v, where+".paths") {
					pat, err := NewPattern(p.Value, d.dir)
					if err != nil {
						d.errorf(p, "%s.paths: %v", where, err)
						continue
					}
					ig.Paths = append(ig.Paths, pat)
				}
			case "resources":
				for _, r := range d.list(v, where+".resources") {
					ig.Resources = append(ig.Resources, r.Value)
				}
			case "reason":
				if s, ok := d.scalar(v, where+".reason"); ok {
					ig.Reason = strings.TrimSpace(s)
				}
			case "expires":
				if s, ok := d.scalar(v, where+".expires"); ok {
					if _, err := time.Parse(DateLayout, s); err != nil {
						d.errorf(v, "%s.expires: %q is not a date written YYYY-MM-DD", where, s)
						return
					}
					ig.Expires = s
				}
			}
		})
		if it.Kind != yaml.MappingNode {
			continue
		}
		if len(ig.Rules) == 0 {
			d.errorf(it, "%s: id is required (the rule ids or slugs the entry suppresses)", where)
		}
		if ig.Reason == "" {
			d.errorf(it, "%s: reason is required (say why the finding is accepted)", where)
		}
		cfg.Ignore = append(cfg.Ignore, ig)
	}
}

// suggest returns ` (did you mean "x"?)` for the closest known word, if close.
func suggest(word string, known []string) string {
	if c := closest(word, known); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// closest returns the known word nearest to word, if it is close enough to be
// a typo.
func closest(word string, known []string) string {
	best, bestDist := "", 0
	for _, k := range known {
		dist := textdist.Levenshtein(strings.ToLower(word), strings.ToLower(k))
		if best == "" || dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" || bestDist > max(2, len(word)/3) {
		return ""
	}
	return best
}
