package hugeheap

import "testing"

func TestPlan(t *testing.T) {
	sizes := map[string]int64{
		"small.yaml": 40 << 10,
		"big.yaml":   21 << 20,
		"huge.json":  200 << 20,
		"mid.yaml":   1<<20 - 1,
		"two.yaml":   2 << 20,
	}
	stat := func(p string) (int64, bool, bool) {
		if p == "templates/" {
			return 0, true, true
		}
		n, ok := sizes[p]
		return n, false, ok
	}
	ok := System{
		PtrSize:    8,
		THPEnabled: "always [madvise] never\n",
		Overcommit: "0\n",
		RAM:        24 << 30,
		Stat:       stat,
	}
	with := func(f func(*System)) System {
		s := ok
		f(&s)
		return s
	}
	tests := []struct {
		name string
		sys  System
		want uintptr
	}{
		{"madvise, no files", ok, baseReserve},
		{"small file", with(func(s *System) { s.Args = []string{"scan", "small.yaml"} }), baseReserve},
		{"under 1 MiB stays at the base", with(func(s *System) { s.Args = []string{"scan", "mid.yaml"} }), baseReserve},
		{"2 MB file", with(func(s *System) { s.Args = []string{"scan", "two.yaml"} }), 2 << 20 * heapPerInputByte},
		{"folder", with(func(s *System) { s.Args = []string{"scan", "templates/", "small.yaml"} }), folderReserve},
		{"folder and a large file", with(func(s *System) { s.Args = []string{"scan", "templates/", "big.yaml"} }), 21 << 20 * heapPerInputByte},
		{"21 MB file", with(func(s *System) { s.Args = []string{"scan", "small.yaml", "big.yaml"} }), 21 << 20 * heapPerInputByte},
		{"capped", with(func(s *System) { s.Args = []string{"scan", "huge.json"} }), maxReserve / heapPerInputByte * heapPerInputByte},
		{"flags and missing paths are not files", with(func(s *System) { s.Args = []string{"-o", "--fail-on=never", "nope", ""} }), baseReserve},
		{"THP always: the kernel does it already", with(func(s *System) { s.THPEnabled = "[always] madvise never" }), 0},
		{"THP never", with(func(s *System) { s.THPEnabled = "always madvise [never]" }), 0},
		{"no THP in the kernel", with(func(s *System) { s.THPEnabled = "" }), 0},
		{"32-bit", with(func(s *System) { s.PtrSize = 4 }), 0},
		{"strict overcommit", with(func(s *System) { s.Overcommit = "2\n" }), 0},
		{"address-space limit", with(func(s *System) { s.ASLimited = true }), 0},
		{"GODEBUG=disablethp=1", with(func(s *System) { s.GODEBUG = "gctrace=1,disablethp=1" }), 0},
		{"GODEBUG=disablethp=0", with(func(s *System) { s.GODEBUG = "disablethp=0" }), baseReserve},
		{"GODEBUG last setting wins", with(func(s *System) { s.GODEBUG = "disablethp=1,disablethp=0" }), baseReserve},
		{"GOMEMLIMIT set", with(func(s *System) { s.GOMEMLIMIT = "600MiB" }), 0},
		{"GOMEMLIMIT=off", with(func(s *System) { s.GOMEMLIMIT = "off" }), baseReserve},
		{"RAM unknown", with(func(s *System) { s.RAM = 0 }), 0},
		{"small machine caps a large file at a quarter of memory", with(func(s *System) { s.RAM = 2 << 30; s.Args = []string{"big.yaml"} }), 512 << 20},
		{"tiny machine keeps the base", with(func(s *System) { s.RAM = 128 << 20; s.Args = []string{"templates/"} }), baseReserve},
		{"no stat function", with(func(s *System) { s.Stat = nil; s.Args = []string{"big.yaml"} }), baseReserve},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Plan(tt.sys); got != tt.want {
				t.Errorf("Plan = %d MiB, want %d MiB", got>>20, tt.want>>20)
			}
		})
	}
}
