// Command journey writes, checks and analyses customer-journey workbooks.
package main

import (
	"os"

	"github.com/journey-cli/journey/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.System()))
}
