package finding

import (
	"fmt"
	"strings"
)

// Severity orders findings. The zero value is invalid.
type Severity int

// Severities, lowest first.
const (
	Note Severity = iota + 1
	Warning
	Error
)

// Severities lists every severity, lowest first.
func Severities() []Severity { return []Severity{Note, Warning, Error} }

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	default:
		return fmt.Sprintf("severity(%d)", int(s))
	}
}

// ParseSeverity parses error, warning or note (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "note":
		return Note, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or note)", s)
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Note || s > Error {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Threshold is the --fail-on setting: the lowest severity that fails a run,
// or never.
type Threshold struct {
	never bool
	min   Severity
}

// FailOn returns the threshold that fails on s and above.
func FailOn(s Severity) Threshold { return Threshold{min: s} }

// Never is the threshold that never fails on findings.
func Never() Threshold { return Threshold{never: true} }

// ParseThreshold parses error, warning, note or never.
func ParseThreshold(s string) (Threshold, error) {
	if strings.EqualFold(strings.TrimSpace(s), "never") {
		return Never(), nil
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return Threshold{}, fmt.Errorf("unknown --fail-on value %q (want error, warning, note or never)", s)
	}
	return FailOn(sev), nil
}

// Fails reports whether a finding of severity s fails the run.
func (t Threshold) Fails(s Severity) bool { return !t.never && t.min != 0 && s >= t.min }

func (t Threshold) String() string {
	if t.never {
		return "never"
	}
	return t.min.String()
}
