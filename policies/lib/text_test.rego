package authlint.lib.text_test

import data.authlint.lib.text

test_enumerate if {
	text.enumerate(["b"], 3) == "b"
	text.enumerate(["b", "a"], 3) == "a and b"
	text.enumerate(["c", "b", "a"], 3) == "a, b and c"
	text.enumerate(["d", "c", "b", "a"], 2) == "a, b and 2 more"
}
