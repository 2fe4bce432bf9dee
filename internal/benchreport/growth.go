package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// maxGrowth is the most t(largest)/t(smallest) may be for sizes 1,000 and
// 16,000: linear is 16, plus fixed costs.
const maxGrowth = 20

// growthCase is one document format and its sizes, smallest first.
type growthCase struct {
	format string
	sizes  []int
}

// growthCases groups the BenchmarkGrowth* cases ("cfn-yaml/n=1000") by
// format, in first-seen order.
func growthCases(rs results, cases []string) []growthCase {
	var out []growthCase
	pos := map[string]int{}
	for _, c := range cases {
		if len(rs["GrowthScan"][c])+len(rs["GrowthLoad"][c])+len(rs["GrowthParse"][c]) == 0 {
			continue
		}
		format, sz, ok := strings.Cut(c, "/n=")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(sz)
		if err != nil {
			continue
		}
		i, seen := pos[format]
		if !seen {
			i = len(out)
			pos[format] = i
			out = append(out, growthCase{format: format})
		}
		out[i].sizes = append(out[i].sizes, n)
	}
	return out
}

// growthReport prints, per format and size, the time of a whole scan, of
// loading and of parsing alone (wall and CPU), their ratios, and how much each
// grows from the smallest size to the largest.
func growthReport(out io.Writer, rs results, cases []growthCase) error {
	fmt.Fprintln(out, "Growth with the number of API methods in one document (wall time; CPU time of all threads in brackets):")
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "format\tmethods\tscan\tload\tparse\tscan:parse\tload:parse\tscan alloc\t")
	type pick struct {
		r  result
		ok bool
	}
	get := func(kind, c string) pick {
		r, ok := median(rs[kind][c])
		return pick{r, ok}
	}
	cell := func(p pick) string {
		if !p.ok {
			return "-"
		}
		s := duration(p.r["ns/op"])
		if cpu, ok := p.r["cpu-ns/op"]; ok {
			s += " (" + duration(cpu) + ")"
		}
		return s
	}
	ratio := func(a, b pick) string {
		if !a.ok || !b.ok || b.r["ns/op"] <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.1fx", a.r["ns/op"]/b.r["ns/op"])
	}
	var verdicts []string
	for _, gc := range cases {
		for _, n := range gc.sizes {
			c := fmt.Sprintf("%s/n=%d", gc.format, n)
			scan, load, parse := get("GrowthScan", c), get("GrowthLoad", c), get("GrowthParse", c)
			alloc := "-"
			if scan.ok {
				if v, ok := scan.r["B/op"]; ok {
					alloc = size(v)
				}
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", gc.format, n, cell(scan), cell(load), cell(parse), ratio(scan, parse), ratio(load, parse), alloc)
		}
		if len(gc.sizes) < 2 {
			continue
		}
		lo, hi := gc.sizes[0], gc.sizes[len(gc.sizes)-1]
		grow := func(kind, unit string) (float64, bool) {
			a, okA := median(rs[kind][fmt.Sprintf("%s/n=%d", gc.format, lo)])
			b, okB := median(rs[kind][fmt.Sprintf("%s/n=%d", gc.format, hi)])
			if !okA || !okB || a[unit] <= 0 {
				return 0, false
			}
			if _, has := b[unit]; !has {
				return 0, false
			}
			return b[unit] / a[unit], true
		}
		var parts []string
		worstWall, worstCPU, haveCPU := 0.0, 0.0, false
		for _, k := range []struct{ kind, label string }{{"GrowthScan", "scan"}, {"GrowthLoad", "load"}, {"GrowthParse", "parse"}} {
			wall, ok := grow(k.kind, "ns/op")
			if !ok {
				continue
			}
			part := fmt.Sprintf("%s %.1f", k.label, wall)
			worstWall = max(worstWall, wall)
			if cpu, ok := grow(k.kind, "cpu-ns/op"); ok {
				part += fmt.Sprintf(" (cpu %.1f)", cpu)
				worstCPU, haveCPU = max(worstCPU, cpu), true
			}
			parts = append(parts, part)
		}
		// Both are judged when CPU time is measured: on a shared machine the
		// other load swings wall time, not the work done, while work spread
		// over several cores (large documents only) costs more CPU time per
		// unit than the same work on one.
		limit := maxGrowth * float64(hi) / float64(lo) / 16
		judge := func(v float64) string {
			if v > limit {
				return "TOO STEEP"
			}
			return "ok"
		}
		verdict := judge(worstWall)
		if haveCPU {
			verdict = fmt.Sprintf("wall %s, cpu %s", judge(worstWall), judge(worstCPU))
		}
		verdicts = append(verdicts, fmt.Sprintf("  %s t(%d)/t(%d): %s; linear is %.0f, target <= %.0f: %s",
			gc.format, hi, lo, strings.Join(parts, ", "), float64(hi)/float64(lo), maxGrowth*float64(hi)/float64(lo)/16, verdict))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("writing the growth table: %w", err)
	}
	for _, v := range verdicts {
		fmt.Fprintln(out, v)
	}
	return nil
}
