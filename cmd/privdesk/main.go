// Command privdesk is a privacy officer's desk for personal-data requests
// under 152-FZ: a terminal queue of case files with statutory deadlines.
package main

import (
	"os"

	"privdesk/ui"
	"privdesk/ui/cli"
	"privdesk/ui/server"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		TUI:    ui.Run,
		Serve:  server.Run,
	}))
}
