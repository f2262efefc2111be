//go:build !unix

package bench

func syncDisk() {}
