/**
 * Hydra-style configuration. {@link io.vista.train.config.ConfigLoader} composes YAML files (a
 * primary config with a defaults list of groups: {@code model/}, {@code data/}, {@code module/},
 * {@code experiment/}), applies command-line overrides with Hydra's grammar and resolves
 * OmegaConf interpolations into an immutable {@link io.vista.train.config.ResolvedConfig};
 * {@link io.vista.train.config.RunConfig#from} reads that into typed, validated records. The
 * bundled configs are the top-level {@code config/} folder, packaged at {@code /vista-config/}.
 */
package io.vista.train.config;
