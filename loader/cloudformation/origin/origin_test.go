package origin

import "testing"

func TestResolve(t *testing.T) {
	m := New("/Resources/Api/Properties/Body")
	m.Pin("/paths/~1pets/get", "/Resources/Fn/Properties/Events/List")
	m.Subtree("/paths/~1pets/get/security/0/Auth", "/Resources/Api/Properties/Auth/Authorizers/A/AuthorizationScopes")
	m.Subtree("/securityDefinitions", "/Globals/Api/Auth")
	cases := []struct {
		ptr, want string
		pinned    bool
	}{
		{"", "/Resources/Api/Properties/Body", false},
		{"/info/title", "/Resources/Api/Properties/Body/info/title", false},
		{"/paths/~1pets/get", "/Resources/Fn/Properties/Events/List", true},
		{"/paths/~1pets/get/x-amazon-apigateway-integration/uri", "/Resources/Fn/Properties/Events/List", true},
		{"/paths/~1pets/get/security/0/Auth/1", "/Resources/Api/Properties/Auth/Authorizers/A/AuthorizationScopes/1", false},
		{"/securityDefinitions/A", "/Globals/Api/Auth/A", false},
	}
	for _, c := range cases {
		got, pinned := m.Resolve(c.ptr)
		if got != c.want || pinned != c.pinned {
			t.Errorf("%s → %s (pinned %v), want %s (%v)", c.ptr, got, pinned, c.want, c.pinned)
		}
	}
	m.Move("/securityDefinitions", "/components/securitySchemes")
	if got, _ := m.Resolve("/components/securitySchemes/A/name"); got != "/Globals/Api/Auth/A/name" {
		t.Errorf("after move: %s", got)
	}
	if got, _ := m.Resolve("/securityDefinitions/A"); got != "/Resources/Api/Properties/Body/securityDefinitions/A" {
		t.Errorf("old pointer after move: %s", got)
	}
}
