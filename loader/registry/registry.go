package registry

import (
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation"
	"github.com/authlint/authlint/loader/openapi"
	"github.com/authlint/authlint/loader/snapshot"
)

// Options configure the file loaders.
type Options struct {
	// Params are CloudFormation parameter values (--param KEY=VALUE); they win
	// over ParamFiles and over parameter defaults.
	Params map[string]string
	// ParamFiles are CloudFormation parameter files (AWS CLI, CodePipeline or
	// CDK formats).
	ParamFiles []string
}

// Files returns the file loaders in detection order: the most specific
// detectors first.
func Files(opts Options) []loader.Loader {
	return []loader.Loader{
		snapshot.New(),
		cloudformation.New(cloudformation.Options{Params: opts.Params, ParamFiles: opts.ParamFiles}),
		openapi.New(),
	}
}

// Unread returns the inputs a folder walk recognizes but no loader reads, so
// that scans report them instead of passing silently. A kind that gains a
// loader leaves this list (Terraform: when its loader is registered in Files).
func Unread() []loader.Unread {
	return []loader.Unread{
		loader.CDKApp(),
		loader.ServerlessService(),
		loader.TerraformConfig(),
	}
}
