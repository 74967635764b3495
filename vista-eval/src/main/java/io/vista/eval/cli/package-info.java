/**
 * The {@code vista-eval} command line ({@link io.vista.eval.cli.Cli}): evaluate (default), sae-latents, convert,
 * intersectional; argparse-like options, console progress, one-line errors and exit codes.
 */
package io.vista.eval.cli;
