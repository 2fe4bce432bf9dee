# METADATA
# description: |
#   Cognito lookups over the model: the user pools an authorizer names, a pool's
#   app clients, resource servers and domains, and what tokens the pool can
#   issue. Conclusions of the form "no client of the pool does X" need pools
#   that are linked and complete (every client, resource server and domain is
#   in the inventory); the helpers that draw them check it.
package authlint.lib.cognito

import data.authlint.lib.value

# standard_scopes are the scopes Cognito defines without a resource server.
standard_scopes := {"openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"}

# sdk_scope is the scope every access token from the user pools API
# (InitiateAuth, AdminInitiateAuth, SRP sign-in) carries.
sdk_scope := "aws.cognito.signin.user.admin"

# is_custom_scope is true for a scope that is not a standard scope.
is_custom_scope(s) if not s in standard_scopes

# pool returns the user pool with the given ref.
pool(ref) := p if {
	some p in input.userPools
	p.ref == ref
}

# pools_of returns the pools of the inventory that an authorizer's providerARNs link to.
pools_of(a) := {p |
	some item in a.providerArns.items
	p := pool(item.userPool.target)
}

# all_pools_linked is true when the authorizer's pool list is known, not empty,
# and every entry links to a pool of the inventory.
all_pools_linked(a) if {
	not a.providerArns.unknown
	count(a.providerArns.items) > 0
	every item in a.providerArns.items {
		pool(item.userPool.target)
	}
}

# all_pools_complete is all_pools_linked with every pool complete.
all_pools_complete(a) if {
	all_pools_linked(a)
	every p in pools_of(a) {
		p.complete == true
	}
}

# pool_name names a pool for messages; a pool another input of the scan
# defines (joined by the workspace step) is named with its file.
pool_name(p) := sprintf("%s (defined in %s)", [own_pool_name(p), p.loc.file]) if {
	p.joined
	p.loc.file != ""
} else := own_pool_name(p)

own_pool_name(p) := p.name.value if {
	is_string(p.name.value)
} else := p.id.value if {
	is_string(p.id.value)
} else := p.logicalId if {
	p.logicalId != ""
} else := p.ref

# clients_of returns the app clients of pool p.
clients_of(p) := [c | some c in input.appClients; c.userPool.target == p.ref]

# resource_servers_of returns the resource servers of pool p.
resource_servers_of(p) := [rs | some rs in input.resourceServers; rs.userPool.target == p.ref]

# domains_of returns the domains of pool p.
domains_of(p) := [d | some d in input.domains; d.userPool.target == p.ref]

# resource_servers_known is true when every resource server of p has a known
# identifier and a known, complete scope list.
resource_servers_known(p) if {
	every rs in resource_servers_of(p) {
		value.known(rs.identifier)
		not rs.scopesUnknown
		every s in rs.scopes {
			value.known(s)
		}
	}
}

# defined_scopes are the full custom scope names (identifier/name) that the
# resource servers of p define.
defined_scopes(p) := {sprintf("%s/%s", [rs.identifier.value, s.value]) |
	some rs in resource_servers_of(p)
	value.known(rs.identifier)
	some s in rs.scopes
	value.known(s)
}

# trigger_may_add_scopes is true when a pre-token-generation trigger may add
# scopes to access tokens: version V2_0 or V3_0, or a version authlint cannot know.
trigger_may_add_scopes(p) if value.is_unknown(p.preTokenGenerationVersion)

trigger_may_add_scopes(p) if p.preTokenGenerationVersion.value in {"V2_0", "V3_0"}

# oauth_flows returns the known OAuth flows of client c.
oauth_flows(c) := {f | some f in value.values(c.allowedOAuthFlows)}

# oauth_enabled is true for a client known to use the OAuth endpoints:
# AllowedOAuthFlowsUserPoolClient true and at least one flow.
oauth_enabled(c) if {
	value.is_true(c.allowedOAuthFlowsUserPoolClient)
	value.nonempty(c.allowedOAuthFlows)
}

# client_oauth_known is true when everything that decides which scopes client c
# can request is known (absent properties count as known: their default applies).
client_oauth_known(c) if {
	not value.is_unknown(object.get(c, "allowedOAuthFlowsUserPoolClient", {}))
	value.optional_list_known(object.get(c, "allowedOAuthFlows", null))
	value.optional_list_known(object.get(c, "allowedOAuthScopes", null))
}

# grants is true when client c can obtain access tokens carrying scope s from
# the OAuth endpoints.
grants(c, s) if {
	oauth_enabled(c)
	value.has(c.allowedOAuthScopes, s)
}

# clients_known is true when every client of p has known OAuth settings.
clients_known(p) if {
	every c in clients_of(p) {
		client_oauth_known(c)
	}
}

# has_domain is true when pool p has a user pool domain in the inventory.
has_domain(p) if count(domains_of(p)) > 0

# protects lists, for pool p, the Cognito authorizers (with their API) whose
# providerARNs link to p.
protects(p) := [{"api": api, "authorizer": a} |
	some api in input.restApis
	some a in api.authorizers
	value.is(a.type, "COGNITO_USER_POOLS")
	some item in a.providerArns.items
	item.userPool.target == p.ref
]
