/**
 * The {@code vista-eval} command line ({@link io.vista.eval.cli.Cli}): evaluate (default), sae-latents, convert,
 * intersectional; argparse-like options. Exit codes, error lines and the console progress display are vista-cli's
 * ({@link io.vista.cli.CommandLine}, {@link io.vista.cli.ProgressDisplay}).
 */
package io.vista.eval.cli;
