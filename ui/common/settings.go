package common

import (
	"errors"
	"fmt"
	"os"

	"github.com/BurntSushi/toml"
)

// Settings are the officer's config.toml.
type Settings struct {
	Operator struct {
		Name              string `toml:"name"`
		Address           string `toml:"address"`
		InformationSystem string `toml:"information_system"`
	} `toml:"operator"`
	// Processor is the person processing on the operator's instruction, if any.
	Processor struct {
		Name    string `toml:"name"`
		Address string `toml:"address"`
	} `toml:"processor"`
	Documents struct {
		MaxMiB        int `toml:"max_mib"`
		RetentionDays int `toml:"retention_days"`
	} `toml:"documents"`
	Deadlines struct {
		PasswordResetDays int `toml:"password_reset_days"`
	} `toml:"deadlines"`
	Officers []Officer `toml:"officers"`
}

// Officer is a person who works cases, as the act names them.
type Officer struct {
	Login    string `toml:"login"`
	Name     string `toml:"name"`
	Position string `toml:"position"`
}

// Defaults for settings the file leaves out.
const (
	DefaultMaxMiB        = 25
	DefaultRetentionDays = 30
)

// LoadSettings reads path; a missing file means the defaults.
func LoadSettings(path string) (Settings, error) {
	var s Settings
	if path != "" {
		_, err := toml.DecodeFile(path, &s)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return s, fmt.Errorf("%s: %w", path, err)
		}
	}
	if s.Documents.MaxMiB <= 0 {
		s.Documents.MaxMiB = DefaultMaxMiB
	}
	if s.Documents.RetentionDays <= 0 {
		s.Documents.RetentionDays = DefaultRetentionDays
	}
	return s, nil
}

// MaxBytes is the largest document accepted.
func (s Settings) MaxBytes() int64 { return int64(s.Documents.MaxMiB) << 20 }

// Officer finds the officer with login.
func (s Settings) Officer(login string) (Officer, bool) {
	for _, o := range s.Officers {
		if o.Login == login {
			return o, true
		}
	}
	return Officer{}, false
}
