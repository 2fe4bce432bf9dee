# METADATA
# title: Postman request calls a stage or method the API does not have
# description: |
#   A request to an API Gateway endpoint (https://API_ID.execute-api.REGION.amazonaws.com/STAGE/PATH)
#   reaches a method only when the API has that stage and a resource and
#   method matching the path and verb (or ANY). Otherwise API Gateway answers
#   403 {"message":"Missing Authentication Token"}, which looks like an auth
#   problem but is a wrong URL. The check runs only when the scan also holds
#   the REST API with that id (a live account exported with --live, or a
#   snapshot), and only when its stages and methods are completely known.
# related_resources:
#   - ref: https://repost.aws/knowledge-center/api-gateway-authentication-token-errors
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html
# custom:
#   id: PM013
#   slug: request-to-missing-method
#   severity: error
#   security_severity: low
#   client_sees: 403 Forbidden with {"message":"Missing Authentication Token"} for every call of the request.
#   remediation: Fix the request URL (stage name, path, verb), or deploy the stage or method the collection expects.
#   fixes:
#     postman: "Correct the request URL (or the base_url variable): the stage is the first path segment after the host."
#     console: "API Gateway > the API > Stages: check the stage name and the deployed resources; Deploy API if the method is missing from the stage."
#   sources: [postman]
#   tags: [postman, deployment]
#   resources: [apiRequest]
package authlint.rules.request_to_missing_method

import data.authlint.lib.joined
import data.authlint.lib.result

deny contains result.at(msg, r, r.url) if {
	some r in input.apiRequests
	missing := r.method.missing
	joined.api(r)
	msg := sprintf(
		"Postman request %q calls %s, but %s: API Gateway answers 403 Missing Authentication Token. Fix the URL, or deploy what the collection expects.",
		[r.item, sprintf("%s %s%s", [r.httpMethod.value, r.host.value, r.path.value]), missing.reason],
	)
}
