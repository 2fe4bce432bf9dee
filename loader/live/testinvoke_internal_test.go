package live

import "testing"

// TestGuardRefusesTestInvoke: the scanner's clients refuse the write-level
// TestInvokeAuthorizer; only the client built for it lets it through.
func TestGuardRefusesTestInvoke(t *testing.T) {
	if allowed(serviceAPIGateway, "TestInvokeAuthorizer", nil) {
		t.Error("the read-only guard lets TestInvokeAuthorizer through")
	}
	if !allowed(serviceAPIGateway, "TestInvokeAuthorizer", []Operation{testInvoke}) {
		t.Error("the test-invoke client refuses TestInvokeAuthorizer")
	}
	if allowed(serviceAPIGateway, "DeleteRestApi", []Operation{testInvoke}) {
		t.Error("the test-invoke client lets another write through")
	}
}
