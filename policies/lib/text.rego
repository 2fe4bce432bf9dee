# METADATA
# description: |
#   Wording helpers for finding messages.
package authlint.lib.text

# enumerate lists names for a message: "a, b and c", or the first max names
# followed by "and N more".
enumerate(names, max) := s if {
	sorted := sort(names)
	count(sorted) <= max
	s := join_and(sorted)
} else := s if {
	sorted := sort(names)
	shown := array.slice(sorted, 0, max)
	s := sprintf("%s and %d more", [concat(", ", shown), count(sorted) - max])
}

join_and(items) := items[0] if {
	count(items) == 1
} else := s if {
	count(items) > 1
	s := sprintf("%s and %s", [concat(", ", array.slice(items, 0, count(items) - 1)), items[count(items) - 1]])
} else := ""

# plural returns singular for one item, plural otherwise.
plural(n, singular, pluralized) := singular if {
	n == 1
} else := pluralized
