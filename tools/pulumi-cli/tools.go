//go:build tools

// Package tools pins the Pulumi CLI that this repository's engine-level tests,
// demo and bench run, the way Pulumi's own provider repositories pin theirs:
// blank imports keep the commands in go.mod, and tools/pulumi-cli/cli.js builds
// them with `go build` into a git-ignored cache.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
