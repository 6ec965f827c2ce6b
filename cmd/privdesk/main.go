// Command privdesk is a privacy officer's desk for personal-data requests
// under 152-FZ: a terminal queue of case files with statutory deadlines.
package main

import (
	"os"

	"privdesk/ui/cli"
	"privdesk/ui/ssh"
	"privdesk/ui/tui"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		TUI:    tui.Run,
		Serve:  ssh.Run,
	}))
}
