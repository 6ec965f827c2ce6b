package office

import (
	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
)

// The store's types, as the front ends see them: they name what the office
// hands them without importing the store.
type (
	Filter           = store.Filter
	Row              = store.Row
	NewCase          = store.NewCase
	Unreadable       = store.Unreadable
	Quarantined      = store.Quarantined
	QuarantineRemark = store.QuarantineRemark
	IDBrief          = store.IDBrief
	DestroyFn        = store.DestroyFn
	DepersonaliseFn  = store.DepersonaliseFn
	Problem          = store.Problem
	Options          = store.Options
	Journals         = store.Journals
	StoreError       = store.Error
	KeySource        = seal.Source
)

// RowOf is a case's row in the queue.
func RowOf(c *cases.Case) Row { return store.RowOf(c) }
