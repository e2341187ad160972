// Package cli wires the journey commands: each command parses its flags
// into an options struct and calls a run function against IOStreams, so
// tests can run commands with buffers.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/journey-cli/journey/internal/gctune"
	"github.com/journey-cli/journey/internal/report"
	"github.com/journey-cli/journey/internal/workbook"
)

// version is set at build time with -ldflags "-X .../internal/cli.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

// Exit codes of every command (SPEC 2).
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitTrouble  = 2
)

// IOStreams are the standard streams a command uses.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// OutIsTerminal says whether Out is a terminal (for colour and width).
	OutIsTerminal bool
	// Width is the terminal's width in columns, 0 when unknown.
	Width int
	// Env looks up environment variables (NO_COLOR).
	Env func(string) (string, bool)
}

// System returns the process's own streams.
func System() *IOStreams {
	s := &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		OutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		Env:           os.LookupEnv,
	}
	if s.OutIsTerminal {
		s.Width, _, _ = term.GetSize(int(os.Stdout.Fd()))
	} else if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		s.Width = n // the shell's width, when output goes to a pipe or file
	}
	return s
}

// defaultWidth is the width tables are fitted to when output is not a
// terminal: readable in a wide log, and no wider than a pasted ticket.
const defaultWidth = 100

// TableWidth is the width tables should fit in.
func (s *IOStreams) TableWidth() int {
	if s.Width > 0 {
		return s.Width
	}
	return defaultWidth
}

// exitError carries an exit code and the one line to print for it.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is bad usage: exit code 2, with a hint to --help.
func usageError(format string, args ...any) error {
	return &exitError{code: ExitTrouble, err: fmt.Errorf(format, args...)}
}

// exitCode is a result code without a message (findings were printed).
func exitCode(code int) error { return &exitError{code: code} }

// Main runs the journey command line and returns the exit code.
func Main(args []string, streams *IOStreams) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(streams.ErrOut, "journey: internal error (%v); please report it with the command you ran\n", r)
			code = ExitTrouble
		}
	}()
	if !userTunesGC(streams) {
		defer gctune.Reset() // the command tunes it once it knows its input
	}
	root := NewRootCmd(streams)
	if args == nil {
		args = []string{}
	}
	root.SetArgs(args)
	err := root.Execute()
	return printError(streams.ErrOut, err)
}

// userTunesGC reports whether GOGC or GOMEMLIMIT is set: the user's own
// garbage-collector settings win over gctune's.
func userTunesGC(streams *IOStreams) bool {
	_, gogc := streams.Env("GOGC")
	_, limit := streams.Env("GOMEMLIMIT")
	return gogc || limit
}

// inputBytes is the size of the files a command's arguments name, 0 when
// one is standard input or not a file (the size is then unknown).
func inputBytes(args []string) int64 {
	var total int64
	for _, a := range args {
		if a == "-" {
			return 0
		}
		info, err := os.Stat(a)
		if err != nil || !info.Mode().IsRegular() {
			return 0
		}
		total += info.Size()
	}
	return total
}

// printError prints err as one line and returns its exit code.
func printError(w io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(w, "journey: %s\n", ee.err)
		}
		return ee.code
	}
	var we *workbook.Error
	if errors.As(err, &we) {
		fmt.Fprintf(w, "journey: %s\n", we)
		return ExitTrouble
	}
	// cobra's own flag and argument errors
	fmt.Fprintf(w, "journey: %s\n", err)
	return ExitTrouble
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	color string
}

// NewRootCmd builds the command tree. A fresh tree per call keeps tests apart.
func NewRootCmd(streams *IOStreams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "journey",
		Short: "Write, check and analyse customer-journey workbooks",
		Long: `journey works on the spreadsheet in which a team lists every touchpoint one
buyer persona has with the company: lifecycle stage, channel, mode, direction,
owning team, KPI and how the customer feels. It writes that workbook, checks
it, and shows where the journey is weak.`,
		Example: `  # write a workbook to fill in, or one with a sample journey
  journey init -o journey.xlsx --persona "Marketing Ops Manager"
  journey init -o example.xlsx --example

  # check it, then see where the journey is weak
  journey lint example.xlsx
  journey gaps example.xlsx
  journey dupes marketing.xlsx sales.xlsx

  # compare today's map with the future one; share the map
  journey diff current.xlsx future.xlsx
  journey export example.xlsx -o map.html`,
		Version:           buildVersion(),
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if !userTunesGC(streams) {
				gctune.Tune(inputBytes(args))
			}
			return setColor(g.color, streams)
		},
	}
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	root.SetVersionTemplate("journey {{.Version}}\n")
	root.PersistentFlags().StringVar(&g.color, "color", "auto", "colour output: auto, always or never (auto honours NO_COLOR and is off when output is not a terminal)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError("%s (see '%s --help')", err, cmd.CommandPath())
	})
	root.AddCommand(newInitCmd(streams), newLintCmd(streams), newGapsCmd(streams), newDupesCmd(streams), newDiffCmd(streams), newTemplatesCmd(streams), newExportCmd(streams), newImportCmd(streams), newMergeCmd(streams))
	return root
}

// setColor decides whether output is coloured.
func setColor(mode string, streams *IOStreams) error {
	switch strings.ToLower(mode) {
	case "always":
		report.SetColor(true)
	case "never":
		report.SetColor(false)
	case "auto", "":
		noColor, _ := streams.Env("NO_COLOR")
		report.SetColor(noColor == "" && streams.OutIsTerminal)
	default:
		return usageError("--color takes auto, always or never, not %q", mode)
	}
	return nil
}

// buildVersion returns the version stamped at build time or by the module.
func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
