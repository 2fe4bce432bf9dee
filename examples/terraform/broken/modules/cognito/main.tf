variable "name" {
  type = string
}

variable "callback_urls" {
  type = list(string)
}

resource "aws_cognito_user_pool" "pool" {
  name = var.name
}

resource "aws_cognito_user_pool_domain" "domain" {
  domain       = var.name
  user_pool_id = aws_cognito_user_pool.pool.id
}

resource "aws_cognito_resource_server" "pets" {
  identifier   = "https://pets.example.com"
  name         = "pets"
  user_pool_id = aws_cognito_user_pool.pool.id

  scope {
    scope_name        = "pets.read"
    scope_description = "Read pets"
  }
}

resource "aws_cognito_user_pool_client" "web" {
  name                 = "web"
  user_pool_id         = aws_cognito_user_pool.pool.id
  allowed_oauth_flows  = ["code"]
  allowed_oauth_scopes = concat(["openid"], aws_cognito_resource_server.pets.scope_identifiers)
  callback_urls        = var.callback_urls
}

output "pool_id" {
  value = aws_cognito_user_pool.pool.id
}

output "pool_arn" {
  value = aws_cognito_user_pool.pool.arn
}

output "endpoint" {
  value = aws_cognito_user_pool.pool.endpoint
}

output "client_id" {
  value = aws_cognito_user_pool_client.web.id
}
