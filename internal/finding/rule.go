package finding

// Source kinds a rule can apply to (the keys of Rule.Fixes).
const (
	SourceOpenAPI        = "openapi"
	SourceCloudFormation = "cloudformation"
	SourceSAM            = "sam"
	SourceCDK            = "cdk"
	SourceTerraform      = "terraform"
	SourceLive           = "live"
	SourcePostman        = "postman"
	SourceConsole        = "console"
)

// Rule is one entry of the catalogue, read from a policy's METADATA.
type Rule struct {
	// ID is stable (AZ001); Slug is its readable alias.
	ID       string   `json:"id"`
	Slug     string   `json:"slug"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	// Description says what the rule detects and why it matters.
	Description string `json:"description"`
	// ClientSees is what the API client observes: status code and message.
	ClientSees string `json:"clientSees"`
	// Remediation is the fix in general terms; Fixes holds the fix per source
	// kind (openapi, cloudformation, sam, cdk, terraform, console).
	Remediation string            `json:"remediation"`
	Fixes       map[string]string `json:"fixes,omitempty"`
	// Sources are the source kinds the rule applies to.
	Sources []string `json:"sources,omitempty"`
	// References are documentation URLs.
	References []string `json:"references,omitempty"`
	// SecuritySeverity is the security impact of the misconfiguration
	// (critical, high, medium or low), apart from how likely it is to break
	// clients: a method open to anyone is critical or high, a configuration
	// that refuses every token (fails closed) medium or low. Empty for rules
	// that do not say (custom rules); reporters then derive it from Severity.
	SecuritySeverity string `json:"securitySeverity,omitempty"`
	// Tags classify the rule (security, cors, deployment, …).
	Tags []string `json:"tags,omitempty"`
	// Resources are the kinds of resource the rule examines (method,
	// authorizer, …; the finding.Resource kinds). Reporters that list passing
	// checks (JUnit) pair the rule with each resource of these kinds; without
	// them a rule is reported once per input.
	Resources []string `json:"resources,omitempty"`
	// Package is the Rego package that implements the rule.
	Package string `json:"package"`
	// File is the policy file (embedded path, or the path of a user policy).
	File string `json:"file"`
	// Custom is true for rules loaded with --policy.
	Custom bool `json:"custom,omitempty"`
	// Step is set for token rules (TK…): the step of API Gateway's handling of
	// a request the rule checks (one of Steps). Token rules are evaluated by
	// `authlint explain` over a model.TokenCase, never over inventories.
	Step string `json:"step,omitempty"`
}

// IsToken reports whether the rule is a token rule.
func (r *Rule) IsToken() bool { return r.Step != "" }

// The steps of API Gateway's handling of a request to a method with a Cognito
// authorizer, in the order explain presents them (AWS documents no order for
// the checks inside the authorizer; this one goes from what the client sends
// to what happens after the authorizer accepts the token).
const (
	StepHeader               = "header"
	StepTokenShape           = "token-shape"
	StepSignature            = "signature"
	StepIssuer               = "issuer"
	StepExpiry               = "expiry"
	StepTokenKind            = "token-kind"
	StepValidationExpression = "validation-expression"
	StepAfterAuthorizer      = "after-authorizer"
)

// Steps returns the token-rule steps in order.
func Steps() []string {
	return []string{StepHeader, StepTokenShape, StepSignature, StepIssuer, StepExpiry, StepTokenKind, StepValidationExpression, StepAfterAuthorizer}
}

// StepOrder returns the position of step in Steps, or -1.
func StepOrder(step string) int {
	for i, s := range Steps() {
		if s == step {
			return i
		}
	}
	return -1
}

// RuleError is a rule that failed to evaluate on one input.
type RuleError struct {
	RuleID  string `json:"ruleId"`
	Input   string `json:"input"`
	Message string `json:"message"`
}

// Security severities, the values of Rule.SecuritySeverity.
const (
	SecurityCritical = "critical"
	SecurityHigh     = "high"
	SecurityMedium   = "medium"
	SecurityLow      = "low"
)

// SecuritySeverities lists the valid Rule.SecuritySeverity values, highest first.
func SecuritySeverities() []string {
	return []string{SecurityCritical, SecurityHigh, SecurityMedium, SecurityLow}
}

// SecurityScore is the CVSS-like score GitHub code scanning reads from SARIF
// (security-severity): above 9.0 is critical, 7.0-8.9 high, 4.0-6.9 medium,
// below 4.0 low. A rule without a security severity is scored from its
// severity: error high, warning medium, note low.
func (r Rule) SecurityScore() string {
	switch r.SecuritySeverity {
	case SecurityCritical:
		return "9.5"
	case SecurityHigh:
		return "8.0"
	case SecurityMedium:
		return "5.5"
	case SecurityLow:
		return "3.0"
	}
	switch r.Severity {
	case Error:
		return "8.0"
	case Warning:
		return "5.5"
	default:
		return "2.0"
	}
}
