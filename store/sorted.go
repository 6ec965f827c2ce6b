package store

import (
	"bytes"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Writing many keys in one transaction.

// sortedPuts collects a transaction's writes to buckets whose keys come in
// no order, and makes them in key order at its end: bbolt keeps the
// transaction's new keys in memory, where each insert in the middle shifts
// everything after it, so that 100,000 random inserts cost a quadratic time.
type sortedPuts map[string][][2][]byte

func (w sortedPuts) put(bucket, k, v []byte) {
	w[string(bucket)] = append(w[string(bucket)], [2][]byte{k, v})
}

func (w sortedPuts) flush(tx *bolt.Tx) error {
	for name, kvs := range w {
		slices.SortFunc(kvs, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
		b := tx.Bucket([]byte(name))
		for _, kv := range kvs {
			if err := b.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
	}
	return nil
}
