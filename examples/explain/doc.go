// Package explain holds the `authlint explain` walkthrough: an API, the user
// pool's JWKS and tokens that get a 401, with the README that explains them.
// The test keeps the README true: every command it shows prints the verdict
// the README shows. The tokens are signed with a test key (RS256 signatures
// are deterministic, so -update rewrites them byte for byte).
package explain
