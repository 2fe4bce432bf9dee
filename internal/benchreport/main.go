// Command benchreport reads `go test -bench` output on standard input and
// prints, for each case run by both BenchmarkScan and BenchmarkParseOnly, the
// time per run, files per second, memory allocated, and the ratio of the
// whole scan to merely reading and YAML-parsing the same files. For the
// BenchmarkGrowth* benchmarks it prints the growth curve: scan, load and parse
// time of one document of N methods per format, and t(largest)/t(smallest)
// against the linear target. `make bench` pipes the benchmarks of
// internal/scan through it.
//
// With -count N the median of the N runs is used.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// result is one benchmark line's metrics, by unit (ns/op, files/s, B/op, …).
type result map[string]float64

// results are the runs of each benchmark, by kind (Scan, ParseOnly) and case
// (files=100).
type results map[string]map[string][]result

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	rs, all, err := parse(in)
	if err != nil {
		return err
	}
	var cases []string
	for _, c := range all {
		if len(rs["Scan"][c])+len(rs["ParseOnly"][c]) > 0 {
			cases = append(cases, c)
		}
	}
	growth := growthCases(rs, all)
	if len(cases) == 0 && len(growth) == 0 {
		return errors.New("no BenchmarkScan, BenchmarkParseOnly or BenchmarkGrowth* results in the input")
	}
	if len(growth) > 0 {
		if err := growthReport(out, rs, growth); err != nil {
			return err
		}
	}
	if len(cases) == 0 {
		return nil
	}
	if len(growth) > 0 {
		fmt.Fprintln(out)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "case\tscan/op\tparse/op\tscan files/s\tparse files/s\tscan alloc/op\tratio scan:parse\t")
	for _, c := range cases {
		scan, okS := median(rs["Scan"][c])
		parse, okP := median(rs["ParseOnly"][c])
		cell := func(ok bool, r result, unit string, f func(float64) string) string {
			if v, has := r[unit]; ok && has {
				return f(v)
			}
			return "-"
		}
		ratio := "-"
		if okS && okP && parse["ns/op"] > 0 {
			ratio = fmt.Sprintf("%.2fx", scan["ns/op"]/parse["ns/op"])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", c,
			cell(okS, scan, "ns/op", duration), cell(okP, parse, "ns/op", duration),
			cell(okS, scan, "files/s", count), cell(okP, parse, "files/s", count),
			cell(okS, scan, "B/op", size), ratio)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("writing the table: %w", err)
	}
	return nil
}

// known are the benchmarks the report reads.
var known = map[string]bool{"Scan": true, "ParseOnly": true, "GrowthScan": true, "GrowthLoad": true, "GrowthParse": true}

// parse reads benchmark lines such as
//
//	BenchmarkScan/files=100-2   3   412345678 ns/op   242.5 files/s   1234 B/op   56 allocs/op
//
// and returns the results with the cases in first-seen order.
func parse(in io.Reader) (results, []string, error) {
	rs := results{}
	var cases []string
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name, c, ok := strings.Cut(strings.TrimPrefix(fields[0], "Benchmark"), "/")
		if !ok || !known[name] {
			continue
		}
		// Drop the -GOMAXPROCS suffix.
		if i := strings.LastIndexByte(c, '-'); i > 0 {
			if _, err := strconv.Atoi(c[i+1:]); err == nil {
				c = c[:i]
			}
		}
		r := result{}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, nil, fmt.Errorf("line %q: %w", sc.Text(), err)
			}
			r[fields[i+1]] = v
		}
		if rs[name] == nil {
			rs[name] = map[string][]result{}
		}
		rs[name][c] = append(rs[name][c], r)
		if !slices.Contains(cases, c) {
			cases = append(cases, c)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("reading the benchmark output: %w", err)
	}
	return rs, cases, nil
}

// median picks the run with the median ns/op.
func median(runs []result) (result, bool) {
	if len(runs) == 0 {
		return nil, false
	}
	s := slices.Clone(runs)
	slices.SortFunc(s, func(a, b result) int {
		switch {
		case a["ns/op"] < b["ns/op"]:
			return -1
		case a["ns/op"] > b["ns/op"]:
			return 1
		}
		return 0
	})
	return s[len(s)/2], true
}

func duration(ns float64) string {
	d := time.Duration(ns)
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
	}
}

func count(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func size(v float64) string {
	switch {
	case v >= 1<<30:
		return fmt.Sprintf("%.2f GiB", v/(1<<30))
	case v >= 1<<20:
		return fmt.Sprintf("%.1f MiB", v/(1<<20))
	case v >= 1<<10:
		return fmt.Sprintf("%.1f KiB", v/(1<<10))
	default:
		return fmt.Sprintf("%.0f B", v)
	}
}
