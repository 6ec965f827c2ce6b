package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The whole process, where the user pays it: `privdesk new` as a script
// runs it, beside a bare Go process that opens a bbolt file, writes one
// record and commits (the floor: any privdesk command is at least that).

func build(b *testing.B, dir, pkg, name string) string {
	bin := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		b.Fatal(err)
	}
	return bin
}

func BenchmarkNewProcess(b *testing.B) {
	dir := b.TempDir()
	bin := build(b, dir, ".", "privdesk")
	env := append(os.Environ(), "PRIVDESK_DB="+filepath.Join(dir, "p.db"), "PRIVDESK_KEY="+filepath.Join(dir, "key"), "PRIVDESK_OFFICER=bench")
	run := func(args ...string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
	run("init")
	for b.Loop() {
		run("new", "--kind", "access", "--name", "Иванова Анна", "--email", "anna@example.ru")
	}
}

func BenchmarkFloorBboltProcess(b *testing.B) {
	dir := b.TempDir()
	bin := build(b, dir, "../../store/testdata/bare", "bare")
	for b.Loop() {
		if out, err := exec.Command(bin, filepath.Join(dir, "bare.db")).CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}
