# An HTTP API for the mobile app, with a JWT authorizer that trusts the same
# user pool as the REST API.

resource "aws_apigatewayv2_api" "mobile" {
  name          = "pets-mobile"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "pets" {
  api_id             = aws_apigatewayv2_api.mobile.id
  integration_type   = "HTTP_PROXY"
  integration_method = "GET"
  integration_uri    = "https://backend.pets.example.com/pets"
}

resource "aws_apigatewayv2_authorizer" "cognito" {
  api_id           = aws_apigatewayv2_api.mobile.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "cognito"

  jwt_configuration {
    # The app client's id: ID tokens carry it in aud, access tokens in client_id.
    audience = [module.cognito.client_id]
    issuer   = "https://${module.cognito.endpoint}"
  }
}

resource "aws_apigatewayv2_route" "pets" {
  api_id               = aws_apigatewayv2_api.mobile.id
  route_key            = "GET /pets"
  authorization_type   = "JWT"
  authorizer_id        = aws_apigatewayv2_authorizer.cognito.id
  authorization_scopes = ["https://pets.example.com/pets.read"]
  target               = "integrations/${aws_apigatewayv2_integration.pets.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.mobile.id
  name        = "$default"
  auto_deploy = true
}
