package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/loader"
)

// TestRealWorldTemplates covers shapes found running authlint over AWS's own
// template collections: each case is a file of its kind under
// testdata/realworld.
func TestRealWorldTemplates(t *testing.T) {
	for _, tc := range []struct {
		file     string
		explicit bool
		// detect is whether the loader claims the file.
		detect bool
		// errHas lists what the load error must say (none: no error).
		errHas []string
		// errLacks lists what it must not say.
		errLacks []string
		apis     int
	}{
		{file: "rain-module.yaml", explicit: true, detect: true, apis: 1,
			errHas:   []string{"line 4:", "resource Bucket is a Rain module", "run rain pkg"},
			errLacks: []string{"has no Type"}},
		{file: "registry-types.yaml", explicit: true, detect: true},
		{file: "registry-types.yaml", explicit: false, detect: false},
		{file: "empty-resources.yaml", explicit: true, detect: true},
		{file: "empty-resources.yaml", explicit: false, detect: false},
	} {
		name := tc.file
		if tc.explicit {
			name += "/named"
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "realworld", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			in := loader.NewInput(path, data)
			in.Explicit = tc.explicit
			l := New(Options{})
			if got := l.Detect(in); got != tc.detect {
				t.Fatalf("Detect = %v, want %v", got, tc.detect)
			}
			if !tc.detect {
				return
			}
			invs, err := l.Load(context.Background(), in)
			if len(tc.errHas) == 0 && err != nil {
				t.Fatalf("load error: %v", err)
			}
			if len(tc.errHas) > 0 {
				if err == nil {
					t.Fatal("no load error")
				}
				for _, s := range tc.errHas {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				for _, s := range tc.errLacks {
					if strings.Contains(err.Error(), s) {
						t.Errorf("error %q says %q", err, s)
					}
				}
			}
			if len(invs) != 1 {
				t.Fatalf("%d inventories", len(invs))
			}
			if got := len(invs[0].RestAPIs); got != tc.apis {
				t.Errorf("%d REST APIs, want %d", got, tc.apis)
			}
		})
	}
}
