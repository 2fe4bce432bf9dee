package cloudformation

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"
	"github.com/authlint/authlint/internal/synth"
	"github.com/authlint/authlint/loader"
)

// loadedJSON is the exported model and error of a file loaded with the
// parallel threshold least (0: never parallel).
// It also returns how many templates had their methods built in parallel.
func loadedJSON(t *testing.T, name string, data []byte, opts Options, least int) (string, bool, int64) {
	t.Helper()
	if least == 0 {
		least = math.MaxInt
	}
	in := loader.NewInput(name, data)
	l := &Loader{opts: opts, parallelMin: least}
	if !l.Detect(in) {
		return "", false, 0
	}
	invs, err := l.Load(context.Background(), in)
	out, jerr := json.Marshal(invs)
	if jerr != nil {
		t.Fatal(jerr)
	}
	return fmt.Sprintf("%s\nerror: %v", out, err), true, l.parallel.Load()
}

type parallelInput struct {
	name string
	data []byte
	opts Options
}

// sameInParallel checks that building the methods on several goroutines
// gives the model the serial build gives, byte for byte; it returns how many
// inputs were templates and how many of those took the parallel path.
func sameInParallel(t *testing.T, inputs []parallelInput) (templates, parallel int) {
	t.Helper()
	for _, in := range inputs {
		serial, ok, _ := loadedJSON(t, in.name, in.data, in.opts, 0)
		if !ok {
			continue
		}
		templates++
		for _, least := range []int{1, 3} {
			got, _, n := loadedJSON(t, in.name, in.data, in.opts, least)
			if got != serial {
				t.Errorf("%s: the model built in parallel (from %d methods) differs from the serial one", in.name, least)
			}
			if least == 1 && n > 0 {
				parallel++
			}
		}
	}
	return templates, parallel
}

// TestParallelMethods: the golden fixtures (nested stacks, SAM, CDK,
// parameters) and a generated template load to the same model with their
// methods built in parallel. Run it with -race: it is the test of the
// concurrent path.
func TestParallelMethods(t *testing.T) {
	var inputs []parallelInput
	for _, g := range goldenInputs {
		data, err := os.ReadFile(g.file)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, parallelInput{g.file, data, g.opts})
	}
	inputs = append(inputs, parallelInput{"generated.yaml", synth.Generate(synth.CloudFormationYAML, 300), Options{}})
	templates, parallel := sameInParallel(t, inputs)
	if templates != len(inputs) || parallel < 4 {
		t.Fatalf("%d of %d inputs detected, %d built in parallel", templates, len(inputs), parallel)
	}
}

// TestParallelMethodsCorpus: so does every template of the corpus.
func TestParallelMethodsCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	var inputs []parallelInput
	for _, sub := range []string{"cfn", "sam", "sam-translator-output", "openapi"} {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, parallelInput{f, data, Options{}})
		}
	}
	if templates, parallel := sameInParallel(t, inputs); templates < 40 || parallel < 5 {
		t.Fatalf("%d templates in the corpus, %d built in parallel", templates, parallel)
	}
}

// TestParallelMethodsOrderDependent: a condition that refers to itself
// evaluates to what was evaluated first, so the methods that use one are
// built in the loop, in order, as before.
func TestParallelMethodsOrderDependent(t *testing.T) {
	src := `Conditions:
  A: !Condition B
  B: !Not [!Condition A]
  Plain: !Equals [a, a]
Resources:
  Api: {Type: AWS::ApiGateway::RestApi}
  Auth:
    Type: AWS::ApiGateway::Authorizer
    Properties: {RestApiId: !Ref Api, Type: TOKEN, Name: !If [B, b, c]}
`
	for i := range 6 {
		cond := "Plain"
		if i%2 == 1 {
			cond = "A"
		}
		src += fmt.Sprintf("  M%d:\n    Type: AWS::ApiGateway::Method\n    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: !If [%s, NONE, AWS_IAM]}\n", i, cond)
	}
	serial, _, _ := loadedJSON(t, "cond.yaml", []byte(src), Options{}, 0)
	got, _, n := loadedJSON(t, "cond.yaml", []byte(src), Options{}, 1)
	if got != serial {
		t.Errorf("the model differs from the serial one:\n%s\nwant\n%s", got, serial)
	}
	if n != 0 {
		t.Errorf("the methods were built in parallel despite a condition that refers to itself")
	}
	plain := strings.ReplaceAll(src, "[A, NONE", "[Plain, NONE")
	if _, _, n := loadedJSON(t, "plain.yaml", []byte(plain), Options{}, 1); n != 1 {
		t.Errorf("without the self-reference the methods are not built in parallel")
	}
}
