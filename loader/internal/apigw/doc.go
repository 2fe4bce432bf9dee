// Package apigw holds the API Gateway conventions every loader shares: how
// authorization types and authorizer types are spelled, how mapping values are
// quoted ('*'), how a resource policy document and gateway-response or CORS
// response parameters turn into model values. Loaders pass a Values resolver so
// the same code serves literal JSON (OpenAPI, live) and CloudFormation values
// with intrinsics.
package apigw
