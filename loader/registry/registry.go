package registry

import (
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation"
	"github.com/authlint/authlint/loader/openapi"
	"github.com/authlint/authlint/loader/postman"
	"github.com/authlint/authlint/loader/snapshot"
	"github.com/authlint/authlint/loader/terraform"
)

// Options configure the file loaders.
type Options struct {
	// Params are CloudFormation parameter values (--param KEY=VALUE); they win
	// over ParamFiles and over parameter defaults.
	Params map[string]string
	// ParamFiles are CloudFormation parameter files (AWS CLI, CodePipeline or
	// CDK formats).
	ParamFiles []string
	// TerraformVars are Terraform root variable values (--var NAME=VALUE), in
	// order; TerraformVarFiles are variable files (--var-file).
	TerraformVars     []string
	TerraformVarFiles []string
	// TerraformDir is the configuration folder of Terraform plans (--tf-dir).
	TerraformDir string
	// PostmanEnvs, PostmanGlobals and PostmanVars choose the Postman
	// environments collections are checked with (--postman-env,
	// --postman-globals, --postman-var NAME=VALUE).
	PostmanEnvs    []string
	PostmanGlobals string
	PostmanVars    []string
}

// Files returns the file loaders in detection order: the most specific
// detectors first.
func Files(opts Options) []loader.Loader {
	return []loader.Loader{
		snapshot.New(),
		postman.New(postman.Options{Environments: opts.PostmanEnvs, Globals: opts.PostmanGlobals, Vars: opts.PostmanVars}),
		terraform.New(terraform.Options{Vars: opts.TerraformVars, VarFiles: opts.TerraformVarFiles, TFDir: opts.TerraformDir}),
		cloudformation.New(cloudformation.Options{Params: opts.Params, ParamFiles: opts.ParamFiles}),
		openapi.New(),
	}
}

// Unread returns the inputs a folder walk recognizes but no loader reads, so
// that scans report them instead of passing silently. A kind that gains a
// loader leaves this list.
func Unread() []loader.Unread {
	return []loader.Unread{
		loader.CDKApp(),
		loader.ServerlessService(),
	}
}
