package workbook

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// outputMode is the permission of every file the tool writes: os.CreateTemp
// makes 0600 files, and excelize's SaveAs would make executable ones.
const outputMode fs.FileMode = 0o644

// WriteFileAtomic writes via a temp file in the target's folder, fsyncs, and
// renames into place, so that a reader never sees a half-written file and a
// failed write leaves the old file untouched. It refuses to replace an
// existing file unless force is true, and never replaces a directory. The
// new file's mode is 0644.
func WriteFileAtomic(path string, force bool, write func(w io.Writer) error) error {
	if err := checkTarget(path, force); err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return errorf(path, "cannot write here (%s): choose another folder or check its permissions", plainOSError(err))
	}
	if err := fillTemp(tmp, write); err != nil {
		os.Remove(tmp.Name())
		return asWriteError(path, err)
	}
	if !force {
		// Re-check just before the rename: another process may have
		// created the file while we were writing.
		if err := checkTarget(path, false); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return errorf(path, "cannot replace the file (%s)", plainOSError(err))
	}
	syncDir(dir)
	return nil
}

// checkTarget refuses a directory, and an existing file unless force is set.
func checkTarget(path string, force bool) error {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return errorf(path, "cannot write here (%s)", plainOSError(err))
	case info.IsDir():
		return errorf(path, "is a folder: give a file name such as %s", filepath.Join(path, "journey.xlsx"))
	case !force:
		return errorf(path, "already exists: use --force to replace it")
	}
	return nil
}

// fillTemp runs write into tmp, then sets the mode, syncs and closes it.
func fillTemp(tmp *os.File, write func(w io.Writer) error) error {
	err := write(tmp)
	if err == nil {
		err = tmp.Chmod(outputMode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	return err
}

// asWriteError keeps an *Error from the write func and wraps anything else.
func asWriteError(path string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return errorf(path, "cannot be written (%s); the old file, if any, is unchanged", plainOSError(err))
}

// plainOSError drops the operation and path that os errors repeat.
func plainOSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

// syncDir flushes the folder entry of a rename to disk; where folders
// cannot be synced (Windows) the rename still stands.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}
