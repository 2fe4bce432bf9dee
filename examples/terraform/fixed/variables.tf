variable "env" {
  type    = string
  default = "dev"
}

variable "callback_urls" {
  type = list(string)
}
