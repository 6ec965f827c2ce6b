package cli

import (
	"fmt"

	mango "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// manCommand writes privdesk(1) in roff: privdesk man | man -l -
func (a *app) manCommand() *cobra.Command {
	return &cobra.Command{
		Use:               "man",
		Short:             a.text("cmd.man"),
		Example:           a.text("ex.man"),
		Args:              a.noPositional,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, _ []string) error {
			page, err := mango.NewManPage(1, c.Root())
			if err != nil {
				return err
			}
			page = page.WithSection(a.l.T("man.h_env"), a.l.T("man.env")).
				WithSection(a.l.T("man.h_files"), a.l.T("man.files")).
				WithSection(a.l.T("man.h_exit"), a.l.T("man.exit"))
			_, err = fmt.Fprint(a.out, page.Build(roff.NewDocument()))
			return err
		},
	}
}

// noPositional refuses arguments to a command that takes none.
func (a *app) noPositional(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{a.l.T("err.extra_args", c.Name(), args[0])}
	}
	return nil
}
