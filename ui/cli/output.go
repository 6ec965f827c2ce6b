package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"privdesk/cases"
	"privdesk/ui/office"
)

// writeOut writes what a command produces: to path, readable by its owner
// only and never over an existing file, or to standard output when path is
// "-". Text goes through the same filter as everything privdesk prints;
// binary output (PDF, XLSX, a backup, a document) goes out as it is, but
// never to a terminal, where it would be garbage that can drive the terminal.
func (a *app) writeOut(path string, b []byte, binary bool) error {
	return a.writeOutFrom(path, func(w io.Writer) error { _, err := w.Write(b); return err }, binary)
}

// writeOutFrom is writeOut for what fill writes as it makes it: a file
// appears only whole; standard output gets it as it comes.
func (a *app) writeOutFrom(path string, fill func(io.Writer) error, binary bool) error {
	if path != "-" {
		write := office.WritePrivateFrom
		if a.cfg.Office != nil {
			write = a.cfg.Office.WriteFileFrom
		}
		var fillErr error // what went wrong making the data, not writing them
		if err := write(path, func(w io.Writer) error { fillErr = fill(w); return fillErr }); err != nil {
			if fillErr != nil && a.l.Err(fillErr) != fillErr.Error() {
				return fillErr // privdesk's own error (the database busy, a record damaged)
			}
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
		return fill(a.env.Stdout)
	}
	if _, _, tty := a.env.Terminal(a.out); tty {
		return usageError{a.l.T("err.binary_tty")}
	}
	bw := bufio.NewWriterSize(a.out, 1<<20)
	if err := fill(bw); err != nil {
		return err
	}
	return bw.Flush()
}
