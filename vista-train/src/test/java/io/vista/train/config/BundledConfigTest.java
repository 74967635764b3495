package io.vista.train.config;

import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeVariant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled {@code config/} tree: its defaults are the Python VISTA's (config/config.yaml,
 * module/*.yaml, model/*.yaml, src/data.py, src/models/sparse_autoencoder.py), written out here
 * by hand from those files.
 */
class BundledConfigTest {

  @Test
  void defaultCompositionHasThePythonValues() {
    ResolvedConfig c = ConfigFiles.bundled().load("config", List.of());

    assertEquals(Map.of("model", "sparse_autoencoder", "data", "fairface_no_labels", "module", "sae"),
        c.get("hydra.runtime.choices"));
    assertEquals("config", c.get("hydra.job.config_name"));
    // config.yaml
    assertEquals(42, c.get("seed"));
    assertEquals(false, c.get("deterministic"));
    assertEquals("idarve", c.get("wandb.project"));
    assertNull(c.get("wandb.entity"));
    assertEquals(false, c.get("wandb.enabled"));
    assertEquals(50, c.get("trainer.max_epochs"));
    assertEquals("auto", c.get("trainer.accelerator"));
    assertEquals("16-mixed", c.get("trainer.precision"));
    assertEquals(1, c.get("trainer.check_val_every_n_epoch"));
    assertEquals(10, c.get("trainer.log_every_n_steps"));
    assertEquals(1, c.get("trainer.devices"));
    assertEquals("auto", c.get("trainer.strategy"));
    assertEquals(false, c.get("trainer.resume"));
    assertEquals(0, c.get("trainer.threads.intra_op"));
    assertEquals(0, c.get("trainer.threads.inter_op"));
    assertEquals(0, c.get("trainer.lr_warmup_steps"));
    assertEquals("none", c.get("trainer.lr_decay"));
    assertEquals(Map.of("tensorboard", true, "csv", true, "quiet", false, "progress", true), c.get("logging"));
    // env defaults (no variables set) and the run dir from the fixed clock
    assertEquals(".", c.get("project_root"));
    assertEquals("data", c.get("data_root"));
    assertEquals("outputs", c.get("output_root"));
    assertEquals("outputs/2024-03-05/07-08-09", c.get("hydra.run.dir"));
    // model/sparse_autoencoder.yaml
    assertEquals(Map.of("input_size", 1024, "hidden_size", 4096), c.get("model"));
    // module/sae.yaml, plus the Python model defaults for the other variants
    assertEquals("batchtopk", c.get("module.variant"));
    assertEquals(1024, c.get("module.input_size"));
    assertEquals(4096, c.get("module.hidden_size"));
    assertEquals(1e-4, c.get("module.learning_rate"));
    assertEquals(64, c.get("module.top_k"));
    assertEquals(512, c.get("module.top_k_aux"));
    assertEquals(1.0 / 32, c.get("module.aux_penalty"));
    assertEquals(5, c.get("module.n_batches_to_dead"));
    assertEquals(1e-4, c.get("module.l1_coeff"));
    assertEquals(1e-4, c.get("module.l0_coeff"));
    assertEquals(0.001, c.get("module.bandwidth"));
    assertEquals("batch", c.get("module.inference"));
    assertEquals("auto", c.get("module.sparse_decoder"));
    // data/fairface_no_labels.yaml (FairFaceDataModule defaults)
    assertNull(c.get("data.hdf5_path"));
    assertEquals("encoded", c.get("data.feature_key"));
    assertNull(c.get("data.return_labels"));
    assertEquals(128, c.get("data.batch_size"));
    assertEquals(4, c.get("data.num_workers"));
    assertEquals(1024, c.get("data.demo.input_size"));
    assertEquals(42, c.get("data.demo.seed"));
    assertEquals("data/demo/fairface_demo_d1024_t8_n4096-1024_a2048k24_z0.01_iFalse_x1.0_s42.h5", c.get("data.demo.path"));
  }

  @Test
  void topLevelKeyOrderIsHydras() {
    ResolvedConfig c = ConfigFiles.bundled().load("config", List.of());
    // groups in defaults-list order, then config.yaml's own keys (_self_ last)
    assertEquals(List.of("model", "data", "module", "project_root", "data_root", "output_root", "seed",
        "deterministic", "wandb", "trainer", "logging", "hydra"), List.copyOf(c.asMap().keySet()));
  }

  @Test
  void probeRunAsTheReadmeWritesIt() {
    ResolvedConfig c = ConfigFiles.bundled().load("config", List.of("module=probe", "model=linear_probe", "data=fairface_labels"));
    assertEquals(Map.of("input_dim", 1024, "age_classes", 9, "gender_classes", 2, "race_classes", 7, "learning_rate", 1e-3),
        c.get("module"));
    assertEquals(List.of("all"), c.get("data.return_labels"));
    assertEquals("probe", c.get("hydra.runtime.choices.module"));
    RunConfig run = RunConfig.from(c);
    assertEquals("probe", run.moduleName());
    assertEquals(new ProbeModuleConfig(1024, 9, 2, 7, 1e-3), run.probe());
    assertNull(run.model());
    assertTrue(run.data().hasLabels());
  }

  @Test
  void experimentFileSwitchesAllThreeGroups() {
    ResolvedConfig viaExperiment = ConfigFiles.bundled().load("config", List.of("+experiment=linear_probe"));
    ResolvedConfig viaGroups =
        ConfigFiles.bundled().load("config", List.of("module=probe", "model=linear_probe", "data=fairface_labels"));
    Map<String, Object> a = viaExperiment.asMap();
    Map<String, Object> b = viaGroups.asMap();
    assertEquals("linear_probe", viaExperiment.get("hydra.runtime.choices.experiment"));
    a.remove("hydra");
    b.remove("hydra");
    assertEquals(b, a);
  }

  @Test
  void defaultRunConfig() {
    RunConfig run = RunConfig.from(ConfigFiles.bundled().load("config", List.of()));
    assertEquals("sae", run.moduleName());
    assertEquals(42L, run.seed());
    assertFalse(run.deterministic());
    assertEquals(Path.of("outputs/2024-03-05/07-08-09"), run.runDir());
    assertEquals(new ModelConfig(1024, 4096), run.model());
    assertEquals(new SaeModuleConfig(SaeSpec.defaults(SaeVariant.BATCHTOPK, 1024, 4096)), run.sae());
    assertEquals(new TrainerConfig(50, "auto", "16-mixed", 1, 10, 1, "auto", false, 0, 0, 0, "none", 0.0), run.trainer());
    assertEquals(LoggingConfig.DEFAULT, run.logging());
    assertTrue(run.data().usesDemo());
    assertEquals(List.of(), run.data().returnLabels());
    assertEquals(new DemoConfig("data/demo/fairface_demo_d1024_t8_n4096-1024_a2048k24_z0.01_iFalse_x1.0_s42.h5", 1024, 8, 4096,
        1024, 2048, 24, 0.01, 42, false, 1.0),
        run.data().demo());
    assertThrows(ConfigException.class, run::probe);
  }

  @Test
  void readmeOverridesWork() {
    ConfigLoader loader = ConfigFiles.bundled();
    assertEquals(32, RunConfig.from(loader.load("config", List.of("module.variant=topk", "module.top_k=32"))).sae().spec().topK());
    SaeModuleConfig jump = RunConfig.from(loader.load("config", List.of("module.variant=jumprelu", "module.l0_coeff=5e-5"))).sae();
    assertEquals(SaeVariant.JUMPRELU, jump.spec().variant());
    assertEquals(5e-5, jump.spec().l0Coeff());
    assertEquals(3e-4, RunConfig.from(loader.load("config", List.of("module.variant=vanilla", "module.l1_coeff=3e-4"))).sae().spec().l1Coeff());
    RunConfig common = RunConfig.from(loader.load("config",
        List.of("trainer.max_epochs=100", "data.batch_size=256", "trainer.precision=bf16-mixed", "wandb.enabled=false")));
    assertEquals(100, common.trainer().maxEpochs());
    assertEquals(256, common.data().batchSize());
    assertEquals("bf16-mixed", common.trainer().precision());
  }

  @Test
  void environmentVariablesFeedTheRoots() {
    ResolvedConfig c = ConfigLoader.bundled().withClock(ConfigFiles.CLOCK)
        .withEnvironment(Map.of("DATA_ROOT", "/data/ff", "SCRATCH", "/scratch/me"))
        .load("config", List.of());
    assertEquals("/data/ff", c.get("data_root"));
    assertEquals("/scratch/me/2024-03-05/07-08-09", c.get("hydra.run.dir"));
    assertTrue(c.string("data.demo.path").startsWith("/data/ff/demo/"));
  }

  @Test
  void groupOptionsAreListed() {
    assertEquals(List.of("probe", "sae"), ConfigLoader.bundled().options("module"));
    assertEquals(List.of("fairface_labels", "fairface_no_labels"), ConfigLoader.bundled().options("data"));
  }

  @Test
  void bundledConfigsLoadFromAJar(@TempDir Path tmp) throws IOException, URISyntaxException {
    URL marker = ConfigLoader.class.getResource("/vista-config/config.yaml");
    Path configDir = Path.of(marker.toURI()).getParent();
    Path jar = tmp.resolve("configs.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(configDir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry("vista-config/" + configDir.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    ResolvedConfig fromFolder = ConfigFiles.bundled().load("config", List.of("+experiment=linear_probe"));
    try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ConfigLoader fromJar = ConfigLoader.fromClassLoader(cl).withEnvironment(Map.of()).withClock(ConfigFiles.CLOCK);
      assertTrue(fromJar.location().contains("configs.jar"), fromJar.location());
      assertEquals(List.of("probe", "sae"), fromJar.options("module"));
      assertEquals(fromFolder.asMap(), fromJar.load("config", List.of("+experiment=linear_probe")).asMap());
      ConfigException e = assertThrows(ConfigException.class, () -> fromJar.load("config", List.of("data=nope")));
      assertEquals("override 'data=nope': unknown option 'nope' for group 'data'; valid options: fairface_labels, fairface_no_labels",
          e.getMessage());
    }
  }

  @Test
  void bundledYamlFilesCommentEveryKey() throws IOException, URISyntaxException {
    // Habit of this project: one comment line above every key of the shipped configs.
    Path configDir = Path.of(ConfigLoader.class.getResource("/vista-config/config.yaml").toURI()).getParent();
    try (Stream<Path> files = Files.walk(configDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String t = lines.get(i).strip();
          if (t.matches("[A-Za-z_]\\w*:.*")) {
            String prev = i > 0 ? lines.get(i - 1).strip() : "";
            assertTrue(prev.startsWith("#"), f.getFileName() + ":" + (i + 1) + " has no comment above '" + t + "'");
          }
        }
      }
    }
  }
}
