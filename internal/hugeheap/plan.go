package hugeheap

import "strings"

const (
	// baseReserve covers a scan of a few files (a cold scan of one uses some
	// 30 MB); more costs every start in the runtime's span tables.
	baseReserve = 64 << 20
	// folderReserve covers a scan of a folder of a thousand templates (some
	// 120 MB).
	folderReserve = 256 << 20
	// maxReserve caps what a large named file asks for.
	maxReserve = 2 << 30
	// heapPerInputByte is how much heap a scan of one large template uses per
	// byte of it (a 21 MB CloudFormation template peaks near 750 MB), with
	// room to spare.
	heapPerInputByte = 48
	// largeFile is the size from which a named file raises the reservation.
	largeFile = 1 << 20
	// floorSize is the size of the block held to keep the collector's heap
	// goal at 32 MB or more (see floor): a cold scan of one file allocates
	// less than that after init.
	floorSize = 16 << 20
)

// System is what the reservation depends on.
type System struct {
	PtrSize    uintptr // 8 on 64-bit builds
	THPEnabled string  // /sys/kernel/mm/transparent_hugepage/enabled
	Overcommit string  // /proc/sys/vm/overcommit_memory
	GODEBUG    string  // the GODEBUG environment variable
	GOMEMLIMIT string  // the GOMEMLIMIT environment variable
	ASLimited  bool    // RLIMIT_AS is set
	RAM        uint64  // physical memory in bytes; 0 if unknown
	Args       []string
	// Stat reports whether path is a folder, or else the size of the regular
	// file it names; ok is false for anything else.
	Stat func(path string) (size int64, folder, ok bool)
}

// Plan returns how many bytes of heap to reserve in huge pages: zero when the
// system should be left alone. The reservation is address space, not memory:
// the size only bounds how much of the heap can land in huge pages.
func Plan(s System) uintptr {
	switch {
	case s.PtrSize != 8,
		!strings.Contains(s.THPEnabled, "[madvise]"),
		strings.TrimSpace(s.Overcommit) == "2",
		s.ASLimited,
		disablesTHP(s.GODEBUG),
		// A memory limit asks for a small heap; huge pages make the heap
		// grow and shrink 2 MiB at a time (measured: +10% RSS under a
		// limit, and no faster).
		s.GOMEMLIMIT != "" && s.GOMEMLIMIT != "off",
		s.RAM == 0:
		return 0
	}
	size := uintptr(baseReserve)
	for _, a := range s.Args {
		if a == "" || a[0] == '-' || s.Stat == nil {
			continue
		}
		n, folder, ok := s.Stat(a)
		switch {
		case !ok:
		case folder:
			size = max(size, folderReserve)
		case n >= largeFile:
			size = max(size, uintptr(min(n, maxReserve/heapPerInputByte))*heapPerInputByte)
		}
	}
	// The kernel's default overcommit check refuses a mapping larger than
	// memory and swap together, and the runtime dies of a refused one, so
	// the reservation stays well inside memory.
	return min(size, max(uintptr(s.RAM/4), baseReserve))
}

// disablesTHP reports whether GODEBUG turns huge pages off for the heap; the
// last setting of a key wins, as in the runtime.
func disablesTHP(godebug string) bool {
	off := false
	for kv := range strings.SplitSeq(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "disablethp" {
			off = v == "1"
		}
	}
	return off
}
