// Package hugeheap backs the first part of the Go heap with transparent huge
// pages on Linux, where the kernel gives them only to memory that asks
// (transparent_hugepage=madvise, the default on many distributions). Go's
// runtime does not ask for its heap, so every fresh 4 KiB page of a scan costs
// a page fault; in virtual machines that fault is slow (measured here: 13 µs a
// page, against 0.8 µs a page in huge pages). A cold scan of one file touches
// some 3,500 pages and a 21 MB template 190,000.
//
// Importing the package reserves heap address space in its init, before the
// other packages' inits allocate: it allocates one large block, which the
// runtime maps fresh, marks that range (and the heap's arena below it, where
// the next allocations go first) MADV_HUGEPAGE, and drops the block,
// which a collection in the background frees while init goes on. The runtime
// then places the process's allocations in the marked range
// (its page allocator takes the lowest free address), so they fault in 2 MiB at
// a time. Nothing is touched by the reservation itself; memory the run never
// uses is never backed.
//
// It also holds a 16 MB floor for the whole run, never touched (a
// strings.Builder's buffer, which is not cleared), which keeps the
// collector's heap goal at 32 MB or more: a cold scan of one file then runs no
// collection after init's (a third one cost some 10 ms of 70). A large scan's
// goal moves by a few percent.
//
// The size is 64 MB, 256 MB when a folder is named on the command line, and
// 48 times the size of a named file of 1 MB or more, up to 2 GB and never
// above a quarter of the machine's memory. It does nothing where it cannot
// help or might hurt: other systems, 32-bit builds, THP set to always or
// never, GODEBUG=disablethp=1, a GOMEMLIMIT, strict overcommit, or an
// address-space limit (ulimit -v).
package hugeheap
