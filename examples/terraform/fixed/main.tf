module "cognito" {
  source        = "./modules/cognito"
  name          = "pets-${var.env}"
  callback_urls = var.callback_urls
}

resource "aws_api_gateway_rest_api" "api" {
  name = "pets-${var.env}"
}

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_authorizer" "cognito" {
  name          = "cognito"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = [module.cognito.pool_arn]
}

resource "aws_api_gateway_method" "pets" {
  for_each             = toset(["GET", "OPTIONS"])
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_resource.pets.id
  http_method          = each.key
  authorization        = each.key == "OPTIONS" ? "NONE" : "COGNITO_USER_POOLS"
  authorizer_id        = each.key == "OPTIONS" ? null : aws_api_gateway_authorizer.cognito.id
  authorization_scopes = each.key == "OPTIONS" ? null : ["https://pets.example.com/pets.read"]
}

resource "aws_api_gateway_integration" "pets" {
  for_each    = aws_api_gateway_method.pets
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = each.value.http_method
  type        = "MOCK"
}

resource "aws_api_gateway_gateway_response" "unauthorized" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  response_type = "UNAUTHORIZED"
  status_code   = "401"
  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin" = "'https://pets.example.com'"
  }
}

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id

  # A new deployment whenever the methods, integrations or the authorizer change.
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_method.pets,
      aws_api_gateway_integration.pets,
      aws_api_gateway_authorizer.cognito,
      aws_api_gateway_gateway_response.unauthorized,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = var.env
}
