package cli

import (
	"errors"
	"fmt"
	"privdesk/cases"
	"privdesk/ui/office"
)

// writeOut writes what a command produces: to path, readable by its owner
// only and never over an existing file, or to standard output when path is
// "-". Text goes through the same filter as everything privdesk prints;
// binary output (PDF, XLSX, a backup, a document) goes out as it is, but
// never to a terminal, where it would be garbage that can drive the terminal.
func (a *app) writeOut(path string, b []byte, binary bool) error {
	if path != "-" {
		write := office.WritePrivate
		if a.cfg.Office != nil {
			write = a.cfg.Office.WriteFile
		}
		if err := write(path, b); err != nil {
			var ce *cases.Error
			if errors.As(err, &ce) {
				return err
			}
			return usageError{a.l.T("err.out_write", path, err.Error())}
		}
		fmt.Fprintln(a.env.Stdout, path)
		return nil
	}
	if !binary {
		_, err := a.env.Stdout.Write(b)
		return err
	}
	if _, _, tty := a.env.Terminal(a.out); tty {
		return usageError{a.l.T("err.binary_tty")}
	}
	_, err := a.out.Write(b)
	return err
}
