package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/registry"
)

// loadFlags are the flags of every command that reads files.
type loadFlags struct {
	Params     []string
	ParamFiles []string
	Vars       []string
	VarFiles   []string
	TFDir      string
	// PostmanEnvs, PostmanGlobals and PostmanVars choose the variables
	// Postman collections are resolved with.
	PostmanEnvs    []string
	PostmanGlobals string
	PostmanVars    []string
	MaxFileSize    byteSize
	Workers        int
	// Root and AllowOutsideRoot bound the files that inputs name.
	Root             string
	AllowOutsideRoot bool
}

func (l *loadFlags) register(fs *pflag.FlagSet) {
	l.MaxFileSize = byteSize(loader.DefaultMaxFileSize)
	fs.StringArrayVar(&l.Params, "param", nil, "CloudFormation parameter value `KEY=VALUE` (repeatable; wins over --param-file and defaults)")
	fs.StringArrayVar(&l.ParamFiles, "param-file", nil, "CloudFormation parameter `FILE` (AWS CLI, CodePipeline or CDK format; repeatable)")
	fs.StringArrayVar(&l.Vars, "var", nil, "Terraform root variable value `NAME=VALUE` (repeatable; wins over --var-file and .tfvars files)")
	fs.StringArrayVar(&l.VarFiles, "var-file", nil, "Terraform variables `FILE` (.tfvars or .tfvars.json; repeatable)")
	fs.StringVar(&l.TFDir, "tf-dir", "", "Terraform configuration `DIR` of the plans scanned, so findings point at its .tf files (default: the plan's folder)")
	fs.StringArrayVar(&l.PostmanEnvs, "postman-env", nil, "Postman environment `FILE` to check collections with (repeatable; each is checked; default: the environment files beside each collection)")
	fs.StringVar(&l.PostmanGlobals, "postman-globals", "", "Postman globals `FILE` (default: a globals file beside each collection)")
	fs.StringArrayVar(&l.PostmanVars, "postman-var", nil, "Postman variable value `NAME=VALUE` (repeatable; wins over environments, collection variables and globals)")
	fs.Var(&l.MaxFileSize, "max-file-size", "largest file read, e.g. 64MiB (larger files are load errors)")
	fs.IntVar(&l.Workers, "workers", 0, "files read, and inventories evaluated, in parallel (default: the number of CPUs)")
	fs.StringVar(&l.Root, "root", "", "scan root `DIR`: files that inputs name (nested stacks, includes, local OpenAPI bodies, CDK assets) are read only inside it (default: the repository above the first path, else the folder given)")
	fs.BoolVar(&l.AllowOutsideRoot, "allow-outside-root", false, "read files that inputs name outside the scan root too (unsafe on untrusted input such as pull requests)")
}

// root returns the scan root for paths: --root, or loader.DefaultRoot.
func (l *loadFlags) root(paths []string) (*loader.Root, error) {
	dir := l.Root
	if dir == "" {
		dir = loader.DefaultRoot(paths)
	}
	r, err := loader.NewRoot(dir, l.AllowOutsideRoot)
	if err != nil {
		return nil, usageError("--root: %v", err)
	}
	return r, nil
}

// registryOptions turns the flags into loader options.
func (l *loadFlags) registryOptions() (registry.Options, error) {
	opts := registry.Options{ParamFiles: l.ParamFiles, TerraformVarFiles: l.VarFiles, TerraformDir: l.TFDir,
		PostmanEnvs: l.PostmanEnvs, PostmanGlobals: l.PostmanGlobals}
	for _, v := range l.PostmanVars {
		k, _, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return registry.Options{}, usageError("--postman-var %q: want NAME=VALUE", v)
		}
		opts.PostmanVars = append(opts.PostmanVars, strings.TrimSpace(k)+v[len(k):])
	}
	for _, v := range l.Vars {
		k, _, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return registry.Options{}, usageError("--var %q: want NAME=VALUE", v)
		}
		opts.TerraformVars = append(opts.TerraformVars, strings.TrimSpace(k)+v[len(k):])
	}
	if len(l.Params) > 0 {
		opts.Params = map[string]string{}
	}
	for _, p := range l.Params {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return registry.Options{}, usageError("--param %q: want KEY=VALUE", p)
		}
		opts.Params[strings.TrimSpace(k)] = v
	}
	if l.Workers < 0 {
		return registry.Options{}, usageError("--workers %d: want 0 (one per CPU) or more", l.Workers)
	}
	return opts, nil
}

// byteSize is a size flag that accepts plain bytes or a unit (KB, KiB, MB, MiB,
// GB, GiB).
type byteSize int64

var sizeUnits = []struct {
	suffix string
	factor int64
}{
	// Longest suffixes first so "KiB" is not read as "B".
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30},
	{"b", 1},
}

func (b *byteSize) Set(s string) error {
	t := strings.ToLower(strings.TrimSpace(s))
	factor := int64(1)
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, factor = strings.TrimSpace(rest), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/factor {
		return fmt.Errorf("%q is not a size (want e.g. 1048576, 500KiB or 64MiB)", s)
	}
	*b = byteSize(n * factor)
	return nil
}

func (b *byteSize) String() string {
	n := int64(*b)
	switch {
	case n > 0 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + "GiB"
	case n > 0 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n > 0 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	default:
		return strconv.FormatInt(n, 10)
	}
}

func (*byteSize) Type() string { return "size" }
