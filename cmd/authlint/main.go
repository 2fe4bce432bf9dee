// Command authlint finds the Amazon API Gateway and Amazon Cognito
// misconfigurations that make a COGNITO_USER_POOLS authorizer answer 401
// Unauthorized. The command line lives in internal/cli; this file only wires
// the process to it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/authlint/authlint/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, a second one kills the process at once.
		<-ctx.Done()
		stop()
	}()
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
