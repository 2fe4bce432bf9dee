//go:build linux

package hugeheap

import (
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// madvHugepage is MADV_HUGEPAGE, which package syscall does not name.
const madvHugepage = 14

func init() {
	reserve(Plan(current()))
}

// current reads the system's settings. Errors leave a field empty, which
// Plan reads as "leave the system alone".
func current() System {
	var lim syscall.Rlimit
	limited := syscall.Getrlimit(syscall.RLIMIT_AS, &lim) != nil || lim.Cur != ^uint64(0)
	var info syscall.Sysinfo_t
	var ram uint64
	if syscall.Sysinfo(&info) == nil {
		ram = uint64(info.Totalram) * uint64(info.Unit) //nolint:unconvert // uint32 on 32-bit Linux
	}
	var args []string
	if len(os.Args) > 1 {
		args = os.Args[1:]
	}
	return System{
		PtrSize:    unsafe.Sizeof(uintptr(0)),
		THPEnabled: readSmall("/sys/kernel/mm/transparent_hugepage/enabled"),
		Overcommit: readSmall("/proc/sys/vm/overcommit_memory"),
		GODEBUG:    os.Getenv("GODEBUG"),
		GOMEMLIMIT: os.Getenv("GOMEMLIMIT"),
		ASLimited:  limited,
		RAM:        ram,
		Args:       args,
		Stat: func(path string) (int64, bool, bool) {
			fi, err := os.Stat(path)
			switch {
			case err != nil:
				return 0, false, false
			case fi.IsDir():
				return 0, true, true
			case fi.Mode().IsRegular():
				return fi.Size(), false, true
			}
			return 0, false, false
		},
	}
}

// readSmall reads a one-line kernel setting.
func readSmall(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) > 4096 {
		return ""
	}
	return string(b)
}

// reserve maps size bytes of fresh heap, marks them (and the free part of the
// heap's current chunk below them) for huge pages, and frees them.
func reserve(size uintptr) {
	if size == 0 {
		return
	}
	low := heapAddr(64)
	p := heapAddr(size)
	start := p &^ (hugePage - 1)
	if low < p && p-low < 64<<20 {
		start = low &^ (hugePage - 1)
	}
	// Ignored on failure: the heap then simply stays in small pages.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, p+size-start, madvHugepage)
	// Collected now, so that the next allocations reuse the range instead of
	// growing the heap past it into unmarked memory while it is still held.
	// The collection its allocation started may still see it live; a second
	// one, in the background, frees it for certain while init goes on (the
	// heap's first chunk has room for init's allocations until then: no run
	// in 40 missed the range), instead of holding init for 5 ms.
	go runtime.GC()
}

// heapAddr allocates n bytes and returns only their address, which does not
// keep them alive.
//
//go:noinline
func heapAddr(n uintptr) uintptr {
	//nolint:gosec // G103: only the address is kept, to mark its range; nothing is read or written through it.
	return uintptr(unsafe.Pointer(unsafe.SliceData(make([]byte, n))))
}

// hugePage is the transparent huge page size of x86-64, and of arm64 with
// 4 KiB pages.
const hugePage = 2 << 20
