//go:build linux

package hugeheap

import (
	"bufio"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestHeapIsMarked checks, in this test process (whose init reserved its heap
// like authlint's), that memory allocated after init lies in ranges marked for
// huge pages. Without the collection of the reservation, or with a range that
// misses where the runtime allocates next, none of it does; a span or two made
// while the reservation was still held may lie outside.
func TestHeapIsMarked(t *testing.T) {
	if size := Plan(current()); size == 0 {
		t.Skip("this system gives no reason to reserve (THP not madvise, a limit, or GODEBUG)")
	}
	// A scan's main work starts well after the collection that frees the
	// reservation, which runs in the background from init (the second of
	// the process): this one waits for it.
	cycles := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if metrics.Read(cycles); cycles[0].Value.Uint64() >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d collections 10 s after init; the reservation is never freed", cycles[0].Value.Uint64())
		}
	}
	const n = 4096
	keep := make([][]byte, 0, n)
	for range n {
		b := make([]byte, 4096)
		b[0] = 1
		keep = append(keep, b)
	}
	vmas, err := readVMAs()
	if err != nil {
		t.Fatal(err)
	}
	marked, hugeKB := 0, 0
	seen := map[string]bool{}
	for _, b := range keep {
		v, ok := vmas.find(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
		if !ok || !strings.Contains(" "+v.flags+" ", " hg ") {
			continue
		}
		marked++
		if !seen[v.span] {
			seen[v.span] = true
			hugeKB += v.hugeKB
		}
	}
	if marked < n*9/10 {
		t.Errorf("%d of %d fresh allocations lie in mappings marked for huge pages, want 90%%", marked, n)
	}
	// Whether the kernel found free huge pages depends on the machine's
	// memory, so this is reported, not required.
	t.Logf("%d of %d allocations marked; their mappings hold AnonHugePages %d kB", marked, n, hugeKB)
}

type vmaInfo struct {
	lo, hi uintptr
	span   string
	flags  string
	hugeKB int
}

type vmaList []vmaInfo

// find returns the mapping that holds addr.
func (l vmaList) find(addr uintptr) (vmaInfo, bool) {
	for _, v := range l {
		if addr >= v.lo && addr < v.hi {
			return v, true
		}
	}
	return vmaInfo{}, false
}

// readVMAs reads the mappings of /proc/self/smaps.
func readVMAs() (vmaList, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var l vmaList
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(fields[0], "-"); ok && !strings.HasSuffix(fields[0], ":") {
			l1, err1 := strconv.ParseUint(lo, 16, 64)
			h1, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				l = append(l, vmaInfo{lo: uintptr(l1), hi: uintptr(h1), span: fields[0]})
			}
			continue
		}
		if len(l) == 0 {
			continue
		}
		switch fields[0] {
		case "AnonHugePages:":
			l[len(l)-1].hugeKB, _ = strconv.Atoi(fields[1])
		case "VmFlags:":
			l[len(l)-1].flags = strings.Join(fields[1:], " ")
		}
	}
	return l, sc.Err()
}

// TestFloor checks that the floor holds the collector's heap goal at twice
// its size or more, and that it was never cleared: a cleared floor has every
// page resident, an untouched one none but the few the collector's buffers
// used before the floor took their place.
func TestFloor(t *testing.T) {
	if size := Plan(current()); size == 0 {
		t.Skip("this system gives no reason to reserve (THP not madvise, a limit, or GODEBUG)")
	}
	b := floor
	if b == nil || b.Cap() < floorSize {
		t.Fatalf("no floor of %d bytes", floorSize)
	}
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	if goal := s[0].Value.Uint64(); goal < 2*floorSize {
		t.Errorf("heap goal %d bytes after a collection, want at least %d", goal, 2*floorSize)
	}
	// An empty Builder's String points at its buffer.
	f := uintptr(unsafe.Pointer(unsafe.StringData(b.String())))
	if f == 0 {
		t.Fatal("cannot find the floor's buffer")
	}
	first, last := (f+hugePage-1)&^(hugePage-1), (f+floorSize)&^(hugePage-1)
	page := uintptr(os.Getpagesize())
	vec := make([]byte, (last-first)/page)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, first, last-first, uintptr(unsafe.Pointer(unsafe.SliceData(vec)))); errno != 0 {
		t.Fatalf("mincore: %v", errno)
	}
	resident := 0
	for _, v := range vec {
		resident += int(v & 1)
	}
	t.Logf("%d of the %d pages inside the floor are resident", resident, len(vec))
	if resident > len(vec)/8 {
		t.Errorf("%d of the %d pages inside the floor are resident; it should never be touched", resident, len(vec))
	}
}
