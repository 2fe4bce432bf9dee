# METADATA
# title: Template is larger than CloudFormation accepts
# description: |
#   CloudFormation refuses a template larger than 1 MB, even from an S3 bucket
#   (51,200 bytes when passed inline), so a stack from this template can neither
#   be created nor updated: every change to its API, authorizers and user pools
#   stays undeployed. authlint reads the template anyway (up to its own file
#   limit) and checks it, but what it finds is not what is deployed. Reported
#   once per template file that defines a REST API, when the file is larger than
#   1,048,576 bytes.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
# custom:
#   id: DP006
#   slug: template-over-cloudformation-size-limit
#   severity: note
#   security_severity: low
#   client_sees: Whatever the last deployed version answers (often 401 Unauthorized from an old authorizer setup), because the stack update that would change it fails.
#   remediation: Split the template into nested stacks, or move large inline content (OpenAPI bodies, code) to S3.
#   fixes:
#     cloudformation: "Move groups of resources into AWS::CloudFormation::Stack nested stacks, or load the OpenAPI body from S3 with BodyS3Location / AWS::Include."
#     sam: "Split the application into nested applications (AWS::Serverless::Application), or keep DefinitionUri / AWS::Include for the OpenAPI body."
#     console: "CloudFormation > Create stack refuses the file: split it into nested stacks before uploading."
#   sources: [cloudformation, sam]
#   tags: [deployment, limits]
package authlint.rules.template_over_cloudformation_size_limit

import data.authlint.lib.result

# CloudFormation's limit for a template in S3 is "1 MB"; the binary megabyte
# is used so that no template CloudFormation accepts is reported.
limit := 1048576

deny contains result.new(msg, api) if {
	some s in input.sources
	s.kind in {"cloudformation", "sam"}
	s.bytes > limit
	refs := sort([a.ref | some a in input.restApis; a.loc.file == s.file])
	count(refs) > 0
	some api in input.restApis
	api.ref == refs[0]
	msg := sprintf(
		"%s is %d bytes, more than the 1 MB (%d bytes) CloudFormation accepts for a template: the stack cannot be created or updated, so API %s and its authorizers stay as last deployed. Split the template into nested stacks or move large inline content to S3.",
		[s.file, s.bytes, limit, name(api)],
	)
}

name(api) := api.logicalId if {
	api.logicalId != ""
} else := api.ref
