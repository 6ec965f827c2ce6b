package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	flag "github.com/spf13/pflag"

	"filippo.io/age"

	"privdesk/ui/office"
)

// backupCommands declares its commands, each with fresh flag variables.
func backupCommands(register func(command)) {
	register(backupCommand())
	register(restoreCommand())
	register(rekeyCommand())
}

// backupCommand is privdesk backup.
func backupCommand() command {
	var out, recipient string
	return command{name: "backup", flags: func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "FILE")
		fs.StringVar(&recipient, "recipient", "", "age1...")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		if out == "" {
			return usageError{a.l.T("err.out_missing")}
		}
		r, err := a.backupRecipient(recipient)
		if err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		// Encrypted as it is read, straight into the file: memory stays flat
		// whatever the size of the database and its documents.
		return a.writeOutFrom(out, func(f io.Writer) error {
			w, err := age.Encrypt(f, r)
			if err != nil {
				return err
			}
			if err := a.cfg.Office.Backup(w, a.env.Now()); err != nil {
				return err
			}
			return w.Close()
		}, true)
	}}
}

// restoreCommand is privdesk restore.
func restoreCommand() command {
	var identity, journal string
	var noJournal bool
	return command{name: "restore", args: []argKind{argFile}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&identity, "identity", "", "FILE")
		fs.StringVar(&journal, "journal", "", "FILE")
		fs.BoolVar(&noJournal, "no-journal", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if len(pos) != 1 {
			return usageError{a.l.T("use.restore")}
		}
		ids, err := a.backupIdentities(identity)
		if err != nil {
			return err
		}
		path, err := a.dbPath()
		if err != nil {
			return err
		}
		key, err := a.keySource()
		if err != nil {
			return err
		}
		f, err := os.Open(pos[0])
		if err != nil {
			return usageError{a.l.T("err.backup_read", pos[0])}
		}
		defer f.Close()
		r, err := age.Decrypt(f, ids...)
		if err != nil {
			return usageError{a.l.T("err.backup_key", pos[0])}
		}
		js := office.Journals{None: noJournal}
		if journal != "" {
			js.Named = []string{journal}
		}
		if conf, err := a.configuredDB(); err == nil {
			js.Found = []string{conf + ".destroyed"}
		}
		dl, err := a.rules()
		if err != nil {
			return err
		}
		n, err := office.Restore(r, path, js, office.Options{Key: key, Rules: dl})
		if err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("restore.done", path, n))
		return nil
	}}
}

// rekeyCommand is privdesk rekey.
func rekeyCommand() command {
	var newKey string
	return command{name: "rekey", flags: func(fs *flag.FlagSet) {
		fs.StringVar(&newKey, "new-key", "", "FILE")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		var src office.KeySource
		switch p := a.env.Getenv("PRIVDESK_NEW_PASSPHRASE"); {
		case newKey != "" && p != "":
			return usageError{a.l.T("err.rekey_one")}
		case newKey != "":
			src.KeyFile = newKey
		case p != "":
			src.Passphrase = []byte(p)
		default:
			return usageError{a.l.T("err.rekey_one")}
		}
		if err := a.setup(); err != nil {
			return err
		}
		if err := a.cfg.Office.Rekey(src); err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("rekey.done"))
		return nil
	}}
}

// backupRecipient is whom a backup is encrypted for: an age public key, or
// the passphrase in PRIVDESK_BACKUP_PASSPHRASE.
func (a *app) backupRecipient(recipient string) (age.Recipient, error) {
	if recipient != "" {
		r, err := age.ParseX25519Recipient(strings.TrimSpace(recipient))
		if err != nil {
			return nil, usageError{a.l.T("err.backup_recipient", recipient)}
		}
		return r, nil
	}
	if p := a.env.Getenv("PRIVDESK_BACKUP_PASSPHRASE"); p != "" {
		return age.NewScryptRecipient(p)
	}
	return nil, usageError{a.l.T("err.backup_no_key")}
}

// backupIdentities are the keys a backup may be opened with.
func (a *app) backupIdentities(path string) ([]age.Identity, error) {
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, usageError{a.l.T("err.backup_read", path)}
		}
		ids, err := age.ParseIdentities(bytes.NewReader(b))
		if err != nil {
			return nil, usageError{a.l.T("err.backup_key", path)}
		}
		return ids, nil
	}
	if p := a.env.Getenv("PRIVDESK_BACKUP_PASSPHRASE"); p != "" {
		id, err := age.NewScryptIdentity(p)
		return []age.Identity{id}, err
	}
	return nil, usageError{a.l.T("err.backup_no_key")}
}
