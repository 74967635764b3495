package io.vista.train.config;

import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeVariant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed records' validation: every rule fails with the key and the value at fault. */
class RunConfigTest {

  private static RunConfig run(String... overrides) {
    return RunConfig.from(ConfigFiles.bundled().load("config", List.of(overrides)));
  }

  private static String error(String... overrides) {
    ConfigException e = assertThrows(ConfigException.class, () -> run(overrides));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void wandbIsRefusedWithWhereMetricsGo() {
    assertEquals("wandb.enabled=true: Weights & Biases is not available in vista-java; metrics go to TensorBoard event"
        + " files and metrics.csv in the run directory (logging.tensorboard, logging.csv)", error("wandb.enabled=true"));
  }

  @Test
  void saeRules() {
    assertEquals("module.variant='relu': must be one of vanilla, topk, batchtopk, jumprelu", error("module.variant=relu"));
    assertEquals("module.top_k=0: must be at least 1", error("module.top_k=0"));
    assertEquals("module.top_k=4097: exceeds hidden_size=4096", error("module.top_k=4097"));
    assertEquals("module.top_k=4097: exceeds hidden_size=4096", error("module.variant=topk", "module.top_k=4097"));
    assertEquals(4096, run("module.top_k=4096").sae().spec().topK());
    // top_k does not matter to vanilla and jumprelu
    assertEquals(0, run("module.variant=vanilla", "module.top_k=0").sae().spec().topK());
    assertEquals("module.l1_coeff=-0.0001: must be a finite number, 0 or more",
        error("module.l1_coeff=-1e-4"));
    assertEquals("module.l0_coeff=-1.0: must be a finite number, 0 or more", error("module.l0_coeff=-1"));
    assertEquals("module.aux_penalty=-0.5: must be a finite number, 0 or more", error("module.aux_penalty=-0.5"));
    assertEquals("model.hidden_size=0: must be at least 1", error("model.hidden_size=0"));
    assertEquals("model.input_size=-3: must be at least 1", error("model.input_size=-3"));
    assertEquals("module.learning_rate=0.0: must be a finite number greater than 0", error("module.learning_rate=0"));
    assertEquals("module.learning_rate=nan: must be a finite number greater than 0", error("module.learning_rate=nan"));
    assertEquals("module.n_batches_to_dead=0: must be at least 1", error("module.n_batches_to_dead=0"));
    assertEquals("module.bandwidth=0.0: must be a finite number greater than 0", error("module.bandwidth=0"));
    assertEquals("module.inference='exact': must be one of batch, threshold", error("module.inference=exact"));
    assertEquals("module.inference='threshold': needs variant batchtopk (running threshold) or jumprelu (learned"
        + " threshold); variant='topk'", error("module.variant=topk", "module.inference=threshold"));
    assertEquals("threshold", run("module.inference=threshold").sae().spec().inference());
    assertEquals("module.sparse_decoder='yes': must be one of auto, on, off", error("module.sparse_decoder=yes"));
    assertEquals("module.threshold_momentum=1.0: must be in [0, 1)", error("module.threshold_momentum=1"));
    assertEquals("module.top_k: expected an integer, got null", error("module.top_k=null"));
  }

  @Test
  void moduleMustAgreeWithModel() {
    assertEquals("module.input_size=512: differs from model.input_size=1024; set model.input_size instead"
        + " (module.input_size follows it)", error("module.input_size=512"));
    RunConfig r = run("model.input_size=512", "model.hidden_size=2048");
    assertEquals(512, r.sae().inputSize());
    assertEquals(2048, r.sae().spec().dSae());
    assertEquals(512, r.data().demo().inputSize());
    assertEquals("data.demo.input_size=100: differs from the module's input width 1024; the demo latents must fit the model",
        error("data.demo.input_size=100"));
  }

  @Test
  void probeRules() {
    assertEquals("module=probe needs labels but data.return_labels is null; use data=fairface_labels or"
        + " data.return_labels=[all]", error("module=probe", "model=linear_probe"));
    assertEquals(List.of("age", "race"),
        run("module=probe", "model=linear_probe", "data.return_labels=[age, race]").data().returnLabels());
    assertEquals("module.gender_classes=1: must be at least 2",
        error("module=probe", "model=linear_probe", "data=fairface_labels", "model.gender_classes=1"));
    // the SAE module with the probe model misses hidden_size, named with the group choice
    assertEquals("interpolation '${model.hidden_size}' at 'module.hidden_size': unknown key 'model.hidden_size'; valid keys"
        + " under 'model': input_size, age_classes, gender_classes, race_classes (model=linear_probe)",
        assertThrows(ConfigException.class,
            () -> ConfigFiles.bundled().load("config", List.of("model=linear_probe"))).getMessage());
  }

  @Test
  void dataRules() {
    assertEquals("data.batch_size=0: must be at least 1", error("data.batch_size=0"));
    assertEquals("data.num_workers=-1: must be at least 0", error("data.num_workers=-1"));
    assertEquals("data.shuffle_buffer_chunks=0: must be at least 1", error("data.shuffle_buffer_chunks=0"));
    assertEquals("data.hdf5_path='  ': is empty; use null for the demo dataset", error("data.hdf5_path='  '"));
    assertEquals("data.return_labels=[all, age]: 'all' must be the only entry", error("data.return_labels=[all, age]"));
    assertEquals("data.return_labels=[1]: entries must be label names, found int 1", error("data.return_labels=[1]"));
    assertEquals("data.demo.train_samples=0: must be at least 1", error("data.demo.train_samples=0"));
    RunConfig withFile = run("data.hdf5_path=/data/ff.h5", "~data.demo");
    assertEquals("/data/ff.h5", withFile.data().hdf5Path());
    assertFalse(withFile.data().usesDemo());
    assertNull(withFile.data().demo());
    assertEquals("data.hdf5_path=null asks for the demo dataset, but the config has no data.demo section", error("~data.demo"));
    assertEquals("unknown key 'data.batchsize'; valid keys under 'data': hdf5_path, feature_key, return_labels, batch_size,"
        + " num_workers, shuffle_buffer_chunks, prefetch_batches, demo", error("+data.batchsize=3"));
    assertEquals("unknown key 'data'; valid keys at the top level: model, module, project_root, data_root, output_root,"
        + " seed, deterministic, wandb, trainer, logging, hydra", error("~data"));
  }

  @Test
  void trainerRules() {
    assertEquals("trainer.devices=2: multi-device training is not supported yet; use trainer.devices=1",
        error("trainer.devices=2"));
    assertEquals("trainer.strategy='ddp': multi-device training is not supported yet; use trainer.strategy=auto",
        error("trainer.strategy=ddp"));
    assertEquals("trainer.strategy='fsdp': multi-device training is not supported yet; use trainer.strategy=auto",
        error("trainer.strategy=fsdp"));
    assertEquals("trainer.strategy='dp': must be one of auto, single_device", error("trainer.strategy=dp"));
    assertEquals("trainer.precision='16': must be one of 32, 32-true, 16-mixed, bf16-mixed", error("trainer.precision=16"));
    assertEquals("32", run("trainer.precision=32").trainer().precision());
    assertFalse(run("trainer.precision=32-true").trainer().mixedPrecision());
    assertTrue(run().trainer().mixedPrecision());
    assertEquals("trainer.accelerator='tpu': must be one of auto, cpu, gpu", error("trainer.accelerator=tpu"));
    assertEquals("trainer.max_epochs=0: must be at least 1", error("trainer.max_epochs=0"));
    assertEquals("trainer.threads.intra_op=-1: must be at least 0", error("trainer.threads.intra_op=-1"));
    assertEquals("trainer.lr_decay='step': must be one of none, linear, cosine", error("trainer.lr_decay=step"));
    assertEquals("trainer.lr_min_ratio=1.5: must be in [0, 1]", error("trainer.lr_min_ratio=1.5"));
    TrainerConfig t = run("trainer.lr_warmup_steps=100", "trainer.lr_decay=cosine", "trainer.lr_min_ratio=0.1",
        "trainer.threads.intra_op=2", "trainer.resume=true").trainer();
    assertEquals(100, t.lrWarmupSteps());
    assertEquals("cosine", t.lrDecay());
    assertEquals(0.1, t.lrMinRatio());
    assertEquals(2, t.intraOpThreads());
    assertTrue(t.resume());
  }

  @Test
  void runDirAndSeed() {
    RunConfig r = run("hydra.run.dir=/tmp/myrun", "seed=7");
    assertEquals(Path.of("/tmp/myrun"), r.runDir());
    assertEquals(7L, r.seed());
    assertEquals(7L, r.data().demo().seed());
    assertTrue(r.data().demo().path().endsWith("_s7.h5"));
  }

  @Test
  void recordsValidateWhenBuiltDirectly() {
    assertThrows(ConfigException.class, () -> new ModelConfig(0, 4));
    assertThrows(ConfigException.class, () -> new ProbeModuleConfig(8, 9, 2, 7, -1));
    assertEquals("trainer.precision='64': must be one of 32, 32-true, 16-mixed, bf16-mixed", assertThrows(ConfigException.class,
        () -> new TrainerConfig(1, "auto", "64", 1, 1, 1, "auto", false, 0, 0, 0, "none", 0)).getMessage());
  }

  @Test
  void pythonStyleConfigDirectoryWorks(@TempDir Path dir) {
    // A config folder shaped like the Python's (no keys added by vista-java, _target_ keys present):
    // the typed records fill in the defaults of the Python code.
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - model: sparse_autoencoder\n  - data: fairface_no_labels\n  - module: sae\n  - _self_\n"
            + "seed: 42\ndeterministic: false\nwandb:\n  project: idarve\n  entity: null\n  enabled: false\n"
            + "trainer:\n  max_epochs: 50\n  accelerator: auto\n  precision: 16-mixed\n  check_val_every_n_epoch: 1\n"
            + "  log_every_n_steps: 10\n",
        "model/sparse_autoencoder.yaml", "input_size: 1024\nhidden_size: 4096\n",
        "module/sae.yaml", "_target_: src.modules.sae.SAEModule\nvariant: batchtopk\ninput_size: ${model.input_size}\n"
            + "hidden_size: ${model.hidden_size}\nlearning_rate: 1e-4\ntop_k: 64\ntop_k_aux: 512\naux_penalty: 0.03125\n"
            + "n_batches_to_dead: 5\n",
        "data/fairface_no_labels.yaml", "_target_: src.data.FairFaceDataModule\nhdf5_path: /data/ff.h5\nreturn_labels: null\n"
            + "batch_size: 128\nnum_workers: 4\n");
    RunConfig r = RunConfig.from(ConfigFiles.loader(dir).load("config", List.of()));
    assertEquals(new SaeModuleConfig(SaeSpec.defaults(SaeVariant.BATCHTOPK, 1024, 4096)), r.sae());
    assertEquals("/data/ff.h5", r.data().hdf5Path());
    assertEquals(new TrainerConfig(50, "auto", "16-mixed", 1, 10, 1, "auto", false, 0, 0, 0, "none", 0.0), r.trainer());
    assertEquals(LoggingConfig.DEFAULT, r.logging());
    assertEquals(Path.of("outputs/2024-03-05/07-08-09"), r.runDir());
  }
}
