# METADATA
# description: |
#   Lookups over what the workspace step joined into an inventory from other
#   inputs of the same scan: the app client, domain and user pool a Postman
#   auth setting names, the REST API and method a Postman request calls, and
#   how messages name the input a joined object comes from. Every helper is
#   undefined when nothing was joined, so rules that use them stay silent
#   unless the other side is in the scan.
package authlint.lib.joined

# The objects by ref, computed once per evaluation, so that each lookup
# below costs the same however many requests a collection has.
clients_by_ref := {c.ref: c | some c in input.appClients}

pools_by_ref := {p.ref: p | some p in input.userPools}

apis_by_ref := {a.ref: a | some a in input.restApis}

methods_by_ref := {m.ref: m | some a in input.restApis; some m in a.methods}

# client returns the app client the auth setting t is joined to.
client(t) := clients_by_ref[t.appClient.target]

# pool returns the user pool the auth setting t is joined to.
pool(t) := pools_by_ref[t.userPool.target]

# api returns the REST API the request r is joined to.
api(r) := apis_by_ref[r.api.target]

# method returns the method the request r is joined to.
method(r) := methods_by_ref[r.method.target]

# origin names where a joined object is defined: its file, else the input
# (a live account) it comes from.
origin(o) := o.loc.file if {
	o.loc.file != ""
} else := o.joined.source if {
	o.joined.source != ""
} else := "this input"

# client_name names an app client in messages, with where it is defined.
client_name(c) := sprintf("%s (%s)", [own_client_name(c), origin(c)])

own_client_name(c) := c.name.value if {
	is_string(c.name.value)
} else := c.id.value if {
	is_string(c.id.value)
} else := c.ref

# cognito_flow maps a Postman grant type to the Cognito OAuth flow the app
# client must allow; password_credentials has none.
cognito_flow := {
	"authorization_code": "code",
	"authorization_code_with_pkce": "code",
	"implicit": "implicit",
	"client_credentials": "client_credentials",
}
