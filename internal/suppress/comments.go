package suppress

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// directivePrefix starts a comment suppression.
const directivePrefix = "authlint:ignore"

// maxCommentFileSize bounds the files read for comment suppressions (the
// loaders' own default limit).
const maxCommentFileSize = 32 << 20

// directive is one "# authlint:ignore ID[,ID] reason [expires=YYYY-MM-DD]"
// comment.
type directive struct {
	// Line is the comment's own line; Applies is the line it covers.
	Line, Column int
	Applies      int
	// Pointer is the JSON pointer of the value that starts on the covered
	// line ("" when none does): findings anywhere inside it are covered, so
	// a comment above a resource covers that resource.
	Pointer string
	Names   []string
	Reason  string
	Expires string
	Text    string
}

// parseDirective parses a comment's text (starting with '#'). ok is false when
// the comment is not a directive.
func parseDirective(comment string) (d directive, ok bool) {
	body := strings.TrimSpace(strings.TrimPrefix(comment, "#"))
	rest, found := strings.CutPrefix(body, directivePrefix)
	if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return directive{}, false
	}
	d.Text = strings.TrimSpace(comment)
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return d, true
	}
	// "CR001: why" is common enough to accept.
	for n := range strings.SplitSeq(strings.TrimRight(fields[0], ":"), ",") {
		if n = strings.TrimSpace(n); n != "" {
			d.Names = append(d.Names, n)
		}
	}
	var reason []string
	for _, f := range fields[1:] {
		if v, isExp := strings.CutPrefix(f, "expires="); isExp {
			d.Expires = v
			continue
		}
		reason = append(reason, f)
	}
	d.Reason = strings.Join(reason, " ")
	// Allow the usual separators between ids and reason: "CR001 -- why", "CR001: why".
	d.Reason = strings.TrimSpace(strings.TrimLeft(d.Reason, "-—–: "))
	return d, true
}

// commentDirectives finds the directives of a YAML file. The file is parsed
// so that only real comments count (not "#" inside strings or block scalars);
// raw lines give each directive's own line and the line it covers: the same
// line for a trailing comment, the next line that is neither blank nor a
// comment for a comment on its own line. A blank line ends the association.
func commentDirectives(data []byte) []directive {
	if len(data) > maxCommentFileSize || !bytes.Contains(data, []byte(directivePrefix)) {
		return nil
	}
	comments, pointers := yamlComments(data)
	if len(comments) == 0 {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	var (
		out     []directive
		pending []directive // own-line directives waiting for the line they cover
	)
	for i, raw := range lines {
		line := strings.TrimRight(raw, "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			pending = nil
			continue
		case strings.HasPrefix(trimmed, "#"):
			if comments[trimmed] {
				if d, ok := parseDirective(trimmed); ok {
					d.Line, d.Column = i+1, strings.Index(line, "#")+1
					pending = append(pending, d)
				}
			}
			continue
		}
		for _, d := range pending {
			d.Applies, d.Pointer = i+1, pointers[i+1]
			out = append(out, d)
		}
		pending = nil
		if col, text, ok := trailingComment(line, comments); ok {
			if d, ok := parseDirective(text); ok {
				d.Line, d.Column, d.Applies, d.Pointer = i+1, col, i+1, pointers[i+1]
				out = append(out, d)
			}
		}
	}
	return out
}

// trailingComment finds a comment after content on a line: a '#' preceded by
// a blank whose text to the end of the line is a comment the parser saw.
func trailingComment(line string, comments map[string]bool) (col int, text string, ok bool) {
	for i := 1; i < len(line); i++ {
		if line[i] != '#' || (line[i-1] != ' ' && line[i-1] != '\t') {
			continue
		}
		t := strings.TrimSpace(line[i:])
		if comments[t] {
			return i + 1, t, true
		}
	}
	return 0, "", false
}

// yamlComments returns the set of comment lines the YAML parser attached to
// the document, and for each line the JSON pointer of the outermost value
// that starts on it (nil if the text does not parse).
func yamlComments(data []byte) (set map[string]bool, pointers map[int]string) {
	defer func() {
		if r := recover(); r != nil {
			set, pointers = nil, nil // a parser failure means no comment suppressions, never a crash
		}
	}()
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		return nil, nil
	}
	set, pointers = map[string]bool{}, map[int]string{}
	var walk func(n *yaml.Node, ptr string, depth int)
	mark := func(line int, ptr string) {
		if _, seen := pointers[line]; !seen && line > 0 {
			pointers[line] = ptr
		}
	}
	walk = func(n *yaml.Node, ptr string, depth int) {
		if n == nil || depth > 512 {
			return
		}
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for l := range strings.SplitSeq(c, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					set[l] = true
				}
			}
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, ptr, depth+1)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := ptr + "/" + escapePointer(k.Value)
				mark(k.Line, p)
				walk(k, p, depth+1)
				walk(v, p, depth+1)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := ptr + "/" + strconv.Itoa(i)
				mark(c.Line, p)
				walk(c, p, depth+1)
			}
		default:
			// Scalars carry only comments; aliases are not followed: their
			// comments belong to the anchor.
		}
	}
	walk(&root, "", 0)
	return set, pointers
}

// escapePointer escapes a key for a JSON pointer (RFC 6901).
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func (d directive) String() string {
	return fmt.Sprintf("line %d: %s", d.Line, d.Text)
}
