# METADATA
# title: SAM puts the default authorizer (or API key) on CORS preflights
# description: |
#   An AWS::Serverless::Api with Cors generates an OPTIONS method for every path.
#   With Auth.DefaultAuthorizer set, SAM also applies that authorizer to those
#   OPTIONS methods unless Auth.AddDefaultAuthorizerToCorsPreflight is false, and
#   the default is true. Likewise Auth.ApiKeyRequired reaches the preflight unless
#   Auth.AddApiKeyRequiredToCorsPreflight is false. Browsers send preflights
#   without tokens or keys, so every preflight is refused and the browser reports
#   a CORS error.
# related_resources:
#   - ref: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiauth.html
#   - ref: https://github.com/aws/serverless-application-model/issues/717
# custom:
#   id: CR002
#   slug: sam-default-authorizer-on-preflight
#   severity: error
#   security_severity: low
#   client_sees: The preflight fails (401 Unauthorized, or 403 Forbidden) and the browser reports a CORS error; the real request is never sent.
#   remediation: Set Auth.AddDefaultAuthorizerToCorsPreflight (and Auth.AddApiKeyRequiredToCorsPreflight) to false on the AWS::Serverless::Api.
#   fixes:
#     sam: "Under Auth, add AddDefaultAuthorizerToCorsPreflight: false (and AddApiKeyRequiredToCorsPreflight: false when ApiKeyRequired is true)."
#     console: "Resources > each OPTIONS method > Method request > Authorization: NONE, API key required: false, then Deploy API (the next sam deploy undoes it; fix the template)."
#   sources: [sam]
#   tags: [cors, sam]
package authlint.rules.sam_default_authorizer_on_preflight

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, api, where) if {
	some api in input.restApis
	sam := api.sam
	cors_configured(sam)
	authorizer := sam.defaultAuthorizer.value
	upper(authorizer) != "NONE"
	setting := object.get(sam, "addDefaultAuthorizerToCorsPreflight", null)
	value.unset_or_true(setting)
	where := location(setting, sam.defaultAuthorizer)
	msg := sprintf(
		"API %s has Cors and DefaultAuthorizer %s, and AddDefaultAuthorizerToCorsPreflight is %s: SAM puts the authorizer on the generated OPTIONS methods, browsers send preflights without a token, and every preflight gets %s, shown as a CORS error. Set Auth.AddDefaultAuthorizerToCorsPreflight: false.",
		[apigw.label(api), authorizer, state(setting), status(authorizer)],
	)
}

deny contains result.at(msg, api, where) if {
	some api in input.restApis
	sam := api.sam
	cors_configured(sam)
	value.is_true(sam.apiKeyRequired)
	setting := object.get(sam, "addApiKeyRequiredToCorsPreflight", null)
	value.unset_or_true(setting)
	where := location(setting, sam.apiKeyRequired)
	msg := sprintf(
		"API %s has Cors and ApiKeyRequired, and AddApiKeyRequiredToCorsPreflight is %s: SAM requires the API key on the generated OPTIONS methods, browsers send preflights without it, and every preflight gets 403 Forbidden, shown as a CORS error. Set Auth.AddApiKeyRequiredToCorsPreflight: false.",
		[apigw.label(api), state(setting)],
	)
}

cors_configured(sam) if {
	sam.cors
	not sam.cors.unknown
}

state(setting) := "unset (SAM's default is true)" if {
	setting == null
} else := "true"

location(setting, fallback) := setting if {
	setting != null
} else := fallback

status(authorizer) := "403 Missing Authentication Token" if {
	upper(authorizer) == "AWS_IAM"
} else := "401 Unauthorized"
