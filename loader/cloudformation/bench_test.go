package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/loader"
)

func benchFiles(b *testing.B, files []string) {
	b.Helper()
	datas := make([][]byte, len(files))
	for i, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Skip(err)
		}
		datas[i] = d
	}
	l := New(Options{})
	ctx := context.Background()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		i := n % len(files)
		n++
		in := loader.NewInput(files[i], datas[i])
		if !l.Detect(in) {
			continue
		}
		_, _ = l.Load(ctx, in)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "templates/s")
}

func BenchmarkSmallTemplate(b *testing.B) { benchFiles(b, []string{"testdata/basic.yaml"}) }

func BenchmarkSAMTemplate(b *testing.B) { benchFiles(b, []string{"testdata/sam.yaml"}) }

// BenchmarkLargeTemplates loads the corpus's biggest templates (IoT device
// simulator, connected vehicle, DVSA, a CDK stack).
func BenchmarkLargeTemplates(b *testing.B) {
	c := corpustest.Dir(b)
	benchFiles(b, []string{
		filepath.Join(c, "openapi", "087__aws-solutions_iot-device-simulator__iot-device-simulator.yaml"),
		filepath.Join(c, "openapi", "086__aws-solutions_aws-connected-vehicle-solution__aws-connected-vehicle-solution.template"),
		filepath.Join(c, "cfn", "016__aws_aws-sam-cli__DVSA-template.yaml"),
		filepath.Join(c, "cfn", "023__awslabs_aws-solutions-constructs__ManagerStack.template.json"),
	})
}

// BenchmarkCorpusSet1000 loads 1,000 templates cycled from the corpus
// (every CloudFormation, SAM and template-with-body file), one after another.
func BenchmarkCorpusSet1000(b *testing.B) {
	c := corpustest.Dir(b)
	var files []string
	for _, sub := range []string{"cfn", "sam", "sam-translator-output", "openapi"} {
		fs, _ := filepath.Glob(filepath.Join(c, sub, "*"))
		files = append(files, fs...)
	}
	set := make([]string, 1000)
	for i := range set {
		set[i] = files[i%len(files)]
	}
	datas := make([][]byte, len(set))
	for i, f := range set {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		datas[i] = d
	}
	l := New(Options{})
	ctx := context.Background()
	for b.Loop() {
		for i := range set {
			in := loader.NewInput(set[i], datas[i])
			if !l.Detect(in) {
				continue
			}
			_, _ = l.Load(ctx, in)
		}
	}
	b.ReportMetric(float64(b.N*len(set))/b.Elapsed().Seconds(), "templates/s")
}
