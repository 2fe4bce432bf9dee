package scan_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/parallel"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader"
)

// tfModules is how many Terraform modules the Terraform cases generate.
const tfModules = 1000

// WriteTerraformModules writes n module folders, each one main.tf of 20
// resources (a pool, a client, a domain, a resource server, an API with
// resources, an authorizer, methods over for_each, integrations, a
// deployment with triggers and a stage) with variables and locals.
func WriteTerraformModules(dir string, n int) error {
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("mod-%04d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(terraformModule(i)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func terraformModule(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `variable "env" {
  default = "prod"
}

locals {
  name  = "api-%d-${var.env}"
  verbs = toset(["GET", "POST", "DELETE"])
}

resource "aws_cognito_user_pool" "pool" {
  name = local.name
}

resource "aws_cognito_user_pool_domain" "domain" {
  domain       = local.name
  user_pool_id = aws_cognito_user_pool.pool.id
}

resource "aws_cognito_resource_server" "rs" {
  identifier   = "https://${local.name}.example.com"
  user_pool_id = aws_cognito_user_pool.pool.id
  scope {
    scope_name        = "read"
    scope_description = "read"
  }
}

resource "aws_cognito_user_pool_client" "web" {
  name                                 = "web"
  user_pool_id                         = aws_cognito_user_pool.pool.id
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_scopes                 = concat(["openid"], aws_cognito_resource_server.rs.scope_identifiers)
  callback_urls                        = ["https://${local.name}.example.com/cb"]
}

resource "aws_api_gateway_rest_api" "api" {
  name = local.name
}

resource "aws_api_gateway_authorizer" "cognito" {
  name          = "cognito"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = [aws_cognito_user_pool.pool.arn]
}
`, i)
	for _, p := range []string{"pets", "owners"} {
		fmt.Fprintf(&b, `
resource "aws_api_gateway_resource" "%[1]s" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "%[1]s"
}

resource "aws_api_gateway_method" "%[1]s" {
  for_each             = local.verbs
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_resource.%[1]s.id
  http_method          = each.key
  authorization        = "COGNITO_USER_POOLS"
  authorizer_id        = aws_api_gateway_authorizer.cognito.id
  authorization_scopes = aws_cognito_resource_server.rs.scope_identifiers
}

resource "aws_api_gateway_integration" "%[1]s" {
  for_each    = aws_api_gateway_method.%[1]s
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.%[1]s.id
  http_method = each.value.http_method
  type        = "MOCK"
}
`, p)
	}
	b.WriteString(`
resource "aws_api_gateway_deployment" "d" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_method.pets, aws_api_gateway_method.owners, aws_api_gateway_authorizer.cognito]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "s" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.d.id
  stage_name    = var.env
}
`)
	return b.String()
}

// benchScanTerraform is BenchmarkScan's Terraform case: walk, read,
// evaluate every module and run every rule.
func benchScanTerraform(b *testing.B, eng *engine.Engine, loaders []loader.Loader) {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	if err := WriteTerraformModules(dir, tfModules); err != nil {
		b.Fatal(err)
	}
	res := scan.Files(ctx, scan.Options{Paths: []string{dir}, Loaders: loaders}, eng, false)
	if len(res.LoadErrors) > 0 || len(res.Inputs) != tfModules || len(res.Findings) > 0 {
		b.Fatalf("generated modules: %d inputs, %d findings, load errors %v", len(res.Inputs), len(res.Findings), res.LoadErrors)
	}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for b.Loop() {
		scan.Files(ctx, scan.Options{Paths: []string{dir}, Loaders: loaders}, eng, false)
	}
	b.ReportMetric(float64(tfModules)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// benchParseTerraform is BenchmarkParseOnly's Terraform case: the floor of
// reading and HCL-parsing the same files in parallel.
func benchParseTerraform(b *testing.B) {
	b.Helper()
	dir := b.TempDir()
	if err := WriteTerraformModules(dir, tfModules); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for b.Loop() {
		if err := parseTerraform(dir); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tfModules)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

func parseTerraform(dir string) error {
	cands, _, errs := loader.Expand(context.Background(), []string{dir}, nil)
	if len(errs) > 0 {
		return errs[0]
	}
	failed := make([]error, len(cands))
	parallel.Do(len(cands), runtime.GOMAXPROCS(0), func(i int) {
		data, err := os.ReadFile(filepath.Join(cands[i].Path, "main.tf"))
		if err == nil {
			if _, diags := hclparse.NewParser().ParseHCL(data, "main.tf"); diags.HasErrors() {
				err = diags
			}
		}
		failed[i] = err
	})
	return errors.Join(failed...)
}
