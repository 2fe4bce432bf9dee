# METADATA
# title: Provider ARN is not a user pool ARN
# description: |
#   A COGNITO_USER_POOLS authorizer accepts tokens from the user pools whose ARNs
#   are listed in providerARNs, in the form
#   arn:PARTITION:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID. An identity pool ARN
#   (cognito-identity), a bare pool ID, the pool's provider name or issuer URL, an
#   ARN of another service or one without a pool ID never matches the issuer of a
#   token, so every call is refused. ARNs built from stage variables are checked by
#   AZ008 instead. A pool ID whose region prefix differs from the ARN's region is
#   not reported: with multi-Region replication a replica keeps the primary
#   Region's pool ID.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
# custom:
#   id: AZ002
#   slug: provider-arn-malformed
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) on every method that uses the authorizer, or a failed deployment.
#   remediation: List the user pool's ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID) in providerARNs.
#   fixes:
#     openapi: "Write the full ARN in x-amazon-apigateway-authorizer.providerARNs: arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID."
#     cloudformation: "Use ProviderARNs: [!GetAtt UserPool.Arn]; !Ref UserPool returns the pool ID, not the ARN."
#     sam: "Use UserPoolArn: !GetAtt UserPool.Arn under Auth.Authorizers."
#     cdk: "Pass the UserPool construct (cognitoUserPools: [pool]), or UserPool.fromUserPoolArn(...) with the full ARN."
#     terraform: "Use provider_arns = [aws_cognito_user_pool.pool.arn], not .id or .endpoint."
#     live: "aws apigateway update-authorizer --patch-operations op=replace,path=/providerARNs/0,value=POOL_ARN (or re-create the authorizer), then create a new deployment."
#     console: "Authorizers > edit the authorizer > pick the Cognito user pool from the list, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [authorizer]
package authlint.rules.provider_arn_malformed

import data.authlint.lib.apigw
import data.authlint.lib.result

deny contains result.at(msg, a, item.arn) if {
	some api in input.restApis
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	some item in a.providerArns.items
	arn := item.arn.value
	not contains(arn, "${stageVariables.")
	problem := malformed(arn)
	msg := sprintf(
		"Cognito authorizer %s lists %q in providerARNs, which %s; no token can match it, so methods that use the authorizer answer 401 Unauthorized (or the deployment fails). Use the user pool's ARN, arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID.",
		[apigw.label(a), arn, problem],
	)
}

# A template that writes !Ref UserPool (the pool ID) or a pool attribute other
# than Arn cannot be resolved, but it is certainly not an ARN.
deny contains result.at(msg, a, item.arn) if {
	some api in input.restApis
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	some item in a.providerArns.items
	expr := item.arn.unknown.expr
	what := not_an_arn(expr)
	msg := sprintf(
		"Cognito authorizer %s lists %s in providerARNs, which gives the pool's %s, not its ARN; no token can match it, so methods that use the authorizer answer 401 Unauthorized (or the deployment fails). Use !GetAtt %s.Arn.",
		[apigw.label(a), expr, what.gives, what.pool],
	)
}

# The same in Terraform: aws_cognito_user_pool.pool.id, .endpoint or .name
# where the pool's .arn belongs.
deny contains result.at(msg, a, item.arn) if {
	some api in input.restApis
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	some item in a.providerArns.items
	expr := item.arn.unknown.expr
	m := regex.find_all_string_submatch_n(`^((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*aws_cognito_user_pool\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.(id|endpoint|name)$`, expr, 1)[0]
	is_pool(m[1])
	msg := sprintf(
		"Cognito authorizer %s lists %s in provider_arns, which gives the pool's %s, not its ARN; no token can match it, so methods that use the authorizer answer 401 Unauthorized (or the apply fails). Use %s.arn.",
		[apigw.label(a), expr, tf_attributes[m[2]], m[1]],
	)
}

tf_attributes := {"id": "ID", "endpoint": "issuer endpoint", "name": "name"}

not_an_arn(expr) := {"gives": "ID", "pool": m[1]} if {
	m := regex.find_all_string_submatch_n(`^!Ref ([A-Za-z0-9]+)$`, expr, 1)[0]
	is_pool(m[1])
} else := {"gives": attributes[m[2]], "pool": m[1]} if {
	m := regex.find_all_string_submatch_n(`^!GetAtt ([A-Za-z0-9]+)\.(ProviderName|ProviderURL|UserPoolId)$`, expr, 1)[0]
	is_pool(m[1])
}

attributes := {"ProviderName": "provider name", "ProviderURL": "issuer URL", "UserPoolId": "ID"}

is_pool(logical_id) if {
	some p in input.userPools
	p.logicalId == logical_id
}

user_pool_arn := `^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/[a-z0-9-]+_[0-9A-Za-z]+$`

# malformed explains what is wrong with an ARN; undefined for a user pool ARN.
malformed(arn) := reason if {
	not regex.match(user_pool_arn, arn)
	reason := explain(arn)
}

explain(arn) := "is an identity pool ARN (cognito-identity), not a user pool ARN" if {
	regex.match(`^arn:[^:]*:cognito-identity:`, arn)
} else := "is a bare user pool ID, not an ARN" if {
	regex.match(`^[a-z0-9-]+_[0-9A-Za-z]+$`, arn)
} else := "is the pool's provider name or issuer URL, not its ARN" if {
	regex.match(`^(https://)?(issuer-)?cognito-idp\.`, arn)
} else := "has no user pool ID after userpool/" if {
	regex.match(`^arn:[^:]*:cognito-idp:.*:userpool/?$`, arn)
} else := "is not a complete ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)" if {
	startswith(arn, "arn:")
	count(split(arn, ":")) < 6
} else := sprintf("names the %s service, not cognito-idp", [service]) if {
	parts := split(arn, ":")
	count(parts) > 2
	parts[0] == "arn"
	service := parts[2]
	service != "cognito-idp"
} else := "is not of the form arn:PARTITION:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID"
