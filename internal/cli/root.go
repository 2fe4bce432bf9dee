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
	// -v is --verbose in every command; the version is `authlint version`
	// or --version (cobra would otherwise take -v for it).
	root.Flags().Bool("version", false, "print the version (authlint version prints more)")
	var color string
	verbose := false
	root.PersistentFlags().StringVar(&color, "color", "auto", "colour the text output: auto (a terminal, NO_COLOR unset), always or never")
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "more detail on standard error")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		on, err := useColor(color, streams.Out, streams.Getenv)
		streams.ColorOut = on
		return err
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
