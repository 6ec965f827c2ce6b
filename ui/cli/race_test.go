//go:build race

package cli_test

// raceDetector tells whether the tests run under the race detector.
const raceDetector = true
