//go:build linux

package hugeheap

import (
	"os"
	"runtime"
	"strings"
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

// reserve maps size bytes of fresh heap, marks them (and the heap's arena
// below them) for huge pages, and frees them; it also allocates the floor.
func reserve(size uintptr) {
	if size == 0 {
		return
	}
	low := heapAddr(64)
	block := make([]byte, size)
	p := addrOf(block)
	// Below the block, the heap's arena holds what init has allocated so far
	// and free pages, which the next allocations take first.
	start := p &^ (hugePage - 1)
	if arena := low &^ (heapArena - 1); low < p && p-arena < 2*heapArena {
		start = arena
	}
	// Ignored on failure: the heap then simply stays in small pages.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, p+size-start, madvHugepage)
	// The floor is allocated while the block is held, so it lands above it,
	// outside the marked range (freed, the block would take it in). A
	// strings.Builder grows without clearing its buffer, so the floor is
	// never touched, wherever the runtime puts it (where the collector's
	// buffers were, say). Its allocation waits for the collection the
	// block's started to end, some 2 ms of init. The other order, floor
	// first, has the block's allocation wait instead, and that took 200 ms
	// in about one run of a hundred (none in 900 runs of this one).
	floor = new(strings.Builder)
	floor.Grow(floorSize)
	runtime.KeepAlive(block)
	// Collected now, so that the next allocations reuse the range instead of
	// growing the heap past it into unmarked memory while it is still held.
	// The collection its allocation started saw it live; a second one, in
	// the background, frees it while init goes on (the heap's arena has room
	// for init's allocations until then), instead of holding init for 5 ms.
	go runtime.GC()
}

// floor is held for the whole run and never read: it keeps the collector's
// heap goal at twice its size or more, so that a small scan, which allocates
// less than that, runs no collection after init's. Without it the goal starts
// at 4 MB, and a cold scan of one file ran a third collection, some 10 ms of
// its 70 (spans moved between the runtime's span sets fault fresh pages of
// them). A large scan's goal moves by twice the floor, a few percent. Set
// once, by init.
var floor *strings.Builder

// heapAddr allocates n bytes and returns only their address, which does not
// keep them alive.
//
//go:noinline
func heapAddr(n uintptr) uintptr {
	return addrOf(make([]byte, n))
}

// addrOf is the address of b's first byte.
func addrOf(b []byte) uintptr {
	//nolint:gosec // G103: only the address is kept, to mark a range; nothing is read or written through it.
	return uintptr(unsafe.Pointer(unsafe.SliceData(b)))
}

// hugePage is the transparent huge page size of x86-64, and of arm64 with
// 4 KiB pages.
const hugePage = 2 << 20

// heapArena is the size and alignment of the runtime's heap arenas on 64-bit
// Linux (heapArenaBytes).
const heapArena = 64 << 20
