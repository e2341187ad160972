// Package templates holds the built-in journey templates as JSON data files
// (see README.md for the format), embedded in the binary. Load them through
// internal/templates.
package templates

import "embed"

// FS holds every *.json template of this folder.
//
//go:embed *.json
var FS embed.FS
