# Token cases shared by the token rules' tests: a scoped method behind a
# Cognito authorizer, and a valid access token for it. Tests change one part.
package authlint.rules.token_cases_test

now := 1767225600

pool := "us-east-1_AbC123"

arn := sprintf("arn:aws:cognito-idp:us-east-1:111122223333:userpool/%s", [pool])

iss := sprintf("https://cognito-idp.us-east-1.amazonaws.com/%s", [pool])

method(scopes) := {
	"ref": "api/method/GET /pets",
	"loc": {"file": "api.yaml", "line": 10},
	"path": {"value": "/pets", "loc": {}},
	"httpMethod": {"value": "GET", "loc": {}},
	"authorizationType": {"value": "COGNITO_USER_POOLS", "loc": {"line": 11}},
	"authDeclared": true,
	"authorizer": {"target": "api/authorizer/Cognito", "loc": {}},
	"authorizationScopes": {"items": [{"value": s, "loc": {}} | some s in scopes], "loc": {"file": "api.yaml", "line": 12}},
	"apiKeyRequired": {"value": false, "loc": {}},
}

authorizer := {
	"ref": "api/authorizer/Cognito",
	"loc": {"file": "api.yaml", "line": 30},
	"type": {"value": "COGNITO_USER_POOLS", "loc": {}},
	"providerArns": {"items": [{"arn": {"value": arn, "loc": {}}, "loc": {}}], "loc": {"file": "api.yaml", "line": 32}},
	"identitySource": {"value": "method.request.header.Authorization", "loc": {"file": "api.yaml", "line": 33}},
}

access_claims := {
	"iss": iss,
	"sub": "5f7c1e2a",
	"tokenUse": "access",
	"clientId": "3n4b5urk1ft4fl3mg5e62d9ado",
	"scope": "pets/read",
	"scopes": ["pets/read"],
	"exp": now + 3600,
	"iat": now - 60,
	"username": "alice",
}

id_claims := {
	"iss": iss,
	"sub": "5f7c1e2a",
	"tokenUse": "id",
	"aud": ["3n4b5urk1ft4fl3mg5e62d9ado"],
	"exp": now + 3600,
	"iat": now - 60,
	"username": "alice",
}

header := {
	"name": "Authorization",
	"empty": false,
	"prefixes": ["Bearer"],
	"extraSpaces": false,
	"quoted": false,
	"outerSpaces": false,
	"lineBreak": false,
	"innerSpaces": false,
	"urlEncoded": false,
	"sigV4": false,
	"segments": 3,
}

# base is a valid access token sent to GET /pets (scope pets/read).
base := {
	"schemaVersion": 1,
	"now": now,
	"header": header,
	"token": {"kind": "jws", "header": {"alg": "RS256", "kid": "k1"}, "claims": access_claims},
	"signature": {"status": "valid", "keySource": "jwks.json"},
	"api": {"ref": "api", "name": "pets"},
	"method": method(["pets/read"]),
	"authorizer": authorizer,
	"userPools": [],
	"appClients": [],
}

# with_claims replaces the token's claims.
with_claims(tc, claims) := patch(tc, {"token": put(tc.token, "claims", claims)})

# id_case is a valid ID token sent to a method without scopes.
id_case := patch(with_claims(base, id_claims), {"method": method([])})

# open_case is the base token sent to a method without authorization.
open_case := patch(base, {"method": object.union(method([]), {"authorizationType": {"value": "NONE", "loc": {}}})})

# put sets obj[key] to val (object.union would merge nested objects).
put(obj, key, val) := object.union(object.remove(obj, [key]), {key: val})

# patch replaces the top-level fields of tc that p names.
patch(tc, p) := object.union(object.remove(tc, object.keys(p)), p)
