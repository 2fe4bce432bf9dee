package params

import (
	"testing"
)

func TestParse(t *testing.T) {
	cases := map[string]struct {
		in      string
		want    map[string]string
		wantErr bool
	}{
		"aws cli":        {`[{"ParameterKey": "Stage", "ParameterValue": "dev"}, {"ParameterKey": "Old", "UsePreviousValue": true}]`, map[string]string{"Stage": "dev"}, false},
		"pipeline":       {`{"Parameters": {"Stage": "dev", "Size": 3}, "Tags": {"a": "b"}}`, map[string]string{"Stage": "dev", "Size": "3"}, false},
		"plain object":   {`{"Stage": "dev", "Zones": ["a", "b"]}`, map[string]string{"Stage": "dev", "Zones": "a,b"}, false},
		"overrides":      {`["Stage=dev", "Url=https://x?a=b"]`, map[string]string{"Stage": "dev", "Url": "https://x?a=b"}, false},
		"lines":          {"# comment\nStage=dev\n\nApp:Pool=arn\n", map[string]string{"Stage": "dev", "App:Pool": "arn"}, false},
		"yaml":           {"Parameters:\n  Stage: dev\n", map[string]string{"Stage": "dev"}, false},
		"empty":          {"  \n", map[string]string{}, false},
		"bad line":       {"Stage\n", nil, true},
		"bad item":       {`[{"ParameterValue": "x"}]`, nil, true},
		"bad parameters": {`{"Parameters": []}`, nil, true},
		"bad json":       {`{"Parameters": `, nil, true},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := Parse([]byte(c.in))
			if (err != nil) != c.wantErr {
				t.Fatalf("error %v, want error %v", err, c.wantErr)
			}
			if c.wantErr {
				return
			}
			if len(got) != len(c.want) {
				t.Fatalf("%v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}
