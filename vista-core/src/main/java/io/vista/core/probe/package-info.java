/** The multi-task linear probe (age, gender, race heads) as a TensorFlow graph with its own session. */
package io.vista.core.probe;
