/**
 * vista-core: the library other JVM projects depend on. SAE and probe graphs ({@code sae},
 * {@code probe}, {@code graph}), the VISTA-format HDF5 data layer ({@code data}), checkpoints
 * ({@code io}) and Hydra-style configuration ({@code config}).
 */
package io.vista.core;
