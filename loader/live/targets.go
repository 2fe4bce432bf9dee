package live

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Target is one account and region to scan.
type Target struct {
	// Account is the 12-digit account id; empty until the base credentials'
	// account is known (it is always set in a Result).
	Account   string
	Region    string
	Partition string
	// RoleARN is the role assumed for the account; empty for the base
	// credentials.
	RoleARN string
}

// Name is how findings and load errors name the target:
// live:ACCOUNT/REGION, the same name scan.SourceName gives its inventory.
func (t Target) Name() string {
	acct := t.Account
	if acct == "" {
		acct = "unknown-account"
	}
	return "live:" + acct + "/" + t.Region
}

func compareTargets(a, b Target) int {
	return cmp.Or(strings.Compare(a.Account, b.Account), strings.Compare(a.RoleARN, b.RoleARN), strings.Compare(a.Region, b.Region))
}

// Shard selects part of the targets: Index of Count, 0-based, as a Kubernetes
// Indexed Job numbers its pods (JOB_COMPLETION_INDEX) and a CI matrix can.
// The zero value selects everything.
type Shard struct {
	Index, Count int
}

// ParseShard parses "i/n" (0 ≤ i < n).
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want INDEX/COUNT, like 0/4", s)
	}
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want INDEX/COUNT with whole numbers, like 0/4", s)
	}
	sh := Shard{Index: idx, Count: cnt}
	if err := sh.validate(); err != nil {
		return Shard{}, err
	}
	return sh, nil
}

func (s Shard) validate() error {
	if s == (Shard{}) {
		return nil
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("shard %d/%d: the index counts from 0 and must be below the count", s.Index, s.Count)
	}
	return nil
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Split returns the targets of shard s: all targets sorted by account (the
// account of the role ARN; the base credentials sort first), role and region,
// then cut into Count contiguous blocks whose sizes differ by at most one;
// shard i takes block i. Contiguous blocks keep an account's regions together
// in as few shards as possible, so the per-account rate limit of one process
// covers most of the account's calls. Every target lands in exactly one shard,
// and the split depends only on the targets, never on what the accounts hold.
func (s Shard) Split(targets []Target) []Target {
	sorted := slices.Clone(targets)
	slices.SortFunc(sorted, compareTargets)
	if s.Count <= 1 {
		return sorted
	}
	n := len(sorted)
	lo, hi := s.Index*n/s.Count, (s.Index+1)*n/s.Count
	return sorted[lo:hi]
}

// partitionOf names the partition of a region.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-isof-"):
		return "aws-iso-f"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "eu-isoe-"):
		return "aws-iso-e"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	}
	return "aws"
}
