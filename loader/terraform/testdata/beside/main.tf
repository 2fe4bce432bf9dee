resource "aws_cognito_user_pool" "pool" {
  name = "pets-users"
}

resource "aws_cognito_user_pool_client" "web" {
  name                                 = "web"
  user_pool_id                         = aws_cognito_user_pool.pool.id
  generate_secret                      = true
  allowed_oauth_flows                  = ["implicit"]
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_scopes                 = ["openid"]
  callback_urls                        = ["https://app.example.com/callback"]
}

resource "aws_api_gateway_deployment" "d" {
  rest_api_id = "x"
  lifecycle {
    create_before_destroy = true
  }
}
