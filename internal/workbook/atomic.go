package workbook

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// outputMode is the permission of every file the tool writes: os.CreateTemp
// makes 0600 files, and excelize's SaveAs would make executable ones.
const outputMode fs.FileMode = 0o644

// WriteFileAtomic writes via a temp file in the target's folder, fsyncs it,
// renames it into place and fsyncs the folder, so that a reader never sees
// a half-written file, a failed write leaves the old file untouched, and
// the new file survives a crash once WriteFileAtomic returns. A write that
// fails removes its temp file; one killed outright leaves it behind (see
// tempPattern), next to the untouched target. It refuses to replace an
// existing file unless force is true, and never replaces a directory.
//
// A new file's mode is 0644; a replaced file keeps its mode, without
// execute bits (so a private 0600 workbook stays private). A symbolic link
// stays a link: the file it points to is replaced.
func WriteFileAtomic(path string, force bool, write func(w io.Writer) error) error {
	return writeAtomic(path, force, 0, write)
}

// writeAtomic is WriteFileAtomic with the new file's mode given (0 for
// the default described there).
func writeAtomic(path string, force bool, mode fs.FileMode, write func(w io.Writer) error) error {
	if err := checkTarget(path, force); err != nil {
		return err
	}
	target, oldMode := replacedFile(path)
	if mode == 0 {
		mode = oldMode
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		return errorf(path, "cannot write here (%s): choose another folder or check its permissions", plainOSError(err))
	}
	if err := fillTemp(tmp, mode, write); err != nil {
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
	if err := os.Rename(tmp.Name(), target); err != nil {
		os.Remove(tmp.Name())
		return errorf(path, "cannot replace the file (%s)", plainOSError(err))
	}
	syncDir(dir)
	return nil
}

// tempPattern names the temporary file of a write to base: hidden,
// recognisably journey's and the target's, such as
// ".journey-all.xlsx.123456789.tmp". A write that is killed leaves it
// behind; it can be deleted.
func tempPattern(base string) string {
	const most = 100 // file names are limited to 255 bytes
	if len(base) > most {
		base = strings.ToValidUTF8(base[:most], "")
	}
	return ".journey-" + base + ".*.tmp"
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

// replacedFile returns the file a write to path replaces (where a
// symbolic link points) and the mode the new file gets: the replaced
// file's without execute bits, or outputMode for a new file.
func replacedFile(path string) (string, fs.FileMode) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return path, outputMode
	}
	info, err := os.Stat(real)
	if err != nil || !info.Mode().IsRegular() {
		return path, outputMode
	}
	return real, info.Mode().Perm() &^ 0o111
}

// fillTemp runs write into tmp, then sets the mode, syncs and closes it.
func fillTemp(tmp *os.File, mode fs.FileMode, write func(w io.Writer) error) error {
	err := write(tmp)
	if err == nil {
		err = tmp.Chmod(mode)
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
