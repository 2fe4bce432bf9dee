package terraform

import "github.com/hashicorp/hcl/v2"

// Resource types the model is built from.
const (
	tRestAPI         = "aws_api_gateway_rest_api"
	tResource        = "aws_api_gateway_resource"
	tMethod          = "aws_api_gateway_method"
	tIntegration     = "aws_api_gateway_integration"
	tIntegrationResp = "aws_api_gateway_integration_response"
	tMethodResp      = "aws_api_gateway_method_response"
	tAuthorizer      = "aws_api_gateway_authorizer"
	tDeployment      = "aws_api_gateway_deployment"
	tStage           = "aws_api_gateway_stage"
	tRestAPIPolicy   = "aws_api_gateway_rest_api_policy"
	tGatewayResponse = "aws_api_gateway_gateway_response"
	tUserPool        = "aws_cognito_user_pool"
	tUserPoolClient  = "aws_cognito_user_pool_client"
	tUserPoolDomain  = "aws_cognito_user_pool_domain"
	tResourceServer  = "aws_cognito_resource_server"
	tHTTPAPI         = "aws_apigatewayv2_api"
	tRoute           = "aws_apigatewayv2_route"
	tAuthorizerV2    = "aws_apigatewayv2_authorizer"
	tStageV2         = "aws_apigatewayv2_stage"
	tDeploymentV2    = "aws_apigatewayv2_deployment"
	metaLifecycle    = "lifecycle"
	attrDependsOn    = "depends_on"
	attrCount        = "count"
	attrForEach      = "for_each"
	maxInstances     = 10000
	maxModuleDepth   = 16
	maxNesting       = 256
	// maxForDepth bounds nested for expressions; maxValueSize the elements
	// of one value: beyond them a value is unknown.
	maxForDepth  = 2
	maxValueSize = 20000
)

// schema lists the attributes and nested blocks of a resource type that the
// model reads. Everything else in a block is ignored.
type schema struct {
	attrs []string
	// computed are attributes Terraform sets at apply: references to them
	// are unknown, and carry the link.
	computed []string
	blocks   map[string]*schema
	// body and bodyMeta are bodySchema(false) and bodySchema(true), built
	// once by compiled: every instance of every module reads them.
	body, bodyMeta *hcl.BodySchema
}

var lifecycle = compiled(&schema{attrs: []string{"create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by"}})

// compiled fills in the HCL schemas of s and of its nested blocks.
func compiled(s *schema) *schema {
	for _, sub := range s.blocks {
		compiled(sub)
	}
	s.body, s.bodyMeta = s.buildBodySchema(false), s.buildBodySchema(true)
	return s
}

// schemas are the resource types the model is built from. The loader
// builds them once; they are read-only after.
func schemas() map[string]*schema {
	out := map[string]*schema{
		tRestAPI: {
			attrs:    []string{"name", "body", "policy", "disable_execute_api_endpoint", "api_key_source", "put_rest_api_mode", "description", "fail_on_warnings"},
			computed: []string{"id", "arn", "root_resource_id", "execution_arn", "created_date"},
			blocks:   map[string]*schema{"endpoint_configuration": {attrs: []string{"types", "vpc_endpoint_ids"}}},
		},
		tResource: {attrs: []string{"rest_api_id", "parent_id", "path_part"}, computed: []string{"id", "path"}},
		tMethod: {
			attrs:    []string{"rest_api_id", "resource_id", "http_method", "authorization", "authorizer_id", "authorization_scopes", "api_key_required", "request_parameters", "operation_name"},
			computed: []string{"id"},
		},
		tIntegration: {
			attrs:    []string{"rest_api_id", "resource_id", "http_method", "type", "uri", "integration_http_method", "request_templates"},
			computed: []string{"id"},
		},
		tIntegrationResp: {
			attrs:    []string{"rest_api_id", "resource_id", "http_method", "status_code", "response_parameters", "selection_pattern"},
			computed: []string{"id"},
		},
		tMethodResp: {
			attrs:    []string{"rest_api_id", "resource_id", "http_method", "status_code", "response_parameters"},
			computed: []string{"id"},
		},
		tAuthorizer: {
			attrs:    []string{"name", "rest_api_id", "type", "provider_arns", "identity_source", "identity_validation_expression", "authorizer_result_ttl_in_seconds", "authorizer_uri", "authorizer_credentials"},
			computed: []string{"id", "arn"},
		},
		tDeployment: {
			attrs:    []string{"rest_api_id", "triggers", "description", "stage_name", "stage_description", "variables"},
			computed: []string{"id", "invoke_url", "execution_arn", "created_date"},
		},
		tStage: {
			attrs:    []string{"rest_api_id", "deployment_id", "stage_name", "variables", "description"},
			computed: []string{"id", "arn", "invoke_url", "execution_arn"},
		},
		tRestAPIPolicy:   {attrs: []string{"rest_api_id", "policy"}, computed: []string{"id"}},
		tGatewayResponse: {attrs: []string{"rest_api_id", "response_type", "status_code", "response_parameters", "response_templates"}, computed: []string{"id"}},
		tUserPool: {
			attrs:    []string{"name", "user_pool_tier"},
			computed: []string{"id", "arn", "endpoint", "domain", "custom_domain", "creation_date"},
			blocks: map[string]*schema{"lambda_config": {
				attrs:  []string{"pre_token_generation"},
				blocks: map[string]*schema{"pre_token_generation_config": {attrs: []string{"lambda_arn", "lambda_version"}}},
			}},
		},
		tUserPoolClient: {
			attrs: []string{"name", "user_pool_id", "generate_secret", "explicit_auth_flows", "allowed_oauth_flows", "allowed_oauth_scopes",
				"allowed_oauth_flows_user_pool_client", "callback_urls", "logout_urls", "default_redirect_uri", "supported_identity_providers",
				"access_token_validity", "id_token_validity", "refresh_token_validity", "enable_token_revocation"},
			computed: []string{"id", "client_secret"},
		},
		tUserPoolDomain: {attrs: []string{"domain", "user_pool_id", "certificate_arn"}, computed: []string{"id", "cloudfront_distribution", "cloudfront_distribution_arn", "aws_account_id"}},
		tHTTPAPI: {
			attrs:    []string{"name", "protocol_type", "body", "target", "route_key", "credentials_arn", "disable_execute_api_endpoint", "description"},
			computed: []string{"id", "arn", "api_endpoint", "execution_arn"},
			blocks: map[string]*schema{"cors_configuration": {attrs: []string{
				"allow_credentials", "allow_headers", "allow_methods", "allow_origins", "expose_headers", "max_age",
			}}},
		},
		tRoute: {
			attrs:    []string{"api_id", "route_key", "authorization_type", "authorizer_id", "authorization_scopes", "target", "api_key_required", "operation_name"},
			computed: []string{"id"},
		},
		tAuthorizerV2: {
			attrs:    []string{"api_id", "name", "authorizer_type", "identity_sources", "authorizer_uri", "authorizer_credentials_arn", "authorizer_payload_format_version"},
			computed: []string{"id"},
			blocks:   map[string]*schema{"jwt_configuration": {attrs: []string{"audience", "issuer"}}},
		},
		tStageV2: {
			attrs:    []string{"api_id", "name", "auto_deploy", "deployment_id", "description"},
			computed: []string{"id", "arn", "invoke_url", "execution_arn"},
		},
		tDeploymentV2: {
			attrs:    []string{"api_id", "description", "triggers"},
			computed: []string{"id", "auto_deployed"},
		},
		tResourceServer: {
			attrs:    []string{"identifier", "name", "user_pool_id"},
			computed: []string{"id", "scope_identifiers"},
			blocks:   map[string]*schema{"scope": {attrs: []string{"scope_name", "scope_description"}}},
		},
	}
	for _, s := range out {
		compiled(s)
	}
	return out
}

// bodySchema is the schema as HCL's, with the resource meta-arguments when
// meta is set.
func (s *schema) bodySchema(meta bool) *hcl.BodySchema {
	switch {
	case s == nil || s.body == nil:
		return s.buildBodySchema(meta)
	case meta:
		return s.bodyMeta
	}
	return s.body
}

// buildBodySchema converts a schema to HCL's.
func (s *schema) buildBodySchema(meta bool) *hcl.BodySchema {
	out := &hcl.BodySchema{}
	if s != nil {
		for _, a := range s.attrs {
			out.Attributes = append(out.Attributes, hcl.AttributeSchema{Name: a})
		}
		for name := range s.blocks {
			out.Blocks = append(out.Blocks, hcl.BlockHeaderSchema{Type: name})
		}
	}
	if meta {
		out.Attributes = append(out.Attributes,
			hcl.AttributeSchema{Name: attrCount}, hcl.AttributeSchema{Name: attrForEach},
			hcl.AttributeSchema{Name: attrDependsOn}, hcl.AttributeSchema{Name: "provider"})
		out.Blocks = append(out.Blocks, hcl.BlockHeaderSchema{Type: metaLifecycle})
	}
	return out
}

// fileSchema is what a module's files hold.
var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
}}

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "default"}, {Name: "type"}, {Name: "sensitive"},
}}

var outputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}}
