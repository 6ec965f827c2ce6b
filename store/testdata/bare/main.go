// Command bare is the floor of a privdesk command: a Go process that opens
// a bbolt file, writes one record of a case's size, commits and exits.
package main

import (
	"encoding/binary"
	"os"

	bolt "go.etcd.io/bbolt"
)

func main() {
	db, err := bolt.Open(os.Args[1], 0o600, nil)
	if err != nil {
		os.Exit(1)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("cases"))
		if err != nil {
			return err
		}
		id, _ := b.NextSequence()
		return b.Put(binary.BigEndian.AppendUint64(nil, id), make([]byte, 2000))
	})
	if db.Close() != nil || err != nil {
		os.Exit(1)
	}
}
