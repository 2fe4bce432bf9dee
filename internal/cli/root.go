package cli

import (
	"github.com/spf13/cobra"
)

// NewCmdRoot builds the command tree.
func NewCmdRoot(streams *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "authlint",
		Short: "Find the API Gateway and Cognito settings that make a Cognito authorizer answer 401",
		Long: `authlint checks Amazon API Gateway REST APIs and Amazon Cognito user pools for the
misconfigurations that make a COGNITO_USER_POOLS authorizer answer 401 Unauthorized
(and the 403s mistaken for it). It reads OpenAPI definitions with the
x-amazon-apigateway-* extensions, CloudFormation, SAM and CDK output, authlint
export files, and running AWS accounts (scan --live).

Exit codes:
  0  nothing at or above --fail-on
  1  findings at or above --fail-on
  2  usage or configuration error
  3  some input could not be loaded, or some account, region or API could not
     be read (the others are still scanned and reported)`,
		Version:       buildVersion().Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	root.SetVersionTemplate("authlint {{.Version}}\n")
	root.AddCommand(
		NewCmdScan(streams, nil),
		NewCmdRules(streams, nil, nil),
		NewCmdExplain(streams, nil),
		NewCmdExport(streams, nil),
		NewCmdMerge(streams, nil),
		NewCmdVersion(streams, nil),
	)
	return root
}
