/**
 * Not API (implementation of vista-core; may change in any release).
 * Small TensorFlow graph helpers shared by the SAE and probe graphs: float32 tensor/array
 * conversion ({@link io.vista.core.internal.graph.Tensors}), named resource variables that can be read and
 * written as whole arrays ({@link io.vista.core.internal.graph.VariableSet}), straight-through masks and
 * value-zero gradient terms built from {@code StopGradient} ({@link
 * io.vista.core.internal.graph.StraightThrough}), row normalisation ({@link io.vista.core.internal.graph.RowNorm})
 * and an in-graph Adam with explicit slots ({@link io.vista.core.internal.graph.Adam}).
 *
 * <p>Builders here are stateless functions of an {@code Ops}; only {@link
 * io.vista.core.internal.graph.VariableSet} touches a {@code Session}, to move whole variable values in and
 * out in one run.
 */
package io.vista.core.internal.graph;
