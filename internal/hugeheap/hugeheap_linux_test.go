//go:build linux

package hugeheap

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHeapIsMarked checks, in this test process (whose init reserved its heap
// like authlint's), that memory allocated after init lies in a range marked
// for huge pages. Without the collection in reserve, or with a range that
// misses where the runtime allocates next, the flag is absent.
func TestHeapIsMarked(t *testing.T) {
	if size := Plan(current()); size == 0 {
		t.Skip("this system gives no reason to reserve (THP not madvise, a limit, or GODEBUG)")
	}
	keep := make([][]byte, 0, 4096)
	for range 4096 {
		b := make([]byte, 4096)
		b[0] = 1
		keep = append(keep, b)
	}
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(keep[len(keep)-1])))
	vma, err := findVMA(addr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+vma.flags+" ", " hg ") {
		t.Errorf("the mapping %s holding a fresh allocation is not marked for huge pages (VmFlags: %s)", vma.span, vma.flags)
	}
	// Whether the kernel found free huge pages depends on the machine's
	// memory, so this is reported, not required.
	t.Logf("mapping %s: AnonHugePages %d kB", vma.span, vma.hugeKB)
}

type vmaInfo struct {
	span   string
	flags  string
	hugeKB int
}

// findVMA reads /proc/self/smaps for the mapping that holds addr.
func findVMA(addr uintptr) (vmaInfo, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return vmaInfo{}, err
	}
	defer f.Close()
	var cur vmaInfo
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(fields[0], "-"); ok && !strings.HasSuffix(fields[0], ":") {
			if in {
				return cur, nil
			}
			l, err1 := strconv.ParseUint(lo, 16, 64)
			h, err2 := strconv.ParseUint(hi, 16, 64)
			in = err1 == nil && err2 == nil && uint64(addr) >= l && uint64(addr) < h
			cur = vmaInfo{span: fields[0]}
			continue
		}
		if !in {
			continue
		}
		switch fields[0] {
		case "AnonHugePages:":
			cur.hugeKB, _ = strconv.Atoi(fields[1])
		case "VmFlags:":
			cur.flags = strings.Join(fields[1:], " ")
		}
	}
	if in {
		return cur, sc.Err()
	}
	return vmaInfo{}, os.ErrNotExist
}
