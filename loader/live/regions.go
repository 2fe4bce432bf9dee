package live

import "slices"

// partitionRegions lists the regions of each partition, as the endpoint
// partition metadata of aws-sdk-go-v2 v1.48.0 names them
// (internal/endpoints/awsrulesfn/partitions.json; the pseudo-regions
// "aws-global" and the like left out). The SDK keeps that file internal, and
// listing regions at run time would need ec2:DescribeRegions (a heavy
// dependency) or account:ListRegions (another permission), so the list is
// built in; a test compares it with the SDK's file when the module cache has
// it.
var partitionRegions = map[string][]string{
	"aws": {
		"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
		"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
		"ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
		"eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
		"il-central-1", "me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-east-1", "sa-west-1",
		"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	},
	"aws-cn":     {"cn-north-1", "cn-northwest-1"},
	"aws-eusc":   {"eusc-de-east-1"},
	"aws-iso":    {"us-iso-east-1", "us-iso-west-1"},
	"aws-iso-b":  {"us-isob-east-1", "us-isob-west-1"},
	"aws-iso-e":  {"eu-isoe-west-1"},
	"aws-iso-f":  {"us-isof-east-1", "us-isof-south-1"},
	"aws-us-gov": {"us-gov-east-1", "us-gov-west-1"},
}

// enabledByDefault are the commercial regions every account has. Regions
// launched since March 2019 are opt-in: an account that has not enabled one
// answers with an invalid-token error there, which --all-regions treats as
// "not enabled" rather than as a failure.
var enabledByDefault = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// Regions returns the regions --all-regions scans in a partition (aws,
// aws-cn, aws-us-gov, …), sorted.
func Regions(partition string) []string {
	return slices.Clone(partitionRegions[partition])
}

// optIn reports whether a region must be enabled per account before use.
func optIn(region string) bool {
	return partitionOf(region) == "aws" && !slices.Contains(enabledByDefault, region)
}
