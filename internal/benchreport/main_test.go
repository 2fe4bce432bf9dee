package main

import (
	"bytes"
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/authlint/authlint/internal/scan
BenchmarkScan/files=1-2                  100     2000000 ns/op      500.0 files/s    1048576 B/op     1000 allocs/op
BenchmarkScan/files=1-2                  100     3000000 ns/op      333.3 files/s    1048576 B/op     1000 allocs/op
BenchmarkScan/files=1-2                  100     9000000 ns/op      111.1 files/s    1048576 B/op     1000 allocs/op
BenchmarkScan/files=100-2                  5   400000000 ns/op      250.0 files/s  104857600 B/op   100000 allocs/op
BenchmarkParseOnly/files=1-2            1000     1000000 ns/op     1000 files/s         2048 B/op       20 allocs/op
BenchmarkParseOnly/files=100-2            20   100000000 ns/op     1000 files/s       204800 B/op     2000 allocs/op
BenchmarkParseOnly/corpus=1000-2          1   600000000 ns/op     1667 files/s       204800 B/op     2000 allocs/op
BenchmarkOther/x-2                        1         100 ns/op
PASS
`

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(strings.NewReader(sample), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"files=1  ", "3.0ms", "1.0ms", "3.00x", // the median of three scan runs
		"files=100", "400.0ms", "100.0ms", "4.00x", "100.0 MiB",
		"corpus=1000", "600.0ms",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Other") {
		t.Errorf("unrelated benchmark reported:\n%s", got)
	}
}

func TestRunWithoutResults(t *testing.T) {
	if err := run(strings.NewReader("PASS\n"), &bytes.Buffer{}); err == nil {
		t.Fatal("want an error when there is nothing to report")
	}
}

const growthSample = `BenchmarkGrowthScan/cfn-yaml/n=1000-2     1   100000000 ns/op   90000000 cpu-ns/op   1048576 B/op   10 allocs/op
BenchmarkGrowthScan/cfn-yaml/n=16000-2    1  1700000000 ns/op 1600000000 cpu-ns/op  16777216 B/op  160 allocs/op
BenchmarkGrowthLoad/cfn-yaml/n=1000-2     1    50000000 ns/op   50000000 cpu-ns/op
BenchmarkGrowthLoad/cfn-yaml/n=16000-2    1   900000000 ns/op  800000000 cpu-ns/op
BenchmarkGrowthParse/cfn-yaml/n=1000-2    1    10000000 ns/op   10000000 cpu-ns/op
BenchmarkGrowthParse/cfn-yaml/n=16000-2   1   160000000 ns/op  160000000 cpu-ns/op
BenchmarkGrowthScan/cfn-json/n=1000-2     1   100000000 ns/op
BenchmarkGrowthScan/cfn-json/n=16000-2    1  9000000000 ns/op
BenchmarkGrowthScan/openapi-yaml/n=1000-2     1   100000000 ns/op  100000000 cpu-ns/op
BenchmarkGrowthScan/openapi-yaml/n=16000-2    1  1500000000 ns/op 2200000000 cpu-ns/op
`

func TestGrowthReport(t *testing.T) {
	var out bytes.Buffer
	if err := run(strings.NewReader(growthSample), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"cfn-yaml    16000", "1.70s (1.60s)", "10.6x", // scan:parse at 16,000
		"cfn-yaml t(16000)/t(1000): scan 17.0 (cpu 17.8), load 18.0 (cpu 16.0), parse 16.0 (cpu 16.0); linear is 16, target <= 20: wall ok, cpu ok",
		"cfn-json t(16000)/t(1000): scan 90.0; linear is 16, target <= 20: TOO STEEP",
		// Work spread over both cores at 16,000 methods: each verdict shown.
		"openapi-yaml t(16000)/t(1000): scan 15.0 (cpu 22.0); linear is 16, target <= 20: wall ok, cpu TOO STEEP",
		"16.0 MiB",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
