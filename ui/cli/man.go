package cli

import (
	"fmt"
	"regexp"
	"strings"

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
			_, err = fmt.Fprint(a.out, manHeader(page.Build(roff.NewDocument()), a.l.T("man.manual")))
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

// thLine is the page's header as mango writes it: the command's whole
// description in the place of the manual's name, too long for man's header.
var thLine = regexp.MustCompile(`^\.TH (\S+) (\S+) ("[^"]*") .*`)

// manHeader gives the page a header man can lay out: name, section, date,
// "privdesk", and the manual's short name.
func manHeader(page, manual string) string {
	head, rest, _ := strings.Cut(page, "\n")
	head = thLine.ReplaceAllString(head, fmt.Sprintf(`.TH $1 $2 $3 "privdesk" %q`, manual))
	return head + "\n" + rest
}
