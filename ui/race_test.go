//go:build race

package ui

// raceDetector: timings mean nothing under the race detector.
const raceDetector = true
