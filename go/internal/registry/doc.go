// Package registry holds the registered functions behind go/bridge: Register checks a
// function's signature once (each refusal with its own reason) and works out, per parameter, the
// importer go/internal/codec uses for it; go/internal/core looks functions up by name or id and
// invokes them. Function authors use go/bridge; nothing here is API.
//
//	registry.go  Register, signature checks, per-parameter importers, Lookup, descriptions
//	invoke.go    direct (non-reflective) callers for the common one-parameter shapes
package registry
