package keys

import "fmt"

// FileError is a key file that could not be read or written; Err says
// why. Its text names the file, as the command line prints it.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("key file %s: %v", e.Path, e.Err) }
func (e *FileError) Unwrap() error { return e.Err }

// NotAKeyError is a file that holds neither a key nor a protected key.
type NotAKeyError struct {
	Path  string
	Bytes int
}

func (e *NotAKeyError) Error() string {
	return fmt.Sprintf("key file %s holds %d bytes, not %d: it is not a machtiging key", e.Path, e.Bytes, Size)
}

// ExistsError is a key file that is there already: a key is never
// overwritten.
type ExistsError struct{ Path string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("key file %s exists already; it is not replaced", e.Path)
}

// UnreadableError is a protected key file that is damaged or in a form
// this program does not read; its text says which, in English.
type UnreadableError struct{ err error }

func (e *UnreadableError) Error() string { return e.err.Error() }
