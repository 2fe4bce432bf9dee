package params

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/authlint/authlint/internal/yamltree"
)

// Parse reads a parameters file. The result maps parameter names (possibly
// "Stack:Name") to values.
func Parse(data []byte) (map[string]string, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return map[string]string{}, nil
	}
	if trimmed[0] == '[' || trimmed[0] == '{' || looksLikeYAMLMapping(trimmed) {
		doc, err := yamltree.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("not valid JSON or YAML: %w", err)
		}
		v, err := doc.Decode(yamltree.Options{})
		if err != nil {
			return nil, fmt.Errorf("decoding: %w", err)
		}
		return fromValue(v)
	}
	return fromLines(string(data))
}

func looksLikeYAMLMapping(b []byte) bool {
	first, _, _ := bytes.Cut(b, []byte("\n"))
	return bytes.Contains(first, []byte(": ")) || bytes.HasSuffix(first, []byte(":"))
}

// Split parses one "K=V" assignment.
func Split(s string) (string, string, error) {
	k, v, ok := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return "", "", fmt.Errorf("%q is not KEY=VALUE", s)
	}
	return k, v, nil
}

func fromLines(text string) (map[string]string, error) {
	out := map[string]string{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, err := Split(line)
		if err != nil {
			// The file's text is not repeated: a parameters file may hold secrets.
			return nil, fmt.Errorf("line %d is not KEY=VALUE", i+1)
		}
		out[k] = v
	}
	return out, nil
}

func fromValue(v any) (map[string]string, error) {
	out := map[string]string{}
	switch t := v.(type) {
	case []any:
		for i, it := range t {
			switch e := it.(type) {
			case string:
				k, val, err := Split(e)
				if err != nil {
					return nil, fmt.Errorf("item %d: %w", i, err)
				}
				out[k] = val
			case map[string]any:
				k, ok := e["ParameterKey"].(string)
				if !ok || k == "" {
					return nil, fmt.Errorf("item %d has no ParameterKey", i)
				}
				if use, _ := e["UsePreviousValue"].(bool); use {
					// The previous value lives in the deployed stack: leave it unknown.
					continue
				}
				val, ok := text(e["ParameterValue"])
				if !ok {
					return nil, fmt.Errorf("item %d (%s) has no text ParameterValue", i, k)
				}
				out[k] = val
			default:
				return nil, fmt.Errorf("item %d is neither \"KEY=VALUE\" nor {ParameterKey, ParameterValue}", i)
			}
		}
	case map[string]any:
		src := t
		if p, ok := t["Parameters"].(map[string]any); ok {
			src = p
		} else if _, ok := t["Parameters"]; ok {
			return nil, errors.New("the Parameters entry is not an object")
		}
		for k, e := range src {
			val, ok := text(e)
			if !ok {
				if l, isList := e.([]any); isList {
					parts := make([]string, 0, len(l))
					for _, x := range l {
						s, _ := text(x)
						parts = append(parts, s)
					}
					out[k] = strings.Join(parts, ",")
					continue
				}
				return nil, fmt.Errorf("the value of %s is not text", k)
			}
			out[k] = val
		}
	default:
		return nil, errors.New("expected a list of parameters or an object")
	}
	return out, nil
}

func text(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool, int64, float64:
		b, err := json.Marshal(t)
		if err != nil {
			return "", false
		}
		return string(b), true
	}
	return "", false
}
