package loader

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Unread recognizes, in a folder a walk enters, an input authlint knows is
// relevant but cannot read (a CDK app that was not synthesized, a
// Serverless Framework service), so that a scan
// says so instead of passing with nothing to report. Each kind is one value;
// registry.Unread lists the ones a scan checks, so a kind that gains a loader
// is dropped from that list.
type Unread struct {
	// Kind names what was found: cdk, serverless.
	Kind string
	// Check looks at one folder's entries and returns what it found there;
	// the walk turns each into a Skip with Kind set.
	Check func(ctx context.Context, dir string, entries []fs.DirEntry) []Skip
}

// cdkManifestLimit bounds the cdk.json read to find the output folder.
const cdkManifestLimit = 1 << 20

// CDKApp finds cdk.json files without the cloud assembly next to them
// (cdk.out, or the "output" folder cdk.json names): authlint reads the
// synthesized templates, so the app must be synthesized first.
func CDKApp() Unread {
	return Unread{Kind: "cdk", Check: func(ctx context.Context, dir string, entries []fs.DirEntry) []Skip {
		if !hasFile(entries, "cdk.json") {
			return nil
		}
		p := filepath.Join(dir, "cdk.json")
		out := cdkOutput(ctx, p)
		if isDir(filepath.Join(dir, out)) {
			return nil
		}
		return []Skip{{Path: p, Kind: "cdk", Reason: fmt.Sprintf(
			"a CDK app without its cloud assembly (%s): authlint reads the CloudFormation templates cdk synth writes there, so run cdk synth first, then scan again", out)}}
	}}
}

// cdkOutput is the assembly folder a cdk.json names, relative to it; the
// default cdk.out when it names none, or names one outside its folder (a
// walk does not look there).
func cdkOutput(ctx context.Context, path string) string {
	const def = "cdk.out"
	data, err := ReadFile(ctx, path, cdkManifestLimit)
	if err != nil {
		return def
	}
	var cfg struct {
		Output string `json:"output"`
	}
	if json.Unmarshal(data, &cfg) != nil || cfg.Output == "" {
		return def
	}
	out := filepath.Clean(filepath.FromSlash(cfg.Output))
	if !filepath.IsLocal(out) {
		return def
	}
	return out
}

// serverlessConfigs are the file names of a Serverless Framework service.
var serverlessConfigs = []string{"serverless.yml", "serverless.yaml", "serverless.json", "serverless.ts", "serverless.js"}

// ServerlessService finds Serverless Framework services that were not
// packaged: serverless package writes the CloudFormation template to
// .serverless/, which the walk reads.
func ServerlessService() Unread {
	return Unread{Kind: "serverless", Check: func(_ context.Context, dir string, entries []fs.DirEntry) []Skip {
		i := slices.IndexFunc(serverlessConfigs, func(n string) bool { return hasFile(entries, n) })
		if i < 0 || isDir(filepath.Join(dir, ".serverless")) {
			return nil
		}
		return []Skip{{Path: filepath.Join(dir, serverlessConfigs[i]), Kind: "serverless", Reason: "a Serverless Framework service, which authlint does not read: " +
			"serverless package writes its CloudFormation template to .serverless/; run it, then scan again"}}
	}}
}

func hasFile(entries []fs.DirEntry, name string) bool {
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == name && !e.IsDir() })
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
