package textdist

// MaxLen is the longest word compared; longer input is hostile or a mistake
// of another kind, and comparing it would cost len(a)×len(b).
const MaxLen = 256

// Levenshtein is the edit distance between a and b, counted in runes. Words
// longer than MaxLen are as far as can be: MaxLen.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > MaxLen || len(rb) > MaxLen {
		return MaxLen
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
