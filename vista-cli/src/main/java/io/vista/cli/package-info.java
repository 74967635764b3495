/**
 * What the three command lines ({@code vista-train}, {@code vista-eval}, {@code vista-bench}) share, so each exists
 * once: {@link io.vista.cli.UsageException} for a command line that cannot be understood, {@link
 * io.vista.cli.CommandLine} for the exit-code policy (0 success, 1 failure, 2 bad usage; one line on stderr, never a
 * stack trace), and {@link io.vista.cli.ProgressDisplay}, the console implementation of {@link
 * io.vista.cli.Progress} (a redrawn bar on a terminal, a line every 10 s in a log, nothing when quiet).
 *
 * <p>A program's entry point is a few lines:
 *
 * <pre>{@code
 * private static final CommandLine CLI = CommandLine.of("vista-eval").outOfMemoryHint("lower --batch-size or raise -Xmx");
 *
 * public static void main(String[] args) {
 *   CLI.main(() -> dispatch(args, System.out, System.err));        // System.exit with the code
 * }
 *
 * public static int run(String[] args, PrintStream out, PrintStream err) {   // what tests call
 *   return CLI.run(out, err, () -> dispatch(args, out, err));
 * }
 * }</pre>
 */
package io.vista.cli;
