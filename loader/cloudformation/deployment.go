package cloudformation

import (
	"regexp"
	"strconv"

	"github.com/authlint/authlint/internal/model"
)

// Deployment logical ids that tools derive from the API's content. The tool
// renames the deployment whenever the API changes, so CloudFormation creates
// a new one and the stage serves the change.
var (
	// samDeploymentID is what AWS::Serverless::Api becomes in the SAM
	// translator's output: the API's logical id, "Deployment", and the first
	// ten hex digits of a SHA-1 of the API's definition
	// (MyApiDeployment2fae3fff22).
	samDeploymentID = regexp.MustCompile(`^(.+)Deployment([0-9a-f]{10})$`)
	// cdkDeploymentID is the CDK's: the construct's logical id, which ends in
	// an eight-digit upper-case hash of its path, then an MD5 (32 lower-case
	// hex digits) of the API's CloudFormation (ApiDeployment719D102A +
	// bf8fc62f0a59aea37747b68fec60f4a4). The path hash alone is not a content
	// hash: it never changes.
	cdkDeploymentID = regexp.MustCompile(`[0-9A-F]{8}([0-9a-f]{32})$`)
)

// deploymentHash tells whether a deployment's logical id carries a content
// hash written by the SAM translator or the CDK, and which tool wrote it.
// apiID is the logical id of the deployment's API ("" when unknown): SAM's
// id starts with it. A suffix that reads as a date (ApiDeployment2024061501)
// is a name someone chose, not a hash.
func deploymentHash(id, apiID string) (string, bool) {
	if m := cdkDeploymentID.FindStringSubmatch(id); m != nil && !looksLikeDate(m[1]) {
		return model.KindCDK, true
	}
	if m := samDeploymentID.FindStringSubmatch(id); m != nil && (apiID == "" || m[1] == apiID) && !looksLikeDate(m[2]) {
		return model.KindSAM, true
	}
	return "", false
}

// looksLikeDate reports whether an all-digit suffix starts with a calendar
// date (YYYYMMDD from 1990 to 2099). A hex hash is all digits only rarely,
// and then almost never a valid date.
func looksLikeDate(s string) bool {
	if len(s) < 8 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	year, _ := strconv.Atoi(s[:4])
	month, _ := strconv.Atoi(s[4:6])
	day, _ := strconv.Atoi(s[6:8])
	return year >= 1990 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31
}
