/**
 * Not API. Readers of other projects' formats: a restricted pickle interpreter that builds plain
 * data and never imports or calls anything from the file, and the PyTorch Lightning {@code .ckpt}
 * (zip) reader on top of it.
 */
package io.vista.core.internal.compat;
