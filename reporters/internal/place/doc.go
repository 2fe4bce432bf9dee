// Package place names where a finding is for people reading a report, when
// there is no file and line to point at: findings about live AWS resources.
package place
