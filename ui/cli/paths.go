package cli

import (
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	flag "github.com/spf13/pflag"
)

// pathsCommands declares its commands, each with fresh flag variables.
func pathsCommands(register func(command)) {
	register(pathsCommand())
}

// pathsCommand is privdesk paths.
func pathsCommand() command {
	var asJSON bool
	return command{name: "paths", flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		ps, err := a.paths()
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.env.Stdout, ps)
		}
		tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
		for _, p := range ps {
			state := a.l.T("paths.missing")
			switch {
			case p.Path == "":
				state = a.l.T("paths.none")
			case p.Exists:
				state = a.l.T("paths.exists")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", a.l.T("paths."+p.What), p.Path, state)
		}
		return tw.Flush()
	}}
}

// aPath is one place privdesk reads or writes.
type aPath struct {
	What   string `json:"what"`
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
}

// paths lists where the database, its key, the configuration, the letter
// templates and the calendar are, as every command would look for them.
func (a *app) paths() ([]aPath, error) {
	db, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	key, err := a.keySource()
	if err != nil {
		return nil, err
	}
	cal, _ := a.calendarPath()
	list := []aPath{
		{What: "db", Path: db},
		{What: "journal", Path: db + ".destroyed"},
		{What: "keys", Path: db + ".keys"},
		{What: "docs", Path: db + ".docs"},
		{What: "key", Path: key.KeyFile},
		{What: "config", Path: a.configPath()},
		{What: "templates", Path: a.templatesDir()},
		{What: "calendar", Path: cal},
		{What: "host_key", Path: a.hostKeyPath()},
	}
	for i, p := range list {
		if p.Path != "" {
			_, err := os.Stat(p.Path)
			list[i].Exists = !errors.Is(err, os.ErrNotExist)
		}
	}
	return list, nil
}
