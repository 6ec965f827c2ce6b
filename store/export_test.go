package store

// SetFreeSpace replaces the free-space probe for a test and returns the
// function that restores it.
func SetFreeSpace(f func(dir string) (uint64, error)) func() {
	old := freeSpace
	freeSpace = f
	return func() { freeSpace = old }
}
