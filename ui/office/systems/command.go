package systems

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"

	"privdesk/cases"
)

// The command connector: an executable the operator provides for a
// service privdesk cannot query itself (a SaaS). It reads one JSON request
// on standard input, {"action": "find" | "erase" | "dry-run", "subject":
// {"email", "phone", "account", "name"}}, and answers on standard output:
// for find, {"tables": [{"table", "columns", "rows"}]}; for erase and its
// dry run, {"erased": {"table": rows}}. A non-zero exit is a failure,
// whose first line of standard error is shown.

// maxAnswer bounds what a command may answer.
const maxAnswer = 16 << 20

type commandRequest struct {
	Action  string `json:"action"`
	Subject struct {
		Email   string `json:"email,omitempty"`
		Phone   string `json:"phone,omitempty"`
		Account string `json:"account,omitempty"`
		Name    string `json:"name,omitempty"`
	} `json:"subject"`
}

type commandAnswer struct {
	Tables []Table        `json:"tables"`
	Erased map[string]int `json:"erased"`
}

func runCommand(ctx context.Context, sys cases.System, dir, action string, subj Subject) (commandAnswer, error) {
	var req commandRequest
	req.Action = action
	req.Subject.Email, req.Subject.Phone, req.Subject.Account, req.Subject.Name = subj.Email, subj.Phone, subj.Account, subj.Name
	in, _ := json.Marshal(req)
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	prog := sys.Command[0]
	if !filepath.IsAbs(prog) && filepath.Base(prog) != prog {
		prog = filepath.Join(dir, prog)
	}
	cmd := exec.CommandContext(ctx, prog, sys.Command[1:]...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &limited{w: &stderr, n: 4096}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return commandAnswer{}, err
	}
	if err := cmd.Start(); err != nil {
		return commandAnswer{}, fmt.Errorf("the command does not start: %w", errors.Unwrap(err))
	}
	b, readErr := io.ReadAll(io.LimitReader(out, maxAnswer+1))
	waitErr := cmd.Wait()
	switch {
	case waitErr != nil:
		line, _, _ := bytes.Cut(stderr.Bytes(), []byte("\n"))
		return commandAnswer{}, fmt.Errorf("the command failed (%v): %s", waitErr, cases.SafeLine(string(line)))
	case readErr != nil:
		return commandAnswer{}, readErr
	case len(b) > maxAnswer:
		return commandAnswer{}, errors.New("the command answered more than 16 MiB")
	}
	var ans commandAnswer
	if err := json.Unmarshal(b, &ans); err != nil {
		return commandAnswer{}, errors.New("the command's answer is not the JSON privdesk expects")
	}
	return ans, nil
}

func commandFind(ctx context.Context, sys cases.System, dir string, subj Subject) ([]Table, error) {
	ans, err := runCommand(ctx, sys, dir, "find", subj)
	if err != nil {
		return []Table{}, err
	}
	cats := map[string]map[string]string{}
	for _, l := range sys.Lookups {
		cats[l.Table] = l.Categories
	}
	out := []Table{}
	for _, t := range ans.Tables {
		t.Table = cases.CleanLine(t.Table)
		t.Categories = make([]string, len(t.Columns))
		for i, c := range t.Columns {
			t.Columns[i] = cases.CleanLine(c)
			t.Categories[i] = cats[t.Table][c]
		}
		var rows [][]string
		for _, r := range t.Rows {
			if len(r) != len(t.Columns) {
				return []Table{}, fmt.Errorf("table %s: a row of %d values for %d columns", t.Table, len(r), len(t.Columns))
			}
			for i := range r {
				r[i] = cases.CleanLine(r[i])
			}
			if len(rows) == MaxRows {
				t.Capped = true
				break
			}
			rows = append(rows, r)
		}
		t.Rows = rows
		if t.Rows == nil {
			t.Rows = [][]string{}
		}
		out = append(out, t)
	}
	return out, nil
}

func commandErase(ctx context.Context, sys cases.System, dir string, subj Subject, dry bool) (map[string]int, error) {
	action := "erase"
	if dry {
		action = "dry-run"
	}
	ans, err := runCommand(ctx, sys, dir, action, subj)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for t, n := range ans.Erased {
		out[cases.CleanLine(t)] = n
	}
	return out, nil
}

// limited keeps the first n bytes written to it.
type limited struct {
	w io.Writer
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(l.n, len(p))
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
