package office

import (
	"encoding/json"
	"os"
	"strconv"
	"syscall"
)

// Served is what privdesk serve leaves beside the database while it runs.
type Served struct {
	PID    int    `json:"pid"`
	Listen string `json:"listen"`
}

// PIDText is the server's process number as text.
func (s Served) PIDText() string { return strconv.Itoa(s.PID) }

func servedMark(db string) string { return db + ".serve" }

// ServedBy tells whether a running privdesk serve, other than this
// process, holds the database at db.
func ServedBy(db string) (Served, bool) {
	b, err := os.ReadFile(servedMark(db))
	if err != nil {
		return Served{}, false
	}
	var s Served
	if json.Unmarshal(b, &s) != nil || s.PID <= 0 || s.PID == os.Getpid() || syscall.Kill(s.PID, 0) != nil {
		return Served{}, false // left by a server that is gone
	}
	return s, true
}

// Serve marks the office's database as served by this process, listening
// on listen, until the returned function is called. From then on every
// other process's office refuses to write to it.
func (o *Office) Serve(listen string) (stop func(), err error) {
	b, _ := json.Marshal(Served{PID: os.Getpid(), Listen: listen})
	mark := servedMark(o.st.Path())
	if err := os.WriteFile(mark, b, 0o600); err != nil {
		return nil, err
	}
	o.server = true
	return func() { os.Remove(mark) }, nil
}
